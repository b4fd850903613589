import { type Static, Type, bool, int, intOneOf, list, oneOf, str, tags, url, uuid } from '../../validation/types.js';
import { L7POLICY_ACTIONS, MAX_POLICY_POSITION, REDIRECT_HTTP_CODES } from '../../../common/constants.js';
import { L7RuleSingleCreateSchema } from '../l7rules/schema.js';
import { PoolSingleCreateSchema } from '../pools/schema.js';

const opt = <T extends Parameters<typeof Type.Optional>[0]>(s: T) => Type.Optional(Type.Union([s, Type.Null()]));

const common = {
  name: opt(str(255)),
  description: opt(str(255)),
  admin_state_up: opt(bool()),
  action: opt(oneOf(L7POLICY_ACTIONS)),
  redirect_pool_id: opt(uuid()),
  redirect_url: opt(url()),
  redirect_prefix: opt(url()),
  position: opt(int(1, MAX_POLICY_POSITION)),
  tags: opt(tags()),
  redirect_http_code: opt(intOneOf(REDIRECT_HTTP_CODES)),
};

export const L7PolicyPostSchema = Type.Object(
  {
    ...common,
    project_id: opt(str(36)),
    tenant_id: opt(str(36)),
    // not nullable: a null listener_id is "missing" (Octavia looks up listener None and answers 404)
    listener_id: Type.Optional(uuid()),
    rules: opt(list(L7RuleSingleCreateSchema)),
  },
  { required: ['action', 'listener_id'] },
);
export type L7PolicyPost = Static<typeof L7PolicyPostSchema>;

export const L7PolicySingleCreateSchema = Type.Object(
  { ...common, redirect_pool: opt(PoolSingleCreateSchema), rules: opt(list(L7RuleSingleCreateSchema)) },
  { required: ['action'] },
);
export type L7PolicySingleCreate = Static<typeof L7PolicySingleCreateSchema>;

export const L7PolicyPutSchema = Type.Object({ ...common });
export type L7PolicyPut = Static<typeof L7PolicyPutSchema>;
