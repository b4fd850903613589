import { randomUUID } from 'node:crypto';

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export const newId = (): string => randomUUID();

/** Octavia (WSME UuidType) accepts any string Python's uuid.UUID() parses: dashed or not, any case. */
export const isUuid = (value: string): boolean => UUID_RE.test(value);
