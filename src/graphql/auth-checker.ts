import type { AuthChecker } from 'type-graphql';
import { defaultRolePermissions, isPermissionName, type RolePermissions } from '../auth/permissions';
import { authenticationRequired, forbidden } from '../errors/api-errors';
import type { RequestContext } from './context.type';

/**
 * Roles come from the user as loaded for this request, never from the token's `roles` or `scope` claim,
 * so a demoted admin loses access on the very next request. A required string in the permission syntax
 * (`users:read`) is a permission, granted by any of the user's roles (ROLE_PERMISSIONS_FILE); anything
 * else is a role. Any one requirement met is enough, as type-graphql's roles are.
 */
export function createAuthChecker(permissions: RolePermissions): AuthChecker<RequestContext> {
  return ({ context }, required) => {
    const user = context.caller?.user;
    if (!user) throw authenticationRequired();
    const meets = (requirement: string): boolean =>
      isPermissionName(requirement) ? permissions.hasPermission(user.roles, requirement) : user.roles.includes(requirement);
    if (required.length > 0 && !required.some(meets)) throw forbidden();
    return true;
  };
}

/** With the built-in role permissions: for schemas built without configuration (the SDL script, tests). */
export const authChecker = createAuthChecker(defaultRolePermissions);
