import type { AuthChecker } from 'type-graphql';
import { authenticationRequired, forbidden } from '../errors/api-errors';
import type { RequestContext } from './context.type';

/**
 * Roles come from the user as loaded for this request, never from the token's `roles` claim,
 * so a demoted admin loses access on the very next request.
 */
export const authChecker: AuthChecker<RequestContext> = ({ context }, requiredRoles) => {
  const user = context.caller?.user;
  if (!user) throw authenticationRequired();
  if (requiredRoles.length > 0 && !requiredRoles.some((role) => user.roles.includes(role))) throw forbidden();
  return true;
};
