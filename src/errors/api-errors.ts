import { GraphQLError } from 'graphql';
import type { ErrorCode, ErrorReason, TokenFailureReason } from './error-codes';

const DEFAULT_MESSAGES: Record<TokenFailureReason, string> = {
  TOKEN_MALFORMED: 'The access token is malformed',
  TOKEN_INVALID: 'The access token is invalid',
  TOKEN_EXPIRED: 'The access token has expired',
  TOKEN_REVOKED: 'The access token has been revoked',
  TOKEN_BINDING_MISMATCH: 'The access token was sent by another client than its session\'s',
};

interface ApiErrorOptions {
  reason?: ErrorReason;
  field?: string;
  httpStatus?: number;
  httpHeaders?: Record<string, string>;
}

/** The one way the API builds an error: a GraphQLError whose extensions carry a registered code. */
export function apiError(code: ErrorCode, message: string, options: ApiErrorOptions = {}): GraphQLError {
  const extensions: Record<string, unknown> = { code };
  if (options.reason) extensions.reason = options.reason;
  if (options.field) extensions.field = options.field;
  if (options.httpStatus) {
    extensions.http = {
      status: options.httpStatus,
      headers: new Map(Object.entries(options.httpHeaders ?? {})),
    };
  }
  return new GraphQLError(message, { extensions });
}

export const badUserInput = (field: string, message: string): GraphQLError =>
  apiError('BAD_USER_INPUT', message, { field });

const EMAIL_TAKEN = 'This email is already registered';

/** register with an address that already has an account: the one refusal the per-email register limit counts. */
export const emailTaken = (): GraphQLError => badUserInput('email', EMAIL_TAKEN);

export const isEmailTaken = (error: unknown): boolean =>
  error instanceof GraphQLError && error.extensions.field === 'email' && error.message === EMAIL_TAKEN;

export const authenticationRequired = (): GraphQLError =>
  apiError('UNAUTHENTICATED', 'You must be signed in to do this', { reason: 'AUTHENTICATION_REQUIRED' });

export const forbidden = (): GraphQLError => apiError('FORBIDDEN', 'You do not have permission to do this');

export const invalidCredentials = (): GraphQLError =>
  apiError('UNAUTHENTICATED', 'Invalid email or password', { reason: 'INVALID_CREDENTIALS' });

/** A rejected refresh token (or a bad token given as an argument): an ordinary GraphQL error. */
export const tokenRejected = (reason: TokenFailureReason, message?: string): GraphQLError =>
  apiError('UNAUTHENTICATED', message ?? DEFAULT_MESSAGES[reason].replace('access', 'refresh'), { reason });

/** A rejected Authorization header: refuses the whole request with 401 as RFC 6750 describes. */
export const invalidAccessToken = (reason: TokenFailureReason): GraphQLError =>
  apiError('UNAUTHENTICATED', DEFAULT_MESSAGES[reason], {
    reason,
    httpStatus: 401,
    httpHeaders: {
      'www-authenticate': `Bearer error="invalid_token", error_description="${DEFAULT_MESSAGES[reason]}"`,
    },
  });

/** REQUIRE_VERIFIED_EMAIL: register and a login with the right password, for an address not yet proven. */
export const emailNotVerified = (): GraphQLError =>
  apiError('UNAUTHENTICATED', 'Confirm your email address first: follow the link we mailed you', { reason: 'EMAIL_NOT_VERIFIED' });

export type LinkFailureReason = Extract<ErrorReason, 'LINK_EXPIRED' | 'LINK_USED' | 'LINK_INVALID'>;

const LINK_MESSAGES: Record<LinkFailureReason, string> = {
  LINK_EXPIRED: 'This link has expired: ask for a new one',
  LINK_USED: 'This link was already used',
  LINK_INVALID: 'This link is not valid',
};

/** A link token from a mail that cannot be used; never says which account it was for. */
export const linkRejected = (reason: LinkFailureReason): GraphQLError =>
  apiError('BAD_USER_INPUT', LINK_MESSAGES[reason], { field: 'token', reason });

/** confirmEmailChange: another account took the address between the request and the click. */
export const linkEmailTaken = (): GraphQLError =>
  apiError('BAD_USER_INPUT', 'This email address now belongs to another account', { field: 'token', reason: 'EMAIL_TAKEN' });

/** MAIL_TRANSPORT=disabled: what needs a mail cannot be done. */
export const mailUnavailable = (): GraphQLError =>
  apiError('SERVICE_UNAVAILABLE', 'Sending mail is turned off on this server', { httpStatus: 503 });

export const serviceUnavailable = (): GraphQLError =>
  apiError('SERVICE_UNAVAILABLE', 'The service is temporarily unavailable, please retry', { httpStatus: 503 });

/** A rate limit was hit: retryAfter is whole seconds, at least 1. */
export const tooManyRequests = (retryAfterSeconds: number): GraphQLError =>
  new GraphQLError(`Too many attempts, retry in ${retryAfterSeconds} s`, {
    extensions: { code: 'TOO_MANY_REQUESTS' satisfies ErrorCode, retryAfter: retryAfterSeconds },
  });

/**
 * login with 2FA on, after the password was verified: the challenge travels in extensions.mfaToken (a secret:
 * the logger redacts that name, and the message never carries it).
 */
export const mfaRequired = (mfaToken: string): GraphQLError =>
  new GraphQLError('A second factor is required: call completeMfaLogin with this mfaToken and a code', {
    extensions: { code: 'UNAUTHENTICATED' satisfies ErrorCode, reason: 'MFA_REQUIRED' satisfies ErrorReason, mfaToken },
  });

/** The password was right and a second factor is due: for the login limits, the password step succeeded. */
export const isMfaRequired = (error: unknown): boolean => error instanceof GraphQLError && error.extensions.reason === 'MFA_REQUIRED';

/** completeMfaLogin with a wrong or replayed code: the challenge stays open (until its fifth wrong code). */
export const invalidMfaLoginCode = (): GraphQLError =>
  apiError('UNAUTHENTICATED', 'The code is wrong or was already used', { reason: 'INVALID_MFA_CODE' });

/** A signed-in operation given a wrong or replayed code: the caller stays signed in, so not UNAUTHENTICATED. */
export const invalidMfaCode = (): GraphQLError =>
  apiError('BAD_USER_INPUT', 'The code is wrong or was already used', { field: 'code', reason: 'INVALID_MFA_CODE' });

/** Step-up (MFA_REQUIRED_FOR_ROLES): the user must enrol in 2FA, or this session must pass it (verifyMfa). */
export const mfaEnrollmentRequired = (): GraphQLError =>
  apiError('FORBIDDEN', 'Your role requires two-factor authentication: enrol with beginTotpEnrollment first', { reason: 'MFA_ENROLLMENT_REQUIRED' });
export const stepUpRequired = (): GraphQLError =>
  apiError('FORBIDDEN', 'This operation needs a session that passed two-factor authentication: call verifyMfa', { reason: 'MFA_REQUIRED' });

/** Production without DATA_ENCRYPTION_KEY: a TOTP secret is never stored unencrypted, so 2FA cannot be turned on. */
export const mfaUnavailable = (): GraphQLError =>
  apiError('SERVICE_UNAVAILABLE', 'Two-factor authentication is unavailable: the server has no DATA_ENCRYPTION_KEY', { httpStatus: 503 });

/** A second enrollment, or a second confirmation: nothing changes. */
export const mfaAlreadyEnabled = (): GraphQLError =>
  apiError('BAD_USER_INPUT', 'Two-factor authentication is already on', { reason: 'MFA_ALREADY_ENABLED' });
export const mfaNotEnabled = (message = 'Two-factor authentication is not on'): GraphQLError =>
  apiError('BAD_USER_INPUT', message, { reason: 'MFA_NOT_ENABLED' });
