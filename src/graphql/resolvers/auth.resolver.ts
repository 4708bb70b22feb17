import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AuthService, Caller } from '../../auth/auth.service';
import { badUserInput } from '../../errors/api-errors';
import type { RequestContext } from '../context.type';
import { AuthPayload } from '../types/auth-payload.type';
import { ChangePasswordInput, LoginInput, RegisterInput } from '../types/auth.inputs';

/** @Authorized() has run before these bodies, so a caller is present. */
const callerOf = (context: RequestContext): Caller => context.caller as Caller;

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => AuthPayload)
  async register(@Arg('input') input: RegisterInput): Promise<AuthPayload> {
    return AuthPayload.from(await this.auth.register(input));
  }

  @Mutation(() => AuthPayload)
  async login(@Arg('input') input: LoginInput): Promise<AuthPayload> {
    return AuthPayload.from(await this.auth.login(input));
  }

  @Mutation(() => AuthPayload, { description: 'Spends the refresh token and returns a new pair.' })
  async refresh(
    @Arg('refreshToken', () => String, { nullable: true }) refreshToken: string | null,
  ): Promise<AuthPayload> {
    if (!refreshToken) throw badUserInput('refreshToken', 'refreshToken is required');
    return AuthPayload.from(await this.auth.refresh(refreshToken));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Revokes the current access token and the given refresh token.' })
  async logout(
    @Ctx() context: RequestContext,
    @Arg('refreshToken', () => String, { nullable: true }) refreshToken: string | null,
  ): Promise<boolean> {
    await this.auth.logout(callerOf(context), refreshToken);
    return true;
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Revokes every token of the user, on every device.' })
  async logoutAll(@Ctx() context: RequestContext): Promise<boolean> {
    await this.auth.logoutAll(callerOf(context));
    return true;
  }

  @Authorized()
  @Mutation(() => AuthPayload, { description: 'Revokes every other token of the user and returns a fresh pair.' })
  async changePassword(
    @Ctx() context: RequestContext,
    @Arg('input') input: ChangePasswordInput,
  ): Promise<AuthPayload> {
    return AuthPayload.from(await this.auth.changePassword(callerOf(context), input));
  }
}
