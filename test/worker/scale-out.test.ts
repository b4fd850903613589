// Scale-out: three real `octavia worker` processes share one PostgreSQL or MariaDB jobboard. 200 jobs over 50 load
// balancers (each: a create from the API, then three updates queued behind it on the same lane): every job runs
// exactly once, two jobs of one load balancer never run at the same time, and every load balancer ends ACTIVE.
// The evidence is the workers' own structured logs ("flow completed" with job, load balancer and duration).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { laneOfLoadBalancer } from '../../src/jobboard/job.js';
import { enqueueJob } from '../../src/jobboard/enqueue.js';
import { startApi, type TestApi } from '../support/api-harness.js';
import { testDialects } from '../support/databases.js';
import { eventually } from '../support/eventually.js';
import { LB, VIP_SUBNET } from '../support/fixtures.js';
import { waitJobsSettled } from '../support/worker-probe.js';

const REPO_ROOT = new URL('../../', import.meta.url);
const WORKERS = 3;
const LOAD_BALANCERS = 50;
const UPDATES_PER_LB = 3;

interface FlowRun {
  pid: number;
  job: string;
  lb: string;
  flow: string;
  start: number;
  end: number;
}

for (const dialect of testDialects().filter((d) => d !== 'sqlite')) {
  describe(`scale-out: ${WORKERS} worker processes on one ${dialect} jobboard`, () => {
    let api: TestApi;
    const workers: { child: ChildProcess; lines: string[] }[] = [];

    before(async () => {
      api = await startApi(dialect, { api_settings: { default_provider_driver: 'amphora' } });
      for (let i = 0; i < WORKERS; i++) {
        const env: NodeJS.ProcessEnv = {};
        for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OCTAVIA__')) env[k] = v;
        Object.assign(env, {
          OCTAVIA__DATABASE__CONNECTION: api.config.database.connection,
          OCTAVIA__DEFAULT__LOG_LEVEL: 'info',
          OCTAVIA__JOBBOARD__POLL_INTERVAL_MS: '50',
          OCTAVIA__CONTROLLER_WORKER__WORKERS: '4',
          OCTAVIA__CONTROLLER_WORKER__COMPUTE_DRIVER: 'compute_noop_driver',
          OCTAVIA__CONTROLLER_WORKER__AMPHORA_DRIVER: 'amphora_noop_driver',
          OCTAVIA__CERTIFICATES__CERT_GENERATOR: 'noop_cert_generator',
        });
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--config-file', '/dev/null', 'worker'], {
          cwd: REPO_ROOT,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const entry = { child, lines: [] as string[] };
        let partial = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          const text = partial + chunk.toString();
          const parts = text.split('\n');
          partial = parts.pop() ?? '';
          entry.lines.push(...parts);
        });
        child.stderr?.on('data', (chunk: Buffer) => entry.lines.push(chunk.toString()));
        workers.push(entry);
      }
      // every worker announces itself before the load starts, so all three compete from the first job
      const started = () => workers.every((w) => w.lines.some((l) => l.includes('controller worker started')));
      await eventually('every worker started', started, {
        timeoutMs: 30_000,
        intervalMs: 50,
        detail: () => workers.map((w) => w.lines.join('\n')).join('\n---\n'),
      });
    });

    after(async () => {
      for (const { child } of workers) {
        if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
      }
      await Promise.all(
        workers.map(({ child }) =>
          child.exitCode !== null || child.signalCode !== null ? null : new Promise((r) => child.once('exit', r)),
        ),
      );
      await api?.close();
    });

    it(`runs ${LOAD_BALANCERS * (1 + UPDATES_PER_LB)} jobs exactly once, one at a time per load balancer, all ending ACTIVE`, async () => {
      const db = api.runtime.database.db;
      const lbIds: string[] = [];
      await Promise.all(
        Array.from({ length: LOAD_BALANCERS }, async (_, i) => {
          const res = await api.post(LB, {
            loadbalancer: { vip_subnet_id: VIP_SUBNET, name: `scale-${i}`, listeners: [{ protocol: 'TCP', protocol_port: 22 }] },
          });
          assert.equal(res.status, 201, res.text);
          const lbId = res.body.loadbalancer.id as string;
          lbIds.push(lbId);
          // queued behind the create on the same lane, as later operations on a busy load balancer are
          await db.transaction().execute(async (tx) => {
            for (let u = 0; u < UPDATES_PER_LB; u++) {
              await enqueueJob(tx, { flow: 'update_load_balancer', lane: laneOfLoadBalancer(lbId), payload: { loadBalancerId: lbId } });
            }
          });
        }),
      );
      const jobs = await waitJobsSettled(db, 0, 120_000);
      assert.equal(jobs.length, LOAD_BALANCERS * (1 + UPDATES_PER_LB));
      assert.deepEqual(
        jobs.filter((j) => j.state !== 'DONE' || j.attempts !== 1),
        [],
        'every job DONE on its first claim',
      );

      const lbs = await db.selectFrom('load_balancer').select(['id', 'provisioning_status']).where('id', 'in', lbIds).execute();
      assert.deepEqual(
        lbs.filter((l) => l.provisioning_status !== 'ACTIVE'),
        [],
      );

      // give the last log lines time to be flushed by the workers
      await new Promise((r) => setTimeout(r, 300));
      const runs: FlowRun[] = [];
      for (const w of workers) {
        for (const line of w.lines) {
          if (!line.startsWith('{')) continue;
          const rec = JSON.parse(line);
          assert.notEqual(rec.msg, 'resuming flow', 'no job should have been resumed');
          if (rec.msg !== 'flow completed') continue;
          runs.push({
            pid: rec.pid,
            job: rec.job_id,
            lb: rec.load_balancer_id,
            flow: rec.flow,
            start: rec.time - rec.duration_ms,
            end: rec.time,
          });
        }
      }
      const perJob = new Map<string, number>();
      for (const r of runs) perJob.set(r.job, (perJob.get(r.job) ?? 0) + 1);
      assert.equal(perJob.size, jobs.length, 'every job completed in some worker');
      assert.deepEqual(
        [...perJob].filter(([, n]) => n !== 1),
        [],
        'no job ran twice',
      );
      assert.ok(new Set(runs.map((r) => r.pid)).size === WORKERS, `all ${WORKERS} workers took jobs`);

      const byLb = new Map<string, FlowRun[]>();
      for (const r of runs) byLb.set(r.lb, [...(byLb.get(r.lb) ?? []), r]);
      for (const [lb, list] of byLb) {
        list.sort((a, b) => a.start - b.start);
        assert.equal(list[0]?.flow, 'create_load_balancer', `the create ran first on ${lb}`);
        for (let i = 1; i < list.length; i++) {
          assert.ok(list[i]!.start >= list[i - 1]!.end, `two jobs of ${lb} overlapped: ${JSON.stringify(list.slice(i - 1, i + 1))}`);
        }
      }
    });
  });
}
