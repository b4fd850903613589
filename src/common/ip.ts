// IPv4/IPv6 address arithmetic for subnets and pools (BigInt, so both families share one code path).
import { isIP } from 'node:net';

export function ipToBigInt(ip: string): bigint {
  if (isIP(ip) === 4) {
    return ip.split('.').reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n);
  }
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  // an embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups
  const expand = (groups: string[]) =>
    groups.flatMap((g) => {
      if (!g.includes('.')) return [g];
      const v = ipToBigInt(g);
      return [(v >> 16n).toString(16), (v & 0xffffn).toString(16)];
    });
  const hh = expand(h);
  const tt = expand(t);
  const groups = ip.includes('::') ? [...hh, ...Array(8 - hh.length - tt.length).fill('0'), ...tt] : hh;
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(Number.parseInt(g || '0', 16)), 0n);
}

export function bigIntToIp(value: bigint, family: 4 | 6): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join('.');
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return compressIpv6(groups);
}

function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLen).join(':')}`;
}

/** Canonical text of an address, so "127.080.0.1"-style and IPv6 spellings compare equal. */
export function normalizeIp(ip: string): string {
  const family = isIP(ip);
  if (family === 0) return ip;
  return bigIntToIp(ipToBigInt(ip), family as 4 | 6);
}

export function cidrContains(cidr: string, ip: string): boolean {
  const [net = '', bitsText = ''] = cidr.split('/');
  const family = isIP(net);
  if (family === 0 || isIP(ip) !== family) return false;
  const width = family === 4 ? 32n : 128n;
  const bits = BigInt(Number(bitsText));
  const mask = ((1n << width) - 1n) ^ ((1n << (width - bits)) - 1n);
  return (ipToBigInt(ip) & mask) === (ipToBigInt(net) & mask);
}

/** "198.19.2.3/15" → "198.18.0.0/15": the network address of a CIDR (Octavia normalizes allowed_cidrs so). */
export function normalizeCidr(cidr: string): string {
  const [net = '', bitsText = ''] = cidr.split('/');
  const family = isIP(net) as 4 | 6;
  const width = family === 4 ? 32n : 128n;
  const bits = BigInt(Number(bitsText));
  const mask = ((1n << width) - 1n) ^ ((1n << (width - bits)) - 1n);
  return `${bigIntToIp(ipToBigInt(net) & mask, family)}/${bitsText}`;
}
