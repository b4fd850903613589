// Issue 5, backend down, on a real amphora: HAProxy's health checks see a stopped member server, the agent's signed
// heartbeats carry that to the health manager, and the status tree rolls it up as Octavia does: one member down →
// member ERROR, pool and load balancer DEGRADED; back → all ONLINE; every member down → members, pool and load
// balancer ERROR; a member with admin_state_up false → OFFLINE. The listener stays ONLINE throughout: Octavia
// derives it from the HAProxy frontend alone (OPEN → ONLINE, FULL → DEGRADED; heartbeat_udp.py update_health), not
// from its pools, and the "listener DEGRADED" would contradict Octavia's API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAmphoraApi, type AmphoraApi } from '../support/amphora-harness.js';
import { createGraph, flatStatuses, type Graph, statusTree } from '../support/amphora-e2e.js';
import { eventually } from '../support/eventually.js';
import { type Backend, startBackend } from '../support/backends.js';

const HEARTBEAT_S = 1;
// delay 1 s, one failed check marks a member down: Octavia's bound is delay × max_retries_down + 2 heartbeats
const MONITOR = { delay: 1, timeout: 1, max_retries: 1, max_retries_down: 1 };
// the bound above, plus a margin for a loaded machine (several test files run at once): failures only
const STATUS_BOUND_MS = (MONITOR.delay * MONITOR.max_retries_down + 2 * HEARTBEAT_S) * 1000 + 8_000;

describe('e2e: member operating status from real health checks and heartbeats', () => {
  let api: AmphoraApi;
  let backends: Backend[];
  let graph: Graph;

  before(async () => {
    api = await startAmphoraApi({ health_manager: { heartbeat_interval: HEARTBEAT_S, heartbeat_timeout: 30, health_check_interval: 1 } });
    backends = await Promise.all(['m1', 'm2', 'm3'].map((n) => startBackend(n)));
    graph = await createGraph(api, backends, { port: 18181, monitor: MONITOR });
  });
  after(async () => {
    await Promise.all((backends ?? []).map((b) => b.stop()));
    await api?.close();
  });

  const expectStatuses = async (what: string, want: (ids: string[]) => Record<string, string>) => {
    const expected = want(graph.memberIds);
    let last: Record<string, string> = {};
    try {
      await eventually(
        what,
        async () => {
          last = flatStatuses(await statusTree(api, graph.lbId));
          return Object.entries(expected).every(([k, v]) => last[k] === v);
        },
        { timeoutMs: STATUS_BOUND_MS },
      );
    } catch {
      assert.deepEqual(last, expected, `${what}: statuses not reached within ${STATUS_BOUND_MS} ms`);
    }
    assert.deepEqual(last, expected);
  };

  it('all members healthy: everything ONLINE', async () => {
    await expectStatuses('all ONLINE', ([a, b, c]) => ({
      lb: 'ONLINE',
      listener: 'ONLINE',
      pool: 'ONLINE',
      [a!]: 'ONLINE',
      [b!]: 'ONLINE',
      [c!]: 'ONLINE',
    }));
  });

  it('one member server stopped: member ERROR, pool/LB DEGRADED (listener ONLINE); restarted: all ONLINE', async () => {
    await backends[1]!.stop();
    await expectStatuses('m2 ERROR', ([a, b, c]) => ({
      lb: 'DEGRADED',
      listener: 'ONLINE',
      pool: 'DEGRADED',
      [a!]: 'ONLINE',
      [b!]: 'ERROR',
      [c!]: 'ONLINE',
    }));
    await backends[1]!.start();
    await expectStatuses('m2 back', ([a, b, c]) => ({
      lb: 'ONLINE',
      listener: 'ONLINE',
      pool: 'ONLINE',
      [a!]: 'ONLINE',
      [b!]: 'ONLINE',
      [c!]: 'ONLINE',
    }));
  });

  it('every member server stopped: members, pool and LB ERROR (listener ONLINE); restarted: all ONLINE', async () => {
    for (const b of backends) await b.stop();
    // Octavia: a backend DOWN makes the pool and the load balancer ERROR
    await expectStatuses('all ERROR', ([a, b, c]) => ({
      lb: 'ERROR',
      listener: 'ONLINE',
      pool: 'ERROR',
      [a!]: 'ERROR',
      [b!]: 'ERROR',
      [c!]: 'ERROR',
    }));
    for (const b of backends) await b.start();
    await expectStatuses('all back', ([a, b, c]) => ({
      lb: 'ONLINE',
      listener: 'ONLINE',
      pool: 'ONLINE',
      [a!]: 'ONLINE',
      [b!]: 'ONLINE',
      [c!]: 'ONLINE',
    }));
  });

  it('a member set admin_state_up false is OFFLINE and the rest stays ONLINE', async () => {
    const [, , third] = graph.memberIds;
    const res = await api.put(`/v2/lbaas/pools/${graph.poolId}/members/${third}`, { member: { admin_state_up: false } });
    assert.equal(res.status, 200, res.text);
    await api.waitFor(`/v2/lbaas/loadbalancers/${graph.lbId}`, (b) => b.loadbalancer.provisioning_status === 'ACTIVE', 30_000);
    await expectStatuses('m3 OFFLINE', ([a, b, c]) => ({
      lb: 'ONLINE',
      listener: 'ONLINE',
      pool: 'ONLINE',
      [a!]: 'ONLINE',
      [b!]: 'ONLINE',
      [c!]: 'OFFLINE',
    }));
  });
});
