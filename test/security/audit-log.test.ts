import { Writable } from 'node:stream';
import pino from 'pino';
import { ACCOUNT_EMAIL_AUDIT_EVENTS, AUDIT_EVENTS } from '../../src/audit/audit-log';
import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { startHttpServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import {
  CHANGE_PASSWORD, LOGIN, LOGOUT, LOGOUT_ALL, REFRESH, REGISTER, SET_USER_ROLES, uniqueEmail,
} from '../support/operations';
import { testPasswordHasher } from '../support/password-hashing';
import { postGraphQL, TEST_ENV } from '../support/test-server';
import { basic, CLIENT_ID, CLIENT_SECRET, introspect, OAUTH_ENV, revoke } from '../oauth/support/oauth-client';
import { BEGIN, codeAt, COMPLETE, CONFIRM, DISABLE, REGENERATE, VERIFY } from '../mfa/support/mfa-operations';

// A full session over HTTP with the log captured: every audit event appears, with who asked, and no secret does.
const USER_AGENT = 'audit-test-agent/1.0';
type Line = Record<string, unknown>;
// Above the logins of the flow itself, so only spendLoginLimit trips it.
const LOGIN_LIMIT = 8;

describe('audit log', () => {
  const output: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => (output.push(String(chunk)), done()) }));
  const clock = new ManualClock();
  const stores = createMemoryStores(clock);
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  let requestCounter = 0;
  const gql = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
    postGraphQL<any>(server.url, query, variables, {
      token,
      headers: { 'user-agent': USER_AGENT, 'x-request-id': `audit-req-${++requestCounter}` },
    });
  /** Logs in with a wrong password until the per-email limit refuses (the email is logged only as a hash). */
  const spendLoginLimit = async (email: string) => {
    for (let i = 0; i <= LOGIN_LIMIT; i++) await gql(LOGIN, { input: { email, password: 'a wrong password here' } });
  };
  const auditLines = (): Line[] => output.map((text) => JSON.parse(text) as Line).filter((line) => line.audit === true);

  beforeAll(async () => {
    const config = loadConfig({
      ...TEST_ENV, ...OAUTH_ENV, LOG_LEVEL: 'info', RATE_LIMIT_LOGIN_PER_EMAIL: `${LOGIN_LIMIT}/1h`,
      // A refresh from another network (X-Forwarded-For) is a binding mismatch.
      SESSION_BINDING: 'ip-subnet', TRUST_PROXY: '1',
    });
    server = await startHttpServer({ config, stores, clock, logger });
  });
  afterAll(async () => {
    await server?.stop();
    await stores.close();
  });

  test('a full flow writes every event with ip, user agent and request id, and never a secret', async () => {
    const email = uniqueEmail();
    const password = 'audit flow password one';
    const newPassword = 'audit flow password two';
    const secrets: string[] = [password, newPassword];
    const keep = <T extends { accessToken: string; refreshToken: string }>(pair: T): T => {
      secrets.push(pair.accessToken, pair.refreshToken);
      return pair;
    };

    const registered = keep((await gql(REGISTER, { input: { email, password } })).body.data.register);
    const userId = registered.user.id as string;
    await gql(LOGIN, { input: { email, password: 'a wrong password here' } });
    await gql(LOGIN, { input: { email: uniqueEmail('nobody'), password } });
    const login = keep((await gql(LOGIN, { input: { email, password } })).body.data.login);
    keep((await gql(REFRESH, { refreshToken: login.refreshToken })).body.data.refresh);
    clock.advanceSeconds(11);
    await gql(REFRESH, { refreshToken: login.refreshToken }); // after the grace window: reuse
    const again = keep((await gql(LOGIN, { input: { email, password } })).body.data.login);
    await gql(LOGOUT, { refreshToken: again.refreshToken }, again.accessToken);
    const third = keep((await gql(LOGIN, { input: { email, password } })).body.data.login);
    const changed = keep(
      (await gql(CHANGE_PASSWORD, { input: { currentPassword: password, newPassword } }, third.accessToken)).body.data.changePassword,
    );
    await gql(LOGOUT_ALL, {}, changed.accessToken);
    // A refresh token replayed from another network: the session ends (session_binding_mismatch, session_revoked).
    const bound = keep((await gql(LOGIN, { input: { email, password: newPassword } })).body.data.login);
    await postGraphQL<any>(server.url, REFRESH, { refreshToken: bound.refreshToken }, {
      headers: { 'user-agent': USER_AGENT, 'x-request-id': `audit-req-${++requestCounter}`, 'x-forwarded-for': '198.51.100.7' },
    });
    const adminPassword = 'audit admin password';
    secrets.push(adminPassword);
    const admin = keep((await gql(REGISTER, { input: { email: uniqueEmail('admin'), password: adminPassword } })).body.data.register);
    await stores.users.setRoles(admin.user.id, ['USER', 'ADMIN']);
    await gql(SET_USER_ROLES, { userId, roles: ['USER', 'ADMIN'] }, admin.accessToken);
    const limitedEmail = uniqueEmail('limited');
    await gql(REGISTER, { input: { email: limitedEmail, password: 'limited user password' } });
    await spendLoginLimit(limitedEmail);
    secrets.push(limitedEmail);
    // A resource server introspects and revokes; a caller without credentials is refused.
    const oauthHeaders = () => ({ 'user-agent': USER_AGENT, 'x-request-id': `audit-req-${++requestCounter}` });
    const service = admin;
    await introspect(server, service.accessToken, undefined, { headers: oauthHeaders() });
    await revoke(server, service.refreshToken, 'refresh_token', { headers: oauthHeaders() });
    await introspect(server, service.accessToken, undefined, { headers: oauthHeaders(), authorization: basic(CLIENT_ID, `${CLIENT_SECRET}!`) });
    secrets.push(CLIENT_SECRET);

    // Two-factor authentication: enrol, a login with a wrong then a right code, step-up, new codes, disable.
    const mfaPassword = 'audit mfa password one';
    const mfaUser = keep((await gql(REGISTER, { input: { email: uniqueEmail('mfa'), password: mfaPassword } })).body.data.register);
    const { secret } = (await gql(BEGIN, {}, mfaUser.accessToken)).body.data.beginTotpEnrollment;
    const recoveryCodes = (await gql(CONFIRM, { code: codeAt({ clock }, secret) }, mfaUser.accessToken)).body.data.confirmTotpEnrollment as string[];
    const mfaToken = (await gql(LOGIN, { input: { email: mfaUser.user.email, password: mfaPassword } })).body.errors![0].extensions.mfaToken as string;
    secrets.push(secret, mfaPassword, mfaToken, mfaToken.split('.')[2], ...recoveryCodes);
    await gql(COMPLETE, { mfaToken, code: 'aaaaa-aaaaa' });
    keep((await gql(COMPLETE, { mfaToken, code: recoveryCodes[0] })).body.data.completeMfaLogin);
    clock.advanceSeconds(30);
    // verifyMfa revokes the calling access token: the raised one goes on.
    const raised = keep((await gql(VERIFY, { code: codeAt({ clock }, secret) }, mfaUser.accessToken)).body.data.verifyMfa);
    const newCodes = (await gql(REGENERATE, { code: recoveryCodes[1] }, raised.accessToken)).body.data.regenerateRecoveryCodes as string[];
    secrets.push(...newCodes);
    expect((await gql(DISABLE, { code: newCodes[0] }, raised.accessToken)).body.data.disableTotp).toBe(true);
    // A bcrypt hash from before Argon2id: the first login upgrades it (the hashes are secrets too).
    const legacy = { email: uniqueEmail('legacy'), password: 'legacy bcrypt password' };
    const legacyHash = await testPasswordHasher({ PASSWORD_HASH: 'bcrypt' }).hash(legacy.password);
    await stores.users.create({ email: legacy.email, name: null, roles: ['USER'], passwordHash: legacyHash });
    keep((await gql(LOGIN, { input: legacy })).body.data.login);
    secrets.push(legacy.password, legacyHash, (await stores.users.findByEmail(legacy.email))!.passwordHash);

    const lines = auditLines();
    const events = new Set(lines.map((line) => line.event));
    // The account-by-email events need mail: test/mail/account-email-audit.test.ts shows them over real SMTP.
    const mailEvents: readonly string[] = ACCOUNT_EMAIL_AUDIT_EVENTS;
    for (const event of AUDIT_EVENTS.filter((name) => !mailEvents.includes(name))) expect(events).toContain(event);
    for (const line of lines) {
      expect(line).toMatchObject({ requestId: expect.stringMatching(/^audit-req-\d+$/), userAgent: USER_AGENT, ip: expect.any(String) });
    }

    const ofUser = (event: string) => lines.filter((line) => line.event === event && line.userId === userId);
    expect(ofUser('login_failed')).toEqual([expect.objectContaining({ cause: 'wrong_password' })]);
    expect(lines.filter((line) => line.event === 'login_failed' && line.userId === undefined)).toEqual([
      expect.objectContaining({ cause: 'unknown_email' }),
    ]);
    expect(ofUser('refresh_reuse_detected')).toEqual([expect.objectContaining({ level: 40 })]);
    expect(ofUser('roles_changed')).toEqual([expect.objectContaining({ roles: ['USER', 'ADMIN'], actorId: admin.user.id })]);
    expect(lines.filter((line) => line.event === 'rate_limited')).toEqual([
      expect.objectContaining({ limit: 'loginPerEmail', level: 40 }),
    ]);
    expect(lines.filter((line) => line.event === 'password_rehashed')).toEqual([
      expect.objectContaining({ from: 'bcrypt', to: 'argon2id', userId: expect.any(String) }),
    ]);
    expect(ofUser('logged_out_everywhere')).toEqual([expect.objectContaining({ actorId: userId })]);
    expect(lines.filter((line) => String(line.event).startsWith('token_') && line.clientId)).toEqual([
      expect.objectContaining({ event: 'token_introspected', clientId: CLIENT_ID, active: true, tokenType: 'access_token' }),
      expect.objectContaining({ event: 'token_revoked', clientId: CLIENT_ID, valid: true, tokenType: 'refresh_token', newlyRevoked: true }),
    ]);
    expect(ofUser('session_binding_mismatch')).toEqual([
      expect.objectContaining({ level: 40, token: 'refresh', binding: ['ip-subnet'], actualSubnet: '198.51.100.0/24' }),
    ]);
    expect(ofUser('session_revoked').map((line) => line.cause)).toEqual(['logout', 'binding_mismatch']);
    expect(lines.filter((line) => line.event === 'session_revoked' && line.cause === 'oauth_revoke')).toHaveLength(1);
    expect(lines.filter((line) => line.event === 'client_authentication_failed')).toEqual([
      expect.objectContaining({ endpoint: 'introspect', credentials: 'wrong', level: 40 }),
    ]);

    // Nothing secret anywhere in the log, audit lines or not: passwords, tokens, token signatures, hashes.
    const text = output.join('');
    const hash = (await stores.users.findById(userId))!.passwordHash;
    for (const secret of [...secrets, hash, ...secrets.filter((s) => s.startsWith('ey')).map((t) => t.split('.')[2])]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/\$2[aby]\$/);
    expect(text).not.toMatch(/\$argon2/);
  });
});
