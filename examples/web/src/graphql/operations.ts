import { graphql } from '../gql';

// Every operation the app sends. `npm run codegen` types them from the root schema.graphql.

export const AuthPayloadFields = graphql(`
  fragment AuthPayloadFields on AuthPayload {
    accessToken
    refreshToken
    deviceToken
    expiresIn
    user {
      id
      email
      roles
    }
  }
`);

export const RegisterDocument = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

export const LoginDocument = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

export const RefreshDocument = graphql(`
  mutation Refresh($refreshToken: String) {
    refresh(refreshToken: $refreshToken) {
      ...AuthPayloadFields
    }
  }
`);

export const MeDocument = graphql(`
  query Me {
    me {
      id
      email
      name
      roles
      createdAt
      emailVerified
      mfaEnabled
    }
  }
`);

export const UsersDocument = graphql(`
  query Users($limit: Int, $offset: Int) {
    users(limit: $limit, offset: $offset) {
      id
      email
      name
      roles
      createdAt
    }
  }
`);

export const LogoutDocument = graphql(`
  mutation Logout($refreshToken: String) {
    logout(refreshToken: $refreshToken)
  }
`);

export const LogoutAllDocument = graphql(`
  mutation LogoutAll {
    logoutAll
  }
`);

/** The second login step: login's extensions.mfaToken and a TOTP or recovery code. */
export const CompleteMfaLoginDocument = graphql(`
  mutation CompleteMfaLogin($mfaToken: String!, $code: String!, $rememberMe: Boolean) {
    completeMfaLogin(mfaToken: $mfaToken, code: $code, rememberMe: $rememberMe) {
      ...AuthPayloadFields
    }
  }
`);

export const MySessionsDocument = graphql(`
  query MySessions {
    mySessions {
      id
      current
      createdAt
      lastActiveAt
      ip
      device
      mfa
      remembered
    }
  }
`);

export const RevokeSessionDocument = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);

export const RevokeOtherSessionsDocument = graphql(`
  mutation RevokeOtherSessions {
    revokeOtherSessions
  }
`);

export const BeginTotpEnrollmentDocument = graphql(`
  mutation BeginTotpEnrollment {
    beginTotpEnrollment {
      secret
      qrCodeSvg
    }
  }
`);

export const ConfirmTotpEnrollmentDocument = graphql(`
  mutation ConfirmTotpEnrollment($code: String!) {
    confirmTotpEnrollment(code: $code)
  }
`);

export const DisableTotpDocument = graphql(`
  mutation DisableTotp($code: String!) {
    disableTotp(code: $code)
  }
`);

export const RegenerateRecoveryCodesDocument = graphql(`
  mutation RegenerateRecoveryCodes($code: String!) {
    regenerateRecoveryCodes(code: $code)
  }
`);

export const VerifyEmailDocument = graphql(`
  mutation VerifyEmail($token: String!) {
    verifyEmail(token: $token) {
      id
      email
      emailVerified
    }
  }
`);

export const SendVerificationEmailDocument = graphql(`
  mutation SendVerificationEmail($email: String!) {
    sendVerificationEmail(email: $email)
  }
`);

export const RequestPasswordResetDocument = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`);

export const ResetPasswordDocument = graphql(`
  mutation ResetPassword($token: String!, $newPassword: String!) {
    resetPassword(token: $token, newPassword: $newPassword) {
      ...AuthPayloadFields
    }
  }
`);

export const RequestEmailChangeDocument = graphql(`
  mutation RequestEmailChange($newEmail: String!, $currentPassword: String!) {
    requestEmailChange(newEmail: $newEmail, currentPassword: $currentPassword)
  }
`);

export const ConfirmEmailChangeDocument = graphql(`
  mutation ConfirmEmailChange($token: String!) {
    confirmEmailChange(token: $token) {
      id
      email
      emailVerified
    }
  }
`);

export const SessionEventFields = graphql(`
  fragment SessionEventFields on SessionEvent {
    type
    at
    sessionId
    device
  }
`);

/** Over the WebSocket: what happens to the account, from every session (signed in). */
export const SessionEventsDocument = graphql(`
  subscription SessionEvents {
    sessionEvents {
      ...SessionEventFields
    }
  }
`);
