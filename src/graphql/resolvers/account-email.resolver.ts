import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Caller } from '../../auth/auth.service';
import type { AccountEmail } from '../../mail/account-email';
import type { RequestContext } from '../context.type';
import { AuthPayload } from '../types/auth-payload.type';
import { User } from '../types/user.type';
import { payloadOf } from './auth.resolver';

/** The account lifecycle by email: verification, password reset, email change. Links carry the proof. */
@Resolver()
export class AccountEmailResolver {
  constructor(private readonly account: AccountEmail) {}

  @Mutation(() => Boolean, {
    description: 'Mails a new verification link to the address when it has an unverified account. Always true, in the same time, whatever the address.',
  })
  sendVerificationEmail(@Ctx() context: RequestContext, @Arg('email') email: string): boolean {
    this.account.verification.request(email, context.request);
    return true;
  }

  @Mutation(() => User, { description: 'Opens the link of a verification mail: the address is verified. The link is the proof; no sign-in needed.' })
  async verifyEmail(@Ctx() context: RequestContext, @Arg('token') token: string): Promise<User> {
    return User.from(await this.account.verification.verify(token, context.request));
  }

  @Mutation(() => Boolean, {
    description: 'Mails a password-reset link to the address when it has an account. Always true, in the same time, whatever the address.',
  })
  requestPasswordReset(@Ctx() context: RequestContext, @Arg('email') email: string): boolean {
    this.account.passwordReset.request(email, context.request);
    return true;
  }

  @Mutation(() => AuthPayload, {
    description: 'Sets a new password with the link of a reset mail: every session ends, the address counts as verified, and this signs in.',
  })
  async resetPassword(
    @Ctx() context: RequestContext,
    @Arg('token') token: string,
    @Arg('newPassword') newPassword: string,
  ): Promise<AuthPayload> {
    return payloadOf(await this.account.passwordReset.reset(token, newPassword, context.request), context);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: 'Mails a confirmation link to the new address (none when it is taken: the answer is the same) and a notice to the current one. With 2FA on, `code` is required.',
  })
  async requestEmailChange(
    @Ctx() context: RequestContext,
    @Arg('newEmail') newEmail: string,
    @Arg('currentPassword') currentPassword: string,
    @Arg('code', () => String, { nullable: true, description: 'With 2FA on: a current code from the authenticator app, or a recovery code.' })
    code?: string | null,
  ): Promise<boolean> {
    await this.account.emailChange.request(context.caller as Caller, { newEmail, currentPassword, code }, context.request);
    return true;
  }

  @Mutation(() => User, {
    description: 'Opens the link of an email-change mail: the account moves to the new address (verified); every session but the one that asked ends.',
  })
  async confirmEmailChange(@Ctx() context: RequestContext, @Arg('token') token: string): Promise<User> {
    return User.from(await this.account.emailChange.confirm(token, context.request));
  }
}
