#!/usr/bin/env node
// `octavia`: one executable, one subcommand per process kind (ARCHITECTURE.md).
// Each subcommand's module is imported only when it runs: an amphora agent (one per amphora, started on every
// build) must not pay for loading the API, the database drivers and the worker.
import { Command } from 'commander';

const collect = (value: string, previous: string[]) => [...previous, value];

const program = new Command('octavia')
  .description('octavia-ts: load balancing as a service (OpenStack Octavia API compatible)')
  .option('--config-file <path>', 'octavia.conf to read (repeatable; later files win)', collect, [] as string[]);

program
  .command('all-in-one')
  .description('run API, worker, health manager and housekeeping in one process (migrates the database first)')
  .action(async () =>
    (await import('./api.js')).runApi(program.opts().configFile, {
      migrate: true,
      worker: true,
      housekeeping: true,
      healthManager: true,
      name: 'all-in-one',
    }),
  );

program
  .command('api')
  .description('run the Octavia v2 REST API')
  .action(async () => (await import('./api.js')).runApi(program.opts().configFile, { migrate: false, worker: false, name: 'api' }));

program
  .command('worker')
  .description('run a controller worker: claims jobs from the database jobboard and runs their flows')
  .action(async () => (await import('./worker.js')).runWorker(program.opts().configFile));

program
  .command('amphora-agent')
  .description(
    'run the agent of one amphora: agent API 1.0 over mutual TLS, HAProxy processes (reads amphora-agent.conf files, not octavia.conf)',
  )
  .action(async () => (await import('./amphora-agent.js')).runAmphoraAgent(program.opts().configFile));

program
  .command('housekeeping')
  .description('run housekeeping: purge expired DELETED rows and finished jobs, rotate amphora certificates')
  .action(async () => (await import('./housekeeping.js')).runHousekeeping(program.opts().configFile));

program
  .command('health-manager')
  .description('run a health manager: receives amphora heartbeats (UDP), updates statuses and statistics, fails silent amphorae over')
  .action(async () => (await import('./health-manager.js')).runHealthManager(program.opts().configFile));

program
  .command('db')
  .description('database administration')
  .command('upgrade')
  .description('apply every pending schema migration')
  .action(async () => (await import('./db.js')).runDbUpgrade(program.opts().configFile));

await program.parseAsync(process.argv);
