// Timestamps are stored as fixed-width ISO-8601 UTC strings ("2026-11-21T23:39:21.406000") so that they sort as
// text on every database, and rendered the way Octavia renders naive datetimes (microseconds only when non-zero).

export function nowTimestamp(date: Date = new Date()): string {
  return `${date.toISOString().slice(0, 23)}000`;
}

export function renderTimestamp(stored: string | null | undefined): string | null {
  if (!stored) return null;
  return stored.endsWith('.000000') ? stored.slice(0, 19) : stored;
}

export function secondsAgo(seconds: number, from: Date = new Date()): string {
  return nowTimestamp(new Date(from.getTime() - seconds * 1000));
}
