import { GraphQLError } from 'graphql';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AuthService, Caller, Session } from '../../auth/auth.service';
import { badUserInput } from '../../errors/api-errors';
import type { RequestContext } from '../context.type';
import { AuthPayload } from '../types/auth-payload.type';
import { ChangePasswordInput, LoginInput, RegisterInput } from '../types/auth.inputs';

/** @Authorized() has run before these bodies, so a caller is present. */
const callerOf = (context: RequestContext): Caller => context.caller as Caller;

/** In browser mode the refresh token goes into the HttpOnly cookie and never into the body scripts read. */
function payloadOf(session: Session, context: RequestContext): AuthPayload {
  const payload = AuthPayload.from(session);
  if (context.refreshCookie) {
    context.refreshCookie.set(session.pair.refreshToken);
    payload.refreshToken = null;
  }
  return payload;
}

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
    const token = refreshToken || context.refreshCookie?.read();
    if (!token) throw badUserInput('refreshToken', 'refreshToken is required');
    try {
      return payloadOf(await this.auth.refresh(token, context.request), context);
    } catch (error) {
      // A refused refresh token is dead for good: the browser should stop sending it.
      if (error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED') context.refreshCookie?.clear();
      throw error;
    }
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Revokes the current access token and the given refresh token.' })
  async logout(
    @Ctx() context: RequestContext,
    @Arg('refreshToken', () => String, { nullable: true }) refreshToken: string | null,
  ): Promise<boolean> {
    const cookieToken = refreshToken ? undefined : context.refreshCookie?.read();
    context.refreshCookie?.clear();
    try {
      await this.auth.logout(callerOf(context), refreshToken || cookieToken, context.request);
    } catch (error) {
      // A stale or foreign cookie must not keep the caller signed in: it is cleared, the access token still revoked.
      if (!cookieToken || !(error instanceof GraphQLError) || error.extensions.code !== 'BAD_USER_INPUT') throw error;
      await this.auth.logout(callerOf(context), null, context.request);
    }
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
