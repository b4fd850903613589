// Noop drivers do nothing but remember what they were asked, so tests can check that every allocation was
// released and every side effect happened once. With a file, the record survives a killed worker process.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export interface RecordedCall {
  readonly driver: string;
  readonly op: string;
  readonly key: string;
  readonly at: string;
}

export class NoopRecorder {
  private readonly calls: RecordedCall[] = [];

  constructor(private readonly file: string | null = null) {
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) this.calls.push(JSON.parse(line));
    }
  }

  record(driver: string, op: string, key: string): void {
    const call = { driver, op, key, at: new Date().toISOString() };
    this.calls.push(call);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(call)}\n`);
  }

  all(): readonly RecordedCall[] {
    return this.calls;
  }

  count(driver: string, op: string, key?: string): number {
    return this.calls.filter((c) => c.driver === driver && c.op === op && (key === undefined || c.key === key)).length;
  }

  /** Reads a record file written by another process. */
  static read(file: string): RecordedCall[] {
    return new NoopRecorder(file).calls;
  }
}
