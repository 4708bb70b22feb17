import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { decodeJwt } from 'jose';
import { errorOf, gql, register } from './support/graphql.js';
import { startNotesService } from './support/notes-service.js';
import { startTokengate } from './support/tokengate.js';

// After logout, the offline path keeps accepting the access token until its exp (the documented trade-off),
// while deleteAllNotes, which introspects, refuses it at once.

/** Short access tokens, so the test can also see the offline path stop at expiry. */
const ACCESS_TOKEN_TTL_SECONDS = 8;

/** @type {Awaited<ReturnType<typeof startTokengate>>} */ let tokengate;
/** @type {Awaited<ReturnType<typeof startNotesService>>} */ let notes;

before(async () => {
  tokengate = await startTokengate({ env: { ACCESS_TOKEN_TTL: `${ACCESS_TOKEN_TTL_SECONDS}s` } });
  notes = await startNotesService({ tokengateUrl: tokengate.url });
});
after(async () => {
  await Promise.all([notes?.stop(), tokengate?.stop()]);
});

const NOTES = '{ notes { text } }';
const DELETE_ALL = 'mutation { deleteAllNotes }';
const addNote = (/** @type {string} */ token, /** @type {string} */ text) =>
  gql(notes.url, 'mutation($text: String!) { addNote(text: $text) { id } }', { token, variables: { text } });
const logout = (/** @type {{ accessToken: string, refreshToken: string }} */ pair) =>
  gql(tokengate.graphqlUrl, 'mutation($r: String) { logout(refreshToken: $r) }', { token: pair.accessToken, variables: { r: pair.refreshToken } });

test('deleteAllNotes works with a live token (introspection says active)', async () => {
  const bob = await register(tokengate.graphqlUrl);
  await addNote(bob.accessToken, 'one');
  await addNote(bob.accessToken, 'two');
  const { body } = await gql(notes.url, DELETE_ALL, { token: bob.accessToken });
  assert.deepEqual(body, { data: { deleteAllNotes: 2 } });
  assert.deepEqual((await gql(notes.url, NOTES, { token: bob.accessToken })).body.data, { notes: [] });
});

test('after logout: offline reads still accepted until exp, the introspected mutation refused at once, then expiry', async () => {
  const ada = await register(tokengate.graphqlUrl);
  await addNote(ada.accessToken, 'keep me');
  assert.deepEqual((await logout(ada)).body, { data: { logout: true } });

  // tokengate itself refuses the token from now on…
  const me = await gql(tokengate.graphqlUrl, '{ me { id } }', { token: ada.accessToken });
  assert.deepEqual(errorOf(me.body), { code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
  // …the offline path cannot know: it accepts until exp (documented).
  const exp = /** @type {number} */ (decodeJwt(ada.accessToken).exp);
  assert.ok(Date.now() / 1000 < exp, 'the token expired before the test could use it: the machine is too slow for this TTL');
  assert.deepEqual((await gql(notes.url, NOTES, { token: ada.accessToken })).body.data, { notes: [{ text: 'keep me' }] });
  // …while the sensitive mutation asks tokengate, and refuses; nothing is deleted.
  const deletion = await gql(notes.url, DELETE_ALL, { token: ada.accessToken });
  assert.deepEqual(errorOf(deletion.body), { code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
  assert.equal(deletion.body.data, null);

  // Past exp, the offline path refuses too.
  await sleep(Math.max(0, exp * 1000 - Date.now()) + 1_100);
  const expired = await gql(notes.url, NOTES, { token: ada.accessToken });
  assert.equal(expired.status, 401);
  assert.deepEqual(errorOf(expired.body), { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
});

test('wrong introspection client credentials fail closed (SERVICE_UNAVAILABLE), never as "active"', async () => {
  const misconfigured = await startNotesService({ tokengateUrl: tokengate.url, env: { INTROSPECTION_CLIENT_SECRET: 'x'.repeat(32) } });
  try {
    const carol = await register(tokengate.graphqlUrl);
    await gql(misconfigured.url, 'mutation { addNote(text: "x") { id } }', { token: carol.accessToken });
    const { body } = await gql(misconfigured.url, DELETE_ALL, { token: carol.accessToken });
    assert.deepEqual(errorOf(body), { code: 'SERVICE_UNAVAILABLE', reason: undefined });
    assert.equal((await gql(misconfigured.url, NOTES, { token: carol.accessToken })).body.data.notes.length, 1);
  } finally {
    await misconfigured.stop();
  }
});
