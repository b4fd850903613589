// Python's str() of a decoded JSON value. WSME echoes the whole request body this way in some faultstrings
// ("Value: '{'loadbalancer': {'admin_state_up': 'maybe'}}'"), so clients see the same text as from Octavia.

export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const items = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyString(k)}: ${pyRepr(v)}`);
    return `{${items.join(', ')}}`;
  }
  return String(value);
}

/** repr() of a str: single quotes unless the text holds ' and no ", escapes for quotes and non-printables. */
function pyString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/**
 * A JSON number as Python prints it once decoded: most print alike; 1e400 decodes to float('inf'), and a huge integer
 * literal stays an int in Python, printed in digits (JavaScript would print 1e+21 or round the digits).
 */
function pyNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return BigInt(n).toString();
  return String(n);
}
