/**
 * Every machine-readable error code and reason the API can answer with, defined once.
 * README's error table lists each of them; test/errors/error-codes.test.ts keeps the two in step.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: 'No valid credentials: the token is missing, malformed, invalid, expired or revoked, or login failed.',
  FORBIDDEN: 'Authenticated, but the user lacks a role the field requires.',
  BAD_USER_INPUT: 'An argument is invalid; extensions.field names it.',
  BAD_REQUEST: 'The HTTP request itself is unusable: not JSON, no query, a body over the size limit (413), an Accept admitting no JSON (406), a refused batch, CSRF, or a refresh cookie sent twice (browser mode).',
  GRAPHQL_PARSE_FAILED: 'The GraphQL document has a syntax error or too many tokens (GRAPHQL_MAX_TOKENS).',
  GRAPHQL_VALIDATION_FAILED: 'The document does not match the schema (unknown field, missing argument...) or is over a query limit.',
  INTERNAL_SERVER_ERROR: 'An unexpected failure; details are logged on the server, never returned.',
  SERVICE_UNAVAILABLE: 'The store cannot be reached; nothing was let through. Retry later. Also what needs mail when MAIL_TRANSPORT=disabled.',
  TOO_MANY_REQUESTS: 'A rate limit was hit; extensions.retryAfter says in how many seconds to try again (HTTP 429 when nothing ran).',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_REASONS = {
  AUTHENTICATION_REQUIRED: 'The field needs a signed-in user and the request carried no token.',
  INVALID_CREDENTIALS: 'Login failed: unknown email or wrong password (deliberately the same answer).',
  TOKEN_MALFORMED: 'The Authorization header or token is not a well-formed JWT.',
  TOKEN_INVALID: 'Bad signature, algorithm, issuer, audience, type (access vs refresh) or claims.',
  TOKEN_EXPIRED: 'The token is past its exp: refresh (access token) or log in again (refresh token).',
  TOKEN_REVOKED: 'The token was revoked (logout, logoutAll, password change, refresh reuse) or its user is gone.',
  EMAIL_NOT_VERIFIED: 'REQUIRE_VERIFIED_EMAIL is on and the address is not verified yet: follow the link mailed at registration (or ask again with sendVerificationEmail).',
  LINK_EXPIRED: 'BAD_USER_INPUT on "token": the link from the mail is past its lifetime; ask for a new one.',
  LINK_USED: 'BAD_USER_INPUT on "token": the link from the mail was already used (each works once).',
  LINK_INVALID: 'BAD_USER_INPUT on "token": no such link, replaced by a newer one, or made for another purpose or address.',
  EMAIL_TAKEN: 'BAD_USER_INPUT on "token": confirmEmailChange lost the address to another account in the meantime.',
  TOKEN_BINDING_MISMATCH: 'The token was used from another client than its session\'s (SESSION_BINDING, ACCESS_TOKEN_BINDING).',
  MFA_REQUIRED: 'login: the password was right and 2FA is on; extensions.mfaToken goes to completeMfaLogin. FORBIDDEN: the operation needs a session that passed 2FA (verifyMfa).',
  INVALID_MFA_CODE: 'The TOTP or recovery code is wrong, or was already used.',
  MFA_ALREADY_ENABLED: 'BAD_USER_INPUT: 2FA is already on (beginTotpEnrollment, confirmTotpEnrollment a second time).',
  MFA_NOT_ENABLED: 'BAD_USER_INPUT: 2FA is not on (disableTotp, regenerateRecoveryCodes, verifyMfa), or no enrollment was begun (confirmTotpEnrollment).',
  MFA_ENROLLMENT_REQUIRED: 'FORBIDDEN: a role of the user requires 2FA (MFA_REQUIRED_FOR_ROLES) and it is not on yet: enrol first.',
} as const;
export type ErrorReason = keyof typeof ERROR_REASONS;

export type TokenFailureReason = Extract<
  ErrorReason,
  'TOKEN_MALFORMED' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'TOKEN_REVOKED' | 'TOKEN_BINDING_MISMATCH'
>;

/**
 * The `error` of the OAuth endpoints (/oauth/introspect, /oauth/revoke), RFC 6749 §5.2 as RFC 7662 §2.3 and
 * RFC 7009 §2.2.1 prescribe, with `error_description`. README "Verifying tokens in other services" lists them.
 */
export const OAUTH_ERRORS = {
  invalid_client: 'HTTP 401 with WWW-Authenticate: Basic: the client credentials are missing or wrong.',
  invalid_request: 'HTTP 400 (415 for a body that is not a form): no token, a parameter given twice, an unreadable body.',
  too_many_requests: 'HTTP 429 with Retry-After: the client used up RATE_LIMIT_INTROSPECTION_PER_CLIENT.',
  temporarily_unavailable: 'HTTP 503: the store (or the rate-limit counters) cannot be reached; nothing was answered from stale data.',
  server_error: 'HTTP 500: an unexpected failure, logged on the server.',
} as const;
export type OAuthErrorCode = keyof typeof OAUTH_ERRORS;
