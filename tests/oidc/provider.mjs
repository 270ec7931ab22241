// A real OAuth 2.0 / OpenID Connect authorization server for KrJwt's remote key source tests:
// panva's oidc-provider on 127.0.0.1 (free port), client_credentials + resource indicators, RFC 9068 JWT
// access tokens (typ at+jwt) signed RS256 or ES256 depending on the resource. A control API under
// /control/ rotates keys, takes the server down and up, and reads per-path request counters.
//
// Usage: node provider.mjs [--ignore-stdin]
// Prints one JSON line on stdout when ready; exits on SIGTERM, SIGINT or when stdin closes (unless
// --ignore-stdin, for running it in the background of a shell whose stdin is /dev/null).

import * as crypto from 'node:crypto';
import * as http from 'node:http';

import Provider, { errors } from 'oidc-provider';
import { stopWith } from './lifecycle.mjs';

const CLIENT_ID = 'krjwt-test';
const CLIENT_SECRET = 'krjwt-test-secret-0123456789abcdef';
const RESOURCES = { RS256: 'urn:krjwt:api:rs256', ES256: 'urn:krjwt:api:es256' };
const SCOPE = 'api:read';
const MAX_CONTROL_BODY = 64 * 1024;

const PATHS = {
  discovery: '/.well-known/openid-configuration',
  jwks: '/jwks',
  token: '/token',
};

// --- keys -----------------------------------------------------------------------------------------

let keySerial = 0;

function generateKey(alg) {
  keySerial += 1;
  const kid = `${alg.toLowerCase()}-${keySerial}`;
  const pair = alg === 'RS256'
    ? crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
    : crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = pair.privateKey.export({ format: 'jwk' });
  return { ...jwk, kid, alg, use: 'sig' };
}

const state = {
  keys: [generateKey('RS256'), generateKey('ES256')],
  signing: {}, // alg -> kid
  mode: 'up', // 'up' | '503' | 'drop'
  counters: new Map(),
  handler: null,
  issuer: null,
};
state.signing.RS256 = state.keys[0].kid;
state.signing.ES256 = state.keys[1].kid;

function publicView(key) {
  return { kid: key.kid, alg: key.alg, kty: key.kty, signing: state.signing[key.alg] === key.kid };
}

// --- the provider (rebuilt whenever the key set changes: its keystore is fixed per instance) -------

function buildProvider() {
  const provider = new Provider(state.issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      scope: SCOPE,
    }],
    jwks: { keys: state.keys },
    scopes: [SCOPE],
    cookies: { keys: ['krjwt-test-cookie-key-not-secret'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf,
        useGrantedResource: async () => false,
        getResourceServerInfo: async (_ctx, resourceIndicator) => {
          const alg = Object.keys(RESOURCES).find((a) => RESOURCES[a] === resourceIndicator);
          if (!alg) throw new errors.InvalidTarget('unknown resource');
          return {
            scope: SCOPE,
            audience: resourceIndicator,
            accessTokenTTL: 3600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg, kid: state.signing[alg] } },
          };
        },
      },
    },
  });
  provider.on('server_error', (_ctx, err) => process.stderr.write(`provider server_error: ${err.stack}\n`));
  state.handler = provider.callback();
}

// --- control API ----------------------------------------------------------------------------------

function countersView() {
  const paths = Object.fromEntries(state.counters);
  return {
    discovery: state.counters.get(PATHS.discovery) ?? 0,
    jwks: state.counters.get(PATHS.jwks) ?? 0,
    token: state.counters.get(PATHS.token) ?? 0,
    paths,
  };
}

function stateView() {
  return {
    issuer: state.issuer,
    mode: state.mode,
    keys: state.keys.map(publicView),
    signing: { ...state.signing },
    counters: countersView(),
  };
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_CONTROL_BODY) {
        reject(new Error('control body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try { resolve(JSON.parse(text)); } catch (e) { reject(e); }
    });
    req.on('error', reject);
  });
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function findKey(kid) {
  return state.keys.find((k) => k.kid === kid);
}

async function control(req, res, path) {
  const body = req.method === 'POST' ? await readJson(req) : {};
  const route = `${req.method} ${path}`;
  switch (route) {
    case 'GET /control/state':
      return send(res, 200, stateView());
    case 'GET /control/counters':
      return send(res, 200, countersView());
    case 'POST /control/counters/reset':
      state.counters.clear();
      return send(res, 200, countersView());
    case 'POST /control/down': {
      const mode = body.mode ?? '503';
      if (mode !== '503' && mode !== 'drop') return send(res, 400, { error: 'mode must be "503" or "drop"' });
      state.mode = mode;
      return send(res, 200, stateView());
    }
    case 'POST /control/up':
      state.mode = 'up';
      return send(res, 200, stateView());
    case 'POST /control/keys/add': {
      // Published in the JWKS, not used for signing until promoted.
      const alg = body.alg ?? 'RS256';
      if (!(alg in RESOURCES)) return send(res, 400, { error: 'alg must be RS256 or ES256' });
      const key = generateKey(alg);
      state.keys.push(key);
      buildProvider();
      return send(res, 200, { kid: key.kid, ...stateView() });
    }
    case 'POST /control/keys/promote': {
      const key = findKey(body.kid);
      if (!key) return send(res, 404, { error: 'unknown kid' });
      state.signing[key.alg] = key.kid;
      buildProvider();
      return send(res, 200, stateView());
    }
    case 'POST /control/keys/retire': {
      const key = findKey(body.kid);
      if (!key) return send(res, 404, { error: 'unknown kid' });
      if (state.signing[key.alg] === key.kid) return send(res, 409, { error: 'promote another key first' });
      state.keys = state.keys.filter((k) => k !== key);
      buildProvider();
      return send(res, 200, stateView());
    }
    default:
      return send(res, 404, { error: `no control route ${route}` });
  }
}

// --- the server -----------------------------------------------------------------------------------

function isLoopback(address) {
  return address === '127.0.0.1' || address === '::ffff:127.0.0.1' || address === '::1';
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://127.0.0.1').pathname;
  if (path.startsWith('/control/')) {
    if (!isLoopback(req.socket.remoteAddress)) return send(res, 403, { error: 'loopback only' });
    control(req, res, path).catch((e) => send(res, 400, { error: String(e.message ?? e) }));
    return undefined;
  }
  state.counters.set(path, (state.counters.get(path) ?? 0) + 1);
  if (state.mode === 'drop') {
    req.socket.destroy();
    return undefined;
  }
  if (state.mode === '503') {
    res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' });
    res.end('service unavailable (test provider is down)\n');
    return undefined;
  }
  return state.handler(req, res);
});
server.requestTimeout = 30_000;
server.headersTimeout = 10_000;

stopWith(server);

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  state.issuer = `http://127.0.0.1:${port}`;
  buildProvider();
  process.stdout.write(`${JSON.stringify({
    issuer: state.issuer,
    port,
    control: `${state.issuer}/control`,
    discovery: `${state.issuer}${PATHS.discovery}`,
    jwks_uri: `${state.issuer}${PATHS.jwks}`,
    token_endpoint: `${state.issuer}${PATHS.token}`,
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    resources: RESOURCES,
    signing: state.signing,
  })}\n`);
});
