// A small fault server for KrJwt's remote key source tests: serves a JWK Set that a test sets, and the
// ways a JWKS endpoint goes wrong (hang, huge body, redirect, HTML, 503, odd or private keys, empty set,
// a discovery document with the wrong issuer, Cache-Control: max-age). 127.0.0.1 only, free port.
//
// Usage: node faults.mjs [--ignore-stdin]
// Prints one JSON line on stdout when ready; exits on SIGTERM, SIGINT or when stdin closes (unless
// --ignore-stdin). See README.md for the routes.

import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { stopWith } from './lifecycle.mjs';

const BIG_BODY_BYTES = 8 * 1024 * 1024;
const MAX_SET_BODY = 1024 * 1024;
const MAX_SLOW_MS = 30_000;

function publicJwk(type, options, kid, alg) {
  const { publicKey } = crypto.generateKeyPairSync(type, options);
  return { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
}

// Until a test POSTs its own set, serve two freshly generated public keys.
let goodSet = {
  keys: [
    publicJwk('rsa', { modulusLength: 2048 }, 'fault-rs256', 'RS256'),
    publicJwk('ec', { namedCurve: 'P-256' }, 'fault-es256', 'ES256'),
  ],
};

// A private EC key, leaked into a set by /private.
const leakedPrivate = {
  ...crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
  kid: 'leaked-private',
  alg: 'ES256',
};

const counters = new Map();
const heldSockets = new Set();
let base = null;

function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function sendText(res, status, type, text) {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function bigBody() {
  // Valid JSON (the good set padded with whitespace), so only a size cap refuses it.
  const head = JSON.stringify(goodSet);
  return head + ' '.repeat(Math.max(0, BIG_BODY_BYTES - head.length));
}

function discovery(issuer) {
  return {
    issuer,
    jwks_uri: `${base}/jwks`,
    token_endpoint: `${base}/token-not-served`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256', 'ES256'],
  };
}

async function route(req, res, url) {
  const path = url.pathname;
  switch (`${req.method} ${path}`) {
    case 'POST /set': {
      let set;
      try {
        set = JSON.parse(await readBody(req, MAX_SET_BODY));
      } catch (e) {
        return sendJson(res, 400, { error: `not JSON: ${e.message}` });
      }
      if (!set || !Array.isArray(set.keys)) return sendJson(res, 400, { error: 'expected {"keys":[...]}' });
      goodSet = set;
      return sendJson(res, 200, { keys: goodSet.keys.length });
    }
    case 'GET /counters':
      return sendJson(res, 200, Object.fromEntries(counters));
    case 'POST /counters/reset':
      counters.clear();
      return sendJson(res, 200, {});
    case 'GET /jwks':
      return sendJson(res, 200, goodSet);
    case 'GET /hang':
      // Never answer; the connection stays open until the client gives up or we shut down.
      heldSockets.add(req.socket);
      req.socket.on('close', () => heldSockets.delete(req.socket));
      return undefined;
    case 'GET /slow': {
      const ms = Math.min(Number(url.searchParams.get('ms') ?? 1000) || 0, MAX_SLOW_MS);
      setTimeout(() => sendJson(res, 200, goodSet), ms).unref();
      return undefined;
    }
    case 'GET /big': {
      const body = bigBody();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return undefined;
    }
    case 'GET /redirect':
      res.writeHead(302, { location: `${base}/jwks`, 'content-length': 0 });
      res.end();
      return undefined;
    case 'GET /html':
      return sendText(res, 200, 'text/html; charset=utf-8',
        '<!doctype html><html><head><title>Sign in</title></head><body>Please sign in</body></html>\n');
    case 'GET /503':
      return sendText(res, 503, 'text/plain', 'service unavailable\n');
    case 'GET /unknown-kty':
      return sendJson(res, 200, { keys: [{ kty: 'XYZ', kid: 'unknown-kty', use: 'sig', x: 'AAAA' }, ...goodSet.keys] });
    case 'GET /private':
      return sendJson(res, 200, { keys: [...goodSet.keys, leakedPrivate] });
    case 'GET /empty':
      return sendJson(res, 200, { keys: [] });
    case 'GET /max-age': {
      const seconds = Math.max(0, Math.floor(Number(url.searchParams.get('s') ?? 120) || 0));
      return sendJson(res, 200, goodSet, { 'cache-control': `public, max-age=${seconds}` });
    }
    case 'GET /good/.well-known/openid-configuration':
      return sendJson(res, 200, discovery(`${base}/good`));
    case 'GET /bad-issuer/.well-known/openid-configuration':
      return sendJson(res, 200, discovery(`${base}/someone-else`));
    default:
      return sendJson(res, 404, { error: `no route ${req.method} ${path}` });
  }
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  counters.set(url.pathname, (counters.get(url.pathname) ?? 0) + 1);
  route(req, res, url).catch((e) => {
    if (!res.headersSent) sendJson(res, 500, { error: String(e.message ?? e) });
  });
});
// /hang must be able to outlive any client timeout under test; node's default request timeout would
// answer 408 after 300 s, which is fine, but do not let headers time out first.
server.headersTimeout = 10_000;

stopWith(server, () => { for (const socket of heldSockets) socket.destroy(); });

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  base = `http://127.0.0.1:${port}`;
  process.stdout.write(`${JSON.stringify({
    base,
    port,
    routes: {
      set: `${base}/set`,
      jwks: `${base}/jwks`,
      hang: `${base}/hang`,
      slow: `${base}/slow?ms=1000`,
      big: `${base}/big`,
      redirect: `${base}/redirect`,
      html: `${base}/html`,
      unavailable: `${base}/503`,
      unknownKty: `${base}/unknown-kty`,
      private: `${base}/private`,
      empty: `${base}/empty`,
      maxAge: `${base}/max-age?s=120`,
      goodAuthority: `${base}/good`,
      badIssuerAuthority: `${base}/bad-issuer`,
      counters: `${base}/counters`,
    },
  })}\n`);
});
