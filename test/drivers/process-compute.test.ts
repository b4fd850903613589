// The process compute driver's lifecycle with real processes: build starts a detached process group with its own
// state directory and management address, a second driver (a restarted controller) re-adopts it, delete leaves no
// process, file or address behind, and a group whose leader died is still cleaned up. The "agent" here is a shell
// that starts a child in its group and waits, standing in for agent + HAProxy (the real agent is tested end to end
// in test/e2e); what is under test is the process management.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ProcessComputeDriver } from '../../src/drivers/compute/process-compute.js';
import { groupMembers, isAlive } from '../../src/drivers/compute/process-group.js';
import { identify, isSameProcess, procStat, readProcessRegistry } from '../../src/common/process-registry.js';
import { eventually } from '../support/eventually.js';

const base = mkdtempSync(join(tmpdir(), 'octavia-process-compute-'));
const opts = {
  baseDir: base,
  // like agent + HAProxy: a leader and a child in its group, both naming the amphora's files on their command line
  // (the driver's proof that a PID is still this amphora's); the child's shell runs a sleep of its own
  agentCommand: ['/bin/sh', '-c', 'sh -c "sleep 300; :" child "$@" & wait', 'agent'],
  agentPort: 9443,
  haproxyCmd: 'haproxy',
  managementCidr: '127.79.0.0/16',
};
const request = (amphoraId: string) => ({
  amphoraId,
  name: `amphora-${amphoraId}`,
  loadBalancerId: null,
  serverCertPem: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----',
  serverKeyPem: '-----BEGIN PRIVATE KEY-----\ny\n-----END PRIVATE KEY-----',
  clientCaPem: '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n',
  agentConfig: '[amphora_agent]\namphora_id = x\n',
});

// A stand-in agent closer to the real one: its children name nothing of the amphora on their command line, as
// HAProxy does (`haproxy -W -db -f haproxy.cfg ...`). $1 picks what it starts; the driver appends --config-file
// <controller part> --config-file <host part>, so the host part (with base_path) is $5.
//   in-group:  a sleep in the agent's group, its working directory inside the amphora (HAProxy's lb directory),
//              not in the registry (an agent that died before writing it)
//   escaped:   a TCP listener on 127.0.0.1 in a session of its own, working directory /, only in the registry
/** The escaped process: listens on a free loopback port and writes the port to the file named by its argument. */
const ESCAPED_LISTENER =
  "const s = require('net').createServer().listen(0, '127.0.0.1', () => " +
  "require('fs').writeFileSync(process.argv[1], String(s.address().port)))";
const STAND_IN = `
mode=$1; host=$5
base=$(sed -n 's/^base_path = //p' "$host")
mkdir -p "$base/lb/x"; cd "$base/lb/x"
record() { echo "$1 $(cut -d' ' -f22 /proc/$1/stat) $2" >> "$base/processes"; }
case $mode in
  in-group) sleep 300 & ;;
  escaped)
    (cd / && exec setsid "${process.execPath}" -e "${ESCAPED_LISTENER}" "$base/port") &
    record $! "haproxy-master x" ;;
esac
wait
`;
const standInFile = join(base, 'stand-in-agent.sh');
writeFileSync(standInFile, STAND_IN);
const standIn = (mode: string) => new ProcessComputeDriver({ ...opts, agentCommand: ['/bin/sh', standInFile, mode] });

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Whether a TCP connection to 127.0.0.1:port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

// the driver's process handling acts within a few hundred milliseconds; 5 s is a generous bound
const until = (what: string, check: () => boolean) => eventually(what, check, { timeoutMs: 5000, intervalMs: 20 });

describe('process compute driver', () => {
  const driver = new ProcessComputeDriver(opts);
  const started: number[] = [];
  after(async () => {
    for (const pid of started) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already stopped by the test
      }
    }
    rmSync(base, { recursive: true, force: true });
  });

  it('builds a detached process group with its files and a management address, idempotently', async () => {
    const id = '11111111-2222-4333-8444-555555555555';
    assert.equal(await driver.build(request(id)), id);
    const instance = await driver.getInstance(id);
    assert.equal(instance?.status, 'ACTIVE');
    assert.match(instance?.lbNetworkIp ?? '', /^127\.79\.\d{1,3}\.\d{1,3}$/);
    const record = JSON.parse(readFileSync(join(base, id, 'instance.json'), 'utf8'));
    started.push(record.pid);
    await until('the stand-in agent starts its child', () => groupMembers(record.pid).length === 3);
    // its own group, not the test runner's
    assert.notEqual(record.pid, process.pid);
    assert.deepEqual(groupMembers(process.pid).includes(record.pid), false);
    assert.equal(statSync(join(base, id, 'server.pem')).mode & 0o777, 0o600);
    assert.match(readFileSync(join(base, id, 'server.pem'), 'utf8'), /END CERTIFICATE-----\n-----BEGIN PRIVATE KEY/);
    const host = readFileSync(join(base, id, 'host.conf'), 'utf8');
    assert.match(host, new RegExp(`bind_host = ${instance!.lbNetworkIp!.replaceAll('.', '\\.')}\\n`));
    assert.match(host, /bind_port = 9443\n/);
    assert.match(host, new RegExp(`base_path = ${join(base, id, 'state')}\\n`));

    // a second build (a resumed job) finds the running instance
    assert.equal(await driver.build(request(id)), id);
    assert.equal(JSON.parse(readFileSync(join(base, id, 'instance.json'), 'utf8')).pid, record.pid);

    // a restarted controller: a new driver object over the same directory re-adopts it
    const again = new ProcessComputeDriver(opts);
    assert.deepEqual(await again.getInstance(id), instance);

    await again.delete(id);
    await until('every process of the group is gone', () => groupMembers(record.pid).length === 0);
    assert.equal(existsSync(join(base, id)), false);
    assert.equal(existsSync(join(base, '.management-ips', instance!.lbNetworkIp!)), false);
    assert.equal(await driver.getInstance(id), null);
    await driver.delete(id); // idempotent
  });

  it('gives concurrent amphorae different addresses', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `aaaaaaaa-0000-4000-8000-00000000000${i}`);
    await Promise.all(ids.map((id) => driver.build(request(id))));
    const ips = await Promise.all(ids.map(async (id) => (await driver.getInstance(id))?.lbNetworkIp));
    assert.equal(new Set(ips).size, ids.length);
    for (const id of ids) started.push(JSON.parse(readFileSync(join(base, id, 'instance.json'), 'utf8')).pid);
    await Promise.all(ids.map((id) => driver.delete(id)));
    assert.deepEqual(readdirSync(join(base, '.management-ips')), []);
  });

  it('reports a dead agent as ERROR and still stops what is left of its group on delete', async () => {
    const id = '99999999-2222-4333-8444-555555555555';
    const exited: string[] = [];
    driver.onInstanceExit((computeId) => exited.push(computeId));
    await driver.build(request(id));
    const { pid } = JSON.parse(readFileSync(join(base, id, 'instance.json'), 'utf8'));
    started.push(pid);
    await until('the stand-in agent starts its child', () => groupMembers(pid).length === 3);
    process.kill(pid, 'SIGKILL');
    await until('the leader is gone', () => !isAlive(pid, join(base, id)));
    assert.equal((await driver.getInstance(id))?.status, 'ERROR');
    await until('the driver tells its listeners the instance exited', () => exited.includes(id));
    assert.equal(groupMembers(pid).length, 2, 'the child outlives its leader');
    await driver.delete(id);
    await until('the orphaned child is stopped too', () => groupMembers(pid).length === 0);
    // a deliberate delete is not an exit on its own
    const other = 'aaaaaaaa-2222-4333-8444-555555555555';
    await driver.build(request(other));
    started.push(JSON.parse(readFileSync(join(base, other, 'instance.json'), 'utf8')).pid);
    const seen = driver.exitsSeen;
    await driver.delete(other);
    await until('the driver sees the deleted agent exit', () => driver.exitsSeen > seen);
    assert.deepEqual(exited, [id]);
  });

  it('stops an unrecorded HAProxy-like child of a dead agent: it names nothing of the amphora, but runs inside it', async () => {
    const driver = standIn('in-group');
    const id = '99999999-3333-4333-8444-555555555555';
    await driver.build(request(id));
    const { pid, pidStart } = JSON.parse(readFileSync(join(base, id, 'instance.json'), 'utf8'));
    started.push(pid);
    const agentStart = identify(pid)?.start;
    // the stand-in's own sed and mkdir pass through its group too: wait for the sleep
    const sleepIn = () => groupMembers(pid).find((p) => cmdline(p).startsWith('sleep'));
    await until('the stand-in agent starts its child', () => sleepIn() !== undefined);
    assert.doesNotMatch(cmdline(sleepIn()!), new RegExp(id));
    process.kill(pid, 'SIGKILL');
    await until('the agent is gone', () => !isAlive(pid));
    assert.equal((await driver.getInstance(id))?.status, 'ERROR');
    await driver.delete(id);
    assert.deepEqual(groupMembers(pid), [], 'delete returns only once the group is empty');
    assert.equal(existsSync(join(base, id)), false);
    assert.equal(pidStart, agentStart, 'the agent was recorded with its start time');
  });

  it('stops a recorded process that left the group, and its listener is closed when delete returns', async () => {
    const driver = standIn('escaped');
    const id = '99999999-4444-4333-8444-555555555555';
    await driver.build(request(id));
    const { pid } = JSON.parse(readFileSync(join(base, id, 'instance.json'), 'utf8'));
    started.push(pid);
    const portFile = join(base, id, 'state', 'port');
    await until('the escaped listener is up', () => existsSync(portFile) && readFileSync(portFile, 'utf8') !== '');
    const port = Number(readFileSync(portFile, 'utf8'));
    const [escaped] = readProcessRegistry(join(base, id, 'state', 'processes'));
    assert.ok(escaped && isSameProcess(escaped), 'the stand-in recorded its listener');
    started.push(escaped.pid);
    assert.notEqual(procStat(escaped.pid)?.pgrp, pid, 'it left the group');
    assert.equal(await refused(port), false, 'the listener accepts before the delete');
    process.kill(pid, 'SIGKILL');
    await until('the agent is gone', () => !isAlive(pid));
    await driver.delete(id);
    assert.equal(isSameProcess(escaped), false, 'the escaped process is gone');
    assert.equal(await refused(port), true, 'its port refuses connections');
  });

  it('leaves alone a process whose PID is in the registry with another start time (a reused PID)', async () => {
    const driver = standIn('in-group');
    const id = '99999999-5555-4333-8444-555555555555';
    await driver.build(request(id));
    const { pid } = JSON.parse(readFileSync(join(base, id, 'instance.json'), 'utf8'));
    started.push(pid);
    const bystander = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    const bystanderPid = bystander.pid!;
    started.push(bystanderPid);
    const real = identify(bystanderPid)!;
    writeFileSync(join(base, id, 'state', 'processes'), `${bystanderPid} ${Number(real.start) - 1} haproxy-master x\n`, { flag: 'a' });
    await driver.delete(id);
    assert.equal(isSameProcess(real), true, 'the bystander still runs');
    bystander.kill('SIGKILL');
  });

  it('refuses an id that is not a UUID (it becomes a path)', async () => {
    await assert.rejects(driver.build(request('../../etc')), /not an amphora id/);
    await assert.rejects(driver.delete('../x'), /not an amphora id/);
  });
});
