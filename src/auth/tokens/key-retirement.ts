import type { Config } from '../../config/config';
import type { Clock } from '../../lib/clock';
import type { Stores } from '../../stores/stores';
import { keyFingerprint } from './jwt.backend';

/** When each previous signing key was retired, by key fingerprint (see keyFingerprint). */
export type KeyRetirements = ReadonlyMap<string, Date>;

/**
 * Run once at start-up, before the first request: the current key loses any retirement record (it signs
 * again), and each key in JWT_PREVIOUS_SECRETS gets one unless it has one already, so the first start that
 * listed it fixes its retirement time for every later start and every instance. The TokenService refuses
 * tokens a previous key signed after its retirement plus JWT_ROTATION_OVERLAP.
 */
export async function prepareKeyRing(stores: Pick<Stores, 'signingKeys'>, config: Config, clock: Clock): Promise<KeyRetirements> {
  const now = new Date(clock.now());
  await stores.signingKeys.forgetRetirement(keyFingerprint(config.jwt.secret));
  const retirements = await Promise.all(
    config.jwt.previousSecrets.map(async (secret): Promise<[string, Date]> => {
      const keyId = keyFingerprint(secret);
      return [keyId, await stores.signingKeys.recordRetirement(keyId, now)];
    }),
  );
  return new Map(retirements);
}
