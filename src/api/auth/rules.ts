// The subset of oslo.policy's rule language that Octavia's defaults and shipped policy files use:
// "@" (always), "!" (never), "" (always), role:<name>, rule:<name>, is_admin:True|False, <credential>:<value> where
// <value> is a literal or %(<target key>)s, combined with and / or / not and parentheses (not > and > or).
// Parsing is pure; evaluation needs the credentials, the target and a way to look up named rules.

export type RuleNode =
  | { readonly kind: 'true' }
  | { readonly kind: 'false' }
  | { readonly kind: 'role'; readonly role: string }
  | { readonly kind: 'rule'; readonly name: string }
  | { readonly kind: 'is_admin'; readonly expected: boolean }
  | { readonly kind: 'generic'; readonly key: string; readonly match: string }
  | { readonly kind: 'not'; readonly rule: RuleNode }
  | { readonly kind: 'and'; readonly rules: readonly RuleNode[] }
  | { readonly kind: 'or'; readonly rules: readonly RuleNode[] };

export class RuleSyntaxError extends Error {
  override readonly name = 'RuleSyntaxError';
}

export interface Credentials {
  readonly roles: readonly string[];
  readonly project_id: string | null;
  readonly user_id: string | null;
  readonly system_scope: string | null;
  readonly domain_id: string | null;
  readonly user_domain_id: string | null;
  readonly project_domain_id: string | null;
  readonly is_admin: boolean;
}

export type Target = Readonly<Record<string, string | null | undefined>>;

function tokenize(text: string): string[] {
  // as oslo.policy: split on whitespace, then peel parentheses off the ends of each word ("(role:a" → "(", "role:a"),
  // leaving those inside a check such as project_id:%(project_id)s alone
  const out: string[] = [];
  for (const word of text.split(/\s+/).filter((t) => t !== '')) {
    let w = word;
    while (w.startsWith('(')) {
      out.push('(');
      w = w.slice(1);
    }
    let closing = 0;
    while (w.endsWith(')') && !/%\([^)]*\)$/.test(w)) {
      closing++;
      w = w.slice(0, -1);
    }
    if (w !== '') out.push(w);
    for (let i = 0; i < closing; i++) out.push(')');
  }
  return out;
}

function parseCheck(token: string): RuleNode {
  if (token === '@') return { kind: 'true' };
  if (token === '!') return { kind: 'false' };
  const colon = token.indexOf(':');
  if (colon <= 0) throw new RuleSyntaxError(`invalid check '${token}'`);
  const kind = token.slice(0, colon);
  const match = token.slice(colon + 1);
  if (kind === 'role') return { kind: 'role', role: match.toLowerCase() };
  if (kind === 'rule') return { kind: 'rule', name: match };
  if (kind === 'is_admin') return { kind: 'is_admin', expected: match.toLowerCase() === 'true' };
  return { kind: 'generic', key: kind, match };
}

/** Parses a check string; throws RuleSyntaxError on a malformed one. */
export function parseRule(text: string): RuleNode {
  const tokens = tokenize(text);
  if (tokens.length === 0) return { kind: 'true' };
  let pos = 0;
  const peek = () => tokens[pos];

  function parseOr(): RuleNode {
    const rules = [parseAnd()];
    while (peek()?.toLowerCase() === 'or') {
      pos++;
      rules.push(parseAnd());
    }
    return rules.length === 1 ? rules[0]! : { kind: 'or', rules };
  }
  function parseAnd(): RuleNode {
    const rules = [parseNot()];
    while (peek()?.toLowerCase() === 'and') {
      pos++;
      rules.push(parseNot());
    }
    return rules.length === 1 ? rules[0]! : { kind: 'and', rules };
  }
  function parseNot(): RuleNode {
    const token = peek();
    if (token === undefined) throw new RuleSyntaxError(`unexpected end of rule '${text}'`);
    if (token.toLowerCase() === 'not') {
      pos++;
      return { kind: 'not', rule: parseNot() };
    }
    if (token === '(') {
      pos++;
      const inner = parseOr();
      if (peek() !== ')') throw new RuleSyntaxError(`missing ')' in rule '${text}'`);
      pos++;
      return inner;
    }
    if (token === ')' || ['and', 'or'].includes(token.toLowerCase())) {
      throw new RuleSyntaxError(`unexpected '${token}' in rule '${text}'`);
    }
    pos++;
    return parseCheck(token);
  }

  const node = parseOr();
  if (pos !== tokens.length) throw new RuleSyntaxError(`unexpected '${tokens[pos]}' in rule '${text}'`);
  return node;
}

/** %(key)s substitution from the target, as oslo.policy's GenericCheck does; null when the key is missing. */
function substitute(match: string, target: Target): string | null {
  let missing = false;
  const out = match.replace(/%\(([^)]+)\)s/g, (_m, key: string) => {
    const v = target[key];
    if (v === undefined || v === null) {
      missing = true;
      return '';
    }
    return v;
  });
  return missing ? null : out;
}

function credential(creds: Credentials, key: string): string | null {
  switch (key) {
    case 'project_id':
    case 'tenant':
    case 'tenant_id':
      return creds.project_id;
    case 'user_id':
    case 'user':
      return creds.user_id;
    case 'system_scope':
      return creds.system_scope;
    case 'domain_id':
      return creds.domain_id;
    case 'user_domain_id':
      return creds.user_domain_id;
    case 'project_domain_id':
      return creds.project_domain_id;
    default:
      return null;
  }
}

/**
 * Evaluates a parsed rule. `lookup` resolves rule:<name> (undefined → the check fails, as oslo.policy does for an
 * unknown rule); `depth` guards against a policy file whose rules refer to each other in a loop.
 */
export function evaluate(
  node: RuleNode,
  creds: Credentials,
  target: Target,
  lookup: (name: string) => RuleNode | undefined,
  depth = 0,
): boolean {
  if (depth > 50) throw new RuleSyntaxError('policy rules refer to each other in a loop');
  switch (node.kind) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'role':
      return creds.roles.includes(node.role);
    case 'is_admin':
      return creds.is_admin === node.expected;
    case 'rule': {
      const rule = lookup(node.name);
      return rule !== undefined && evaluate(rule, creds, target, lookup, depth + 1);
    }
    case 'generic': {
      const expected = node.match.startsWith("'") && node.match.endsWith("'") ? node.match.slice(1, -1) : substitute(node.match, target);
      const actual = credential(creds, node.key);
      return expected !== null && actual !== null && actual === expected;
    }
    case 'not':
      return !evaluate(node.rule, creds, target, lookup, depth);
    case 'and':
      return node.rules.every((r) => evaluate(r, creds, target, lookup, depth));
    case 'or':
      return node.rules.some((r) => evaluate(r, creds, target, lookup, depth));
  }
}
