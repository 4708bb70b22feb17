import { errorOf, ME, registerUser } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { BEGIN, codeAt, CONFIRM, DISABLE, ME_MFA, nextStep, REGENERATE, registerMfaUser } from './support/mfa-operations';

// Turning TOTP on and off over GraphQL, with codes computed as an authenticator app does (otpauth).
describe('TOTP enrollment', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { TOTP_ISSUER: 'Acme Auth' } });
  });
  afterAll(() => server?.stop());

  test('begin returns a base32 secret, an otpauth URI with the issuer and email, and a QR code as SVG', async () => {
    const user = await registerUser(server);
    const begun = await server.gql(BEGIN, {}, { token: user.accessToken });
    const { secret, otpauthUri, qrCodeSvg } = begun.body.data?.beginTotpEnrollment;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/Acme Auth:${user.email}`);
    expect(Object.fromEntries(uri.searchParams)).toEqual({ issuer: 'Acme Auth', secret, algorithm: 'SHA1', digits: '6', period: '30' });
    expect(qrCodeSvg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>\s*$/);
    // Pending: nothing changes for the user until the first code confirms it.
    expect((await server.gql(ME_MFA, {}, { token: user.accessToken })).body.data?.me.mfaEnabled).toBe(false);
  });

  test('confirm with the first code turns 2FA on and returns 10 distinct recovery codes', async () => {
    const user = await registerUser(server);
    const { secret } = (await server.gql(BEGIN, {}, { token: user.accessToken })).body.data?.beginTotpEnrollment;
    const confirmed = await server.gql(CONFIRM, { code: codeAt(server, secret) }, { token: user.accessToken });
    const codes = confirmed.body.data?.confirmTotpEnrollment as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect((await server.gql(ME_MFA, {}, { token: user.accessToken })).body.data?.me.mfaEnabled).toBe(true);
  });

  test('recovery codes are stored only as hashes, and the secret only sealed', async () => {
    const user = await registerMfaUser(server);
    const stored = JSON.stringify(await server.stores.users.findById(user.userId));
    expect(stored).not.toContain(user.secret);
    for (const code of user.recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace('-', ''));
    }
    expect(stored).toMatch(/"encryptedSecret":"v1\./);
  });

  test('confirming twice: MFA_ALREADY_ENABLED, and the recovery codes are not replaced', async () => {
    const user = await registerMfaUser(server);
    const again = await server.gql(CONFIRM, { code: codeAt(server, user.secret) }, { token: user.accessToken });
    expect(again.body.data).toBeNull();
    expect(errorOf(again).extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'MFA_ALREADY_ENABLED' });
    // The first set still works: a recovery code proves the factor.
    nextStep(server);
    const regenerated = await server.gql(REGENERATE, { code: user.recoveryCodes[0] }, { token: user.accessToken });
    expect(regenerated.body.data?.regenerateRecoveryCodes).toHaveLength(10);
  });

  test('beginning again once 2FA is on: MFA_ALREADY_ENABLED, the factor unchanged', async () => {
    const user = await registerMfaUser(server);
    const before = await server.stores.users.findById(user.userId);
    const again = await server.gql(BEGIN, {}, { token: user.accessToken });
    expect(errorOf(again).extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'MFA_ALREADY_ENABLED' });
    expect((await server.stores.users.findById(user.userId))?.totp).toEqual(before?.totp);
  });

  test('confirm without begin: MFA_NOT_ENABLED', async () => {
    const user = await registerUser(server);
    const response = await server.gql(CONFIRM, { code: '123456' }, { token: user.accessToken });
    expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'MFA_NOT_ENABLED' });
  });

  test.each(['12345', '1234567', 'abcdef', '12 34 56x', '', 'abcde-fghij'])('confirm with %p (not 6 digits): BAD_USER_INPUT on code, nothing changed', async (code) => {
    const user = await registerUser(server);
    await server.gql(BEGIN, {}, { token: user.accessToken });
    const response = await server.gql(CONFIRM, { code }, { token: user.accessToken });
    expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'code' });
    expect((await server.stores.users.findById(user.userId))?.totp?.enabledAt).toBeNull();
  });

  test('confirm with a wrong code: INVALID_MFA_CODE, still pending', async () => {
    const user = await registerUser(server);
    const { secret } = (await server.gql(BEGIN, {}, { token: user.accessToken })).body.data?.beginTotpEnrollment;
    const wrong = String((Number(codeAt(server, secret)) + 1) % 1_000_000).padStart(6, '0');
    const response = await server.gql(CONFIRM, { code: wrong }, { token: user.accessToken });
    expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'code', reason: 'INVALID_MFA_CODE' });
    expect((await server.gql(ME_MFA, {}, { token: user.accessToken })).body.data?.me.mfaEnabled).toBe(false);
  });

  test('a code of the step before or after is accepted (one step of clock drift), two steps is not', async () => {
    const late = await registerUser(server);
    const { secret } = (await server.gql(BEGIN, {}, { token: late.accessToken })).body.data?.beginTotpEnrollment;
    const twoBehind = await server.gql(CONFIRM, { code: codeAt(server, secret, -2) }, { token: late.accessToken });
    expect(errorOf(twoBehind).extensions.reason).toBe('INVALID_MFA_CODE');
    const oneBehind = await server.gql(CONFIRM, { code: codeAt(server, secret, -1) }, { token: late.accessToken });
    expect(oneBehind.body.data?.confirmTotpEnrollment).toHaveLength(10);
  });

  test('disable with a TOTP code turns 2FA off; disable again: MFA_NOT_ENABLED', async () => {
    const user = await registerMfaUser(server);
    const disabled = await server.gql(DISABLE, { code: codeAt(server, user.secret) }, { token: user.accessToken });
    expect(disabled.body).toEqual({ data: { disableTotp: true } });
    expect((await server.gql(ME_MFA, {}, { token: user.accessToken })).body.data?.me.mfaEnabled).toBe(false);
    expect(await server.stores.users.findById(user.userId)).not.toHaveProperty('totp');
    const again = await server.gql(DISABLE, { code: codeAt(server, user.secret) }, { token: user.accessToken });
    expect(errorOf(again).extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'MFA_NOT_ENABLED' });
  });

  test('disable without 2FA: MFA_NOT_ENABLED, and regenerating codes too', async () => {
    const user = await registerUser(server);
    for (const query of [DISABLE, REGENERATE]) {
      const response = await server.gql(query, { code: '123456' }, { token: user.accessToken });
      expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'MFA_NOT_ENABLED' });
    }
  });

  test('disable with a recovery code works; with a wrong code it does not', async () => {
    const user = await registerMfaUser(server);
    const wrong = await server.gql(DISABLE, { code: 'aaaaa-aaaaa' }, { token: user.accessToken });
    expect(errorOf(wrong).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'code', reason: 'INVALID_MFA_CODE' });
    expect((await server.gql(DISABLE, { code: user.recoveryCodes[3].toUpperCase() }, { token: user.accessToken })).body.data?.disableTotp).toBe(true);
  });

  test('regenerate replaces every recovery code: the old ones stop working', async () => {
    const user = await registerMfaUser(server);
    const fresh = (await server.gql(REGENERATE, { code: codeAt(server, user.secret) }, { token: user.accessToken })).body.data?.regenerateRecoveryCodes;
    expect(fresh).toHaveLength(10);
    const old = await server.gql(DISABLE, { code: user.recoveryCodes[0] }, { token: user.accessToken });
    expect(errorOf(old).extensions.reason).toBe('INVALID_MFA_CODE');
    expect((await server.gql(DISABLE, { code: fresh[0] }, { token: user.accessToken })).body.data?.disableTotp).toBe(true);
  });

  test('every operation needs a signed-in user', async () => {
    for (const [query, variables] of [[BEGIN, {}], [CONFIRM, { code: '123456' }], [DISABLE, { code: '123456' }], [REGENERATE, { code: '123456' }]] as const) {
      expect(errorOf(await server.gql(query, variables)).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'AUTHENTICATION_REQUIRED' });
    }
    expect((await server.gql(ME)).status).toBe(200);
  });
});
