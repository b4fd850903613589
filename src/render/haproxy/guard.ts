// The token guard: every value that reaches haproxy.cfg passes through one of these functions. HAProxy's parser
// splits a line into words on blanks, ends a line at a newline, starts a comment at `#` and interprets quotes and
// backslashes; a value that carries any of those unescaped can add directives to the file (a newline in a member
// address followed by "server evil ..."). Values with a fixed shape (ids, addresses, ports, CIDRs, header names)
// are checked against that shape; free text (L7 rule values, redirect URLs) is escaped into one word. Anything else
// throws HaproxyRenderError: no config is better than an injected one.

import { isIP } from 'node:net';

export class HaproxyRenderError extends Error {
  override readonly name = 'HaproxyRenderError';
  constructor(message: string) {
    super(message);
  }
}

/** Characters no value may carry, escaped or not: C0 controls (newline, CR, NUL, tab…), DEL and C1 controls. */
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

function show(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

function fail(what: string, value: string, why: string): never {
  throw new HaproxyRenderError(`refusing to render ${what} ${show(value)}: ${why}`);
}

function rejectControl(value: string, what: string): void {
  if (CONTROL_CHARS.test(value)) fail(what, value, 'it contains a control character (newline, CR, NUL, …)');
}

/** Object ids become proxy, server and ACL names: uuids in practice, so only the characters a uuid has and `_`/`.`. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function guardName(value: string, what: string): string {
  rejectControl(value, what);
  if (!NAME.test(value)) fail(what, value, 'an id may only contain letters, digits, "-", "_" and "."');
  return value;
}

/** An IPv4 or IPv6 address (no host names: the data plane must not resolve anything). */
export function guardAddress(value: string, what: string): string {
  rejectControl(value, what);
  if (isIP(value) === 0) fail(what, value, 'it is not an IPv4 or IPv6 address');
  return value;
}

export function guardPort(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new HaproxyRenderError(`refusing to render ${what} ${String(value)}: not a port number (1-65535)`);
  }
  return value;
}

/** A non-negative integer (timeouts, weights, limits, thresholds). */
export function guardCount(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new HaproxyRenderError(`refusing to render ${what} ${String(value)}: not a non-negative integer`);
  }
  return value;
}

/** An address with an optional prefix length: `127.0.0.0/8`, `::1/128`, `127.0.0.1`. */
export function guardCidr(value: string, what: string): string {
  rejectControl(value, what);
  const [address = '', prefix, extra] = value.split('/');
  const family = isIP(address);
  const max = family === 4 ? 32 : 128;
  const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
  if (family === 0 || extra !== undefined || !prefixOk) fail(what, value, 'it is not a CIDR');
  return value;
}

/** HTTP header and cookie names (RFC 7230 token) without `#` and `'`, which HAProxy's parsers treat specially. */
const HEADER_NAME = /^[A-Za-z0-9!$%&*+.^_`|~-]{1,255}$/;

export function guardHeaderName(value: string, what: string): string {
  rejectControl(value, what);
  if (!HEADER_NAME.test(value)) fail(what, value, 'it is not an HTTP header/cookie name token');
  return value;
}

/** A health-check URL path: starts with `/`, printable ASCII without blanks, quotes, backslashes or `#`. */
const URL_PATH = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@%/?[\]]*$/;

export function guardUrlPath(value: string, what: string): string {
  rejectControl(value, what);
  if (!URL_PATH.test(value)) fail(what, value, 'it is not a URL path (must start with "/", no blanks, quotes or "#")');
  return value;
}

/** A DNS name (labels of letters, digits, `-`, `_`), as Octavia's DOMAIN_NAME_REGEX accepts. */
const DOMAIN_LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

export function guardDomainName(value: string, what: string): string {
  rejectControl(value, what);
  const labels = value.replace(/\.$/, '').split('.');
  if (value.length > 253 || !labels.every((label) => DOMAIN_LABEL.test(label))) {
    fail(what, value, 'it is not a domain name');
  }
  return value;
}

/** One of a fixed set of words (HTTP methods and the like). */
export function guardOneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  rejectControl(value, what);
  if (!(allowed as readonly string[]).includes(value)) fail(what, value, `expected one of ${allowed.join(', ')}`);
  return value as T;
}

/**
 * Free text as one HAProxy word: backslash, blank, `#` and quotes are backslash-escaped (Octavia escapes backslash
 * and space the same way), so the parser hands the original text to the directive. Control characters cannot be
 * escaped safely and are refused; so is the empty string (it would drop a word).
 */
export function escapeWord(value: string, what: string): string {
  rejectControl(value, what);
  if (value.length === 0) fail(what, value, 'it is empty');
  return value.replace(/[\\ #"']/g, (c) => `\\${c}`);
}

/** A redirect target: no blanks at all (Octavia's INVALID_URL_CHARS_RE), the rest escaped into one word. */
export function guardRedirectUrl(value: string, what: string): string {
  rejectControl(value, what);
  if (/\s/.test(value)) fail(what, value, 'a URL may not contain blanks');
  return escapeWord(value, what);
}

/** An absolute directory on the amphora (the load balancer's state directory): plain path characters only. */
const ABSOLUTE_PATH = /^(\/[A-Za-z0-9_.+@=,:-]+)+\/?$/;

export function guardDirectory(value: string, what: string): string {
  rejectControl(value, what);
  if (!ABSOLUTE_PATH.test(value) || value.split('/').some((part) => part === '..' || part === '.')) {
    fail(what, value, 'it must be an absolute path of plain characters without "." or ".." parts');
  }
  return value.replace(/\/$/, '');
}
