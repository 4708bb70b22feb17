import { PASSWORD_HASH_ALGORITHMS, type PasswordHashAlgorithm } from '../../config/password-hash.config';
import type { UserStore } from '../../stores/user.store';
import { HASH_PREFIXES } from './hash-format';

/** How often the store is asked again whether hashes of another algorithm remain (a full scan on MongoDB). */
export const CENSUS_INTERVAL_MS = 10 * 60_000;

type CensusStore = Pick<UserStore, 'hasPasswordHashWithPrefix'>;

/**
 * Which hash algorithms stored passwords use: the configured one, plus any other that some stored hash still
 * uses (bcrypt hashes not yet upgraded at login). A login pays for every algorithm in play, so that while bcrypt
 * hashes remain an unknown email costs what such an account costs. Errs towards "in play": a store that cannot
 * answer, or a hash seen at login that the last census missed, counts as present.
 */
export class StoredHashCensus {
  private readonly others: Map<PasswordHashAlgorithm, { present: boolean; checkedAt: number }> = new Map();
  private pending: Promise<void> | undefined;
  private taken = false;

  constructor(
    private readonly users: CensusStore,
    private readonly configured: PasswordHashAlgorithm,
    private readonly now: () => number = Date.now,
  ) {}

  /** The algorithms a login must pay for. The first call waits for the store's answer; later ones refresh in the background. */
  async algorithmsInPlay(): Promise<ReadonlySet<PasswordHashAlgorithm>> {
    const due = !this.taken || [...this.others.values()].some((s) => this.now() - s.checkedAt >= CENSUS_INTERVAL_MS);
    if (due) this.pending ??= this.take().finally(() => (this.pending = undefined));
    if (!this.taken) await this.pending;
    const inPlay = new Set<PasswordHashAlgorithm>([this.configured]);
    for (const [algorithm, state] of this.others) if (state.present) inPlay.add(algorithm);
    return inPlay;
  }

  /** A login found a hash of this algorithm: it is in play now, whatever the last census said. */
  saw(algorithm: PasswordHashAlgorithm): void {
    if (algorithm === this.configured) return;
    const state = this.others.get(algorithm);
    if (state) state.present = true;
    else this.others.set(algorithm, { present: true, checkedAt: this.now() });
  }

  private async take(): Promise<void> {
    const others = PASSWORD_HASH_ALGORITHMS.filter((algorithm) => algorithm !== this.configured);
    await Promise.all(
      others.map(async (algorithm) => {
        let present = true;
        try {
          present = await this.users.hasPasswordHashWithPrefix(HASH_PREFIXES[algorithm]);
        } catch {
          // Unknown: pay for it until the next census.
        }
        this.others.set(algorithm, { present, checkedAt: this.now() });
      }),
    );
    this.taken = true;
  }
}
