import { Field, Int, ObjectType } from 'type-graphql';
import { maxNewPasswordBytes } from '../../auth/passwords/hash-limits';
import { PASSWORD_MIN_CHARACTERS } from '../../auth/passwords/password.policy';
import type { Config } from '../../config/config';

@ObjectType({ description: 'How this server issues tokens and checks passwords: public, for building clients and sign-in forms.' })
export class AuthSettings {
  @Field({ description: 'The Authorization scheme to send: always "Bearer".' })
  tokenType!: string;

  @Field(() => Int, { description: 'Lifetime of an access token, in seconds.' })
  accessTokenTtl!: number;

  @Field(() => Int, { description: 'Lifetime of a refresh token, in seconds.' })
  refreshTokenTtl!: number;

  @Field({
    description:
      'True in browser mode: the refresh token travels in an HttpOnly cookie, AuthPayload.refreshToken is null, ' +
      'and refresh is called without its argument (with credentials).',
  })
  refreshTokenCookie!: boolean;

  @Field(() => Int, { description: 'Shortest accepted password, in characters (Unicode code points, counted as typed).' })
  passwordMinCharacters!: number;

  @Field(() => Int, {
    description:
      'Longest accepted new password (register, changePassword), in UTF-8 bytes after NFKC normalisation: 1024 with ' +
      'Argon2id (the default), 72 with bcrypt (PASSWORD_HASH). At login, a password stored earlier keeps the limit of ' +
      'the algorithm it is stored with.',
  })
  passwordMaxBytes!: number;

  static from(config: Pick<Config, 'jwt' | 'http' | 'passwordHash'>): AuthSettings {
    return Object.assign(new AuthSettings(), {
      tokenType: 'Bearer',
      accessTokenTtl: config.jwt.accessTokenTtlSeconds,
      refreshTokenTtl: config.jwt.refreshTokenTtlSeconds,
      refreshTokenCookie: config.http.refreshTokenCookie,
      passwordMinCharacters: PASSWORD_MIN_CHARACTERS,
      passwordMaxBytes: maxNewPasswordBytes(config.passwordHash.algorithm),
    });
  }
}
