import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterMongo, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimit, RateLimitName } from '../config/http-security.config';
import type { MfaRateLimitName } from '../config/mfa.config';
import { auditRateLimited } from '../audit/audit-log';
import type { RequestInfo } from '../lib/request-context';
import { tooManyRequests } from '../errors/api-errors';
import type { Logger } from '../lib/logger';
import type { Stores } from '../stores/stores';
import { normalizeEmail } from '../users/user.input-rules';
import { StoreUnavailableError } from './store-outage';

/** The HTTP limits and the wrong-code limits of 2FA (mfa.config.ts). */
export type LimitName = RateLimitName | MfaRateLimitName;

/** One collection for every limiter: keys carry the limiter's name as prefix. */
const MONGO_COLLECTION = 'rate_limits';

/** Emails are normalised as the users store does, then hashed: the counters never hold personal data. */
export const emailKey = (email: string): string => createHash('sha256').update(normalizeEmail(email)).digest('base64url');

/**
 * The API's rate limits. Counters live in MongoDB when the store is MongoDB (so every instance shares them),
 * in memory otherwise. rate-limiter-flexible keeps real time, not the server's Clock.
 */
export class RateLimits {
  private constructor(
    private readonly limiters: ReadonlyMap<LimitName, RateLimiterAbstract>,
    private readonly logger: Logger,
  ) {}

  static async create(
    limits: Readonly<Partial<Record<LimitName, RateLimit | undefined>>>,
    stores: Stores,
    logger: Logger,
  ): Promise<RateLimits> {
    const limiters = new Map<LimitName, RateLimiterAbstract>();
    for (const [name, limit] of Object.entries(limits) as Array<[LimitName, RateLimit | undefined]>) {
      if (!limit) continue;
      const options = { keyPrefix: name, points: limit.points, duration: limit.durationSeconds };
      if (stores.mongo) {
        const limiter = new RateLimiterMongo({
          ...options,
          storeClient: stores.mongo.client,
          dbName: stores.mongo.dbName,
          tableName: MONGO_COLLECTION,
          // Created below and awaited, so a failure stops the start instead of being printed and ignored.
          disableIndexesCreation: true,
        });
        await limiter.createIndexes();
        limiters.set(name, limiter);
      } else {
        limiters.set(name, new RateLimiterMemory(options));
      }
    }
    return new RateLimits(limiters, logger);
  }

  /** Spends one attempt; throws TOO_MANY_REQUESTS over the limit, StoreUnavailableError when counters fail. */
  async consume(name: LimitName, key: string, request?: RequestInfo): Promise<void> {
    const limiter = this.limiters.get(name);
    if (!limiter) return;
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) this.refuse(name, key, rejection, request);
      // Counters that cannot be read must not become unlimited attempts: fail closed.
      throw new StoreUnavailableError(rejection);
    }
  }

  private refuse(name: LimitName, key: string, counted: RateLimiterRes, request?: RequestInfo): never {
    // The key is an ip prefix, a user id, a device token's id or an email hash: never the email or a token.
    auditRateLimited(this.logger, { limit: name, key }, request);
    throw tooManyRequests(Math.max(1, Math.ceil(counted.msBeforeNext / 1000)));
  }

  /**
   * For limits that count only some outcomes (penalize after the fact): throws TOO_MANY_REQUESTS once the
   * key has used up its attempts, without spending one.
   */
  async check(name: LimitName, key: string, request?: RequestInfo): Promise<void> {
    const limiter = this.limiters.get(name);
    if (!limiter) return;
    let counted: RateLimiterRes | null;
    try {
      counted = await limiter.get(key);
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
    if (counted && counted.consumedPoints >= limiter.points) this.refuse(name, key, counted, request);
  }

  /** Counts one attempt that ended the way this limit is about (e.g. a register refused as taken). */
  async penalize(name: LimitName, key: string): Promise<void> {
    try {
      await this.limiters.get(name)?.penalty(key, 1);
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
  }

  /**
   * Gives back one attempt that consume spent, when the attempt turned out not to count. A window that
   * ended meanwhile is left alone (it starts from zero anyway); a failure leaves the attempt spent (fail closed).
   */
  async refund(name: LimitName, key: string): Promise<void> {
    const limiter = this.limiters.get(name);
    if (!limiter) return;
    try {
      const counted = await limiter.get(key);
      if (counted && counted.consumedPoints > 0) await limiter.reward(key, 1);
    } catch {
      // The attempt stays counted.
    }
  }

  /** Forgets the attempts counted for a key (a successful login clears its email's failures). */
  async reset(name: LimitName, key: string): Promise<void> {
    await this.limiters.get(name)?.delete(key).catch(() => undefined);
  }
}
