// The signed timestamp (ts) of each heartbeat: the wall clock in ms, but never equal to or below the previous one.
// The health manager drops a heartbeat whose (ts, seq) is not above the last it accepted, so a clock stepped back
// (NTP correcting a fast clock) must not make the agent's heartbeats look like replays: ts holds at last + 1 until the
// clock has caught up again.
export class HeartbeatClock {
  private last = 0;

  constructor(private readonly wallClock: () => number = Date.now) {}

  next(): number {
    this.last = Math.max(Math.floor(this.wallClock()), this.last + 1);
    return this.last;
  }
}
