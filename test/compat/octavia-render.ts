// Octavia 11's own haproxy.cfg for our load balancer graphs: test/fixtures/octavia-render/render.py run by Debian's
// python3 on the unpacked python3-octavia package (scripts/ensure-octavia-python.sh, which npm test runs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { LoadBalancerGraph } from '../../src/contracts/load-balancer-graph.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'test/fixtures/octavia-render/render.py');
const PYTHON = process.env.OCTAVIA_TEST_PYTHON ?? '/usr/bin/python3';
const PYTHONPATH = join(ROOT, 'node_modules/.cache/octavia-python/usr/lib/python3/dist-packages');

/** [haproxy_amphora] options render.py sets with CONF.set_override (unset: Octavia's defaults) */
export interface OctaviaConf {
  default_connection_limit?: number;
  timeout_client_data?: number;
  timeout_member_connect?: number;
  timeout_member_data?: number;
  timeout_tcp_inspect?: number;
}

export interface OctaviaRenderCase {
  name: string;
  graph: LoadBalancerGraph;
  amphora_id: string;
  /** [haproxy_amphora] base_path: Octavia's stats socket is <base_path>/<lb_id>.sock, the state file in <lb_id>/ */
  base_path: string;
  /** what the amphora reports as haproxy_version (major.minor decide the template's feature switches) */
  haproxy_version: string;
  conf: OctaviaConf;
}

/** case name → the text JinjaTemplater.build_config returns */
export function renderWithOctavia(cases: readonly OctaviaRenderCase[]): Record<string, string> {
  const run = spawnSync(PYTHON, [SCRIPT], {
    input: JSON.stringify(cases),
    // a fixed hash seed keeps set-ordered output (expected codes) the same from run to run
    env: { ...process.env, PYTHONPATH, PYTHONHASHSEED: '0' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error || run.status !== 0) {
    assert.fail(
      `cannot run Octavia's haproxy templater (${PYTHON} ${SCRIPT}, PYTHONPATH=${PYTHONPATH}): ` +
        `${run.error?.message ?? run.stderr}\nrun scripts/ensure-octavia-python.sh (npm test does) to install it`,
    );
  }
  return JSON.parse(run.stdout) as Record<string, string>;
}
