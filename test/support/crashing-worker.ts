// A controller worker process that SIGKILLs itself right after the task named by OCTAVIA_CRASH_FLOW /
// OCTAVIA_CRASH_TASK has been persisted: the harshest crash there is, at the most delicate point. Configuration
// comes from OCTAVIA__* environment overrides, like the real `octavia worker`.
// Run: node --import tsx test/support/crashing-worker.ts
import { createLogger } from '../../src/common/logging.js';
import { loadConfig } from '../../src/config/load.js';
import { createRuntime } from '../../src/runtime/services.js';

const crashFlow = process.env.OCTAVIA_CRASH_FLOW;
const crashTask = process.env.OCTAVIA_CRASH_TASK;
if (!crashFlow || !crashTask) throw new Error('OCTAVIA_CRASH_FLOW and OCTAVIA_CRASH_TASK are required');

const config = loadConfig({ files: [], env: process.env });
const log = createLogger(process.env.OCTAVIA_TEST_LOG_LEVEL ?? 'silent', 'crashing-worker');
await createRuntime(config, log, {
  migrate: false,
  worker: true,
  hooks: {
    afterTaskPersisted(flow, task, phase) {
      if (phase === 'execute' && flow === crashFlow && task === crashTask) process.kill(process.pid, 'SIGKILL');
    },
  },
});
process.stdout.write('ready\n');
