// Issue 5, statistics on a real amphora: N requests through the VIP (each on its own connection, bytes counted on the
// client's socket) reach HAProxy's counters, the agent's heartbeats carry them to the health manager, and the
// listener and load balancer stats endpoints report at least N connections and the bytes the client sent and
// received. A TCP listener counts the bytes on the wire, so its figures are at least the client's. An HTTP listener
// runs HAProxy's HTX mode, which counts header bytes as stored (name and value, without ": " and CRLF: 4 bytes less
// per header line), so its figures are a little below the wire bytes: checked within a band, not as ≥.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startAmphoraApi, type AmphoraApi } from '../support/amphora-harness.js';
import { createGraph, type Graph } from '../support/amphora-e2e.js';
import { eventually } from '../support/eventually.js';
import { type Backend, startBackend } from '../support/backends.js';

const N = 60;
const TCP_PORT = 18183;
const ACTIVE = (b: any) => b.loadbalancer.provisioning_status === 'ACTIVE';

/** One HTTP/1.1 request on a new connection; returns the bytes written and read. */
function rawRequest(host: string, port: number, i: number): Promise<{ sent: number; received: number; ok: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const request = `GET /stats-${i} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: octavia-e2e\r\nConnection: close\r\n\r\n`;
    let received = 0;
    let head = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
    socket.on('connect', () => socket.end(request));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (head.length < 32) head += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ sent: Buffer.byteLength(request), received, ok: head.startsWith('HTTP/1.1 200') }));
  });
}

interface Stats {
  active_connections: number;
  total_connections: number;
  bytes_in: number;
  bytes_out: number;
  request_errors: number;
}

describe('e2e: listener and load balancer statistics from real traffic', () => {
  let api: AmphoraApi;
  let backends: Backend[];
  let graph: Graph;
  let tcpListenerId: string;

  before(async () => {
    api = await startAmphoraApi({ health_manager: { heartbeat_interval: 1, heartbeat_timeout: 30, health_check_interval: 1 } });
    backends = await Promise.all(['s1', 's2'].map((n) => startBackend(n)));
    graph = await createGraph(api, backends, { port: 18182 });
    // a second, TCP listener on the same load balancer and backends
    const lbPath = `/v2/lbaas/loadbalancers/${graph.lbId}`;
    const listener = await api.post('/v2/lbaas/listeners', {
      listener: { loadbalancer_id: graph.lbId, protocol: 'TCP', protocol_port: TCP_PORT },
    });
    assert.equal(listener.status, 201, listener.text);
    tcpListenerId = listener.body.listener.id;
    await api.waitFor(lbPath, ACTIVE, 30_000);
    const pool = await api.post('/v2/lbaas/pools', { pool: { listener_id: tcpListenerId, protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN' } });
    assert.equal(pool.status, 201, pool.text);
    await api.waitFor(lbPath, ACTIVE, 30_000);
    for (const b of backends) {
      const m = await api.post(`/v2/lbaas/pools/${pool.body.pool.id}/members`, { member: { address: b.host, protocol_port: b.port } });
      assert.equal(m.status, 201, m.text);
      await api.waitFor(lbPath, ACTIVE, 30_000);
    }
  });
  after(async () => {
    await Promise.all((backends ?? []).map((b) => b.stop()));
    await api?.close();
  });

  it(`after ${N} requests through each listener both stats endpoints show ≥ ${N} connections and the client's bytes`, async () => {
    const client = { http: { sent: 0, received: 0 }, tcp: { sent: 0, received: 0 } };
    for (let i = 0; i < N; i++) {
      for (const [kind, port] of [
        ['http', graph.port],
        ['tcp', TCP_PORT],
      ] as const) {
        const r = await rawRequest(graph.vip, port, i);
        assert.ok(r.ok, `${kind} request ${i} did not get a 200`);
        client[kind].sent += r.sent;
        client[kind].received += r.received;
      }
    }
    assert.equal(
      backends.reduce((n, b) => n + b.hits, 0),
      2 * N,
      'every request reached a member',
    );

    const read = async (path: string): Promise<Stats> => {
      const res = await api.get(path);
      assert.equal(res.status, 200, res.text);
      return res.body.stats as Stats;
    };
    // heartbeats every second carry the counters: wait until every connection is accounted for
    const settled = (path: string): Promise<Stats> =>
      eventually(`${path} to count every connection`, () => read(path), { until: (s) => s.total_connections >= N, timeoutMs: 20_000 });
    const tcp = await settled(`/v2/lbaas/listeners/${tcpListenerId}/stats`);
    const http = await settled(`/v2/lbaas/listeners/${graph.listenerId}/stats`);
    const lb = await read(`/v2/lbaas/loadbalancers/${graph.lbId}/stats`);
    const detail = JSON.stringify({ client, tcp, http, lb });

    for (const [what, s] of [
      ['tcp', tcp],
      ['http', http],
    ] as const) {
      // nothing else talks to this VIP: the counters are the client's traffic
      assert.ok(s.total_connections >= N && s.total_connections <= N + 5, `${what} total_connections: ${detail}`);
      assert.equal(s.request_errors, 0, `${what} request_errors: ${detail}`);
      assert.ok(
        s.bytes_in <= client[what].sent * 1.1 && s.bytes_out <= client[what].received * 1.1,
        `${what} bytes far above the client's: ${detail}`,
      );
    }
    // TCP: the wire bytes
    assert.ok(tcp.bytes_in >= client.tcp.sent, `tcp bytes_in below what the client sent: ${detail}`);
    assert.ok(tcp.bytes_out >= client.tcp.received, `tcp bytes_out below what the client received: ${detail}`);
    // HTTP (HTX): the same order as the wire bytes, minus the header separators
    assert.ok(http.bytes_in >= client.http.sent * 0.8, `http bytes_in not of the order of what the client sent: ${detail}`);
    assert.ok(http.bytes_out >= client.http.received * 0.8, `http bytes_out not of the order of what the client received: ${detail}`);
    // the load balancer's figures are the sum of its listeners'
    assert.equal(lb.total_connections, tcp.total_connections + http.total_connections, detail);
    assert.equal(lb.bytes_in, tcp.bytes_in + http.bytes_in, detail);
    assert.equal(lb.bytes_out, tcp.bytes_out + http.bytes_out, detail);
  });
});
