import type { Clock } from '../lib/clock';

interface Entry<V> {
  value: V;
  /** Milliseconds since the epoch, on the injected clock; the entry is gone from then on. */
  expiresAt: number;
}

/**
 * A bounded map with least-recently-used eviction and a deadline per entry.
 * A Map keeps insertion order, so re-inserting on every hit makes its first key the least recently used.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();

  constructor(
    private readonly maxEntries: number,
    private readonly clock: Clock,
    /** Called for every entry that leaves: evicted, expired, deleted or cleared. */
    private readonly onRemove: (key: K, value: V) => void = () => undefined,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError('maxEntries must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores the value until expiresAt (ms); an entry already past its deadline is not stored. */
  set(key: K, value: V, expiresAt: number): void {
    if (expiresAt <= this.clock.now()) return;
    this.delete(key);
    this.entries.set(key, { value, expiresAt });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as K;
      this.delete(oldest);
    }
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.onRemove(key, entry.value);
  }

  clear(): void {
    for (const key of [...this.entries.keys()]) this.delete(key);
  }
}
