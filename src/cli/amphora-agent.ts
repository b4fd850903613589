import { createLogger } from '../common/logging.js';
import { startAgent } from '../amphora-agent/agent.js';

/**
 * `octavia amphora-agent --config-file A [--config-file B]`: the agent of one amphora. It reads only its own
 * config files (amphora-agent.conf format, src/contracts/agent-config.ts), never octavia.conf. SIGTERM stops the
 * API server only: HAProxy keeps serving, and the next agent start re-adopts it.
 */
export async function runAmphoraAgent(configFiles: string[]): Promise<void> {
  const log = createLogger(process.env.OCTAVIA_AGENT_LOG_LEVEL ?? 'info', 'amphora-agent');
  let agent;
  try {
    agent = await startAgent(configFiles, log);
  } catch (err) {
    log.fatal({ err }, 'amphora agent failed to start');
    process.stderr.write(`octavia amphora-agent: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const stop = (signal: string) => {
    log.info({ signal }, 'amphora agent stopping (haproxy keeps running)');
    void agent.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
