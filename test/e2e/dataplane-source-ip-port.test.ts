// SOURCE_IP_PORT through real amphorae (an extension over Octavia, whose amphora driver answers 501): HAProxy hashes
// the client's source address and port (consistent hashing). For an HTTP and a TCP pool of three members, clients
// bound to 60 source ports of one address spread over every member; one source port keeps reaching one member,
// over new connections and over the requests of a keep-alive connection; deleting a member moves only the flows
// that were on it, and adding one moves flows only onto the new member (HAProxy's guarantee for consistent hashing,
// which holds because the members' server ids do not change with the member set). With SOURCE_IP persistence the
// stick table keeps a client address on the member its first connection was hashed to. A running pool switches from
// ROUND_ROBIN to SOURCE_IP_PORT and back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startAmphoraApi, type AmphoraApi } from '../support/amphora-harness.js';
import { startBackend, type Backend } from '../support/backends.js';
import { amphoraOf, createServingLb, memberOf, settled, updateAndWait, type ServingLb } from '../support/serving-lb.js';
import { freeSourcePorts, readFromSourcePort, sourcePortRetryCount, type SourcePort } from '../support/tcp-clients.js';

const PORTS = 60;
/** an HTTP/1.0 request without keep-alive: HAProxy answers and closes first (see readFromSourcePort) */
const HTTP_10_GET = 'GET / HTTP/1.0\r\n\r\n';

type Exchange = (source: SourcePort) => Promise<string>;

/** which member answers each source port, one new connection per port, one after the other */
async function sweep(exchange: Exchange, sources: readonly SourcePort[]): Promise<Map<number, string>> {
  const served = new Map<number, string>();
  for (const source of sources) served.set(source.port, await exchange(source));
  return served;
}

function countBy(served: Map<number, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of served.values()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

/** The member HAProxy lists first in the pool's backend: with positional server ids, deleting it renumbers the rest. */
function firstServerOf(lbDir: string, poolId: string): string {
  const cfg = readFileSync(join(lbDir, 'haproxy.cfg'), 'utf8');
  const backend = cfg.slice(cfg.indexOf(`backend ${poolId}:`));
  const match = /^ {4}server (\S+) /m.exec(backend);
  assert.ok(match, cfg);
  return match[1]!;
}

describe('data plane: SOURCE_IP_PORT', () => {
  let api: AmphoraApi;
  const backends: Backend[] = [];

  before(async () => {
    api = await startAmphoraApi();
  });

  after(async () => {
    await api?.close();
    await Promise.all(backends.map((b) => b.stop()));
  });

  async function backendsNamed(names: string[], tcp: boolean): Promise<Backend[]> {
    const started = await Promise.all(names.map((n) => startBackend(n, { tcp })));
    backends.push(...started);
    return started;
  }

  /**
   * Spread over 60 ports, the same member again for each port, then a member deleted (the one listed first, so
   * positional ids would have moved the others) and a member added.
   */
  async function exercise(
    lb: ServingLb,
    members: Backend[],
    exchange: Exchange,
    sources: readonly SourcePort[],
    spare: Backend,
  ): Promise<string> {
    const names = members.map((m) => m.name);
    const first = await sweep(exchange, sources);
    const counts = countBy(first);
    for (const name of names) assert.ok((counts[name] ?? 0) >= 1, `${name} got none of ${PORTS} source ports: ${JSON.stringify(counts)}`);
    assert.equal(
      Object.values(counts).reduce((a, b) => a + b, 0),
      PORTS,
      JSON.stringify(counts),
    );

    // every port again, each on a new connection: the same member as before
    assert.deepEqual(await sweep(exchange, sources), first);
    // and one fixed port ten times in a row
    const fixed = sources[0]!;
    for (let i = 0; i < 10; i++) assert.equal(await exchange(fixed), first.get(fixed.port), `connection ${i} from port ${fixed.port}`);

    const amp = await amphoraOf(api, lb.id);
    const goneId = firstServerOf(amp.lbDir, lb.poolId);
    const gone = members.find((m) => lb.memberIds.get(`${m.host}:${m.port}`) === goneId)!;
    const del = await api.delete(`/v2/lbaas/pools/${lb.poolId}/members/${goneId}`);
    assert.equal(del.status, 204, del.text);
    await settled(api, lb.id);
    const afterDelete = await sweep(exchange, sources);
    for (const [port, name] of first) {
      if (name === gone.name) assert.notEqual(afterDelete.get(port), gone.name, `port ${port} still reaches the deleted member`);
      else assert.equal(afterDelete.get(port), name, `port ${port} moved from ${name} though ${gone.name} was deleted`);
    }

    const added = await api.post(`/v2/lbaas/pools/${lb.poolId}/members`, { member: memberOf(spare) });
    assert.equal(added.status, 201, added.text);
    await settled(api, lb.id);
    const afterAdd = await sweep(exchange, sources);
    for (const [port, name] of afterDelete) {
      const now = afterAdd.get(port);
      assert.ok(now === name || now === spare.name, `port ${port} moved from ${name} to ${now}, not to the new member`);
    }
    const onGone = counts[gone.name] ?? 0;
    const onSpare = countBy(afterAdd)[spare.name] ?? 0;
    return (
      `spread ${JSON.stringify(counts)}; ${gone.name} deleted: its ${onGone} ports moved, the other ${PORTS - onGone} stayed; ` +
      `member added: ${onSpare} ports moved onto it; source-port connect retries so far ${sourcePortRetryCount()}`
    );
  }

  it("HTTP pool: ports spread, a port sticks (new connections and keep-alive), only a deleted member's flows move", async (t) => {
    const members = await backendsNamed(['sipp-http-a', 'sipp-http-b', 'sipp-http-c'], false);
    const [spare] = await backendsNamed(['sipp-http-d'], false);
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18110,
      default_pool: { protocol: 'HTTP', lb_algorithm: 'SOURCE_IP_PORT', members: members.map((b) => memberOf(b)) },
    });
    const sources = await freeSourcePorts('127.0.0.41', PORTS + 1);
    const exchange: Exchange = async (source) => {
      const reply = await readFromSourcePort(lb.vip, lb.port, source, HTTP_10_GET);
      assert.match(reply, /^HTTP\/1\.[01] 200 /, reply);
      return reply.split('\r\n\r\n').slice(1).join('\r\n\r\n').trim();
    };

    // HAProxy hashes each request of a keep-alive connection again: all of them reach the port's member
    const keepAlive = sources[PORTS]!;
    const expected = await exchange(keepAlive);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 5; i++) {
        const { body, reused } = await new Promise<{ body: string; reused: boolean }>((resolve, reject) => {
          const req = request(
            { host: lb.vip, port: lb.port, path: '/', agent, localAddress: keepAlive.address, localPort: keepAlive.port, timeout: 5000 },
            (res) => {
              let data = '';
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => (data += chunk));
              res.on('end', () => resolve({ body: data.trim(), reused: req.reusedSocket }));
            },
          );
          req.on('timeout', () => req.destroy(new Error('keep-alive request: no answer')));
          req.on('error', reject);
          req.end();
        });
        assert.equal(reused, i > 0, `request ${i} did not reuse the keep-alive connection`);
        assert.equal(body, expected, `request ${i} on the keep-alive connection`);
      }
    } finally {
      agent.destroy();
    }

    t.diagnostic(await exercise(lb, members, exchange, sources.slice(0, PORTS), spare!));
  });

  it("TCP pool: ports spread, a port sticks, only a deleted member's flows move", async (t) => {
    const members = await backendsNamed(['sipp-tcp-a', 'sipp-tcp-b', 'sipp-tcp-c'], true);
    const [spare] = await backendsNamed(['sipp-tcp-d'], true);
    const lb = await createServingLb(api, {
      protocol: 'TCP',
      protocol_port: 18111,
      default_pool: { protocol: 'TCP', lb_algorithm: 'SOURCE_IP_PORT', members: members.map((b) => memberOf(b)) },
    });
    const sources = await freeSourcePorts('127.0.0.42', PORTS);
    // the TCP backends write their name and close: the close reaches the client through HAProxy first
    const exchange: Exchange = async (source) => (await readFromSourcePort(lb.vip, lb.port, source)).trim();
    t.diagnostic(await exercise(lb, members, exchange, sources, spare!));
  });

  it('a running pool updated from ROUND_ROBIN to SOURCE_IP_PORT and back balances as each says', async () => {
    const members = await backendsNamed(['sipp-up-a', 'sipp-up-b', 'sipp-up-c'], true);
    const lb = await createServingLb(api, {
      protocol: 'TCP',
      protocol_port: 18113,
      default_pool: { protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', members: members.map((b) => memberOf(b)) },
    });
    const fixed = (await freeSourcePorts('127.0.0.44', 1))[0]!;
    const exchange: Exchange = async (source) => (await readFromSourcePort(lb.vip, lb.port, source)).trim();
    const nineFromFixed = async (): Promise<Record<string, number>> => {
      const counts: Record<string, number> = {};
      for (let i = 0; i < 9; i++) {
        const name = await exchange(fixed);
        counts[name] = (counts[name] ?? 0) + 1;
      }
      return counts;
    };
    // round robin: one source port meets every member in turn
    assert.deepEqual(Object.values(await nineFromFixed()), [3, 3, 3]);
    await updateAndWait(api, lb.id, `/v2/lbaas/pools/${lb.poolId}`, { pool: { lb_algorithm: 'SOURCE_IP_PORT' } });
    assert.equal(Object.keys(await nineFromFixed()).length, 1);
    await updateAndWait(api, lb.id, `/v2/lbaas/pools/${lb.poolId}`, { pool: { lb_algorithm: 'ROUND_ROBIN' } });
    assert.deepEqual(Object.values(await nineFromFixed()), [3, 3, 3]);
  });

  it('with SOURCE_IP persistence, a client address keeps the member its first connection was hashed to', async () => {
    const members = await backendsNamed(['sipp-sp-a', 'sipp-sp-b', 'sipp-sp-c'], true);
    const lb = await createServingLb(api, {
      protocol: 'TCP',
      protocol_port: 18112,
      default_pool: {
        protocol: 'TCP',
        lb_algorithm: 'SOURCE_IP_PORT',
        session_persistence: { type: 'SOURCE_IP' },
        members: members.map((b) => memberOf(b)),
      },
    });
    const sources = await freeSourcePorts('127.0.0.43', 20);
    const served = await sweep(async (source) => (await readFromSourcePort(lb.vip, lb.port, source)).trim(), sources);
    // without the stick table 20 ports would spread over the three members (the tests above)
    assert.deepEqual(new Set(served.values()), new Set([served.get(sources[0]!.port)]), JSON.stringify(countBy(served)));
  });
});
