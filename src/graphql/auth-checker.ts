import type { AuthChecker } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { defaultRolePermissions, isPermissionName, type RolePermissions } from '../auth/permissions';
import { authenticationRequired, forbidden, mfaEnrollmentRequired, stepUpRequired } from '../errors/api-errors';
import { isMfaEnabled } from '../mfa/mfa-state';
import type { RequestContext } from './context.type';

/**
 * What a holder of an MFA_REQUIRED_FOR_ROLES role may still do before enrolling in 2FA: see who they are,
 * sign out, and enrol. `mySessions` belongs to the sessions feature (listed here so it is allowed once it lands).
 */
export const ALLOWED_BEFORE_MFA_ENROLLMENT: ReadonlySet<string> = new Set([
  'Query.me',
  'Query.authSettings',
  'Query.mySessions',
  'Mutation.logout',
  'Mutation.logoutAll',
  'Mutation.beginTotpEnrollment',
  'Mutation.confirmTotpEnrollment',
]);

/**
 * Roles come from the user as loaded for this request, never from the token's `roles` or `scope` claim,
 * so a demoted admin loses access on the very next request. A required string in the permission syntax
 * (`users:read`) is a permission, granted by any of the user's roles (ROLE_PERMISSIONS_FILE); anything
 * else is a role. Any one requirement met is enough, as type-graphql's roles are.
 *
 * Step-up, declared here once: a user holding a role of `mfaRequiredForRoles` without 2FA may only call the
 * fields above (MFA_ENROLLMENT_REQUIRED); with 2FA, a field that only such a role grants them needs a session
 * whose amr has "otp" (MFA_REQUIRED; verifyMfa raises a session).
 */
export function createAuthChecker(permissions: RolePermissions, mfaRequiredForRoles: readonly string[] = []): AuthChecker<RequestContext> {
  const stepUpRoles = new Set(mfaRequiredForRoles);
  return ({ context, info }, required) => {
    const user = context.caller?.user;
    if (!user) throw authenticationRequired();
    const metBy = (roles: readonly string[]) => (requirement: string): boolean =>
      isPermissionName(requirement) ? permissions.hasPermission(roles, requirement) : roles.includes(requirement);
    if (required.length > 0 && !required.some(metBy(user.roles))) throw forbidden();
    if (stepUpRoles.size === 0 || !user.roles.some((role) => stepUpRoles.has(role))) return true;
    if (!isMfaEnabled(user)) {
      if (!ALLOWED_BEFORE_MFA_ENROLLMENT.has(fieldOf(info))) throw mfaEnrollmentRequired();
      return true;
    }
    // The role's own operations: those the user's other roles would not grant.
    const otherRoles = user.roles.filter((role) => !stepUpRoles.has(role));
    const roleOperation = required.length > 0 && !required.some(metBy(otherRoles));
    if (roleOperation && !context.caller?.token.amr?.includes('otp')) throw stepUpRequired();
    return true;
  };
}

const fieldOf = (info: GraphQLResolveInfo): string => `${info.parentType.name}.${info.fieldName}`;

/** With the built-in role permissions: for schemas built without configuration (the SDL script, tests). */
export const authChecker = createAuthChecker(defaultRolePermissions);
