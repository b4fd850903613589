// Compares two haproxy.cfg texts section by section after a stated normalisation, and after a list of deliberate
// differences has been taken out (render-vs-octavia.test.ts lists them). Every difference records whether it
// changed anything, so a listed difference that no longer occurs can be reported as well as an unlisted one.

export interface Section {
  header: string;
  body: string[];
}

const SECTION_KEYWORDS = /^(global|defaults|frontend|backend|listen|peers|resolvers|userlist|program|mailers|cache)( |$)/;

/**
 * The normalisation, nothing more: blank lines and comment lines go (HAProxy ignores them; Octavia's header comment
 * has no amphora id); each line is trimmed and runs of unescaped blanks become one (HAProxy splits words on them;
 * Octavia's template indents ACL lines deeper); the codes of `http-check expect rstatus a|b|c` are sorted (an
 * alternation of literal codes, whose order Octavia takes from a Python set).
 */
export function parseConfig(text: string): Section[] {
  const sections: Section[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim().replace(/(?<!\\)[ \t]+/g, ' ');
    if (line === '' || line.startsWith('#')) continue;
    if (SECTION_KEYWORDS.test(line)) sections.push({ header: line, body: [] });
    else if (sections.length === 0) throw new Error(`a directive before the first section: ${line}`);
    else sections.at(-1)?.body.push(sortExpectedCodes(line));
  }
  return sections;
}

function sortExpectedCodes(line: string): string {
  const match = /^http-check expect rstatus (\d+(?:\|\d+)*)$/.exec(line);
  if (!match?.[1]) return line;
  const codes = match[1].split('|').sort((a, b) => Number(a) - Number(b));
  return `http-check expect rstatus ${codes.join('|')}`;
}

export function formatConfig(sections: readonly Section[]): string {
  return sections.map((s) => [s.header, ...s.body.map((line) => `    ${line}`)].join('\n')).join('\n\n');
}

/** A line test: a pattern, or a predicate that may look at the other lines of the section. */
export type LineTest = RegExp | ((line: string, body: readonly string[]) => boolean);

interface DifferenceBase {
  id: string;
  /** one line: why we render differently */
  reason: string;
  /** the sections (by header) the difference is looked for in */
  sections: RegExp;
}

export type Difference = DifferenceBase &
  (
    | { kind: 'octavia-only'; octavia: LineTest }
    | { kind: 'ours-only'; ours: LineTest }
    /** the lines each side writes for the same thing: taken out of both */
    | { kind: 'replace'; octavia: LineTest; ours: LineTest }
    /** what we write instead of one of Octavia's lines (null: the line is not concerned) */
    | { kind: 'rewrite'; rewrite: (line: string) => string[] | null }
    /** the same directive with a value chosen differently: paired in order, ours taken when `accept` agrees */
    | { kind: 'value'; line: RegExp; accept: (ours: string, octavia: string) => boolean }
    /** Octavia's lines put in our order, where the order does not change what HAProxy does */
    | { kind: 'reorder'; reorder: (body: readonly string[]) => string[] }
    /** whole sections only we write (Octavia writes none with that header) */
    | { kind: 'ours-only-section'; section: (section: Section) => boolean }
  );

function matches(test: LineTest, line: string, body: readonly string[]): boolean {
  return typeof test === 'function' ? test(line, body) : test.test(line);
}

function partition(body: string[], test: LineTest): { kept: string[]; taken: string[] } {
  const kept: string[] = [];
  const taken: string[] = [];
  for (const line of body) (matches(test, line, body) ? taken : kept).push(line);
  return { kept, taken };
}

const same = (a: readonly string[], b: readonly string[]): boolean => a.join('\n') === b.join('\n');

/** Applies one difference to a pair of section bodies; true when it changed anything. */
function applyToBodies(diff: Difference, ours: Section, octavia: Section): boolean {
  switch (diff.kind) {
    case 'octavia-only': {
      const { kept, taken } = partition(octavia.body, diff.octavia);
      octavia.body = kept;
      return taken.length > 0;
    }
    case 'ours-only': {
      const { kept, taken } = partition(ours.body, diff.ours);
      ours.body = kept;
      return taken.length > 0;
    }
    case 'replace': {
      const o = partition(ours.body, diff.ours);
      const t = partition(octavia.body, diff.octavia);
      ours.body = o.kept;
      octavia.body = t.kept;
      return !same(o.taken, t.taken);
    }
    case 'rewrite': {
      const before = octavia.body;
      octavia.body = before.flatMap((line) => diff.rewrite(line) ?? [line]);
      return !same(before, octavia.body);
    }
    case 'value': {
      const o = ours.body.flatMap((line, i) => (diff.line.test(line) ? [i] : []));
      const t = octavia.body.flatMap((line, i) => (diff.line.test(line) ? [i] : []));
      if (o.length !== t.length) return false; // left for the comparison to show
      let changed = false;
      o.forEach((oi, k) => {
        const ti = t[k] as number;
        const [mine, theirs] = [ours.body[oi] as string, octavia.body[ti] as string];
        if (mine !== theirs && diff.accept(mine, theirs)) {
          octavia.body[ti] = mine;
          changed = true;
        }
      });
      return changed;
    }
    case 'reorder': {
      const before = octavia.body;
      octavia.body = diff.reorder(before);
      return !same(before, octavia.body);
    }
    case 'ours-only-section':
      return false;
  }
}

export interface Comparison {
  ours: string;
  octavia: string;
  /** ids of the differences that changed something */
  occurred: Set<string>;
}

/** Both configurations after the differences were taken out, ready for an exact comparison. */
export function compareConfigs(oursText: string, octaviaText: string, differences: readonly Difference[]): Comparison {
  let ours = parseConfig(oursText);
  const octavia = parseConfig(octaviaText);
  const occurred = new Set<string>();
  const octaviaHeaders = new Set(octavia.map((s) => s.header));
  for (const diff of differences) {
    if (diff.kind !== 'ours-only-section') continue;
    const only = (s: Section) => diff.sections.test(s.header) && !octaviaHeaders.has(s.header) && diff.section(s);
    if (ours.some(only)) occurred.add(diff.id);
    ours = ours.filter((s) => !only(s));
  }
  const oursByHeader = new Map(ours.map((s) => [s.header, s]));
  for (const section of octavia) {
    const mine = oursByHeader.get(section.header);
    if (!mine) continue;
    for (const diff of differences) {
      if (diff.sections.test(section.header) && applyToBodies(diff, mine, section)) occurred.add(diff.id);
    }
  }
  return { ours: formatConfig(ours), octavia: formatConfig(octavia), occurred };
}
