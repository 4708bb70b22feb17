import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import type { AuthService } from '../auth/auth.service';
import { defaultRolePermissions, type RolePermissions } from '../auth/permissions';
import type { MfaLoginService } from '../mfa/mfa-login.service';
import type { TotpEnrollmentService } from '../mfa/totp-enrollment.service';
import type { SessionService } from '../sessions/session.service';
import type { UserStore } from '../stores/user.store';
import type { UserService } from '../users/user.service';
import { authChecker, createAuthChecker } from './auth-checker';
import type { AccountEmail } from '../mail/account-email';
import { AccountEmailResolver } from './resolvers/account-email.resolver';
import { AuthResolver } from './resolvers/auth.resolver';
import { MfaResolver } from './resolvers/mfa.resolver';
import { SessionResolver } from './resolvers/session.resolver';
import { SessionEventsResolver } from './resolvers/session-events.resolver';
import { SecurityEventsResolver } from './resolvers/security-events.resolver';
import { SettingsResolver } from './resolvers/settings.resolver';
import { UserResolver } from './resolvers/user.resolver';
import type { AuthSettings } from './types/auth-settings.type';

export interface SchemaServices {
  auth: AuthService;
  users: UserService;
  settings: AuthSettings;
  accountEmail: AccountEmail;
  /** Sign-in sessions, and the users they belong to (for the admin fields). */
  sessions: SessionService;
  userStore: UserStore;
  /** ROLE_PERMISSIONS_FILE's mapping; the built-in one when absent. */
  permissions?: RolePermissions;
  totpEnrollment: TotpEnrollmentService;
  mfaLogin: MfaLoginService;
  /** MFA_REQUIRED_FOR_ROLES: the step-up rule of the auth checker; none when absent. */
  mfaRequiredForRoles?: readonly string[];
}

/** Builds the executable schema; resolvers get their services through this small container. */
export function createSchema(services: SchemaServices): Promise<GraphQLSchema> {
  const instances = new Map<unknown, unknown>([
    [AuthResolver, new AuthResolver(services.auth)],
    [UserResolver, new UserResolver(services.users)],
    [SettingsResolver, new SettingsResolver(services.settings)],
    [AccountEmailResolver, new AccountEmailResolver(services.accountEmail)],
    [SessionResolver, new SessionResolver(services.sessions, services.userStore)],
    [MfaResolver, new MfaResolver(services.totpEnrollment, services.mfaLogin)],
    [SessionEventsResolver, new SessionEventsResolver()],
    [SecurityEventsResolver, new SecurityEventsResolver()],
  ]);
  const stepUp = services.mfaRequiredForRoles ?? [];
  return buildSchema({
    resolvers: [UserResolver, AuthResolver, SettingsResolver, AccountEmailResolver, SessionResolver, MfaResolver, SessionEventsResolver, SecurityEventsResolver],
    authChecker:
      services.permissions || stepUp.length > 0 ? createAuthChecker(services.permissions ?? defaultRolePermissions, stepUp) : authChecker,
    validate: false,
    pubSub: noTopics,
    container: { get: (someClass) => instances.get(someClass) },
  });
}

/**
 * type-graphql insists on a PubSub once a subscription exists, but ours bring their own stream (`subscribe`,
 * reading the socket's context): topics are never used, and using one would be a mistake.
 */
const noTopics: PubSub = {
  publish: () => {
    throw new Error('subscriptions publish through src/realtime, not type-graphql topics');
  },
  subscribe: () => {
    throw new Error('subscriptions publish through src/realtime, not type-graphql topics');
  },
};
