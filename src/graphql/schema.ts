import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import type { AuthService } from '../auth/auth.service';
import type { RolePermissions } from '../auth/permissions';
import type { UserService } from '../users/user.service';
import { authChecker, createAuthChecker } from './auth-checker';
import { AuthResolver } from './resolvers/auth.resolver';
import { SessionEventsResolver } from './resolvers/session-events.resolver';
import { SettingsResolver } from './resolvers/settings.resolver';
import { UserResolver } from './resolvers/user.resolver';
import type { AuthSettings } from './types/auth-settings.type';

export interface SchemaServices {
  auth: AuthService;
  users: UserService;
  settings: AuthSettings;
  /** ROLE_PERMISSIONS_FILE's mapping; the built-in one when absent. */
  permissions?: RolePermissions;
}

/** Builds the executable schema; resolvers get their services through this small container. */
export function createSchema(services: SchemaServices): Promise<GraphQLSchema> {
  const instances = new Map<unknown, unknown>([
    [AuthResolver, new AuthResolver(services.auth)],
    [UserResolver, new UserResolver(services.users)],
    [SettingsResolver, new SettingsResolver(services.settings)],
    [SessionEventsResolver, new SessionEventsResolver()],
  ]);
  return buildSchema({
    resolvers: [UserResolver, AuthResolver, SettingsResolver, SessionEventsResolver],
    authChecker: services.permissions ? createAuthChecker(services.permissions) : authChecker,
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
