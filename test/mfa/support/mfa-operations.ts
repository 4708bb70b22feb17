import { Secret, TOTP } from 'otpauth';
import { LOGIN, PAYLOAD_FIELDS, registerUser, type Session } from '../../support/operations';
import type { TestServer } from '../../support/test-server';

/** The 2FA operations the tests send, written once. */
export const BEGIN = 'mutation { beginTotpEnrollment { secret otpauthUri qrCodeSvg } }';
export const CONFIRM = 'mutation Confirm($code: String!) { confirmTotpEnrollment(code: $code) }';
export const REGENERATE = 'mutation Regenerate($code: String!) { regenerateRecoveryCodes(code: $code) }';
export const DISABLE = 'mutation Disable($code: String!) { disableTotp(code: $code) }';
export const VERIFY = `mutation Verify($code: String!) { verifyMfa(code: $code) { ${PAYLOAD_FIELDS} } }`;
export const COMPLETE = `mutation Complete($mfaToken: String!, $code: String!, $rememberMe: Boolean) {
  completeMfaLogin(mfaToken: $mfaToken, code: $code, rememberMe: $rememberMe) { ${PAYLOAD_FIELDS} deviceToken user { mfaEnabled } } }`;
export const ME_MFA = 'query { me { id mfaEnabled } }';

const STEP_MS = 30_000;

/** The code an authenticator app shows at the server's (manual) time, `steps` steps from now. */
export function codeAt(server: Pick<TestServer, 'clock'>, secret: string, steps = 0): string {
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  return totp.generate({ timestamp: server.clock.now() + steps * STEP_MS });
}

/** Moves the server's clock to the next 30-second step, so the next code is a fresh one. */
export const nextStep = (server: Pick<TestServer, 'clock'>): void => server.clock.advanceSeconds(30);

export interface MfaUser extends Session {
  secret: string;
  recoveryCodes: string[];
}

/** A registered user with 2FA on (enrolled and confirmed through the API); the clock is moved past the step used. */
export async function registerMfaUser(server: TestServer): Promise<MfaUser> {
  const session = await registerUser(server);
  const begun = await server.gql(BEGIN, {}, { token: session.accessToken });
  const secret = begun.body.data?.beginTotpEnrollment.secret as string;
  if (!secret) throw new Error(`begin failed: ${JSON.stringify(begun.body)}`);
  const confirmed = await server.gql(CONFIRM, { code: codeAt(server, secret) }, { token: session.accessToken });
  const recoveryCodes = confirmed.body.data?.confirmTotpEnrollment as string[];
  if (!recoveryCodes) throw new Error(`confirm failed: ${JSON.stringify(confirmed.body)}`);
  nextStep(server);
  return { ...session, secret, recoveryCodes };
}

/** The password step of a login with 2FA on: the mfaToken from the error. */
export async function passwordStep(server: TestServer, user: Pick<Session, 'email' | 'password'>): Promise<string> {
  const response = await server.gql(LOGIN, { input: { email: user.email, password: user.password } });
  const token = response.body.errors?.[0]?.extensions.mfaToken;
  if (typeof token !== 'string') throw new Error(`expected MFA_REQUIRED, got ${JSON.stringify(response.body)}`);
  return token;
}
