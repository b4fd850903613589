// L7 rule validation (Octavia's validate.l7rule_data), applied to the merged rule on update.
import { ApiFault } from '../../../common/faults.js';
import { newId } from '../../../common/ids.js';
import type { NewL7Rule } from '../../../db/repositories/l7rules.js';
import { adminState } from '../common/body.js';
import {
  DISTINGUISHED_NAME_FIELD,
  HTTP_COOKIE_VALUE,
  HTTP_HEADER_NAME,
  HTTP_HEADER_VALUE,
  HTTP_QUOTED_HEADER_VALUE,
  INVALID_CONFIG_CHARS,
} from '../common/patterns.js';

export interface RuleFields {
  type: string;
  compare_type: string;
  key: string | null;
  value: string | null;
  invert?: boolean | null;
}

const NON_REGEX = ['STARTS_WITH', 'ENDS_WITH', 'CONTAINS', 'EQUAL_TO'];

/** A rule-level problem: Octavia words it "Invalid L7 Rule: <msg>". */
class InvalidRule extends Error {
  override readonly name = 'InvalidRule';
  constructor(message: string) {
    super(`Invalid L7 Rule: ${message}`);
  }
}

/** Bad characters or a bad regex: Octavia's InvalidString/InvalidRegex carry no "Invalid L7 Rule:" prefix. */
class InvalidText extends Error {
  override readonly name = 'InvalidText';
}

function checkRegex(value: string): void {
  if (INVALID_CONFIG_CHARS.test(value)) throw new InvalidText('Unable to parse regular expression: contains control characters');
  try {
    new RegExp(value);
  } catch (err) {
    throw new InvalidText(`Unable to parse regular expression: ${(err as Error).message}`);
  }
}

function headerValue(value: string, what: string): void {
  if (!HTTP_HEADER_VALUE.test(value) && !HTTP_QUOTED_HEADER_VALUE.test(value)) throw new InvalidText(`Invalid characters in ${what}`);
}

function keyAndValue(rule: RuleFields, valueCheck: (value: string) => void): void {
  if (!rule.key) throw new InvalidRule('L7 rule type requires a key');
  if (!HTTP_HEADER_NAME.test(rule.key)) throw new InvalidText('Invalid characters in key');
  if (rule.compare_type === 'REGEX') checkRegex(rule.value as string);
  else if (NON_REGEX.includes(rule.compare_type)) valueCheck(rule.value as string);
  else throw new InvalidRule('invalid comparison type for rule type');
}

export function validateRule(rule: RuleFields): void {
  try {
    checkRule(rule);
  } catch (err) {
    if (err instanceof InvalidRule || err instanceof InvalidText) throw new ApiFault(400, `Error parsing L7Rule: ${err.message}`);
    throw err;
  }
}

function checkRule(rule: RuleFields): void {
  if (!rule.value) throw new InvalidRule('L7 rule type requires a value');
  const value = rule.value;
  switch (rule.type) {
    case 'HEADER':
      return keyAndValue(rule, (v) => headerValue(v, 'header value'));
    case 'COOKIE':
      return keyAndValue(rule, (v) => {
        if (!HTTP_COOKIE_VALUE.test(v)) throw new InvalidText('Invalid characters in cookie value');
      });
    case 'HOST_NAME':
    case 'PATH':
      if (NON_REGEX.includes(rule.compare_type)) return headerValue(value, 'comparison value');
      if (rule.compare_type === 'REGEX') return checkRegex(value);
      throw new InvalidRule('invalid comparison type for rule type');
    case 'FILE_TYPE':
      if (rule.compare_type === 'REGEX') return checkRegex(value);
      if (rule.compare_type === 'EQUAL_TO') return headerValue(value, 'comparison value');
      throw new InvalidRule('invalid comparison type for rule type');
    case 'SSL_CONN_HAS_CERT':
      if (rule.key) throw new InvalidRule(`L7rule type ${rule.type} does not use the "key" field.`);
      if (value.toLowerCase() !== 'true') throw new InvalidRule(`L7rule value ${value} is not a boolean True string.`);
      if (rule.compare_type !== 'EQUAL_TO') throw new InvalidRule(`L7rule type ${rule.type} only supports the EQUAL_TO compare type.`);
      return;
    case 'SSL_VERIFY_RESULT':
      if (rule.key) throw new InvalidRule(`L7rule type ${rule.type} does not use the "key" field.`);
      if (!/^\d+$/.test(value)) throw new InvalidRule(`L7rule type ${rule.type} needs a int value, which is >= 0`);
      if (rule.compare_type !== 'EQUAL_TO') throw new InvalidRule(`L7rule type ${rule.type} only supports the EQUAL_TO compare type.`);
      return;
    case 'SSL_DN_FIELD':
      if (rule.compare_type === 'REGEX') checkRegex(value);
      if (!rule.key || !value) throw new InvalidRule(`L7rule type ${rule.type} needs to specify a key and a value.`);
      if (!DISTINGUISHED_NAME_FIELD.test(rule.key)) throw new InvalidRule('Invalid L7rule distinguished name field.');
      // the value lands in a config line: no control characters even for non-regex comparisons
      if (INVALID_CONFIG_CHARS.test(value)) throw new InvalidText('Invalid characters in comparison value');
      return;
    default:
      throw new InvalidRule('invalid rule type');
  }
}

export interface RuleInput {
  type?: string | null;
  compare_type?: string | null;
  key?: string | null;
  value?: string | null;
  invert?: boolean | null;
  admin_state_up?: boolean | null;
  tags?: string[] | null;
}

export function prepareRule(input: RuleInput, policy: { id: string; project_id: string | null }): NewL7Rule {
  const rule: RuleFields = {
    type: input.type as string,
    compare_type: input.compare_type as string,
    key: input.key ?? null,
    value: input.value ?? null,
  };
  validateRule(rule);
  return {
    id: newId(),
    project_id: policy.project_id,
    l7policy_id: policy.id,
    type: rule.type,
    compare_type: rule.compare_type,
    key: rule.key,
    value: rule.value as string,
    invert: Boolean(input.invert),
    enabled: adminState(input.admin_state_up),
    tags: input.tags ?? [],
  };
}
