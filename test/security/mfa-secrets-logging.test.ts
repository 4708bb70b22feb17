import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { LOG_REDACTION } from '../../src/lib/logger';
import { startHttpServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import { CHANGE_PASSWORD, LOGIN, REGISTER, uniqueEmail } from '../support/operations';
import { postGraphQL, TEST_ENV } from '../support/test-server';
import { BEGIN, codeAt, COMPLETE, CONFIRM, DISABLE, REGENERATE, VERIFY } from '../mfa/support/mfa-operations';

// No TOTP secret, TOTP code, recovery code or mfaToken ever reaches a log line, at the most verbose level,
// through every 2FA operation, right and wrong codes, a throttled user and an unexpected failure included.
test('2FA secrets never appear in the log', async () => {
  const output: string[] = [];
  const logger = pino({ level: 'trace', redact: LOG_REDACTION }, new Writable({ write: (chunk, _encoding, done) => (output.push(String(chunk)), done()) }));
  const clock = new ManualClock();
  const stores = createMemoryStores(clock);
  const config = loadConfig({ ...TEST_ENV, LOG_LEVEL: 'trace', RATE_LIMIT_MFA_PER_USER: '4/1h' });
  const server = await startHttpServer({ config, stores, clock, logger });
  const gql = (query: string, variables: Record<string, unknown> = {}, token?: string) => postGraphQL<any>(server.url, query, variables, { token });
  try {
    const email = uniqueEmail('logged-mfa');
    const password = 'a password for the mfa log test';
    const registered = (await gql(REGISTER, { input: { email, password } })).body.data.register;
    const { secret, otpauthUri } = (await gql(BEGIN, {}, registered.accessToken)).body.data.beginTotpEnrollment;
    const firstCode = codeAt({ clock }, secret);
    const recoveryCodes = (await gql(CONFIRM, { code: firstCode }, registered.accessToken)).body.data.confirmTotpEnrollment as string[];
    clock.advanceSeconds(30);

    const mfaToken = (await gql(LOGIN, { input: { email, password } })).body.errors![0].extensions.mfaToken as string;
    const loginCode = codeAt({ clock }, secret);
    const signedIn = (await gql(COMPLETE, { mfaToken, code: loginCode })).body.data.completeMfaLogin;
    await gql(COMPLETE, { mfaToken, code: recoveryCodes[0] }); // spent challenge
    clock.advanceSeconds(30);
    const stepCode = codeAt({ clock }, secret);
    const raised = (await gql(VERIFY, { code: stepCode }, signedIn.accessToken)).body.data.verifyMfa;
    const fresh = (await gql(REGENERATE, { code: recoveryCodes[1] }, raised.accessToken)).body.data.regenerateRecoveryCodes as string[];
    await gql(CHANGE_PASSWORD, { input: { currentPassword: password, newPassword: 'another long passphrase', code: fresh[0] } }, raised.accessToken);
    // Wrong codes until the per-user budget refuses: the rate-limit line names the user id, nothing else.
    const second = (await gql(LOGIN, { input: { email, password: 'another long passphrase' } })).body.errors![0].extensions.mfaToken as string;
    for (const code of ['000000', '111111', 'zzzzz-zzzzz', '222222', '333333']) await gql(COMPLETE, { mfaToken: second, code });
    await gql(DISABLE, { code: fresh[1] }, raised.accessToken);
    // An unexpected failure is logged with its error: the sealed secret under a key the server no longer has.
    const user = (await stores.users.findByEmail(email))!;
    const broken = (await gql(REGISTER, { input: { email: uniqueEmail('broken'), password } })).body.data.register;
    await stores.users.startTotpEnrollment(broken.user.id, 'v1.unknownkey.aaaa.bbbb.cccc');
    const failed = await gql(CONFIRM, { code: '123456' }, broken.accessToken);
    expect(failed.body.errors?.[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });

    const text = output.join('');
    const lines = output.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.some((line) => line.msg === 'unexpected error')).toBe(true);
    expect(lines.filter((line) => line.event === 'rate_limited')).toEqual([expect.objectContaining({ limit: 'mfaPerUser', key: user.id })]);
    const secrets = [secret, otpauthUri, firstCode, loginCode, stepCode, mfaToken, mfaToken.split('.')[2], second, second.split('.')[2], ...recoveryCodes, ...fresh];
    for (const value of [...secrets, ...recoveryCodes.map((code) => code.replace('-', ''))]) expect(text).not.toContain(value);
  } finally {
    await server.stop();
    await stores.close();
  }
});
