import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startHttpServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import type { Stores } from '../../src/stores/stores';
import { postGraphQL, TEST_ENV, type TestServer } from '../support/test-server';
import { codeAt, COMPLETE, nextStep, passwordStep, registerMfaUser } from './support/mfa-operations';

const OLD_KEY = randomBytes(32).toString('base64');
const NEW_KEY = randomBytes(32).toString('hex');
const keyIdOf = (sealed: string | undefined) => sealed?.split('.')[1];

/** A server over the given stores and clock (several servers in turn share one store, as restarts do). */
async function serverWith(stores: Stores, clock: ManualClock, env: Record<string, string>): Promise<TestServer> {
  const config = loadConfig({ ...TEST_ENV, ...env });
  const server = await startHttpServer({ config, stores, clock, logger: silentLogger });
  return { url: server.url, config, clock, stores, server, gql: (q, v, o) => postGraphQL(server.url, q, v, o), stop: () => server.stop() };
}

// DATA_ENCRYPTION_KEY rotation: the old key moves to DATA_ENCRYPTION_PREVIOUS_KEYS, which still opens what it
// sealed, and each secret is sealed again with the new key on its next use.
test('a secret sealed with a previous key still verifies, and is re-encrypted with the new key on that use', async () => {
  const clock = new ManualClock();
  const stores = createMemoryStores(clock);
  const before = await serverWith(stores, clock, { DATA_ENCRYPTION_KEY: OLD_KEY });
  const user = await registerMfaUser(before);
  const sealedBefore = (await stores.users.findById(user.userId))?.totp?.encryptedSecret;
  await before.stop();

  // Without the old key the secret cannot be opened: the login cannot complete (and nothing is leaked).
  const tooEarly = await serverWith(stores, clock, { DATA_ENCRYPTION_KEY: NEW_KEY });
  const refused = await tooEarly.gql(COMPLETE, { mfaToken: await passwordStep(tooEarly, user), code: codeAt(tooEarly, user.secret) });
  expect(refused.body.errors?.[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  await tooEarly.stop();

  const rotated = await serverWith(stores, clock, { DATA_ENCRYPTION_KEY: NEW_KEY, DATA_ENCRYPTION_PREVIOUS_KEYS: OLD_KEY });
  nextStep(rotated);
  const completed = await rotated.gql(COMPLETE, { mfaToken: await passwordStep(rotated, user), code: codeAt(rotated, user.secret) });
  expect(completed.body.data?.completeMfaLogin.user.id).toBe(user.userId);
  const sealedAfter = (await stores.users.findById(user.userId))?.totp?.encryptedSecret;
  expect(keyIdOf(sealedAfter)).not.toBe(keyIdOf(sealedBefore));
  await rotated.stop();

  // Re-encrypted: the old key can now be dropped.
  const after = await serverWith(stores, clock, { DATA_ENCRYPTION_KEY: NEW_KEY });
  nextStep(after);
  const again = await after.gql(COMPLETE, { mfaToken: await passwordStep(after, user), code: codeAt(after, user.secret) });
  expect(again.body.data?.completeMfaLogin.user.id).toBe(user.userId);
  await after.stop();
  await stores.close();
});

test('a sealed secret copied onto another user does not open there (bound to its user)', async () => {
  const clock = new ManualClock();
  const stores = createMemoryStores(clock);
  const server = await serverWith(stores, clock, { DATA_ENCRYPTION_KEY: NEW_KEY });
  try {
    const owner = await registerMfaUser(server);
    const thief = await registerMfaUser(server);
    const ownerSealed = (await stores.users.findById(owner.userId))!.totp!.encryptedSecret;
    const thiefSealed = (await stores.users.findById(thief.userId))!.totp!.encryptedSecret;
    await stores.users.reencryptTotpSecret(thief.userId, thiefSealed, ownerSealed);
    const response = await server.gql(COMPLETE, { mfaToken: await passwordStep(server, thief), code: codeAt(server, owner.secret) });
    expect(response.body.data ?? null).toBeNull();
  } finally {
    await server.stop();
    await stores.close();
  }
});
