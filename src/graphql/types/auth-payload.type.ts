import { Field, Int, ObjectType } from 'type-graphql';
import type { Session } from '../../auth/auth.service';
import { User } from './user.type';

@ObjectType({ description: 'A fresh token pair and the user it belongs to.' })
export class AuthPayload {
  @Field({ description: 'Send as `Authorization: Bearer <accessToken>`.' })
  accessToken!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Single use: each refresh returns a new one. Null in browser mode, where it travels in an HttpOnly cookie.',
  })
  refreshToken!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Opaque. Proves this device completed a login to this account; send it back as LoginInput.deviceToken so that a stranger guessing passwords for the email cannot lock this device out. Not a credential. Set by register, login and changePassword (keep the latest); null from refresh, and null in browser mode, where it travels in an HttpOnly cookie.',
  })
  deviceToken!: string | null;

  @Field({ description: 'Always "Bearer".' })
  tokenType!: string;

  @Field(() => Int, { description: 'Seconds until the access token expires.' })
  expiresIn!: number;

  @Field(() => User)
  user!: User;

  static from(session: Session): AuthPayload {
    return Object.assign(new AuthPayload(), {
      accessToken: session.pair.accessToken,
      refreshToken: session.pair.refreshToken,
      deviceToken: session.deviceToken ?? null,
      tokenType: 'Bearer',
      expiresIn: session.pair.expiresIn,
      user: User.from(session.user),
    });
  }
}
