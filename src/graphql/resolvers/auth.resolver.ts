import { GraphQLError } from 'graphql';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AuthService, Caller, Session } from '../../auth/auth.service';
import { badUserInput } from '../../errors/api-errors';
import type { RequestContext } from '../context.type';
import { AuthPayload } from '../types/auth-payload.type';
import { ChangePasswordInput, LoginInput, RegisterInput } from '../types/auth.inputs';

/** @Authorized() has run before these bodies, so a caller is present. */
const callerOf = (context: RequestContext): Caller => context.caller as Caller;

/** In browser mode the refresh and device tokens go into HttpOnly cookies and never into the body scripts read. */
export function payloadOf(session: Session, context: RequestContext): AuthPayload {
  const payload = AuthPayload.from(session);
  if (context.refreshCookie) {
    context.refreshCookie.set(session.pair.refreshToken);
    payload.refreshToken = null;
  }
  if (context.deviceCookie) {
    // Each completed login overwrites it; refresh issues none and leaves it alone.
    if (session.deviceToken) context.deviceCookie.set(session.deviceToken);
    payload.deviceToken = null;
  }
  return payload;
}

const isCode = (error: unknown, code: string): boolean => error instanceof GraphQLError && error.extensions.code === code;

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => AuthPayload)
  async register(@Ctx() context: RequestContext, @Arg('input') input: RegisterInput): Promise<AuthPayload> {
    return payloadOf(await this.auth.register(input, context.request), context);
  }

  @Mutation(() => AuthPayload)
  async login(@Ctx() context: RequestContext, @Arg('input') input: LoginInput): Promise<AuthPayload> {
    return payloadOf(await this.auth.login(input, context.request), context);
  }

  @Mutation(() => AuthPayload, { description: 'Spends the refresh token and returns a new pair.' })
  async refresh(
    @Ctx() context: RequestContext,
    @Arg('refreshToken', () => String, { nullable: true }) refreshToken: string | null,
  ): Promise<AuthPayload> {
    // Read (and a doubled cookie refused) even when the argument is given: such a request is an attack.
    const cookieToken = context.refreshCookie?.read();
    const fromCookie = !refreshToken && cookieToken !== undefined;
    const token = refreshToken || cookieToken;
    if (!token) throw badUserInput('refreshToken', 'refreshToken is required');
    try {
      return payloadOf(await this.auth.refresh(token, context.request), context);
    } catch (error) {
      // A refused cookie is dead for good: the browser should stop sending it. A refused argument says
      // nothing about the cookie, which stays (else any bogus argument would sign the tab out).
      if (fromCookie && isCode(error, 'UNAUTHENTICATED')) context.refreshCookie?.clear();
      throw error;
    }
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Revokes the current access token and the given refresh token.' })
  async logout(
    @Ctx() context: RequestContext,
    @Arg('refreshToken', () => String, { nullable: true }) refreshToken: string | null,
  ): Promise<boolean> {
    // A doubled cookie refuses the logout before anything is revoked, as it does refresh.
    const cookieToken = context.refreshCookie?.read();
    const fromCookie = refreshToken ? undefined : cookieToken;
    try {
      await this.auth.logout(callerOf(context), refreshToken || fromCookie, context.request);
    } catch (error) {
      // A stale or foreign cookie must not keep the caller signed in: the access token is revoked all the
      // same and the cookie cleared below. A refused argument fails the logout and leaves the cookie alone.
      if (!fromCookie || !isCode(error, 'BAD_USER_INPUT')) throw error;
      await this.auth.logout(callerOf(context), null, context.request);
    }
    context.refreshCookie?.clear();
    return true;
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Revokes every token of the user, on every device.' })
  async logoutAll(@Ctx() context: RequestContext): Promise<boolean> {
    await this.auth.logoutAll(callerOf(context), context.request);
    return true;
  }

  @Authorized()
  @Mutation(() => AuthPayload, { description: 'Revokes every token of the user issued before, the calling one included, and returns a fresh pair.' })
  async changePassword(
    @Ctx() context: RequestContext,
    @Arg('input') input: ChangePasswordInput,
  ): Promise<AuthPayload> {
    return payloadOf(await this.auth.changePassword(callerOf(context), input, context.request), context);
  }
}
