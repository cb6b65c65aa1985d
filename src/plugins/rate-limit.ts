/**
 * Cost-based rate limiting: a leaky bucket per API key, or per client IP for anonymous callers.
 * The bucket lives behind a small store interface: in process on Node, and on the Worker an
 * isolate-local bucket behind Cloudflare's rate-limiting binding (a global request ceiling).
 */
import { RATE_LIMIT } from '../limits';

export interface ThrottleStatus {
  /** Points the bucket holds when full. */
  maximumAvailable: number;
  /** Points left now. */
  currentlyAvailable: number;
  /** Points restored per second. */
  restoreRate: number;
}

export interface TakeResult extends ThrottleStatus {
  /** Whether the points were taken; nothing is taken when they were not. */
  allowed: boolean;
  /** Seconds until a refused request could succeed (0 when allowed). */
  retryAfterSeconds: number;
}

export interface RateLimitStore {
  /** Takes `points` from the bucket of `key`, all or nothing. */
  take(key: string, points: number): Promise<TakeResult>;
  /** Gives back `points` (negative to charge more) once the actual cost is known. */
  settle(key: string, points: number): Promise<ThrottleStatus>;
}

interface Bucket {
  available: number;
  updatedAt: number;
}

export interface MemoryStoreOptions {
  maximumAvailable?: number;
  restoreRate?: number;
  maxBuckets?: number;
  now?: () => number;
}

/** Leaky bucket in process memory, least recently used buckets dropped beyond `maxBuckets`. */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly maximumAvailable: number;
  readonly restoreRate: number;
  private readonly maxBuckets: number;
  private readonly now: () => number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: MemoryStoreOptions = {}) {
    this.maximumAvailable = options.maximumAvailable ?? RATE_LIMIT.maximumAvailable;
    this.restoreRate = options.restoreRate ?? RATE_LIMIT.restoreRate;
    this.maxBuckets = options.maxBuckets ?? RATE_LIMIT.maxBuckets;
    this.now = options.now ?? Date.now;
  }

  private bucket(key: string): Bucket {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { available: this.maximumAvailable, updatedAt: now };
    const restored = ((now - bucket.updatedAt) / 1000) * this.restoreRate;
    bucket.available = Math.min(this.maximumAvailable, bucket.available + Math.max(0, restored));
    bucket.updatedAt = now;
    // Re-inserting keeps the Map in least-recently-used order.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxBuckets) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    return bucket;
  }

  private status(bucket: Bucket): ThrottleStatus {
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.max(0, Math.floor(bucket.available)),
      restoreRate: this.restoreRate,
    };
  }

  take(key: string, points: number): Promise<TakeResult> {
    const bucket = this.bucket(key);
    const allowed = points <= bucket.available;
    if (allowed) bucket.available -= points;
    const missing = allowed ? 0 : Math.min(points, this.maximumAvailable) - bucket.available;
    return Promise.resolve({
      ...this.status(bucket),
      allowed,
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(missing / this.restoreRate)),
    });
  }

  settle(key: string, points: number): Promise<ThrottleStatus> {
    const bucket = this.bucket(key);
    bucket.available = Math.min(this.maximumAvailable, bucket.available + points);
    return Promise.resolve(this.status(bucket));
  }
}

/** The shape of Cloudflare's rate-limiting binding (`[[ratelimits]]` in wrangler.toml). */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/**
 * Cloudflare's binding counts requests per key across the location (it has no notion of cost);
 * the isolate-local bucket charges cost. A request must pass both.
 */
export class CloudflareRateLimitStore implements RateLimitStore {
  constructor(
    private readonly binding: RateLimitBinding,
    private readonly periodSeconds: number,
    private readonly local: RateLimitStore = new MemoryRateLimitStore(),
  ) {}

  async take(key: string, points: number): Promise<TakeResult> {
    const { success } = await this.binding.limit({ key });
    if (!success) {
      const status = await this.local.settle(key, 0);
      return { ...status, allowed: false, retryAfterSeconds: this.periodSeconds };
    }
    return this.local.take(key, points);
  }

  settle(key: string, points: number): Promise<ThrottleStatus> {
    return this.local.settle(key, points);
  }
}
