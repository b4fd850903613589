// Replay protection per amphora. A captured datagram stays validly signed forever, so the signature alone proves
// nothing about when it was sent. Freshness is bound to the message: the agent signs a timestamp (ts, ms since the
// epoch, strictly increasing per agent), and a heartbeat is accepted only when
//   - ts is within `windowMs` of the receiver's clock (a datagram replayed later is too old), and
//   - (ts, seq) is above the last accepted (ts, seq) of that amphora (a datagram replayed inside the window is not new).
// An agent restart needs nothing special: its seq starts at 0 again, but its ts is newer than anything it sent before.
// A health manager that restarts forgets the high-water marks; what it can then be fooled with is a datagram less than
// `windowMs` old, once, which the amphora really sent that recently.
//
// Messages without ts (Octavia's own agents) are dropped unless `requireTimestamp` is false; then only seq ordering
// protects them, with the restart heuristics that make it replayable (after `silenceMs` without heartbeat, or after
// `resync` increasing seqs below the old mark in a row, a lower seq is taken as a restart). An amphora that has sent
// ts is never accepted without it again (no downgrade to the weaker rule) while its state is remembered.

export type ReplayVerdict =
  | 'accepted'
  | 'no_timestamp' // no ts while heartbeat_require_timestamp, or from an amphora known to send ts
  | 'stale_ts' // ts older than the freshness window
  | 'future_ts' // ts newer than the freshness window
  | 'stale_seq'; // (ts, seq), or seq without ts, not above the last accepted

export interface ReplayGuardOptions {
  readonly windowMs: number;
  readonly requireTimestamp: boolean;
  /** messages without ts: a silence this long lets a lower seq start a new sequence */
  readonly silenceMs: number;
  /** messages without ts: this many increasing seqs below the mark in a row are taken as a restart */
  readonly resync?: number;
}

interface State {
  /** last accepted ts; undefined while the amphora sends none */
  ts: number | undefined;
  /** last accepted seq (-1: none) */
  seq: number;
  /** receiver time of the last accepted message */
  at: number;
  /** without ts: a new, lower sequence that may be an agent restart */
  candidate: { last: number; count: number } | null;
}

export class ReplayGuard {
  private readonly states = new Map<string, State>();
  private readonly resync: number;

  constructor(private readonly opts: ReplayGuardOptions) {
    this.resync = opts.resync ?? 3;
  }

  /** decides on one message and, when it is accepted, records it as the amphora's new high-water mark */
  check(amphoraId: string, ts: number | undefined, seq: number | null, nowMs: number): ReplayVerdict {
    const state = this.states.get(amphoraId);
    if (ts === undefined) return this.checkWithoutTimestamp(amphoraId, state, seq, nowMs);
    if (ts < nowMs - this.opts.windowMs) return 'stale_ts';
    if (ts > nowMs + this.opts.windowMs) return 'future_ts';
    const s = seq ?? -1;
    if (state?.ts !== undefined && (ts < state.ts || (ts === state.ts && s <= state.seq))) return 'stale_seq';
    this.states.set(amphoraId, { ts, seq: s, at: nowMs, candidate: null });
    return 'accepted';
  }

  private checkWithoutTimestamp(amphoraId: string, state: State | undefined, seq: number | null, nowMs: number): ReplayVerdict {
    if (this.opts.requireTimestamp || state?.ts !== undefined) return 'no_timestamp';
    // senders before seq existed cannot be checked at all
    if (seq === null) return 'accepted';
    if (!state || seq > state.seq || nowMs - state.at > this.opts.silenceMs) {
      this.states.set(amphoraId, { ts: undefined, seq, at: nowMs, candidate: null });
      return 'accepted';
    }
    const candidate = state.candidate && seq > state.candidate.last ? state.candidate : { last: seq, count: 0 };
    candidate.last = seq;
    candidate.count++;
    state.candidate = candidate;
    if (candidate.count < this.resync) return 'stale_seq';
    this.states.set(amphoraId, { ts: undefined, seq, at: nowMs, candidate: null });
    return 'accepted';
  }

  /**
   * Forgets amphorae not heard from in `olderThanMs` (deleted ones), keeping the map bounded. A mark is kept while
   * its ts is inside the window: until then a replay of its own datagram would pass the freshness check.
   */
  prune(nowMs: number, olderThanMs: number): void {
    for (const [id, state] of this.states) {
      if (nowMs - state.at <= olderThanMs) continue;
      if (state.ts !== undefined && state.ts >= nowMs - this.opts.windowMs) continue;
      this.states.delete(id);
    }
  }

  get size(): number {
    return this.states.size;
  }
}
