import jwt from 'jsonwebtoken';
import { jwkThumbprint } from '../../src/keys/jwk';
import { ecKeyPair, temporaryDirectory } from '../keys/support/key-material';
import { errorOf, ME, REGISTER, uniqueEmail } from '../support/operations';
import { useDeployments } from '../support/deployments';

// The three-step rotation of asymmetric keys over real HTTP, and the previous-key rules (issue 11) keyed by kid:
// a previous key's tokens are accepted only if issued before its retirement plus JWT_ROTATION_OVERLAP.
const tmp = temporaryDirectory('asymmetric-rotation');
afterAll(() => tmp.remove());
const [oldKey, newKey] = [ecKeyPair(), ecKeyPair()];
const files = {
  old: tmp.file('old.pem', oldKey.privatePem),
  oldPublic: tmp.file('old.pub.pem', oldKey.publicPem),
  new: tmp.file('new.pem', newKey.privatePem),
};
const ES256 = { JWT_ALGORITHM: 'ES256', JWT_ROTATION_OVERLAP: '5m' };
const INVALID = { code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' };

describe('rotating ES256 keys', () => {
  const deployments = useDeployments(ES256);
  const { deploy } = deployments;
  const register = async (server: Awaited<ReturnType<typeof deploy>>) =>
    (await server.gql(REGISTER, { input: { email: uniqueEmail(), password: 'correct horse battery' } })).body.data!.register;
  const meOf = async (server: Awaited<ReturnType<typeof deploy>>, token: string) => server.gql(ME, {}, token);

  test('next, promote, previous: old and new access tokens verify at every step', async () => {
    const step0 = await deploy({ JWT_PRIVATE_KEY_FILE: files.old });
    const early = await register(step0);
    // Step 1: the next key is published and accepted, it signs nothing yet.
    const step1 = await deploy({ JWT_PRIVATE_KEY_FILE: files.old, JWT_NEXT_PRIVATE_KEY_FILE: files.new });
    const during = await register(step1);
    expect(jwt.decode(during.accessToken, { complete: true })!.header.kid).toBe(jwkThumbprint(oldKey.publicKey));
    // Step 2: promoted; the old key is previous (its public half only).
    const step2 = await deploy({ JWT_PRIVATE_KEY_FILE: files.new, JWT_PREVIOUS_PUBLIC_KEY_FILES: files.oldPublic });
    const late = await register(step2);
    expect(jwt.decode(late.accessToken, { complete: true })!.header.kid).toBe(jwkThumbprint(newKey.publicKey));
    // A step-1 instance (new key as next) accepts the promoted key's tokens; the step-2 one the old key's.
    expect((await meOf(step1, late.accessToken)).body.data?.me.id).toBe(late.user.id);
    expect((await meOf(step2, early.accessToken)).body.data?.me.id).toBe(early.user.id);
    // Refresh tokens never depended on the published keys: they still rotate after the promotion.
    expect((await step2.gql('mutation R($t: String) { refresh(refreshToken: $t) { accessToken } }', { t: early.refreshToken })).body.data?.refresh.accessToken).toEqual(expect.any(String));
    // Step 3: the previous key is dropped; its tokens are refused.
    const step3 = await deploy({ JWT_PRIVATE_KEY_FILE: files.new });
    expect(errorOf(await meOf(step3, early.accessToken)).extensions).toEqual(INVALID);
  });

  test('a previous key is retired by kid: what it signs after retirement plus the overlap is refused', async () => {
    const retiredAt = Math.floor(deployments.clock.now() / 1000);
    const user = await register(await deploy({ JWT_PRIVATE_KEY_FILE: files.new, JWT_PREVIOUS_PUBLIC_KEY_FILES: files.oldPublic }));
    const claims = jwt.decode(user.accessToken) as Record<string, unknown>;
    const signWithOld = (iat: number) =>
      jwt.sign({ ...claims, iat, exp: iat + 14 * 60 }, oldKey.privateKey, { algorithm: 'ES256', keyid: jwkThumbprint(oldKey.publicKey), header: { alg: 'ES256', typ: 'at+jwt' } });
    deployments.clock.advanceSeconds(10 * 60);
    // A later start must not move the retirement: it is the first start's, for every instance.
    const later = await deploy({ JWT_PRIVATE_KEY_FILE: files.new, JWT_PREVIOUS_PUBLIC_KEY_FILES: files.oldPublic });
    expect((await meOf(later, signWithOld(retiredAt + 4 * 60))).body.data?.me.id).toBe(user.user.id);
    expect(errorOf(await meOf(later, signWithOld(retiredAt + 6 * 60))).extensions).toEqual(INVALID);
  });
});
