import { runBackground } from './background.js';

export async function runHousekeeping(configFiles: string[]): Promise<void> {
  await runBackground(configFiles, 'housekeeping', { housekeeping: true });
}
