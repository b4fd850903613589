import { runBackground } from './background.js';

export async function runWorker(configFiles: string[]): Promise<void> {
  await runBackground(configFiles, 'worker', { worker: true });
}
