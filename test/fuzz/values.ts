// Leaf values the fuzz suite throws at the API: adversarial strings (unicode, NUL and control characters, host
// paths and URLs, config-file injection, SQL), numbers at and past every boundary, and values of the wrong type.
import fc from 'fast-check';

/** Stands for an id of an object the suite has seen, resolved when the case is sent (world.ts). */
export class Ref {
  constructor(
    readonly kind: Kind,
    /** which of the known objects: a fraction of the list */
    readonly pick: number,
    /** prefer objects of the persona's own project */
    readonly own: boolean,
  ) {}
}

/** A string of `bytes` characters built when sent, so a 10 MB value costs nothing until then. */
export class Big {
  constructor(readonly bytes: number) {}
}

export type Kind =
  | 'load_balancer'
  | 'listener'
  | 'pool'
  | 'member'
  | 'health_monitor'
  | 'l7policy'
  | 'l7rule'
  | 'amphora'
  | 'flavor'
  | 'flavor_profile'
  | 'availability_zone'
  | 'availability_zone_profile'
  | 'network'
  | 'subnet'
  | 'port'
  | 'project';

export const KINDS: readonly Kind[] = [
  'load_balancer',
  'listener',
  'pool',
  'member',
  'health_monitor',
  'l7policy',
  'l7rule',
  'amphora',
  'flavor',
  'flavor_profile',
  'availability_zone',
  'availability_zone_profile',
  'network',
  'subnet',
  'port',
  'project',
];

export const ref = (kind: Kind): fc.Arbitrary<Ref> =>
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()).map(([pick, own]) => new Ref(kind, pick, own));

export const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
];

const NASTY_STRINGS = [
  '',
  ' ',
  'a',
  '\u0000',
  'x\u0000y',
  '\n',
  '\r\n',
  'x\nbind 0.0.0.0:22',
  'x"\n  server evil 127.0.0.1:22',
  '%00',
  '%',
  '\t',
  '\u001b[31m',
  '../../../../etc/passwd',
  '/etc/shadow',
  '/dev/zero',
  '/proc/self/environ',
  'file:///etc/passwd',
  'http://127.0.0.1:1/',
  "' OR '1'='1",
  '"; DROP TABLE load_balancer; --',
  '${jndi:ldap://x}',
  '$(id)',
  '`id`',
  '{{7*7}}',
  '\u202egnp.exe',
  '\ud83d\ude00',
  '\ud800',
  '\udfff',
  '\uffff',
  '\ufeff',
  'ǅ',
  'İ',
  'ß',
  'ﬀ',
  'null',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '0x10',
  ' 80',
  '80 ',
  '8\u00a00',
  '١٢٣',
  '127.0.0.1',
  '::1',
  '::ffff:127.0.0.1',
  '127.0.0.1/8',
  '0.0.0.0',
  '256.1.1.1',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ',
  ...PROTO_KEYS,
];

const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  1.5,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  -(2 ** 63),
  1e21,
  1e308,
  -1e308,
  5e-324,
  65535,
  65536,
  1,
  255,
  256,
  86400,
  86401,
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.integer({ min: 256, max: 70_000 }).map((n) => 'x'.repeat(n)) },
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.integer() },
);

/** Any JSON value, small: the "wrong type" of every field. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    nastyNumber,
    nastyString,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 })), tie('v'), { maxKeys: 3 }),
  ),
})).v;
