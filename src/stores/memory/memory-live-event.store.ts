import type { Clock } from '../../lib/clock';
import type { LiveEventRecord, LiveEventStore } from '../live-event.store';

/** Events in `at` order; the poll reads the tail, expired ones are dropped as new ones arrive. */
export class MemoryLiveEventStore implements LiveEventStore {
  private events: LiveEventRecord[] = [];

  constructor(private readonly clock: Clock) {}

  async append(event: LiveEventRecord): Promise<void> {
    const now = this.clock.now();
    // Plays the part of MongoDB's TTL monitor: memory stays bounded by the live events.
    if (this.events.length > 0 && this.events[0].expiresAt.getTime() <= now) {
      this.events = this.events.filter((stored) => stored.expiresAt.getTime() > now);
    }
    const copy = copyOf(event);
    // Almost always an append; a clock set back (tests) inserts in place.
    let index = this.events.length;
    while (index > 0 && this.events[index - 1].at.getTime() > copy.at.getTime()) index--;
    this.events.splice(index, 0, copy);
  }

  async since(since: Date): Promise<LiveEventRecord[]> {
    const from = since.getTime();
    const now = this.clock.now();
    const found: LiveEventRecord[] = [];
    for (let i = this.events.length - 1; i >= 0 && this.events[i].at.getTime() >= from; i--) {
      if (this.events[i].expiresAt.getTime() > now) found.push(copyOf(this.events[i]));
    }
    return found.reverse();
  }
}

/** Events go in and out as copies, as they would through a database (all plain strings and dates). */
const copyOf = (event: LiveEventRecord): LiveEventRecord => ({ ...event, at: new Date(event.at.getTime()), expiresAt: new Date(event.expiresAt.getTime()) });
