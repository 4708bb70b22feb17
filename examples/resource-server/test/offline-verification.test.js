import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { decodeJwt } from 'jose';
import { forge } from './support/forge.js';
import { errorOf, gql, login, register } from './support/graphql.js';
import { startNotesService } from './support/notes-service.js';
import { es256KeyPair, INTROSPECTION_CLIENT, startTokengate } from './support/tokengate.js';

// The notes service verifies tokengate's access tokens offline: signature against the JWKS, issuer, audience,
// algorithm and typ pinned; scopes from the token.

const ADMIN = { email: 'admin@example.com', password: 'admin password 1' };
const key = es256KeyPair();
/** @type {Awaited<ReturnType<typeof startTokengate>>} */ let tokengate;
/** @type {Awaited<ReturnType<typeof startTokengate>>} */ let otherIssuer;
/** @type {Awaited<ReturnType<typeof startNotesService>>} */ let notes;
/** The same service with a JWKS copy that ages out fast: offline only as long as its copy is fresh. */
/** @type {Awaited<ReturnType<typeof startNotesService>>} */ let shortCacheNotes;
const SHORT_CACHE_MS = 300;
/** @type {Awaited<ReturnType<typeof register>>} */ let ada;

before(async () => {
  const keyEnv = { JWT_PRIVATE_KEY: key.privatePem };
  [tokengate, otherIssuer] = await Promise.all([
    startTokengate({ env: { ...keyEnv, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } }),
    // Another issuer (its own PUBLIC_URL) with the same signing key: only the issuer tells its tokens apart.
    startTokengate({ env: keyEnv }),
  ]);
  [notes, shortCacheNotes] = await Promise.all([
    startNotesService({ tokengateUrl: tokengate.url }),
    startNotesService({ tokengateUrl: tokengate.url, env: { JWKS_CACHE_MAX_AGE_MS: String(SHORT_CACHE_MS) } }),
  ]);
  ada = await register(tokengate.graphqlUrl);
});

after(async () => {
  await Promise.all([notes, shortCacheNotes, tokengate, otherIssuer].map((process) => process?.stop()));
});

const NOTES = '{ notes { text owner } }';
const ADD_NOTE = 'mutation($text: String!) { addNote(text: $text) { id owner text } }';

test('an access token from tokengate works here, checked offline', async () => {
  const added = await gql(notes.url, ADD_NOTE, { token: ada.accessToken, variables: { text: 'milk' } });
  assert.equal(added.body.data?.addNote.text, 'milk', JSON.stringify(added.body));
  assert.equal(added.body.data.addNote.owner, decodeJwt(ada.accessToken).sub);

  const listed = await gql(notes.url, NOTES, { token: ada.accessToken });
  assert.deepEqual(listed.body.data, { notes: [{ text: 'milk', owner: decodeJwt(ada.accessToken).sub }] });
});

test('the forged tokens below differ from a valid one only in what each case changes', async () => {
  const copy = await forge(ada.accessToken, key.privateKey);
  assert.deepEqual((await gql(notes.url, NOTES, { token: copy })).body.errors, undefined);
});

test('a token from another tokengate (another issuer, the same key) is refused', async () => {
  const stranger = await register(otherIssuer.graphqlUrl);
  assert.equal(decodeJwt(stranger.accessToken).iss, otherIssuer.url);
  const { status, body } = await gql(notes.url, NOTES, { token: stranger.accessToken });
  assert.equal(status, 401);
  assert.deepEqual(errorOf(body), { code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
});

test('HS256 tokens are refused: tokengate refresh tokens, and the public key used as an HMAC secret', async () => {
  assert.equal(JSON.parse(Buffer.from(ada.refreshToken.split('.')[0], 'base64url').toString()).alg, 'HS256');
  // Key confusion: a verifier that let the token choose its algorithm would check this HMAC with the public key.
  const keyConfusion = await forge(ada.accessToken, new TextEncoder().encode(key.publicPem), { header: { alg: 'HS256' } });
  for (const token of [ada.refreshToken, keyConfusion]) {
    const { status, body } = await gql(notes.url, NOTES, { token });
    assert.equal(status, 401);
    assert.deepEqual(errorOf(body), { code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
  }
});

test('signed with tokengate\'s own key but wrong in one claim or header: refused', async () => {
  const now = Math.floor(Date.now() / 1000);
  const cases = [
    { name: 'another issuer', changes: { claims: { iss: 'https://evil.example' } }, reason: 'TOKEN_INVALID' },
    { name: 'another audience', changes: { claims: { aud: 'billing-api' } }, reason: 'TOKEN_INVALID' },
    { name: 'typ JWT, not at+jwt (RFC 9068)', changes: { header: { typ: 'JWT' } }, reason: 'TOKEN_INVALID' },
    { name: 'no typ', changes: { header: { typ: undefined } }, reason: 'TOKEN_INVALID' },
    { name: 'expired', changes: { claims: { iat: now - 120, exp: now - 60 } }, reason: 'TOKEN_EXPIRED' },
    { name: 'an unknown kid', changes: { header: { kid: 'not-a-published-key' } }, reason: 'TOKEN_INVALID' },
  ];
  for (const { name, changes, reason } of cases) {
    const { status, body } = await gql(notes.url, NOTES, { token: await forge(ada.accessToken, key.privateKey, changes) });
    assert.equal(status, 401, name);
    assert.deepEqual(errorOf(body), { code: 'UNAUTHENTICATED', reason }, name);
  }
  // Another key altogether, with the kid of ours: the signature fails.
  const stranger = es256KeyPair();
  const { body } = await gql(notes.url, NOTES, { token: await forge(ada.accessToken, stranger.privateKey) });
  assert.deepEqual(errorOf(body), { code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
});

test('no token: fields that need one refuse with AUTHENTICATION_REQUIRED; a malformed header refuses the request', async () => {
  const anonymous = await gql(notes.url, NOTES);
  assert.deepEqual(errorOf(anonymous.body), { code: 'UNAUTHENTICATED', reason: 'AUTHENTICATION_REQUIRED' });
  const garbage = await gql(notes.url, NOTES, { token: 'not-a-jwt' });
  assert.equal(garbage.status, 401);
  assert.deepEqual(errorOf(garbage.body), { code: 'UNAUTHENTICATED', reason: 'TOKEN_MALFORMED' });
});

test('scopes: every USER reads and writes their own notes; everybody\'s notes need users:read (ADMIN)', async () => {
  assert.equal(decodeJwt(ada.accessToken).scope, 'profile:read profile:write');
  const refused = await gql(notes.url, '{ allNotes { text } }', { token: ada.accessToken });
  assert.deepEqual(errorOf(refused.body), { code: 'FORBIDDEN', reason: undefined });
  assert.equal(refused.body.errors[0].extensions.scope, 'users:read');

  const admin = await login(tokengate.graphqlUrl, ADMIN.email, ADMIN.password);
  assert.match(decodeJwt(admin.accessToken).scope, /\busers:read\b/);
  const all = await gql(notes.url, '{ allNotes { text } }', { token: admin.accessToken });
  assert.deepEqual(all.body.data, { allNotes: [{ text: 'milk' }] });

  // A token whose scope lacks profile:write (signed with the real key) may read but not write.
  const readOnly = await forge(ada.accessToken, key.privateKey, { claims: { scope: 'profile:read' } });
  assert.equal((await gql(notes.url, NOTES, { token: readOnly })).body.errors, undefined);
  const write = await gql(notes.url, ADD_NOTE, { token: readOnly, variables: { text: 'eggs' } });
  assert.deepEqual(errorOf(write.body), { code: 'FORBIDDEN', reason: undefined });
});

test('the service refuses to start, with one line naming the problem, on bad variables or another issuer', () => {
  const start = (/** @type {Record<string, string>} */ env) =>
    spawnSync(process.execPath, ['src/main.js'], { cwd: new URL('..', import.meta.url), env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 30_000 });
  const badVariables = start({ TOKENGATE_URL: `${tokengate.url}/graphql`, TOKEN_ALGORITHM: 'HS256' });
  assert.equal(badVariables.status, 1);
  assert.deepEqual(badVariables.stderr.trim().split('\n'), [
    `TOKENGATE_URL must be an http(s) origin such as https://auth.example.com (no path), not "${tokengate.url}/graphql"`,
    'TOKEN_ALGORITHM must be one of ES256, RS256, PS256, not "HS256"',
    'INTROSPECTION_CLIENT_ID is required',
    'INTROSPECTION_CLIENT_SECRET is required',
  ]);
  // tokengate's issuer is its PUBLIC_URL (127.0.0.1 here): the same server under another name is refused.
  const client = { INTROSPECTION_CLIENT_ID: INTROSPECTION_CLIENT.id, INTROSPECTION_CLIENT_SECRET: INTROSPECTION_CLIENT.secret };
  const otherName = start({ TOKENGATE_URL: tokengate.url.replace('127.0.0.1', 'localhost'), PORT: '0', ...client });
  assert.equal(otherName.status, 1);
  assert.match(otherName.stderr, /names the issuer "http:\/\/127\.0\.0\.1:\d+", not "http:\/\/localhost:\d+"/);
});

// Last: it stops tokengate.
test('offline means offline: with tokengate stopped, tokens verify while the JWKS copy is fresh; introspection fails closed', async () => {
  // The short-cache service has fetched the keys once.
  assert.equal((await gql(shortCacheNotes.url, NOTES, { token: ada.accessToken })).body.errors, undefined);
  await tokengate.stop();
  const listed = await gql(notes.url, NOTES, { token: ada.accessToken });
  assert.equal(listed.body.data?.notes.length, 1, JSON.stringify(listed.body));
  const deletion = await gql(notes.url, 'mutation { deleteAllNotes }', { token: ada.accessToken });
  assert.deepEqual(errorOf(deletion.body), { code: 'SERVICE_UNAVAILABLE', reason: undefined });
  assert.equal((await gql(notes.url, NOTES, { token: ada.accessToken })).body.data.notes.length, 1);

  // Once its copy is older than JWKS_CACHE_MAX_AGE_MS and tokengate cannot be asked, the service refuses (503).
  await sleep(SHORT_CACHE_MS + 100);
  const stale = await gql(shortCacheNotes.url, NOTES, { token: ada.accessToken });
  assert.equal(stale.status, 503);
  assert.deepEqual(errorOf(stale.body), { code: 'SERVICE_UNAVAILABLE', reason: undefined });
});
