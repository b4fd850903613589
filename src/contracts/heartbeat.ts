// Octavia's amphora heartbeat on the wire (octavia-amphora.md §4): one UDP datagram holding
//   zlib.compress(utf8(json(message)), 9) || lowercase-hex HMAC-SHA256(key = utf8(heartbeat_key), compressed payload)
// Receivers also accept the 32-byte binary digest older amphorae appended. Shared by the amphora agent (encode) and
// the health manager (decode); decoding never throws: every bad datagram is a typed rejection.
// Anyone can send datagrams to the receiver, so rejecting junk must stay cheap: the checks run cheapest first (length,
// then the two zlib header bytes, then exactly one HMAC, then an inflate bounded by maxOutputLength), and only a
// datagram signed with heartbeat_key is ever inflated or parsed.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';

/** Octavia's receiver reads at most 64 KiB per datagram (UDP_MAX_SIZE). */
export const HEARTBEAT_MAX_DATAGRAM_BYTES = 64 * 1024;
/**
 * Bound on the decompressed JSON: a 64 KiB zlib stream can inflate ~1000×, so without a bound one datagram could
 * make the receiver allocate tens of megabytes (zip bomb). A real message for hundreds of members is far below it.
 */
export const HEARTBEAT_MAX_JSON_BYTES = 1024 * 1024;

const HEX_DIGEST_LEN = 64;
const BINARY_DIGEST_LEN = 32;
/** two header bytes, an empty final deflate block (2 bytes) and the Adler-32 trailer */
const MIN_ZLIB_STREAM = 8;

export interface ListenerStatsDelta {
  /** bytes out */
  readonly tx: number;
  /** bytes in */
  readonly rx: number;
  /** current connections (absolute in every version) */
  readonly conns: number;
  readonly totconns: number;
  readonly ereq: number;
}

export interface HeartbeatPool {
  /** HAProxy backend status: UP, DOWN, ... */
  readonly status: string;
  /** member id → HAProxy server status ("UP", "UP 1/3", "DOWN", "DRAIN", "MAINT", "no check", "RESTARTING") */
  readonly members: Readonly<Record<string, string>>;
}

export interface HeartbeatListener {
  /** HAProxy frontend status: OPEN, FULL, ... */
  readonly status: string;
  readonly stats: ListenerStatsDelta;
  /** version < 2 only: pools reported under each listener */
  readonly pools?: Readonly<Record<string, HeartbeatPool>>;
}

export interface HeartbeatMessage {
  /** amphora id */
  readonly id: string;
  /** +1 per message, restarts at 0 when the agent restarts; null when the sender sent none */
  readonly seq: number | null;
  /**
   * Ours, not Octavia's: when the agent built the message, in ms since the Unix epoch, strictly increasing per agent
   * (it never goes back, even when the amphora's clock does). Signed like the rest of the body, so the receiver can
   * tell a fresh message from a captured one replayed later. Absent from Octavia's amphora agents' messages.
   */
  readonly ts?: number;
  /** message version; 0 when absent (Octavia's v1). ver ≥ 3: stats are deltas */
  readonly ver: number;
  readonly listeners: Readonly<Record<string, HeartbeatListener>>;
  /** version ≥ 2: "<pool_id>:<listener_id>" (or "<pool_id>" for LVS pools) → pool */
  readonly pools: Readonly<Record<string, HeartbeatPool>>;
}

export type HeartbeatRejection =
  | 'oversized' // datagram above HEARTBEAT_MAX_DATAGRAM_BYTES
  | 'too_short' // no room for a digest and a payload
  | 'bad_header' // does not start with a zlib header: not a heartbeat (checked before the HMAC)
  | 'bad_hmac' // the digest (hex, or binary when the tail is not hex) does not match
  | 'bad_compression' // signed, with a zlib header, but the deflate stream is broken
  | 'too_large' // decompresses beyond HEARTBEAT_MAX_JSON_BYTES
  | 'bad_json'
  | 'bad_message'; // valid JSON, not a heartbeat

export type DecodeResult =
  | { readonly ok: true; readonly message: HeartbeatMessage; readonly digest: 'hex' | 'binary' }
  | { readonly ok: false; readonly reason: HeartbeatRejection; readonly detail: string };

export interface DecodeLimits {
  readonly maxDatagramBytes?: number;
  readonly maxJsonBytes?: number;
}

/** Signs a message the way Octavia's status_message.wrap_envelope(obj, key) does (hex digest). */
export function encodeHeartbeat(message: object, key: string): Buffer {
  const payload = deflateSync(Buffer.from(JSON.stringify(message), 'utf8'), { level: 9 });
  return Buffer.concat([payload, Buffer.from(hmac(payload, key).toString('hex'), 'ascii')]);
}

export function decodeHeartbeat(datagram: Buffer, key: string, limits: DecodeLimits = {}): DecodeResult {
  const maxDatagram = limits.maxDatagramBytes ?? HEARTBEAT_MAX_DATAGRAM_BYTES;
  if (datagram.length > maxDatagram) return reject('oversized', `${datagram.length} bytes > ${maxDatagram}`);
  if (datagram.length < BINARY_DIGEST_LEN + MIN_ZLIB_STREAM) return reject('too_short', `${datagram.length} bytes`);
  if (!hasZlibHeader(datagram)) return reject('bad_header', 'not a zlib stream');
  const digest = verifiedPayload(datagram, key);
  if (!digest) return reject('bad_hmac', 'digest does not match heartbeat_key');
  let json: Buffer;
  try {
    json = inflateSync(digest.payload, { maxOutputLength: limits.maxJsonBytes ?? HEARTBEAT_MAX_JSON_BYTES });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      return reject('too_large', `decompresses beyond ${limits.maxJsonBytes ?? HEARTBEAT_MAX_JSON_BYTES} bytes`);
    }
    return reject('bad_compression', (err as Error).message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString('utf8'));
  } catch (err) {
    return reject('bad_json', (err as Error).message);
  }
  const message = toMessage(parsed);
  if (typeof message === 'string') return reject('bad_message', message);
  return { ok: true, message, digest: digest.kind };
}

function hmac(payload: Buffer, key: string): Buffer {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(payload).digest();
}

/**
 * RFC 1950 header: deflate (CM 8) with a window of at most 32 KiB, no preset dictionary, FCHECK making the first two
 * bytes a multiple of 31. Every zlib.compress output has one; 1 in ~2000 random datagrams does.
 */
function hasZlibHeader(datagram: Buffer): boolean {
  const cmf = datagram[0] as number;
  const flg = datagram[1] as number;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (flg & 0x20) === 0 && ((cmf << 8) | flg) % 31 === 0;
}

/** Lowercase hex, as Python's hexdigest() writes it. */
function isHexTail(datagram: Buffer): boolean {
  for (let i = datagram.length - HEX_DIGEST_LEN; i < datagram.length; i++) {
    const c = datagram[i] as number;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/**
 * Octavia's unwrap_envelope accepts the 64-byte hex digest or the 32-byte binary one, trying hex first. Here the tail
 * decides which one to check, so a datagram costs one HMAC, not two: a binary digest whose last 64 bytes are all hex
 * characters (its 32 random digest bytes among them) has a chance below 10^-34. Constant-time compare.
 */
function verifiedPayload(datagram: Buffer, key: string): { payload: Buffer; kind: 'hex' | 'binary' } | null {
  if (datagram.length > HEX_DIGEST_LEN + MIN_ZLIB_STREAM && isHexTail(datagram)) {
    const payload = datagram.subarray(0, datagram.length - HEX_DIGEST_LEN);
    const expected = Buffer.from(hmac(payload, key).toString('hex'), 'ascii');
    return timingSafeEqual(expected, datagram.subarray(datagram.length - HEX_DIGEST_LEN)) ? { payload, kind: 'hex' } : null;
  }
  const payload = datagram.subarray(0, datagram.length - BINARY_DIGEST_LEN);
  return timingSafeEqual(hmac(payload, key), datagram.subarray(datagram.length - BINARY_DIGEST_LEN)) ? { payload, kind: 'binary' } : null;
}

function reject(reason: HeartbeatRejection, detail: string): DecodeResult {
  return { ok: false, reason, detail };
}

// ---- shape validation: the HMAC proves who sent it, not that the sender is bug-free ----

const MAX_ID_LENGTH = 255;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function toMessage(v: unknown): HeartbeatMessage | string {
  if (!isObject(v)) return 'not a JSON object';
  if (!isId(v.id)) return 'id is missing or not a string';
  if (v.seq !== undefined && v.seq !== null && !isCount(v.seq)) return 'seq is not a non-negative integer';
  if (v.ver !== undefined && !isCount(v.ver)) return 'ver is not a non-negative integer';
  if (v.ts !== undefined && !isCount(v.ts)) return 'ts is not a non-negative integer (ms since the epoch)';
  const ver = (v.ver as number | undefined) ?? 0;
  if (!isObject(v.listeners)) return 'listeners is missing or not an object';
  const listeners: [string, HeartbeatListener][] = [];
  for (const [id, raw] of Object.entries(v.listeners)) {
    const listener = toListener(raw, ver);
    if (typeof listener === 'string') return `listener ${id.slice(0, 64)}: ${listener}`;
    listeners.push([id, listener]);
  }
  let pools: Record<string, HeartbeatPool> = {};
  if (ver >= 2) {
    const parsed = toPools(v.pools);
    if (typeof parsed === 'string') return parsed;
    pools = parsed;
  }
  const seq = (v.seq as number | null | undefined) ?? null;
  const base = { id: v.id, seq, ver, listeners: Object.fromEntries(listeners), pools };
  return v.ts === undefined ? base : { ...base, ts: v.ts as number };
}

function toListener(v: unknown, ver: number): HeartbeatListener | string {
  if (!isObject(v)) return 'not an object';
  if (typeof v.status !== 'string') return 'status is not a string';
  const s = v.stats === undefined ? {} : v.stats;
  if (!isObject(s)) return 'stats is not an object';
  const stats: Record<string, number> = {};
  for (const field of ['tx', 'rx', 'conns', 'totconns', 'ereq'] as const) {
    const value = s[field] ?? 0;
    if (!isCount(value)) return `stats.${field} is not a non-negative integer`;
    stats[field] = value;
  }
  const listener: HeartbeatListener = { status: v.status, stats: stats as unknown as ListenerStatsDelta };
  if (ver >= 2) return listener;
  const pools = toPools(v.pools ?? {});
  return typeof pools === 'string' ? pools : { ...listener, pools };
}

function toPools(v: unknown): Record<string, HeartbeatPool> | string {
  if (!isObject(v)) return 'pools is missing or not an object';
  const pools: [string, HeartbeatPool][] = [];
  for (const [id, raw] of Object.entries(v)) {
    if (!isObject(raw) || typeof raw.status !== 'string') return `pool ${id.slice(0, 64)}: status is not a string`;
    const members = raw.members ?? {};
    if (!isObject(members) || !Object.values(members).every((m) => typeof m === 'string')) {
      return `pool ${id.slice(0, 64)}: members is not an object of strings`;
    }
    pools.push([id, { status: raw.status, members: members as Record<string, string> }]);
  }
  // fromEntries defines own properties: a key named "__proto__" stays data, never a prototype
  return Object.fromEntries(pools);
}
