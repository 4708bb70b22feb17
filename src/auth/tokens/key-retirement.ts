import type { Config } from '../../config/config';
import type { Clock } from '../../lib/clock';
import type { Stores } from '../../stores/stores';
import { keyFingerprint } from './jwt.backend';

/** When each previous signing key was retired: by fingerprint for a secret (see keyFingerprint), by kid for an asymmetric key. */
export type KeyRetirements = ReadonlyMap<string, Date>;

/**
 * Run once at start-up, before the first request: the current key loses any retirement record (it signs
 * again), and each key in JWT_PREVIOUS_SECRETS gets one unless it has one already, so the first start that
 * listed it fixes its retirement time for every later start and every instance. The TokenService refuses
 * tokens a previous key signed after its retirement plus JWT_ROTATION_OVERLAP.
 */
export async function prepareKeyRing(stores: Pick<Stores, 'signingKeys'>, config: Config, clock: Clock): Promise<KeyRetirements> {
  const now = new Date(clock.now());
  // An asymmetric kid is the key's own thumbprint (RFC 7638): every instance names it alike, and it reveals nothing.
  const ring = config.jwt.signingKeys?.ring;
  const currentIds = [keyFingerprint(config.jwt.secret), ...(ring ? [ring.current.kid] : [])];
  const previousIds = [...config.jwt.previousSecrets.map(keyFingerprint), ...(ring?.previous.map((key) => key.kid) ?? [])];
  for (const keyId of currentIds) await stores.signingKeys.forgetRetirement(keyId);
  const retirements = await Promise.all(
    previousIds.map(async (keyId): Promise<[string, Date]> => [keyId, await stores.signingKeys.recordRetirement(keyId, now)]),
  );
  return new Map(retirements);
}
