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
