import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderHaproxyConfig } from './render.js';
import { stableServerIds } from './server-ids.js';
import { listener, loadBalancer, member, pool } from './test-fixtures.js';

const UUIDS = [
  '0b6f4f4e-2a59-4a8e-9f0e-3f1c2d0a0001',
  '5c1d9a77-8e0b-4f7c-a1d2-3f1c2d0a0002',
  'c3e2b1a0-9f8e-4d7c-b6a5-3f1c2d0a0003',
  'f0e1d2c3-b4a5-4968-8776-3f1c2d0a0004',
];

function renderPool(memberIds: string[], lbAlgorithm: string): string[] {
  const graph = loadBalancer(
    [listener('listener-a', 'TCP', 18299, { default_pool_id: 'pool-a' })],
    [
      pool(
        'pool-a',
        'TCP',
        memberIds.map((id, i) => member(id, 18300 + i)),
        { lb_algorithm: lbAlgorithm },
      ),
    ],
  );
  return renderHaproxyConfig(graph, { amphoraId: 'a', lbDir: '/tmp/lb', fdLimit: 20000 }).text.split('\n');
}

/** `server <member> … id <n>` lines of a SOURCE_IP_PORT backend, as member → id */
function renderedIds(memberIds: string[]): Map<string, number> {
  const ids = new Map<string, number>();
  for (const line of renderPool(memberIds, 'SOURCE_IP_PORT')) {
    const match = /^ {4}server (\S+) .* id (\d+)\b/.exec(line);
    if (match) ids.set(match[1]!, Number(match[2]));
  }
  return ids;
}

describe('stable server ids (SOURCE_IP_PORT)', () => {
  it('every server of the backend gets a distinct id in 1 … 2^20 - 1', () => {
    const ids = renderedIds(UUIDS);
    assert.equal(ids.size, UUIDS.length);
    assert.equal(new Set(ids.values()).size, UUIDS.length);
    for (const id of ids.values()) assert.ok(id >= 1 && id < 2 ** 20, String(id));
  });

  it("deleting or adding a member leaves the other members' ids as they were (their ring points stay)", () => {
    const all = renderedIds(UUIDS);
    // the first member goes: positional ids would renumber every member after it
    const without = renderedIds(UUIDS.slice(1));
    for (const [memberId, id] of without) assert.equal(id, all.get(memberId), memberId);
    const added = renderedIds([...UUIDS, '9a8b7c6d-5e4f-4a3b-8c2d-3f1c2d0a0005']);
    for (const [memberId, id] of all) assert.equal(added.get(memberId), id, memberId);
    // and the order of the members in the pool does not matter
    assert.deepEqual(renderedIds([...UUIDS].reverse()), all);
  });

  it('settles a collision by probing upwards, the lower member id keeping the slot', () => {
    // both hash to 261171
    const ids = stableServerIds(['member-2679', 'member-936']);
    assert.equal(ids.get('member-2679'), 261171);
    assert.equal(ids.get('member-936'), 261172);
    assert.equal(stableServerIds(['member-936']).get('member-936'), 261171);
  });

  it("other algorithms keep HAProxy's own server ids", () => {
    const lines = renderPool(UUIDS, 'SOURCE_IP');
    assert.ok(lines.includes('    balance source'), lines.join('\n'));
    assert.ok(!lines.some((line) => / id \d/.test(line)), lines.join('\n'));
  });
});
