// L7 policies and rules → frontend `acl` lines and one action line per policy, as Octavia renders them: each rule
// is an ACL named by its id, the action's condition is the AND of the policy's rules (`!` for inverted ones).
//
// Ordering: HAProxy always evaluates `http-request deny` before `redirect` before `use_backend`, whatever their order
// in the file (and warns when they are out of that order). Octavia writes policies in position order and relies on
// that; we write the same rules grouped by that evaluation order (position order inside each group), which gives
// the same behaviour without the warnings.

import type { GraphL7Policy, GraphL7Rule } from '../../contracts/load-balancer-graph.js';
import { HaproxyRenderError, escapeWord, guardCount, guardHeaderName, guardName, guardOneOf, guardRedirectUrl } from './guard.js';

const COMPARE_FLAGS: Record<string, string> = {
  REGEX: '-m reg',
  STARTS_WITH: '-m beg',
  ENDS_WITH: '-m end',
  CONTAINS: '-m sub',
  EQUAL_TO: '-m str',
};

const REDIRECT_CODES = [301, 302, 303, 307, 308] as const;

function compareFlag(rule: GraphL7Rule): string {
  const flag = COMPARE_FLAGS[rule.compare_type];
  if (!flag) throw new HaproxyRenderError(`refusing to render L7 rule ${rule.id}: unknown compare_type`);
  return flag;
}

/** The pattern word; `--` first when it starts with `-`, or HAProxy would read it as an ACL flag. */
function pattern(rule: GraphL7Rule): string {
  const word = escapeWord(rule.value, `L7 rule ${rule.id} value`);
  return word.startsWith('-') ? `-- ${word}` : word;
}

function key(rule: GraphL7Rule): string {
  if (rule.key === null) throw new HaproxyRenderError(`refusing to render L7 rule ${rule.id}: ${rule.type} needs a key`);
  return guardHeaderName(rule.key, `L7 rule ${rule.id} key`);
}

/** `acl <rule_id> <fetch> <flags> <value>` for one rule. */
export function renderRuleAcl(rule: GraphL7Rule): string {
  const id = guardName(rule.id, 'L7 rule id');
  switch (rule.type) {
    case 'HOST_NAME':
      return `acl ${id} req.hdr(host) -i ${compareFlag(rule)} ${pattern(rule)}`;
    case 'PATH':
      return `acl ${id} path ${compareFlag(rule)} ${pattern(rule)}`;
    case 'FILE_TYPE':
      // `path_end -m str` would mean "path equals"; Octavia 17 fixed EQUAL_TO to a plain suffix match.
      if (rule.compare_type === 'EQUAL_TO') return `acl ${id} path_end ${pattern(rule)}`;
      return `acl ${id} path_end ${compareFlag(rule)} ${pattern(rule)}`;
    case 'HEADER':
      return `acl ${id} req.hdr(${key(rule)}) ${compareFlag(rule)} ${pattern(rule)}`;
    case 'COOKIE':
      return `acl ${id} req.cook(${key(rule)}) ${compareFlag(rule)} ${pattern(rule)}`;
    case 'SSL_CONN_HAS_CERT':
      return `acl ${id} ssl_c_used`;
    case 'SSL_VERIFY_RESULT':
      if (!/^\d{1,6}$/.test(rule.value)) {
        throw new HaproxyRenderError(`refusing to render L7 rule ${rule.id}: SSL_VERIFY_RESULT needs a number`);
      }
      return `acl ${id} ssl_c_verify eq ${rule.value}`;
    case 'SSL_DN_FIELD':
      return `acl ${id} ssl_c_s_dn(${key(rule)}) ${compareFlag(rule)} ${pattern(rule)}`;
    default:
      throw new HaproxyRenderError(`refusing to render L7 rule ${rule.id}: unknown type ${JSON.stringify(rule.type)}`);
  }
}

function condition(rules: GraphL7Rule[]): string {
  return rules.map((rule) => `${rule.invert ? '!' : ''}${guardName(rule.id, 'L7 rule id')}`).join(' ');
}

function redirectCode(policy: GraphL7Policy): string {
  if (policy.redirect_http_code === null) return '';
  guardCount(policy.redirect_http_code, 'redirect_http_code');
  return ` code ${guardOneOf(String(policy.redirect_http_code), REDIRECT_CODES.map(String), 'redirect_http_code')}`;
}

type Group = 'deny' | 'redirect' | 'use_backend';

function actionLine(
  policy: GraphL7Policy,
  cond: string,
  backendOf: (poolId: string) => string | null,
): { group: Group; line: string } | null {
  switch (policy.action) {
    case 'REJECT':
      return { group: 'deny', line: `http-request deny if ${cond}` };
    case 'REDIRECT_TO_URL': {
      if (!policy.redirect_url) throw new HaproxyRenderError(`L7 policy ${policy.id} has no redirect_url`);
      const url = guardRedirectUrl(policy.redirect_url, `L7 policy ${policy.id} redirect_url`);
      return { group: 'redirect', line: `redirect${redirectCode(policy)} location ${url} if ${cond}` };
    }
    case 'REDIRECT_PREFIX': {
      if (!policy.redirect_prefix) throw new HaproxyRenderError(`L7 policy ${policy.id} has no redirect_prefix`);
      const prefix = guardRedirectUrl(policy.redirect_prefix, `L7 policy ${policy.id} redirect_prefix`);
      return { group: 'redirect', line: `redirect${redirectCode(policy)} prefix ${prefix} if ${cond}` };
    }
    case 'REDIRECT_TO_POOL': {
      // A disabled or absent pool has no backend: Octavia drops the action, so traffic falls through.
      const backend = policy.redirect_pool_id === null ? null : backendOf(policy.redirect_pool_id);
      return backend === null ? null : { group: 'use_backend', line: `use_backend ${backend} if ${cond}` };
    }
    default:
      throw new HaproxyRenderError(`refusing to render L7 policy ${policy.id}: unknown action ${JSON.stringify(policy.action)}`);
  }
}

/**
 * Frontend lines for a listener's L7 policies. `backendOf` maps a pool id to the name of its rendered, enabled
 * backend for this listener, or null.
 */
export function renderL7Policies(policies: GraphL7Policy[], backendOf: (poolId: string) => string | null): string[] {
  const groups: Record<Group, string[]> = { deny: [], redirect: [], use_backend: [] };
  const ordered = policies.filter((policy) => policy.enabled).sort((a, b) => a.position - b.position);
  for (const policy of ordered) {
    guardName(policy.id, 'L7 policy id');
    const rules = policy.rules.filter((rule) => rule.enabled);
    if (rules.length === 0) continue;
    const action = actionLine(policy, condition(rules), backendOf);
    if (action === null) continue;
    groups[action.group].push(...rules.map(renderRuleAcl), action.line);
  }
  return [...groups.deny, ...groups.redirect, ...groups.use_backend];
}
