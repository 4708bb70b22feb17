import { Field, InputType } from 'type-graphql';

@InputType()
export class RegisterInput {
  @Field()
  email!: string;

  @Field({ description: 'At least 8 characters and at most 72 bytes (UTF-8).' })
  password!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;
}

@InputType()
export class LoginInput {
  @Field()
  email!: string;

  @Field()
  password!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The deviceToken this device got from its last login to this account: its logins then count on its own rate limit instead of the email\'s. Invalid, expired or another account\'s: ignored. In browser mode the device cookie is tried when this is absent or not valid.',
  })
  deviceToken?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description:
      '"Remember me". False: the session ends SESSION_SHORT_LIFETIME after sign-in (12 hours by default) instead of SESSION_MAX_LIFETIME, and in browser mode the refresh cookie is a browser-session cookie, gone when the browser closes.',
  })
  rememberMe?: boolean | null;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  currentPassword!: string;

  @Field()
  newPassword!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Required when two-factor authentication is on: a current TOTP code, or a recovery code.',
  })
  code?: string | null;
}
