// The agent's configuration while it runs: parsed from its files at start, replaced by PUT /1.0/config (written
// over the first --config-file, as Octavia writes its single config file). Heartbeat settings take effect at
// once; the rest (bind address, paths) on the next start.
import { EventEmitter } from 'node:events';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AgentConfigError, parseAgentConfig, type AgentConfig, type AgentHeartbeatConfig } from '../contracts/agent-config.js';

export class AgentSettings extends EventEmitter<{ heartbeat: [AgentHeartbeatConfig] }> {
  private constructor(
    private readonly files: readonly string[],
    private texts: string[],
    private current: AgentConfig,
  ) {
    super();
  }

  static async load(files: readonly string[]): Promise<AgentSettings> {
    if (files.length === 0) throw new AgentConfigError('at least one --config-file is required');
    // absolute: the agent changes its working directory after loading, and PUT /1.0/config rewrites files[0]
    const absolute = files.map((f) => resolve(f));
    const texts = await Promise.all(absolute.map((f) => readFile(f, 'utf8')));
    return new AgentSettings(absolute, texts, parseAgentConfig(texts));
  }

  get config(): AgentConfig {
    return this.current;
  }

  /** Validates `text` as the new first config file, stores it (0600, atomically) and applies heartbeat settings. */
  async update(text: string): Promise<void> {
    const texts = [text, ...this.texts.slice(1)];
    const next = parseAgentConfig(texts);
    if (next.amphoraId !== this.current.amphoraId) {
      throw new AgentConfigError(`amphora_id ${next.amphoraId} is not this amphora (${this.current.amphoraId})`);
    }
    const target = this.files[0] as string;
    await writeFile(`${target}.new`, text, { mode: 0o600 });
    await rename(`${target}.new`, target);
    this.texts = texts;
    // options that need a restart keep their running values until then
    this.current = { ...this.current, heartbeat: next.heartbeat, topology: next.topology };
    this.emit('heartbeat', next.heartbeat);
  }
}
