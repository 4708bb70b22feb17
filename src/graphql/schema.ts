import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { AuthService } from '../auth/auth.service';
import type { UserService } from '../users/user.service';
import { authChecker } from './auth-checker';
import { AuthResolver } from './resolvers/auth.resolver';
import { UserResolver } from './resolvers/user.resolver';

export interface SchemaServices {
  auth: AuthService;
  users: UserService;
}

/** Builds the executable schema; resolvers get their services through this small container. */
export function createSchema(services: SchemaServices): Promise<GraphQLSchema> {
  const instances = new Map<unknown, unknown>([
    [AuthResolver, new AuthResolver(services.auth)],
    [UserResolver, new UserResolver(services.users)],
  ]);
  return buildSchema({
    resolvers: [UserResolver, AuthResolver],
    authChecker,
    validate: false,
    container: { get: (someClass) => instances.get(someClass) },
  });
}
