// Replay protection per amphora. A captured datagram stays validly signed forever, so a heartbeat whose seq is not
// above the last accepted one is dropped. Agents restart their seq at 0, which looks the same as a replay; a restart
// is recognized when the amphora was silent for `silenceMs`, or when `resync` messages in a row arrive with
// increasing seqs below the old high-water mark and no genuine higher seq in between (a replayer cannot keep that up
// while the real amphora is still sending). State is in memory: a restarted health manager accepts the next seq.

interface State {
  last: number;
  at: number;
  /** a new, lower sequence that may be an agent restart */
  candidate: { last: number; count: number } | null;
}

export class SequenceTracker {
  private readonly states = new Map<string, State>();

  constructor(
    private readonly silenceMs: number,
    private readonly resync = 3,
  ) {}

  /** true when the message is new; records it */
  accept(amphoraId: string, seq: number | null, nowMs: number): boolean {
    // senders before seq existed cannot be checked
    if (seq === null) return true;
    const state = this.states.get(amphoraId);
    if (!state || seq > state.last || nowMs - state.at > this.silenceMs) {
      this.states.set(amphoraId, { last: seq, at: nowMs, candidate: null });
      return true;
    }
    const candidate = state.candidate;
    if (candidate && seq > candidate.last) {
      candidate.last = seq;
      candidate.count++;
    } else {
      state.candidate = { last: seq, count: 1 };
    }
    if ((state.candidate as { count: number }).count >= this.resync) {
      this.states.set(amphoraId, { last: seq, at: nowMs, candidate: null });
      return true;
    }
    return false;
  }

  /** forgets amphorae not heard from in `olderThanMs` (deleted ones), keeping the map bounded */
  prune(nowMs: number, olderThanMs: number): void {
    for (const [id, state] of this.states) if (nowMs - state.at > olderThanMs) this.states.delete(id);
  }

  get size(): number {
    return this.states.size;
  }
}
