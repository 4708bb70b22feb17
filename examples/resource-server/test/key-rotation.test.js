import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import { calculateJwkThumbprint, decodeProtectedHeader, exportJWK } from 'jose';
import { errorOf, gql, register } from './support/graphql.js';
import { startNotesService } from './support/notes-service.js';
import { es256KeyPair, startTokengate } from './support/tokengate.js';

// tokengate's three-step rotation (README "Rotating asymmetric keys"), each step a restart of tokengate with
// new key variables, while one notes service keeps running: it must follow through its JWKS cache alone.

/** Short jose cache settings, so a kid it has not seen is fetched at once and a dropped key ages out fast. */
const JWKS_CACHE_MAX_AGE_MS = 1_000;
const NOTES_ENV = { JWKS_COOLDOWN_MS: '100', JWKS_CACHE_MAX_AGE_MS: String(JWKS_CACHE_MAX_AGE_MS) };

const oldKey = es256KeyPair();
const newKey = es256KeyPair();
const kidOf = async (/** @type {ReturnType<typeof es256KeyPair>} */ pair) => calculateJwkThumbprint(await exportJWK(pair.privateKey), 'sha256');

/** @type {{ stop: () => Promise<void> }[]} */
const running = [];
after(async () => {
  await Promise.all(running.map((process) => process.stop()));
});

const NOTES = '{ notes { text } }';
const publishedKids = async (/** @type {string} */ url) =>
  (await (await fetch(`${url}/.well-known/jwks.json`)).json()).keys.map((/** @type {{ kid: string }} */ jwk) => jwk.kid).sort();

test('after a three-step key rotation, old and new tokens verify with no restart of the notes service', async (t) => {
  const [oldKid, newKid] = await Promise.all([kidOf(oldKey), kidOf(newKey)]);
  let tokengate = await startTokengate({ env: { JWT_PRIVATE_KEY: oldKey.privatePem } });
  running.push(tokengate);
  const { port } = tokengate;
  /** Restarts tokengate on the same port (same URL, same issuer) with other key variables. */
  const restart = async (/** @type {Record<string, string>} */ env) => {
    await tokengate.stop();
    tokengate = await startTokengate({ port, env });
    running.push(tokengate);
  };
  const notes = await startNotesService({ tokengateUrl: tokengate.url, env: NOTES_ENV });
  running.push(notes);

  const oldToken = (await register(tokengate.graphqlUrl)).accessToken;
  assert.equal(decodeProtectedHeader(oldToken).kid, oldKid);
  assert.equal((await gql(notes.url, NOTES, { token: oldToken })).body.errors, undefined);

  await t.test('1. add the next key: published, signs nothing yet', async () => {
    await restart({ JWT_PRIVATE_KEY: oldKey.privatePem, JWT_NEXT_PRIVATE_KEY: newKey.privatePem });
    assert.deepEqual(await publishedKids(tokengate.url), [oldKid, newKid].sort());
    assert.equal(decodeProtectedHeader((await register(tokengate.graphqlUrl)).accessToken).kid, oldKid);
    assert.equal((await gql(notes.url, NOTES, { token: oldToken })).body.errors, undefined);
  });

  await t.test('2. promote: next → current, current → previous; both tokens verify', async () => {
    await restart({ JWT_PRIVATE_KEY: newKey.privatePem, JWT_PREVIOUS_PUBLIC_KEYS: oldKey.publicPem });
    assert.deepEqual(await publishedKids(tokengate.url), [oldKid, newKid].sort());
    const newToken = (await register(tokengate.graphqlUrl)).accessToken;
    assert.equal(decodeProtectedHeader(newToken).kid, newKid);
    for (const token of [oldToken, newToken]) {
      const { body } = await gql(notes.url, NOTES, { token });
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    }
  });

  await t.test('3. drop the previous key: once the cached JWKS ages out, old tokens are refused, new ones still verify', async () => {
    await restart({ JWT_PRIVATE_KEY: newKey.privatePem });
    assert.deepEqual(await publishedKids(tokengate.url), [newKid]);
    const newToken = (await register(tokengate.graphqlUrl)).accessToken;
    await sleep(JWKS_CACHE_MAX_AGE_MS + 200);
    const refused = await gql(notes.url, NOTES, { token: oldToken });
    assert.deepEqual(errorOf(refused.body), { code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    assert.equal((await gql(notes.url, NOTES, { token: newToken })).body.errors, undefined);
  });
});
