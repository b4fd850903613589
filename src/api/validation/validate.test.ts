import assert from 'node:assert/strict';
import type { TObject } from '@sinclair/typebox';
import { describe, it } from 'node:test';
import { ApiFault } from '../../common/faults.js';
import { pyRepr } from '../../common/py-repr.js';
import { Type, bool, cidr, int, intOneOf, ip, list, nullable, num, oneOf, pattern, str, tags, url, urlPath, uuid } from './types.js';
import { convert, isCidr, unwrap } from './validate.js';

const schema = Type.Object({
  name: Type.Optional(nullable(str(5))),
  id: Type.Optional(uuid()),
  address: Type.Optional(ip()),
  cidr: Type.Optional(cidr()),
  port: Type.Optional(int(1, 65535)),
  code: Type.Optional(intOneOf([301, 302])),
  kind: Type.Optional(oneOf(['A', 'B'])),
  enabled: Type.Optional(bool()),
  value: Type.Optional(pattern('^[^\\r\\n]*$')),
  redirect: Type.Optional(url()),
  path: Type.Optional(urlPath()),
  tags: Type.Optional(tags()),
  items: Type.Optional(list(Type.Object({ n: int(0, 9) }, { required: ['n'] }))),
  need: Type.Optional(str()),
});
const required = Type.Object({ need: str() }, { required: ['need'] });

const run = (value: unknown, s: TObject = schema, body: unknown = { thing: value }) =>
  convert(value, s, { arg: 'thing_', body }, 'thing_.thing');

function faultOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ApiFault, `expected an ApiFault, got ${String(err)}`);
    assert.equal(err.status, 400);
    return err.faultstring;
  }
  assert.fail('expected a fault');
}

describe('convert: objects', () => {
  it('passes known attributes through and leaves absent ones absent', () => {
    assert.deepEqual(run({ name: 'ab', port: 80 }), { name: 'ab', port: 80 });
    assert.deepEqual(run({}), {});
  });

  it('names unknown attributes against the argument', () => {
    assert.equal(
      faultOf(() => run({ name: 'a', bogus: 1, other: 2 })),
      'Unknown attribute for argument thing_.thing: bogus, other',
    );
  });

  it('mandatory fields: missing or null', () => {
    assert.equal(
      faultOf(() => run({}, required)),
      "Invalid input for field/attribute need. Value: 'None'. Mandatory field missing.",
    );
    assert.equal(
      faultOf(() => run({ need: null }, required)),
      "Invalid input for field/attribute need. Value: 'None'. Mandatory field missing.",
    );
  });

  it('null is kept for nullable fields', () => {
    assert.deepEqual(run({ name: null }), { name: null });
  });

  it('a non-object where an object belongs is a 400', () => {
    assert.match(
      faultOf(() => run('x')),
      /Value should be a JSON object$/,
    );
    assert.match(
      faultOf(() => run({ items: [3] })),
      /Value should be a JSON object$/,
    );
  });
});

describe('convert: strings and formats', () => {
  it('checks type, length and pattern', () => {
    assert.equal(
      faultOf(() => run({ name: 'abcdef' })),
      "Invalid input for field/attribute name. Value: 'abcdef'. Value should have a maximum character requirement of 5",
    );
    assert.equal(
      faultOf(() => run({ name: 12 })),
      "Invalid input for field/attribute name. Value: '12'. Wrong type. Expected '<class 'str'>', got '<class 'int'>'",
    );
    assert.equal(
      faultOf(() => run({ value: 'a\nb' })),
      "Invalid input for field/attribute value. Value: 'a\nb'. Value should match the pattern ^[^\\r\\n]*$",
    );
  });

  it('no string may hold a NUL (PostgreSQL refuses one); a format error is named first', () => {
    assert.equal(
      faultOf(() => run({ name: 'a\0' })),
      "Invalid input for field/attribute name. Value: 'a\0'. Value should not contain a NUL character",
    );
    assert.equal(
      faultOf(() => run({ tags: ['ok', '\0'] })),
      "Invalid input for field/attribute tags. Value: '\0'. Value should not contain a NUL character",
    );
    assert.match(
      faultOf(() => run({ id: '\0' })),
      /Value should be UUID format$/,
    );
  });

  it('uuids are validated and lowercased', () => {
    assert.deepEqual(run({ id: 'A8A4E7F0-53C4-4A79-9FA1-0C38B6F0D1AA' }), { id: 'a8a4e7f0-53c4-4a79-9fa1-0c38b6f0d1aa' });
    assert.equal(
      faultOf(() => run({ id: 'nope' })),
      "Invalid input for field/attribute id. Value: 'nope'. Value should be UUID format",
    );
  });

  it('ip addresses and cidrs', () => {
    assert.deepEqual(run({ address: '127.0.0.1' }), { address: '127.0.0.1' });
    assert.deepEqual(run({ address: '::1' }), { address: '::1' });
    assert.equal(
      faultOf(() => run({ address: '127.0.0.256' })),
      "Invalid input for field/attribute address. Value: '127.0.0.256'. Value should be IPv4 or IPv6 format",
    );
    assert.equal(
      faultOf(() => run({ cidr: '198.18.0.0/33' })),
      "Invalid input for field/attribute cidr. Value: '198.18.0.0/33'. Value should be IPv4 or IPv6 CIDR format",
    );
    assert.equal(isCidr('198.18.0.0/15'), true);
    assert.equal(isCidr('::/0'), true);
    assert.equal(isCidr('198.18.0.0'), false);
    assert.equal(isCidr('nope/8'), false);
  });

  it('urls: http(s) with a host, no whitespace or control characters', () => {
    assert.deepEqual(run({ redirect: 'https://example.com/a?b=c' }), { redirect: 'https://example.com/a?b=c' });
    for (const bad of ['http://a b', 'http://x/\n', 'http://x/\u0000', 'http://x/\u009f', 'ftp://x', 'x.com', 'http://', 'http://x/%zz']) {
      assert.equal(
        faultOf(() => run({ redirect: bad })),
        `Invalid input for field/attribute redirect. Value: '${bad}'. Value must be a valid URL string`,
        JSON.stringify(bad),
      );
    }
  });

  it('url paths: absolute, no host, no whitespace', () => {
    assert.deepEqual(run({ path: '/health?full=1' }), { path: '/health?full=1' });
    for (const bad of ['health', '//host/x', '/a b', '/a\n', 'http://x/y', '/a#frag']) {
      assert.equal(
        faultOf(() => run({ path: bad })),
        `Invalid input for field/attribute path. Value: '${bad}'. Value must be a valid URL Path string`,
      );
    }
  });
});

describe('convert: numbers and enums', () => {
  it('integers accept numbers and numeric strings, within range', () => {
    assert.deepEqual(run({ port: '80' }), { port: 80 });
    assert.deepEqual(run({ port: 65535 }), { port: 65535 });
    assert.equal(
      faultOf(() => run({ port: 0 })),
      "Invalid input for field/attribute port. Value: '0'. Value should be greater or equal to 1",
    );
    assert.equal(
      faultOf(() => run({ port: '65536' })),
      "Invalid input for field/attribute port. Value: '65536'. Value should be lower or equal to 65535",
    );
  });

  it("integers convert as Python's int() does: numbers truncate, booleans are 0/1, strings are decimal literals", () => {
    const cases: [unknown, number][] = [
      [' 8 ', 8],
      ['+8', 8],
      ['0_8', 8],
      [8.9, 8],
      [1.5, 1],
      [-0.5, 0],
      [true, 1],
      [false, 0],
      [-0, 0],
      ['-0', 0],
    ];
    for (const [input, expected] of cases) {
      const out = run({ items: [{ n: input }] }) as { items: { n: number }[] };
      assert.ok(Object.is(out.items[0]?.n, expected), `${String(input)} → ${out.items[0]?.n}`);
    }
  });

  it("a value int() refuses is reported against the body argument with Python's message", () => {
    const body = { thing: { port: 'eighty' } };
    assert.equal(
      faultOf(() => run(body.thing, schema, body)),
      "Invalid input for field/attribute thing_. Value: '{'thing': {'port': 'eighty'}}'. invalid literal for int() with base 10: 'eighty'",
    );
    for (const bad of ['1.5', '1e3', '', ' ', '0x10', '1__0', '_1', '1_']) {
      assert.match(
        faultOf(() => run({ port: bad })),
        /\. invalid literal for int\(\) with base 10: '.*'$/,
        JSON.stringify(bad),
      );
    }
    assert.match(
      faultOf(() => run({ port: Infinity })),
      /\. cannot convert float infinity to integer$/,
    );
    assert.match(
      faultOf(() => run({ port: -Infinity })),
      /\. cannot convert float infinity to integer$/,
    );
    assert.match(
      faultOf(() => run({ port: [80] })),
      /\. int\(\) argument must be a string, a bytes-like object or a real number, not 'list'$/,
    );
    assert.match(
      faultOf(() => run({ port: { a: 1 } })),
      /\. int\(\) argument must be a string, a bytes-like object or a real number, not 'dict'$/,
    );
  });

  it('range errors show the converted value exactly, however large', () => {
    assert.equal(
      faultOf(() => run({ port: '99999999999999999999' })),
      "Invalid input for field/attribute port. Value: '99999999999999999999'. Value should be lower or equal to 65535",
    );
    assert.equal(
      faultOf(() => run({ port: 2 ** 64 })),
      "Invalid input for field/attribute port. Value: '18446744073709551616'. Value should be lower or equal to 65535",
    );
    assert.equal(
      faultOf(() => run({ port: 1e300 })),
      `Invalid input for field/attribute port. Value: '${BigInt(1e300)}'. Value should be lower or equal to 65535`,
    );
    assert.equal(
      faultOf(() => run({ port: ' 0 ' })),
      "Invalid input for field/attribute port. Value: '0'. Value should be greater or equal to 1",
    );
    assert.equal(
      faultOf(() => run({ port: '-99999999999999999999' })),
      "Invalid input for field/attribute port. Value: '-99999999999999999999'. Value should be greater or equal to 1",
    );
  });

  it('an integer without an Octavia range is held to the 32-bit column range', () => {
    const unbounded = Type.Object({ n: Type.Optional(int()) });
    assert.deepEqual(run({ n: 2147483647 }, unbounded), { n: 2147483647 });
    assert.deepEqual(run({ n: '-2147483648' }, unbounded), { n: -2147483648 });
    assert.equal(
      faultOf(() => run({ n: 2147483648 }, unbounded)),
      "Invalid input for field/attribute n. Value: '2147483648'. Value should be lower or equal to 2147483647",
    );
    assert.equal(
      faultOf(() => run({ n: -2147483649 }, unbounded)),
      "Invalid input for field/attribute n. Value: '-2147483649'. Value should be greater or equal to -2147483648",
    );
    const lowOnly = Type.Object({ n: Type.Optional(int(0)) });
    assert.equal(
      faultOf(() => run({ n: 2 ** 40 }, lowOnly)),
      "Invalid input for field/attribute n. Value: '1099511627776'. Value should be lower or equal to 2147483647",
    );
  });

  it("floats convert as Python's float() does; Enum(float) prints its values as Python does", () => {
    const version = Type.Object({ v: Type.Optional(num([1.0, 1.1])) });
    assert.deepEqual(run({ v: '1.1' }, version), { v: 1.1 });
    assert.deepEqual(run({ v: true }, version), { v: 1 });
    assert.deepEqual(run({ v: ' 1.0 ' }, version), { v: 1 });
    assert.equal(
      faultOf(() => run({ v: 2 }, version)),
      "Invalid input for field/attribute v. Value: '2.0'. Value should be one of: 1.0, 1.1",
    );
    assert.match(
      faultOf(() => run({ v: 'one' }, version)),
      /^Invalid input for field\/attribute thing_\. Value: '.*'\. could not convert string to float: 'one'$/,
    );
    assert.match(
      faultOf(() => run({ v: [1] }, version)),
      /\. float\(\) argument must be a string or a real number, not 'list'$/,
    );
  });

  it('enums', () => {
    assert.deepEqual(run({ kind: 'B', code: '302' }), { kind: 'B', code: 302 });
    assert.equal(
      faultOf(() => run({ kind: 'C' })),
      "Invalid input for field/attribute kind. Value: 'C'. Value should be one of: A, B",
    );
    assert.equal(
      faultOf(() => run({ code: 304 })),
      "Invalid input for field/attribute code. Value: '304'. Value should be one of: 301, 302",
    );
  });

  it('lists convert each item', () => {
    assert.deepEqual(run({ tags: ['a', 'b'], items: [{ n: '1' }, { n: 2 }] }), { tags: ['a', 'b'], items: [{ n: 1 }, { n: 2 }] });
    assert.match(
      faultOf(() => run({ tags: 'a' })),
      /Value should be a list$/,
    );
    assert.equal(
      faultOf(() => run({ items: [{}] })),
      "Invalid input for field/attribute n. Value: 'None'. Mandatory field missing.",
    );
  });
});

describe('convert: booleans (WSME bool_fromjson)', () => {
  it('accepts JSON bools, any integer, and the exact lowercase words', () => {
    const cases: [unknown, boolean][] = [
      [true, true],
      [false, false],
      [1, true],
      [0, false],
      [2, true],
      [-1, true],
      ['true', true],
      ['t', true],
      ['yes', true],
      ['y', true],
      ['on', true],
      ['1', true],
      ['false', false],
      ['f', false],
      ['no', false],
      ['n', false],
      ['off', false],
      ['0', false],
    ];
    for (const [input, expected] of cases) assert.deepEqual(run({ enabled: input }), { enabled: expected }, JSON.stringify(input));
  });

  it('rejects other values against the body argument, echoing the body as Python prints it', () => {
    const body = { thing: { name: 'x', enabled: 'maybe' } };
    assert.equal(
      faultOf(() => run(body.thing, schema, body)),
      "Invalid input for field/attribute thing_. Value: '{'thing': {'name': 'x', 'enabled': 'maybe'}}'. Value not an unambiguous " +
        'boolean: maybe',
    );
    for (const bad of ['True', 'YES', ' yes', '', 'maybe', 1.5]) {
      assert.match(
        faultOf(() => run({ enabled: bad })),
        /Value not an unambiguous boolean: /,
        JSON.stringify(bad),
      );
    }
    assert.match(
      faultOf(() => run({ enabled: [true] })),
      /Value not an unambiguous boolean: \[True\]$/,
    );
  });
});

describe('unwrap', () => {
  it('takes the wrapper apart', () => {
    assert.deepEqual(unwrap({ pool: { a: 1 } }, 'pool'), { a: 1 });
  });

  it('a missing wrapper, extra keys or a non-object inside are 400s', () => {
    assert.equal(
      faultOf(() => unwrap({}, 'pool')),
      "Invalid input for field/attribute pool. Value: 'None'. Mandatory field missing.",
    );
    assert.equal(
      faultOf(() => unwrap(undefined, 'pool')),
      "Invalid input for field/attribute pool. Value: 'None'. Mandatory field missing.",
    );
    assert.equal(
      faultOf(() => unwrap([], 'pool')),
      "Invalid input for field/attribute pool. Value: 'None'. Mandatory field missing.",
    );
    assert.equal(
      faultOf(() => unwrap({ pool: {}, extra: 1 }, 'pool')),
      'Unknown attribute for argument pool: extra',
    );
    assert.match(
      faultOf(() => unwrap({ pool: 'x' }, 'pool')),
      /Value should be a JSON object$/,
    );
  });
});

describe('pyRepr', () => {
  it('prints decoded JSON the way Python str() prints it', () => {
    assert.equal(pyRepr({ a: [1, 'x', null, true, false], b: { c: 2.5 } }), "{'a': [1, 'x', None, True, False], 'b': {'c': 2.5}}");
    assert.equal(pyRepr({}), '{}');
    assert.equal(pyRepr([]), '[]');
    assert.equal(pyRepr([-3, 0.25]), '[-3, 0.25]');
    assert.equal(pyRepr([Infinity, -Infinity, 1e21, 2 ** 64]), '[inf, -inf, 1000000000000000000000, 18446744073709551616]');
  });

  it('quotes strings like repr()', () => {
    assert.equal(pyRepr('plain'), "'plain'");
    assert.equal(pyRepr("it's"), '"it\'s"');
    assert.equal(pyRepr('both \' and "'), "'both \\' and \"'");
    assert.equal(pyRepr('a\nb\tc\\'), "'a\\nb\\tc\\\\'");
    assert.equal(pyRepr('\u0001\u007f'), "'\\x01\\x7f'");
    assert.equal(pyRepr('héllo'), "'héllo'");
  });
});
