// A bounded cache of validated tokens, keyed by a hash of the token so that no raw token is kept in memory longer than
// a request. Entries expire at their own time (token expiry or the configured cache time, whichever is first);
// when full, the least recently used entry is dropped.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

export class TokenCache<T extends object> {
  private readonly entries: LRUCache<string, T> | null;

  constructor(
    maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    // TTLs are measured on the clock given (wall time: token expiry is a wall-clock date), read afresh on every
    // lookup (ttlResolution 0) rather than cached behind a timer; an entry is served up to its expiry millisecond.
    this.entries =
      maxEntries > 0 ? new LRUCache<string, T>({ max: maxEntries, ttlAutopurge: false, ttlResolution: 0, perf: { now } }) : null;
  }

  private static key(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  get(token: string): T | undefined {
    return this.entries?.get(TokenCache.key(token));
  }

  set(token: string, value: T, expiresAt: number): void {
    const ttl = expiresAt - this.now();
    if (ttl <= 0 || !this.entries) return;
    this.entries.set(TokenCache.key(token), value, { ttl });
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }
}
