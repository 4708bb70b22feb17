import { Field, Int, ObjectType } from 'type-graphql';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARACTERS } from '../../auth/passwords/password.policy';
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

  @Field(() => Int, { description: 'Longest accepted password, in UTF-8 bytes after NFKC normalisation.' })
  passwordMaxBytes!: number;

  static from(config: Pick<Config, 'jwt' | 'http'>): AuthSettings {
    return Object.assign(new AuthSettings(), {
      tokenType: 'Bearer',
      accessTokenTtl: config.jwt.accessTokenTtlSeconds,
      refreshTokenTtl: config.jwt.refreshTokenTtlSeconds,
      refreshTokenCookie: config.http.refreshTokenCookie,
      passwordMinCharacters: PASSWORD_MIN_CHARACTERS,
      passwordMaxBytes: PASSWORD_MAX_BYTES,
    });
  }
}
