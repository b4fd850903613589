import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IniParseError, mergeIni, parseOsloIni, substitute } from './oslo-ini.js';

const values = (text: string) => {
  const out: Record<string, Record<string, string[]>> = {};
  for (const [section, options] of parseOsloIni(text, 'test.conf')) {
    out[section] = Object.fromEntries([...options].map(([k, v]) => [k, v.map((x) => x.value)]));
  }
  return out;
};

describe('oslo.config INI dialect', () => {
  it('keeps # and ; inside values; only whole lines are comments', () => {
    assert.deepEqual(values('# c\n[a]\n; c\npassword = ab#cd\nx = y ;z\n  \n#k = v\n'), { a: { password: ['ab#cd'], x: ['y ;z'] } });
  });

  it('drops one pair of matching quotes, keeps unmatched ones and inner quotes', () => {
    assert.deepEqual(values(`[a]\nq1 = "a b"\nq2 = 'c'\nq3 = "d\nq4 = "e" and "f"\nq5 = ""\n`), {
      a: { q1: ['a b'], q2: ['c'], q3: ['"d'], q4: ['e" and "f'], q5: [''] },
    });
  });

  it('reads empty values, key: value, and splits at the first of = and :', () => {
    assert.deepEqual(values('[a]\nempty =\nurl = http://h:1/x=y\ncolon: a=b\n'), {
      a: { empty: [''], url: ['http://h:1/x=y'], colon: ['a=b'] },
    });
  });

  it('collects repeated keys in order and joins continuation lines; a blank line ends a value', () => {
    assert.deepEqual(values('[a]\nk = 1\nk = 2\nm = first\n  second\n\tthird\n\nn = x\n'), {
      a: { k: ['1', '2'], m: ['first\nsecond\nthird'], n: ['x'] },
    });
  });

  it('merges files: a later file adds to every option it names', () => {
    const merged = mergeIni(parseOsloIni('[DEFAULT]\na = 1\n[s]\nb = 2\n', 'one'), parseOsloIni('[s]\nb = 3\nc = 4\n', 'two'));
    assert.deepEqual(
      [...merged.get('s')!.get('b')!].map((v) => `${v.value}@${v.origin}:${v.line}`),
      ['2@one:4', '3@two:2'],
    );
    assert.equal(merged.get('DEFAULT')!.get('a')![0]!.value, '1');
  });

  it('names the file, the line and the problem of a malformed file', () => {
    const cases: [string, number, RegExp][] = [
      ['[a]\nno assignment here\n', 2, /no ':' or '=' found/],
      ['[a\nx = 1\n', 1, /must end with \]/],
      ['[]\n', 1, /empty section name/],
      ['  indented = 1\n', 1, /unexpected continuation/],
      ['[a]\n= 1\n', 2, /key cannot be empty/],
      ['x = 1\n', 1, /outside of a section/],
    ];
    for (const [text, line, reason] of cases) {
      assert.throws(
        () => parseOsloIni(text, 'etc/octavia.conf'),
        (err: unknown) =>
          err instanceof IniParseError &&
          err.line === line &&
          reason.test(err.message) &&
          err.message.startsWith('etc/octavia.conf, line '),
      );
    }
  });

  it('substitutes $name, ${name} and ${group.name} as oslo does; $$ is a dollar; unknown names stay', () => {
    const conf: Record<string, Record<string, string>> = {
      DEFAULT: { state_path: '/var/lib/o', host: 'h1' },
      db: { name: 'octavia', host: 'dbhost' },
    };
    const lookup = (g: string, n: string) => conf[g]?.[n];
    assert.equal(substitute('$state_path/x', 'db', lookup), '/var/lib/o/x');
    assert.equal(substitute('${host}', 'db', lookup), 'dbhost', 'the own group first');
    assert.equal(substitute('${DEFAULT.host}-${db.name}', 'db', lookup), 'h1-octavia');
    assert.equal(substitute('pa$$word $nope ${no.pe}', 'db', lookup), 'pa$word $nope ${no.pe}');
  });
});
