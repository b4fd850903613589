// The API side of the jobboard: a job is inserted in the same transaction that wrote the PENDING_* statuses, so
// either both exist or neither does.
import { newId } from '../common/ids.js';
import type { Db } from '../db/connection.js';
import { insertJob } from '../db/repositories/jobs.js';
import type { FlowName } from './catalog.js';
import type { JobSpec } from './job.js';

export async function enqueueJob<F extends FlowName>(tx: Db, spec: JobSpec<F>): Promise<string> {
  const id = newId();
  await insertJob(tx, { id, lane: spec.lane, flow: spec.flow, payload: JSON.stringify(spec.payload) });
  return id;
}
