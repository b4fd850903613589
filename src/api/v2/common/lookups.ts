// Loading the objects a request names, with Octavia's 404 wording.
import { notFound } from '../../../common/faults.js';
import type { Db } from '../../../db/connection.js';
import type { HealthMonitor, L7Policy, L7Rule, Listener, LoadBalancer, Member, Pool } from '../../../db/models.js';
import { getHealthMonitor } from '../../../db/repositories/health-monitors.js';
import { getL7Policy } from '../../../db/repositories/l7policies.js';
import { getL7Rule } from '../../../db/repositories/l7rules.js';
import { getListener } from '../../../db/repositories/listeners.js';
import { getLoadBalancer } from '../../../db/repositories/load-balancers.js';
import { getMember } from '../../../db/repositories/members.js';
import { getPool } from '../../../db/repositories/pools.js';

async function required<T>(load: Promise<T | null>, resource: string, id: string): Promise<T> {
  const obj = await load;
  if (!obj) throw notFound(resource, id);
  return obj;
}

export const requireLoadBalancer = (db: Db, id: string): Promise<LoadBalancer> => required(getLoadBalancer(db, id), 'Load Balancer', id);
export const requireListener = (db: Db, id: string): Promise<Listener> => required(getListener(db, id), 'Listener', id);
export const requirePool = (db: Db, id: string): Promise<Pool> => required(getPool(db, id), 'Pool', id);
export const requireMember = (db: Db, id: string): Promise<Member> => required(getMember(db, id), 'Member', id);
export const requireHealthMonitor = (db: Db, id: string): Promise<HealthMonitor> =>
  required(getHealthMonitor(db, id), 'Health Monitor', id);
export const requireL7Policy = (db: Db, id: string, name = 'L7 Policy'): Promise<L7Policy> => required(getL7Policy(db, id), name, id);
export const requireL7Rule = (db: Db, id: string): Promise<L7Rule> => required(getL7Rule(db, id), 'L7 Rule', id);
