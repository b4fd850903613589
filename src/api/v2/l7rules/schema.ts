import { type Static, Type, bool, oneOf, pattern, str, tags } from '../../validation/types.js';
import { L7RULE_COMPARE_TYPES, L7RULE_TYPES } from '../../../common/constants.js';
import { NO_CR_LF } from '../common/patterns.js';

const opt = <T extends Parameters<typeof Type.Optional>[0]>(s: T) => Type.Optional(Type.Union([s, Type.Null()]));

const common = {
  type: opt(oneOf(L7RULE_TYPES)),
  compare_type: opt(oneOf(L7RULE_COMPARE_TYPES)),
  key: opt(pattern(NO_CR_LF, 255)),
  value: opt(pattern(NO_CR_LF, 255)),
  invert: opt(bool()),
  admin_state_up: opt(bool()),
  tags: opt(tags()),
};

export const L7RulePostSchema = Type.Object(
  { ...common, project_id: opt(str(36)), tenant_id: opt(str(36)) },
  { required: ['type', 'compare_type', 'value'] },
);
export type L7RulePost = Static<typeof L7RulePostSchema>;

/** Rules inside a graph create are not pattern-checked for CR/LF by Octavia; we check them anyway (safety). */
export const L7RuleSingleCreateSchema = Type.Object({ ...common }, { required: ['type', 'compare_type', 'value'] });

export const L7RulePutSchema = Type.Object({ ...common });
export type L7RulePut = Static<typeof L7RulePutSchema>;
