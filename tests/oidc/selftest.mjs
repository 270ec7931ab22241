// Proves the two test servers do what the remote key source tests rely on. Run: node --test selftest.mjs

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { createInterface } from 'node:readline';

const here = new URL('.', import.meta.url).pathname;

async function start(script) {
  const child = spawn(process.execPath, [script], { cwd: here, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const timer = setTimeout(() => child.kill('SIGTERM'), 15_000);
  const [line] = await once(lines, 'line');
  clearTimeout(timer);
  return { child, ready: JSON.parse(line) };
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code, signal] = await exited;
  assert.ok(code === 0 || signal === 'SIGTERM', `exit code ${code}, signal ${signal}`);
}

async function getJson(url, init) {
  const res = await fetch(url, init);
  assert.equal(res.status, 200, `${url}: status ${res.status}`);
  return res.json();
}

async function post(url, body) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
}

function b64urlJson(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

function verifyJws(token, jwks) {
  const [h, p, s] = token.split('.');
  const header = b64urlJson(h);
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) return { ok: false, header, reason: 'kid not in JWKS' };
  const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
  const options = header.alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : { key };
  const ok = crypto.verify('sha256', Buffer.from(`${h}.${p}`), options, Buffer.from(s, 'base64url'));
  return { ok, header, payload: b64urlJson(p) };
}

describe('provider.mjs (oidc-provider 9.13.3)', () => {
  let child;
  let ready;

  before(async () => { ({ child, ready } = await start('provider.mjs')); });
  after(async () => { await stop(child); });

  async function grant(resource) {
    const res = await fetch(ready.token_endpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${ready.client_id}:${ready.client_secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: 'api:read' }),
    });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.token_type, 'Bearer');
    return body.access_token;
  }

  test('ready line and discovery document', async () => {
    assert.equal(ready.issuer, `http://127.0.0.1:${ready.port}`);
    assert.equal(ready.control, `${ready.issuer}/control`);
    const doc = await getJson(ready.discovery);
    assert.equal(doc.issuer, ready.issuer);
    assert.equal(doc.jwks_uri, ready.jwks_uri);
    assert.equal(doc.token_endpoint, ready.token_endpoint);
    assert.ok(doc.grant_types_supported.includes('client_credentials'));
  });

  for (const alg of ['RS256', 'ES256']) {
    test(`client_credentials grant: ${alg} at+jwt verifies against the published JWKS`, async () => {
      const token = await grant(ready.resources[alg]);
      const jwks = await getJson(ready.jwks_uri);
      for (const k of jwks.keys) assert.equal(k.d, undefined, 'JWKS must not publish private members');
      const { ok, header, payload } = verifyJws(token, jwks);
      assert.ok(ok, 'signature verifies');
      assert.equal(header.typ, 'at+jwt');
      assert.equal(header.alg, alg);
      assert.equal(header.kid, ready.signing[alg]);
      assert.equal(payload.iss, ready.issuer);
      assert.equal(payload.aud, ready.resources[alg]);
      assert.equal(payload.client_id, ready.client_id);
      assert.ok(payload.exp > payload.iat);
      const tampered = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      assert.equal(verifyJws(tampered, jwks).ok, false, 'a tampered signature fails');
    });
  }

  test('unknown resource is refused', async () => {
    const res = await fetch(ready.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        resource: 'urn:krjwt:api:nope',
        client_id: ready.client_id,
        client_secret: ready.client_secret,
      }),
    });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error, 'invalid_target');
  });

  test('rotation: add (published, not signing) -> promote (signing) -> retire (gone)', async () => {
    const oldKid = ready.signing.RS256;
    const added = await (await post(`${ready.control}/keys/add`, { alg: 'RS256' })).json();
    const newKid = added.kid;
    assert.notEqual(newKid, oldKid);

    let jwks = await getJson(ready.jwks_uri);
    assert.deepEqual(jwks.keys.map((k) => k.kid).sort(), [oldKid, ready.signing.ES256, newKid].sort());
    let v = verifyJws(await grant(ready.resources.RS256), jwks);
    assert.ok(v.ok);
    assert.equal(v.header.kid, oldKid, 'an added key is not used for signing yet');

    assert.equal((await post(`${ready.control}/keys/promote`, { kid: newKid })).status, 200);
    v = verifyJws(await grant(ready.resources.RS256), await getJson(ready.jwks_uri));
    assert.ok(v.ok);
    assert.equal(v.header.kid, newKid, 'the promoted key signs');

    assert.equal((await post(`${ready.control}/keys/retire`, { kid: newKid })).status, 409, 'cannot retire the signing key');
    assert.equal((await post(`${ready.control}/keys/retire`, { kid: oldKid })).status, 200);
    jwks = await getJson(ready.jwks_uri);
    assert.ok(!jwks.keys.some((k) => k.kid === oldKid), 'the retired key is no longer published');
    assert.ok(jwks.keys.some((k) => k.kid === newKid));
    assert.ok(verifyJws(await grant(ready.resources.ES256), jwks).ok, 'ES256 unaffected');

    const st = await getJson(`${ready.control}/state`);
    assert.equal(st.signing.RS256, newKid);
    assert.equal(st.issuer, ready.issuer, 'same issuer and port after the provider was rebuilt');
  });

  test('down (503), down (drop), up', async () => {
    await post(`${ready.control}/down`, { mode: '503' });
    assert.equal((await fetch(ready.jwks_uri)).status, 503);
    assert.equal((await fetch(ready.discovery)).status, 503);
    await post(`${ready.control}/down`, { mode: 'drop' });
    await assert.rejects(fetch(ready.jwks_uri), 'a dropped connection fails the request');
    assert.equal((await getJson(`${ready.control}/state`)).mode, 'drop', 'the control API stays up');
    await post(`${ready.control}/up`);
    assert.equal((await fetch(ready.jwks_uri)).status, 200);
  });

  test('counters per path, resettable', async () => {
    await post(`${ready.control}/counters/reset`);
    await getJson(ready.jwks_uri);
    await getJson(ready.jwks_uri);
    await getJson(ready.discovery);
    await grant(ready.resources.ES256);
    await post(`${ready.control}/down`, { mode: '503' });
    await fetch(ready.jwks_uri);
    await post(`${ready.control}/up`);
    const c = await getJson(`${ready.control}/counters`);
    assert.equal(c.jwks, 3, 'requests answered 503 are counted too');
    assert.equal(c.discovery, 1);
    assert.equal(c.token, 1);
    assert.equal(Object.keys(c.paths).some((p) => p.startsWith('/control')), false, 'control calls are not counted');
    await post(`${ready.control}/counters/reset`);
    const zero = await getJson(`${ready.control}/counters`);
    assert.deepEqual([zero.jwks, zero.discovery, zero.token], [0, 0, 0]);
  });
});

describe('faults.mjs', () => {
  let child;
  let r;
  let base;
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
  const mySet = { keys: [{ ...rsa, kid: 'selftest-rs', alg: 'RS256', use: 'sig' }] };

  before(async () => {
    let ready;
    ({ child, ready } = await start('faults.mjs'));
    r = ready.routes;
    ({ base } = ready);
    assert.equal((await post(r.set, mySet)).status, 200);
  });
  after(async () => { await stop(child); });

  test('POST /set then GET /jwks serves that set; a bad set is refused', async () => {
    assert.deepEqual(await getJson(r.jwks), mySet);
    assert.equal((await post(r.set, { nokeys: true })).status, 400);
    assert.deepEqual(await getJson(r.jwks), mySet);
  });

  test('/hang never answers', async () => {
    const t0 = Date.now();
    await assert.rejects(fetch(r.hang, { signal: AbortSignal.timeout(400) }), /abort|timeout/i);
    assert.ok(Date.now() - t0 >= 350);
  });

  test('/big is 8 MiB of valid JSON', async () => {
    const res = await fetch(r.big);
    assert.equal(res.status, 200);
    assert.equal(Number(res.headers.get('content-length')), 8 * 1024 * 1024);
    const text = await res.text();
    assert.equal(text.length, 8 * 1024 * 1024);
    assert.deepEqual(JSON.parse(text), mySet);
  });

  test('/redirect is a 302 to the good set', async () => {
    const res = await fetch(r.redirect, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), r.jwks);
  });

  test('/html is an HTML page', async () => {
    const res = await fetch(r.html);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /text\/html/);
    const text = await res.text();
    assert.match(text, /<html>/);
    assert.throws(() => JSON.parse(text), SyntaxError);
  });

  test('/503 is unavailable', async () => {
    assert.equal((await fetch(r.unavailable)).status, 503);
  });

  test('/unknown-kty has an unknown key type plus the good key', async () => {
    const set = await getJson(r.unknownKty);
    assert.equal(set.keys[0].kty, 'XYZ');
    assert.deepEqual(set.keys.slice(1), mySet.keys);
  });

  test('/private has a key with a private member d', async () => {
    const set = await getJson(r.private);
    assert.ok(set.keys.some((k) => typeof k.d === 'string'));
    assert.ok(set.keys.some((k) => k.kid === 'selftest-rs'));
  });

  test('/empty is {"keys":[]}', async () => {
    assert.deepEqual(await getJson(r.empty), { keys: [] });
  });

  test('/max-age sends Cache-Control: max-age=N', async () => {
    const res = await fetch(`${base}/max-age?s=42`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('cache-control'), /\bmax-age=42\b/);
    assert.deepEqual(await res.json(), mySet);
  });

  test('/bad-issuer discovery names another issuer; /good names its authority', async () => {
    const bad = await getJson(`${r.badIssuerAuthority}/.well-known/openid-configuration`);
    assert.notEqual(bad.issuer, r.badIssuerAuthority);
    assert.equal(bad.jwks_uri, r.jwks);
    const good = await getJson(`${r.goodAuthority}/.well-known/openid-configuration`);
    assert.equal(good.issuer, r.goodAuthority);
  });

  test('/slow answers after the delay', async () => {
    const t0 = Date.now();
    assert.deepEqual(await getJson(`${base}/slow?ms=200`), mySet);
    assert.ok(Date.now() - t0 >= 180);
  });

  test('counters per path, resettable', async () => {
    await post(`${base}/counters/reset`);
    await fetch(r.jwks);
    await fetch(r.jwks);
    await fetch(r.unavailable);
    const c = await getJson(r.counters);
    assert.equal(c['/jwks'], 2);
    assert.equal(c['/503'], 1);
    await post(`${base}/counters/reset`);
    assert.equal((await getJson(r.counters))['/jwks'], undefined);
  });
});

describe('process lifecycle', () => {
  for (const script of ['provider.mjs', 'faults.mjs']) {
    test(`${script} exits 0 when its stdin closes`, async () => {
      const { child } = await start(script);
      const exited = once(child, 'exit');
      child.stdin.end();
      const [code] = await exited;
      assert.equal(code, 0);
    });
  }
});
