/** The account-by-email operations the tests send, written once. */
export const ACCOUNT_USER_FIELDS = 'id email emailVerified';
const PAYLOAD = `accessToken refreshToken user { ${ACCOUNT_USER_FIELDS} }`;

export const REGISTER_MAIL = `mutation Register($input: RegisterInput!) { register(input: $input) { ${PAYLOAD} } }`;
export const LOGIN_MAIL = `mutation Login($input: LoginInput!) { login(input: $input) { ${PAYLOAD} } }`;
export const ME_MAIL = `query { me { ${ACCOUNT_USER_FIELDS} } }`;
export const SEND_VERIFICATION = 'mutation Send($email: String!) { sendVerificationEmail(email: $email) }';
export const VERIFY_EMAIL = `mutation Verify($token: String!) { verifyEmail(token: $token) { ${ACCOUNT_USER_FIELDS} } }`;
export const REQUEST_RESET = 'mutation Forgot($email: String!) { requestPasswordReset(email: $email) }';
export const RESET_PASSWORD = `mutation Reset($token: String!, $newPassword: String!) { resetPassword(token: $token, newPassword: $newPassword) { ${PAYLOAD} } }`;
export const REQUEST_EMAIL_CHANGE =
  'mutation Change($newEmail: String!, $currentPassword: String!) { requestEmailChange(newEmail: $newEmail, currentPassword: $currentPassword) }';
export const CONFIRM_EMAIL_CHANGE = `mutation Confirm($token: String!) { confirmEmailChange(token: $token) { ${ACCOUNT_USER_FIELDS} } }`;

export const SUBJECTS = {
  verify: /^Confirm your email address/,
  reset: /^Reset your .* password/,
  passwordReset: /password was reset$/,
  passwordChanged: /password was changed$/,
  confirmChange: /^Confirm your new email address/,
  changeRequested: /email change was requested/,
  emailChanged: /email address of your .* was changed/,
} as const;
