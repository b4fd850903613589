// The policy enforcer of keystone and testing modes: Octavia's default rules, optionally overridden by an operator's
// policy file ([oslo_policy] policy_file, YAML or JSON mapping rule name → check string), evaluated per request.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { RequestContext } from './context.js';
import { defaultPolicies } from './default-policies.js';
import type { PolicyEnforcer, PolicyTarget } from './policy.js';
import { type Credentials, evaluate, parseRule, type RuleNode, RuleSyntaxError } from './rules.js';

export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
}

/** Reads an oslo.policy file: a mapping of rule name → check string (YAML, of which JSON is a subset). */
export function readPolicyFile(path: string): Record<string, string> {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new PolicyFileError(`cannot read policy file ${path}: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new PolicyFileError(`policy file ${path} is not a mapping`);
  const out: Record<string, string> = {};
  for (const [name, rule] of Object.entries(doc as Record<string, unknown>)) {
    if (typeof rule !== 'string') throw new PolicyFileError(`policy file ${path}: rule '${name}' is not a string`);
    out[name] = rule;
  }
  return out;
}

export class RuleEnforcer implements PolicyEnforcer {
  private readonly rules = new Map<string, RuleNode>();

  /** `overrides` replace default rules of the same name and may add new ones (referenced through rule:<name>). */
  constructor(overrides: Readonly<Record<string, string>> = {}) {
    for (const [name, text] of Object.entries({ ...defaultPolicies(), ...overrides })) {
      try {
        this.rules.set(name, parseRule(text));
      } catch (err) {
        if (err instanceof RuleSyntaxError) throw new PolicyFileError(`policy rule '${name}': ${err.message}`);
        throw err;
      }
    }
  }

  static fromFile(path: string | null): RuleEnforcer {
    return new RuleEnforcer(path ? readPolicyFile(path) : {});
  }

  /** Octavia's Context.is_admin: the context_is_admin rule against the caller's own credentials. */
  isAdmin(ctx: Omit<RequestContext, 'isAdmin'>): boolean {
    const creds = credentials({ ...ctx, isAdmin: false });
    return this.evaluateNamed('context_is_admin', creds, credentialTarget(creds));
  }

  check(ctx: RequestContext, action: string, target: PolicyTarget): boolean {
    if (!this.rules.has(action)) throw new Error(`Policy not registered: ${action}`);
    return this.evaluateNamed(action, credentials(ctx), { project_id: target.project_id });
  }

  private evaluateNamed(name: string, creds: Credentials, target: Record<string, string | null>): boolean {
    const rule = this.rules.get(name);
    return rule !== undefined && evaluate(rule, creds, target, (n) => this.rules.get(n));
  }
}

export function credentials(ctx: RequestContext): Credentials {
  return {
    roles: ctx.roles.map((r) => r.toLowerCase()),
    project_id: ctx.projectId,
    user_id: ctx.userId,
    system_scope: ctx.systemScope,
    domain_id: ctx.domainId,
    user_domain_id: ctx.userDomainId,
    project_domain_id: ctx.projectDomainId,
    is_admin: ctx.isAdmin,
  };
}

/** oslo's check_is_admin passes the credentials as the target too. */
function credentialTarget(creds: Credentials): Record<string, string | null> {
  return {
    project_id: creds.project_id,
    user_id: creds.user_id,
    domain_id: creds.domain_id,
    user_domain_id: creds.user_domain_id,
    project_domain_id: creds.project_domain_id,
  };
}
