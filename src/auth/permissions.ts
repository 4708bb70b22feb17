import { ALL_ROLES, type Role, ROLES } from './roles';

/**
 * What each role may do, in one place. A permission is `<resource>:<action>`: `profile:*` is the caller's own
 * account, `users:*` and `sessions:*` are every user's. Tokens carry them as the `scope` claim, for other
 * services (Apollo Router's @requiresScopes reads it); tokengate itself decides from the stored user's roles.
 */
export const PERMISSIONS = {
  /** The caller's own account: `me`, the caller's sessions. */
  PROFILE_READ: 'profile:read',
  /** Change the caller's own account: password, name, own sessions. */
  PROFILE_WRITE: 'profile:write',
  /** Any user: `users`, `user`. */
  USERS_READ: 'users:read',
  /** Change any user: `setUserRoles`. */
  USERS_WRITE: 'users:write',
  /** Any user's sessions. */
  SESSIONS_READ: 'sessions:read',
  /** End any user's sessions. */
  SESSIONS_WRITE: 'sessions:write',
} as const;
export type BuiltInPermission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];

/**
 * The syntax of every permission, built-in or added by ROLE_PERMISSIONS_FILE for other services
 * (`notes:write`). Roles are upper case without a colon, so a string tells which of the two it is.
 */
export const PERMISSION_SYNTAX = /^[a-z][a-z0-9_-]{0,31}:[a-z][a-z0-9_-]{0,31}$/;
export const isPermissionName = (value: string): boolean => PERMISSION_SYNTAX.test(value);

export type RolePermissionMap = Readonly<Record<Role, readonly string[]>>;

const { PROFILE_READ, PROFILE_WRITE, USERS_READ, USERS_WRITE, SESSIONS_READ, SESSIONS_WRITE } = PERMISSIONS;

export const DEFAULT_ROLE_PERMISSIONS: RolePermissionMap = Object.freeze({
  [ROLES.USER]: Object.freeze([PROFILE_READ, PROFILE_WRITE]),
  [ROLES.ADMIN]: Object.freeze([PROFILE_READ, PROFILE_WRITE, USERS_READ, USERS_WRITE, SESSIONS_READ, SESSIONS_WRITE]),
});

/** Role → permissions, from the defaults or from ROLE_PERMISSIONS_FILE (see role-permissions.file.ts). */
export class RolePermissions {
  readonly #byRole: ReadonlyMap<string, readonly string[]>;

  constructor(map: RolePermissionMap = DEFAULT_ROLE_PERMISSIONS) {
    this.#byRole = new Map(ALL_ROLES.map((role) => [role, [...new Set(map[role])].sort()]));
  }

  /** Every permission any of the roles grants, sorted, each once. A role this version does not know grants nothing. */
  permissionsOf(roles: readonly string[]): string[] {
    return [...new Set(roles.flatMap((role) => this.#byRole.get(role) ?? []))].sort();
  }

  /** The `scope` claim (RFC 8693 §4.2, RFC 9068 §2.2.3): the permissions, space-separated. */
  scopeOf(roles: readonly string[]): string {
    return this.permissionsOf(roles).join(' ');
  }

  hasPermission(roles: readonly string[], permission: string): boolean {
    return roles.some((role) => this.#byRole.get(role)?.includes(permission) ?? false);
  }
}

/** The built-in mapping, for code that runs without configuration (tests, scripts). */
export const defaultRolePermissions = new RolePermissions();
export const permissionsOf = (roles: readonly string[]): string[] => defaultRolePermissions.permissionsOf(roles);
export const scopeOf = (roles: readonly string[]): string => defaultRolePermissions.scopeOf(roles);
