// The heartbeat codec against Octavia's own: vectors made by status_message.wrap_envelope decode here, and datagrams
// encoded here decode with Octavia's unwrap_envelope (run through Debian's python3, see
// test/fixtures/heartbeat/generate-vectors.py). Bad datagrams are typed rejections, never exceptions.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { createHmac } from 'node:crypto';
import { decodeHeartbeat, encodeHeartbeat, HEARTBEAT_MAX_DATAGRAM_BYTES, type HeartbeatMessage } from './heartbeat.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/heartbeat');
const SCRIPT = join(FIXTURES, 'generate-vectors.py');
const PYTHON = process.env.OCTAVIA_TEST_PYTHON ?? '/usr/bin/python3';
const PYTHONPATH = join(ROOT, 'node_modules/.cache/octavia-python/usr/lib/python3/dist-packages');

const vector = (name: string) => ({
  bytes: readFileSync(join(FIXTURES, `${name}.bin`)),
  ...(JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as { key: string; message: Record<string, any> }),
});

/** Octavia's decoder on a datagram: the decoded message, or its rejection. */
function octaviaDecode(datagram: Buffer, key: string): { ok: true; message: unknown } | { ok: false; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'octavia-hb-'));
  try {
    const file = join(dir, 'datagram.bin');
    writeFileSync(file, datagram);
    const run = spawnSync(PYTHON, [SCRIPT, 'verify', file, key], { env: { ...process.env, PYTHONPATH }, encoding: 'utf8' });
    if (run.error || (run.status !== 0 && run.status !== 1) || /ModuleNotFoundError|ImportError/.test(run.stderr)) {
      assert.fail(
        `cannot run Octavia's heartbeat codec (${PYTHON}, PYTHONPATH=${PYTHONPATH}): ${run.error?.message ?? run.stderr}\n` +
          'run scripts/ensure-octavia-python.sh (npm test does) to install it',
      );
    }
    return run.status === 0 ? { ok: true, message: JSON.parse(run.stdout) } : { ok: false, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function decoded(datagram: Buffer, key: string): HeartbeatMessage {
  const result = decodeHeartbeat(datagram, key);
  assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.detail}`);
  return result.message;
}

describe('heartbeat codec: Octavia-made datagrams decode here', () => {
  it('v3: message with listener stats and pool:listener pools, hex digest', () => {
    const v = vector('v3-member-down');
    const result = decodeHeartbeat(v.bytes, v.key);
    assert.ok(result.ok);
    assert.equal(result.digest, 'hex');
    assert.deepEqual(result.message, v.message);
  });

  it('v3 with the binary digest of old amphorae', () => {
    const v = vector('v3-member-down');
    const result = decodeHeartbeat(readFileSync(join(FIXTURES, 'v3-member-down.binary-digest.bin')), v.key);
    assert.ok(result.ok);
    assert.equal(result.digest, 'binary');
    assert.deepEqual(result.message, v.message);
  });

  it('v3 with no listeners', () => {
    const v = vector('v3-empty');
    assert.deepEqual(decoded(v.bytes, v.key), { id: v.message.id, seq: 0, ver: 3, listeners: {}, pools: {} });
  });

  it('no ver (v1): pools nested in listeners, version 0, no seq', () => {
    const v = vector('v1-nested-pools');
    const message = decoded(v.bytes, v.key);
    assert.equal(message.ver, 0);
    assert.equal(message.seq, null);
    assert.deepEqual(message.pools, {});
    assert.deepEqual(message.listeners, v.message.listeners);
  });
});

describe("heartbeat codec: datagrams encoded here decode with Octavia's decoder", () => {
  const key = 'a key with ünïcode';
  const message = {
    id: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
    seq: 7,
    ver: 3,
    listeners: { l1: { status: 'OPEN', stats: { tx: 1, rx: 2, conns: 3, totconns: 4, ereq: 5 } } },
    pools: { 'p1:l1': { status: 'DOWN', members: { m1: 'DOWN 1/2', m2: 'no check' } } },
  };

  it('accepted with the right key, same message back', () => {
    const result = octaviaDecode(encodeHeartbeat(message, key), key);
    assert.ok(result.ok, result.ok ? '' : result.stderr);
    assert.deepEqual(result.message, message);
  });

  it('rejected by Octavia with a wrong key', () => {
    const result = octaviaDecode(encodeHeartbeat(message, key), 'another key');
    assert.equal(result.ok, false);
    assert.match((result as { stderr: string }).stderr, /InvalidHMAC|hmac|Error/i);
  });

  it('round trip through our own decoder', () => {
    assert.deepEqual(decoded(encodeHeartbeat(message, key), key), message);
  });
});

describe('heartbeat codec: bad datagrams are typed rejections', () => {
  const key = 'k';
  const good = encodeHeartbeat({ id: 'amp', seq: 1, ver: 3, listeners: {}, pools: {} }, key);
  const reason = (datagram: Buffer, k = key) => {
    const r = decodeHeartbeat(datagram, k);
    return r.ok ? 'ok' : r.reason;
  };
  const signed = (payload: Buffer) => Buffer.concat([payload, Buffer.from(createHmac('sha256', key).update(payload).digest('hex'))]);

  it('wrong key', () => assert.equal(reason(good, 'not-k'), 'bad_hmac'));
  it('truncated by one byte, and by half', () => {
    assert.equal(reason(good.subarray(0, good.length - 1)), 'bad_hmac');
    assert.equal(reason(good.subarray(0, good.length >> 1)), 'bad_hmac');
  });
  it('a flipped payload bit', () => {
    const copy = Buffer.from(good);
    copy[3] = (copy[3] as number) ^ 1;
    assert.equal(reason(copy), 'bad_hmac');
  });
  it('too short to hold a digest, and empty', () => {
    assert.equal(reason(Buffer.alloc(10)), 'too_short');
    assert.equal(reason(Buffer.alloc(0)), 'too_short');
  });
  it('oversized datagram', () => assert.equal(reason(Buffer.alloc(HEARTBEAT_MAX_DATAGRAM_BYTES + 1)), 'oversized'));
  it('signed but not zlib: rejected at the header, before the HMAC', () => {
    assert.equal(reason(signed(Buffer.from('plain text, not deflated'))), 'bad_header');
  });
  it('a zlib header over a broken deflate stream, signed', () => {
    const broken = Buffer.concat([Buffer.from([0x78, 0xda]), Buffer.from('not deflate data at all')]);
    assert.equal(reason(signed(broken)), 'bad_compression');
  });
  it('junk is rejected at the cheapest check that catches it', () => {
    const junk = Buffer.alloc(65_507, 0x41);
    assert.equal(reason(junk), 'bad_header');
    junk[0] = 0x78;
    junk[1] = 0xda;
    assert.equal(reason(junk), 'bad_hmac', 'zlib header, binary-digest tail: one HMAC');
    junk.write('0123456789abcdef'.repeat(4), junk.length - 64, 'ascii');
    assert.equal(reason(junk), 'bad_hmac', 'zlib header, hex tail: one HMAC');
  });
  it('every zlib header zlib writes passes the header check', () => {
    for (const level of [0, 1, 6, 9]) {
      for (const windowBits of [9, 12, 15]) {
        const payload = deflateSync(Buffer.from(JSON.stringify({ id: 'amp', seq: 1, ts: 1, ver: 3, listeners: {}, pools: {} })), {
          level,
          windowBits,
        });
        assert.equal(reason(signed(payload)), 'ok', `level ${level}, windowBits ${windowBits}`);
        const binary = Buffer.concat([payload, createHmac('sha256', key).update(payload).digest()]);
        assert.equal(reason(binary), 'ok', `binary digest, level ${level}, windowBits ${windowBits}`);
      }
    }
  });
  it('signed zip bomb: 64 MiB of zeros in a few KiB', () => {
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
    assert.ok(bomb.length < HEARTBEAT_MAX_DATAGRAM_BYTES);
    assert.equal(reason(signed(bomb)), 'too_large');
  });
  it('signed, deflated, not JSON', () => assert.equal(reason(signed(deflateSync(Buffer.from('{nope')))), 'bad_json'));
  it('signed JSON that is not a heartbeat', () => {
    for (const body of [
      [],
      { seq: 1 },
      { id: 5, listeners: {} },
      { id: 'a' },
      { id: 'a', listeners: { l: { status: 1 } } },
      { id: 'a', ver: 3, listeners: {}, pools: { p: { status: 'UP', members: { m: 7 } } } },
      { id: 'a', ver: 3, listeners: { l: { status: 'OPEN', stats: { tx: -1 } } }, pools: {} },
      { id: 'a', ver: 3, listeners: {} },
    ]) {
      assert.equal(reason(signed(deflateSync(Buffer.from(JSON.stringify(body))))), 'bad_message', JSON.stringify(body));
    }
  });
  it('a key named __proto__ stays data', () => {
    const text = '{"id":"a","ver":3,"listeners":{},"pools":{"__proto__":{"status":"UP","members":{}}}}';
    const m = decoded(signed(deflateSync(Buffer.from(text))), key);
    assert.ok(Object.hasOwn(m.pools, '__proto__'));
    assert.equal(Object.getPrototypeOf(m.pools), Object.prototype);
  });
});
