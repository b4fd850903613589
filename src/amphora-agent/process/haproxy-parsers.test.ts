import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHaproxyVersion } from './haproxy-command.js';
import { scanHaproxyConfig } from './haproxy-config-scan.js';
import { parseShowProc } from './master-cli.js';
import { listenerStatsFromRows, parseShowStat } from './stats.js';

describe('HAProxy output parsers', () => {
  it('parses "show proc" of the master CLI, with old workers', () => {
    const text = [
      '#<PID>          <type>          <reloads>       <uptime>        <version>      ',
      '31582           master          2 [failed: 1]   0d00h00m08s     2.6.12-1+deb12u4',
      '# workers',
      '31641           worker          0               0d00h00m01s     2.6.12-1+deb12u4',
      '# old workers',
      '31605           worker          1               0d00h00m04s     2.6.12-1+deb12u4',
      '# programs',
      '',
    ].join('\n');
    assert.deepEqual(parseShowProc(text), { masterPid: 31582, reloads: 2, failedReloads: 1, workers: [31641], oldWorkers: [31605] });
    assert.throws(() => parseShowProc('Unknown command\n'));
  });

  it('parses "show stat" CSV into per-frontend statistics', () => {
    const csv = [
      '# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,status,',
      'f1d2,FRONTEND,,,3,5,2000,42,1200,3400,0,0,2,,OPEN,',
      'p1:f1d2,m1,0,0,1,1,,40,1100,3300,,0,,0,UP,',
      'p1:f1d2,BACKEND,0,0,1,1,200,40,1100,3300,0,0,,0,UP,',
      '',
    ].join('\n');
    const rows = parseShowStat(csv);
    assert.equal(rows.length, 3);
    assert.equal(rows[1]?.status, 'UP');
    assert.deepEqual(listenerStatsFromRows(rows), [
      { listenerId: 'f1d2', bytesIn: 1200, bytesOut: 3400, activeConnections: 3, totalConnections: 42, requestErrors: 2 },
    ]);
    assert.throws(() => parseShowStat('Permission denied\n'));
  });

  it('scans frontends, their type and the stats socket from a configuration', () => {
    const cfg = [
      'global',
      '    stats socket unix@stats.sock mode 600 level admin',
      'defaults',
      '    mode tcp',
      'frontend aaa',
      '    bind 127.0.0.1:80',
      'frontend bbb',
      '    mode http',
      '    bind 127.0.0.1:81',
      'frontend ccc',
      '    mode http',
      '    bind 127.0.0.1:443 ssl crt /x/certs/ccc.pem',
      'backend pool',
      '    mode http',
    ].join('\n');
    assert.deepEqual(scanHaproxyConfig(cfg), {
      statsSocket: 'stats.sock',
      frontends: [
        { name: 'aaa', type: 'TCP' },
        { name: 'bbb', type: 'HTTP' },
        { name: 'ccc', type: 'TERMINATED_HTTPS' },
      ],
    });
  });

  it('reads the version from the haproxy -v banner', () => {
    assert.equal(parseHaproxyVersion('HAProxy version 2.6.12-1+deb12u4 2026/10/17 - https://haproxy.org/\n'), '2.6.12-1+deb12u4');
    assert.equal(parseHaproxyVersion('nothing'), null);
  });
});
