// The renderer's golden files (src/render/haproxy/golden/) against an independent source: the haproxy.cfg Octavia 11's
// own templates render for the same graph (octavia-render.ts). The two must agree after the normalisation of
// haproxy-cfg-diff.ts (blank and comment lines, blanks, the order of expected status codes) and after the deliberate
// differences below. The test fails on any other difference, on a listed difference that no longer occurs in any
// case, and on an excluded case that no longer needs excluding.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { PING_WRAPPER_FILE, STATS_SOCKET_FILE } from '../../src/contracts/haproxy-files.js';
import type { LoadBalancerGraph } from '../../src/contracts/load-balancer-graph.js';
import { GOLDEN_CASES, GOLDEN_LB_DIR, type GoldenCase } from '../../src/render/haproxy/test-fixtures.js';
import { compareConfigs, type Difference } from './haproxy-cfg-diff.js';
import { renderWithOctavia, type OctaviaConf } from './octavia-render.js';

const GOLDEN_DIR = resolve(import.meta.dirname, '../../src/render/haproxy/golden');
/** the HAProxy the renderer is written for (Debian 12's 2.6); Octavia switches template features on major.minor */
const HAPROXY_VERSION = '2.6';
const AMPHORA_ID = 'amphora-golden';

/** Golden cases whose features Octavia does not have at all. */
const EXCLUDED: { name: string; reason: string; stillApplies: (graph: LoadBalancerGraph) => boolean }[] = [
  {
    name: 'source-ip-port-http-tcp',
    reason: "SOURCE_IP_PORT is our extension: Octavia's amphora provider refuses it (its template would fall back to roundrobin)",
    stillApplies: (graph) => graph.pools.some((pool) => pool.lb_algorithm === 'SOURCE_IP_PORT'),
  },
];

const L7_ACTION_RANK: [RegExp, number][] = [
  [/^http-request deny /, 0],
  [/^redirect /, 1],
  [/^use_backend /, 2],
];
const actionRank = (line: string): number => L7_ACTION_RANK.find(([re]) => re.test(line))?.[1] ?? -1;

/** Octavia's policies (each: its ACLs, then its action) in position order → grouped deny, redirect, use_backend. */
function groupByEvaluationOrder(body: readonly string[]): string[] {
  const inL7 = (line: string) => line.startsWith('acl ') || actionRank(line) >= 0;
  const start = body.findIndex(inL7);
  if (start < 0) return [...body];
  let end = start;
  while (end < body.length && inL7(body[end] as string)) end += 1;
  const blocks: { rank: number; lines: string[] }[] = [];
  let pending: string[] = [];
  for (const line of body.slice(start, end)) {
    pending.push(line);
    if (actionRank(line) >= 0) {
      blocks.push({ rank: actionRank(line), lines: pending });
      pending = [];
    }
  }
  blocks.sort((a, b) => a.rank - b.rank); // stable: position order within each group
  return [...body.slice(0, start), ...blocks.flatMap((b) => b.lines), ...pending, ...body.slice(end)];
}

/** Our escaping of one word (guard.ts escapeWord), written out independently. */
const escapeWord = (word: string): string => word.replace(/[\\ #"']/g, (c) => `\\${c}`);

const count = (line: string): number => Number(line.split(' ')[1]);

/** Every deliberate difference, in the order they are taken out. */
const DIFFERENCES: Difference[] = [
  {
    id: 'disabled-sections',
    reason: 'a disabled listener or pool keeps its section, marked disabled, so the stats socket reports it stopped',
    sections: /^(frontend|backend) /,
    kind: 'ours-only-section',
    section: (s) => s.body.includes('disabled'),
  },
  {
    id: 'daemon',
    reason: 'the agent runs HAProxy in master-worker mode (-W) in the foreground, with the pid file from -p',
    sections: /^global$/,
    kind: 'octavia-only',
    octavia: /^daemon$/,
  },
  {
    id: 'user-group',
    reason: 'user nobody only with a configured group (dropping privileges needs root; the amphora image always has it)',
    sections: /^global$/,
    kind: 'replace',
    octavia: /^(user|group) /,
    ours: /^(user|group) /,
  },
  {
    id: 'log-targets',
    reason: 'no syslog socket on these machines: HAProxy reports on its stderr, which the agent collects',
    sections: /^global$/,
    kind: 'octavia-only',
    octavia: /^log /,
  },
  {
    id: 'stats-socket',
    reason: "in the LB directory, admin level with expose-fd listeners (a reload takes over the sockets), 600: only the agent's",
    sections: /^global$/,
    kind: 'rewrite',
    rewrite: (line) => {
      const m = /^stats socket (\S+)\/([^/\s]+)\.sock mode 0666 level user$/.exec(line);
      return m ? [`stats socket ${m[1]}/${m[2]}/${STATS_SOCKET_FILE} mode 600 level admin expose-fd listeners`] : null;
    },
  },
  {
    id: 'maxconn-fd-limit',
    reason: 'maxconn and fullconn are capped so HAProxy can start under the open-file limit (20000 in the golden cases)',
    sections: /^(global|frontend |backend )/,
    kind: 'value',
    line: /^(maxconn|fullconn) \d+$/,
    accept: (ours, octavia) => ours.split(' ')[0] === octavia.split(' ')[0] && count(ours) > 0 && count(ours) <= count(octavia),
  },
  {
    id: 'allowed-cidrs',
    reason: 'Octavia enforces allowed_cidrs with Neutron security-group rules on the VIP port; we have no Neutron, HAProxy does',
    sections: /^frontend /,
    kind: 'ours-only',
    ours: /^(acl allowed-cidrs src |tcp-request connection reject unless allowed-cidrs$)/,
  },
  {
    id: 'unused-acl',
    reason: 'the ACLs of a policy whose action is dropped (its pool is disabled) are left out with it',
    sections: /^frontend /,
    kind: 'octavia-only',
    octavia: (line, body) => {
      const name = /^acl (\S+) /.exec(line)?.[1];
      return name !== undefined && !body.some((other) => other !== line && other.split(' ').some((w) => w.replace(/^!/, '') === name));
    },
  },
  {
    id: 'file-type-equal-to',
    reason: 'FILE_TYPE EQUAL_TO is a suffix match: Octavia 11 writes `path_end -m str` (the whole path), fixed in Octavia 17',
    sections: /^frontend /,
    kind: 'rewrite',
    rewrite: (line) => {
      const m = /^(acl \S+ path_end) -m str (.*)$/.exec(line);
      return m ? [`${m[1]} ${m[2]}`] : null;
    },
  },
  {
    id: 'acl-dash-value',
    reason: 'an L7 rule value starting with "-" is written after "--", else HAProxy reads it as an ACL flag',
    sections: /^frontend /,
    kind: 'rewrite',
    rewrite: (line) => {
      const m = /^(acl \S+ \S+(?: -i)?(?: -m \w+)?) (-(?:\\.|[^\s\\])*)$/.exec(line);
      return m ? [`${m[1]} -- ${m[2]}`] : null;
    },
  },
  {
    id: 'redirect-url-escaped',
    reason: 'Octavia writes redirect URLs raw, so a "#" starts a comment and drops the condition: we escape them into one word',
    sections: /^frontend /,
    kind: 'rewrite',
    rewrite: (line) => {
      const m = /^(redirect(?: code \d+)? (?:location|prefix)) (\S+)( if .*)$/.exec(line);
      return m?.[2] ? [`${m[1]} ${escapeWord(m[2])}${m[3]}`] : null;
    },
  },
  {
    id: 'l7-evaluation-order',
    reason: 'HAProxy runs deny before redirect before use_backend whatever the file order: we write that order, without its warnings',
    sections: /^frontend /,
    kind: 'reorder',
    reorder: groupByEvaluationOrder,
  },
  {
    id: 'ping-wrapper-path',
    reason: "the agent writes the PING check script into each load balancer's directory; Octavia's image has it at a fixed path",
    sections: /^backend /,
    kind: 'rewrite',
    rewrite: (line) =>
      line === 'external-check command /var/lib/octavia/ping-wrapper.sh'
        ? [`external-check command ${GOLDEN_LB_DIR}/${PING_WRAPPER_FILE}`]
        : null,
  },
  {
    id: 'httpchk-send',
    reason: 'the Host header goes in `http-check send` (HAProxy >= 2.2 deprecates CRLF in the httpchk version; Octavia 17 did so too)',
    sections: /^backend /,
    kind: 'rewrite',
    rewrite: (line) => {
      const m = /^(option httpchk \S+ \S+ HTTP\/1\.[01])\\r\\n(?:Host:\\ (\S+))?$/.exec(line);
      if (!m?.[1]) return null;
      return m[2] === undefined ? [m[1]] : [m[1], `http-check send hdr Host ${m[2]}`];
    },
  },
];

/** The renderer's `defaults` as the [haproxy_amphora] options Octavia reads them from. */
function octaviaConf(defaults: GoldenCase['defaults']): OctaviaConf {
  const conf: OctaviaConf = {};
  if (defaults?.connectionLimit !== undefined) conf.default_connection_limit = defaults.connectionLimit;
  if (defaults?.timeoutClientData !== undefined) conf.timeout_client_data = defaults.timeoutClientData;
  if (defaults?.timeoutMemberConnect !== undefined) conf.timeout_member_connect = defaults.timeoutMemberConnect;
  if (defaults?.timeoutMemberData !== undefined) conf.timeout_member_data = defaults.timeoutMemberData;
  if (defaults?.timeoutTcpInspect !== undefined) conf.timeout_tcp_inspect = defaults.timeoutTcpInspect;
  return conf;
}

const compared = GOLDEN_CASES.filter((c) => !EXCLUDED.some((e) => e.name === c.name));

describe('golden haproxy.cfg files against Octavia 11 templates', () => {
  let octavia: Record<string, string> = {};
  const occurred = new Map<string, string[]>(DIFFERENCES.map((d) => [d.id, []]));

  before(() => {
    octavia = renderWithOctavia(
      compared.map((c) => ({
        name: c.name,
        graph: c.graph,
        amphora_id: AMPHORA_ID,
        base_path: dirname(GOLDEN_LB_DIR),
        haproxy_version: HAPROXY_VERSION,
        conf: octaviaConf(c.defaults),
      })),
    );
  });

  for (const golden of compared) {
    it(golden.name, () => {
      const text = octavia[golden.name];
      assert.ok(text, `Octavia rendered nothing for ${golden.name}`);
      const result = compareConfigs(readFileSync(join(GOLDEN_DIR, `${golden.name}.cfg`), 'utf8'), text, DIFFERENCES);
      for (const id of result.occurred) occurred.get(id)?.push(golden.name);
      assert.equal(result.ours, result.octavia, 'a difference from Octavia that is not in DIFFERENCES (actual: ours)');
    });
  }

  it('every listed difference still occurs in some golden case', () => {
    const gone = DIFFERENCES.filter((d) => occurred.get(d.id)?.length === 0).map((d) => d.id);
    assert.deepEqual(gone, [], 'listed differences that no longer occur: remove them from DIFFERENCES');
  });

  it('every excluded case exists and still has the feature Octavia lacks', () => {
    for (const excluded of EXCLUDED) {
      const golden = GOLDEN_CASES.find((c) => c.name === excluded.name);
      assert.ok(golden, `excluded case ${excluded.name} is not a golden case any more`);
      assert.ok(excluded.stillApplies(golden.graph), `${excluded.name} no longer needs excluding: ${excluded.reason}`);
    }
  });
});
