import { createHash, randomUUID } from 'node:crypto';

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export const newId = (): string => randomUUID();

/** Octavia (WSME UuidType) accepts any string Python's uuid.UUID() parses: dashed or not, any case. */
export const isUuid = (value: string): boolean => UUID_RE.test(value);

/** A UUID-shaped id (version 4 layout) derived from `seed`: the same seed gives the same id in every process. */
export function derivedUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
