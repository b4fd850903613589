// oslo.config's INI dialect, which octavia.conf and the amphora agent's config are written in (oslo_config's
// iniparser and ConfigParser): a comment is a whole line starting with '#' or ';' (an unquoted '#' inside a value is
// part of it: `password = ab#cd` is "ab#cd"); `key = value` or `key: value`; one pair of matching quotes around a
// value is dropped; an indented line continues the previous value (joined with a newline); a blank line ends it;
// a key given again in a section adds a value (multi-valued options read them all, the others the last one); section
// names are taken as written. Values are never converted: options parse their own strings.

export class IniParseError extends Error {
  override readonly name = 'IniParseError';
  constructor(
    readonly origin: string,
    readonly line: number,
    readonly reason: string,
    readonly text: string,
  ) {
    super(`${origin}, line ${line}: ${reason}: ${JSON.stringify(text)}`);
  }
}

/** One occurrence of an option in a file: its value and where it was written. */
export interface IniValue {
  readonly value: string;
  readonly origin: string;
  readonly line: number;
}

/** section → option → every value given, in file order. */
export type IniSections = Map<string, Map<string, IniValue[]>>;

function splitKeyValue(line: string): [string, string] | null {
  const colon = line.indexOf(':');
  const equal = line.indexOf('=');
  if (colon < 0 && equal < 0) return null;
  const at = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
  let value = line.slice(at + 1).trim();
  if (value.length >= 2 && value[0] === value[value.length - 1] && (value[0] === '"' || value[0] === "'")) {
    value = value.slice(1, -1);
  }
  return [line.slice(0, at).trim(), value];
}

/** Parses one file's text; `origin` names it in errors and in each value's source. */
export function parseOsloIni(source: string, origin: string): IniSections {
  const sections: IniSections = new Map();
  let section: Map<string, IniValue[]> | null = null;
  let pending: { key: string; parts: string[]; line: number } | null = null;
  const fail = (line: number, reason: string, text: string): never => {
    throw new IniParseError(origin, line, reason, text);
  };
  const flush = () => {
    if (!pending) return;
    if (!section) return fail(pending.line, 'option outside of a section', pending.key);
    let values = section.get(pending.key);
    if (!values) section.set(pending.key, (values = []));
    values.push({ value: pending.parts.join('\n'), origin, line: pending.line });
    pending = null;
  };
  const lines = source.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const line = raw.trimEnd();
    if (line === '') {
      flush();
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (!pending) return fail(lineNo, 'unexpected continuation line', line);
      pending.parts.push(line.trimStart());
      continue;
    }
    flush();
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) return fail(lineNo, 'invalid section (must end with ])', line);
      if (line.length <= 2) return fail(lineNo, 'empty section name', line);
      const name = line.slice(1, -1);
      section = sections.get(name) ?? new Map();
      sections.set(name, section);
      continue;
    }
    if (line.startsWith('#') || line.startsWith(';')) continue;
    const pair = splitKeyValue(line);
    if (!pair) return fail(lineNo, "no ':' or '=' found in assignment", line);
    if (pair[0] === '') return fail(lineNo, 'key cannot be empty', line);
    pending = { key: pair[0], parts: [pair[1]], line: lineNo };
  }
  flush();
  return sections;
}

/** Adds `next` onto `base` (later files win for single values and add to multi-valued ones, as in oslo). */
export function mergeIni(base: IniSections, next: IniSections): IniSections {
  for (const [name, options] of next) {
    let target = base.get(name);
    if (!target) base.set(name, (target = new Map()));
    for (const [key, values] of options) target.set(key, [...(target.get(key) ?? []), ...values]);
  }
  return base;
}

// oslo substitutes "$name", "${name}" and "${group.name}" in option values (string.Template with dotted names);
// "$$" is a literal "$", and a name it cannot resolve is left as written (safe_substitute).
const TEMPLATE = /\$(?:(\$)|([_a-z][._a-z0-9]*)|\{([_a-z][._a-z0-9]*)\})/gi;

/**
 * Resolves the references in `value` of an option of `group`: a plain name is looked up in `group` first and in
 * [DEFAULT] then, "group.name" in that group. `lookup` returns the referenced option's own (substituted) value, or
 * undefined for an option that does not exist.
 */
export function substitute(value: string, group: string, lookup: (group: string, name: string) => string | undefined): string {
  return value.replace(TEMPLATE, (whole, dollar: string | undefined, bare: string | undefined, braced: string | undefined) => {
    if (dollar) return '$';
    const name = (bare ?? braced) as string;
    const dot = name.indexOf('.');
    const found = dot > 0 ? lookup(name.slice(0, dot), name.slice(dot + 1)) : (lookup(group, name) ?? lookup('DEFAULT', name));
    return found === undefined ? whole : found;
  });
}
