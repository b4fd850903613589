// Neutron's list parameters and paging (neutron/api/api_common.py with ML2's native pagination): sort_key/sort_dir
// pairs, limit (0 = everything), marker (the id of the last object seen) and page_reverse, and the "<collection>_links"
// Neutron derives from the page it returns.
import { badLimit, httpBadRequest } from './errors.js';

type Item = Record<string, unknown>;

export interface SortKey {
  readonly key: string;
  readonly asc: boolean;
}

export interface PageRequest {
  /** null: no pagination */
  readonly limit: number | null;
  readonly marker: string | null;
  readonly pageReverse: boolean;
  readonly sorts: readonly SortKey[];
}

/** The parameters that are not attribute filters (api_common.get_filters' skip list). */
export const NON_FILTER_PARAMS = new Set(['fields', 'sort_key', 'sort_dir', 'limit', 'marker', 'page_reverse']);

/** webob's GET.get: the last value of a repeated parameter. */
const last = (params: URLSearchParams, name: string): string | null => {
  const all = params.getAll(name);
  return all.length > 0 ? (all[all.length - 1] as string) : null;
};

/** api_common.list_args: every non-empty value. */
export const listArgs = (params: URLSearchParams, name: string): string[] => params.getAll(name).filter((v) => v !== '');

export function parsePageRequest(params: URLSearchParams, sortable: ReadonlySet<string>): PageRequest {
  const sorts = parseSorts(params, sortable);
  const limit = parseLimit(last(params, 'limit'));
  const pageReverse = (last(params, 'page_reverse') ?? 'False').toLowerCase() === 'true';
  if (limit === null) return { limit, marker: null, pageReverse, sorts };
  // native pagination always ends the order on the primary key, so a marker names one position
  const withId = sorts.some((s) => s.key === 'id') ? sorts : [...sorts, { key: 'id', asc: true }];
  return { limit, marker: last(params, 'marker') || null, pageReverse, sorts: withId };
}

/** Python's int(): surrounding blanks, a sign, digits with single underscores between them. */
function parseLimit(raw: string | null): number | null {
  if (raw === null) return null;
  if (!/^\s*[+-]?\d+(_\d+)*\s*$/.test(raw)) throw badLimit(raw);
  const n = Number.parseInt(raw.replace(/_/g, ''), 10);
  if (n < 0) throw badLimit(String(n));
  // pagination_max_limit is Neutron's "-1" (infinite): 0 means no pagination
  return n === 0 ? null : n;
}

function parseSorts(params: URLSearchParams, sortable: ReadonlySet<string>): SortKey[] {
  const keys = listArgs(params, 'sort_key');
  const dirs = listArgs(params, 'sort_dir');
  if (keys.length !== dirs.length) throw httpBadRequest('The number of sort_keys and sort_dirs must be same');
  const absent = keys.filter((k) => !sortable.has(k));
  if (absent.length > 0) throw httpBadRequest(`${pyList(absent)} is invalid attribute for sort_keys`);
  const invalid = dirs.filter((d) => d !== 'asc' && d !== 'desc');
  if (invalid.length > 0) {
    throw httpBadRequest(`${pyList(invalid)} is invalid value for sort_dirs, valid value is 'asc' and 'desc'`);
  }
  return keys.map((key, i) => ({ key, asc: dirs[i] === 'asc' }));
}

/** How Python prints a list of strings in these messages: ['a', 'b']. */
const pyList = (values: readonly string[]): string => `[${values.map((v) => `'${v}'`).join(', ')}]`;

function compareValues(a: unknown, b: unknown): number {
  // NULL sorts first ascending, as on MySQL, Neutron's reference database
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function compareItems(a: Item, b: Item, sorts: readonly SortKey[]): number {
  for (const s of sorts) {
    const c = compareValues(a[s.key], b[s.key]);
    if (c !== 0) return s.asc ? c : -c;
  }
  return 0;
}

/**
 * The page as the database query returns it: ordered by the sort keys, then the `limit` objects after the marker
 * (before it, nearest last, with page_reverse); `marker` is the marker object, or null when there is none.
 */
export function paginate(items: readonly Item[], req: PageRequest, marker: Item | null): Item[] {
  const sorted = req.sorts.length > 0 ? [...items].sort((a, b) => compareItems(a, b, req.sorts)) : [...items];
  if (req.limit === null) return sorted;
  if (req.pageReverse) {
    const before = marker ? sorted.filter((o) => compareItems(o, marker, req.sorts) < 0) : sorted;
    return before.slice(Math.max(before.length - req.limit, 0));
  }
  const after = marker ? sorted.filter((o) => compareItems(o, marker, req.sorts) > 0) : sorted;
  return after.slice(0, req.limit);
}

export interface Link {
  rel: 'next' | 'previous';
  href: string;
}

/** urllib.parse.urlencode (quote_plus): only letters, digits and _.-~ stay as they are, a blank becomes "+". */
function quotePlus(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

const encode = (pairs: readonly (readonly [string, string])[]): string =>
  pairs.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');

type Pairs = [string, string][];

/** webob's MultiDict.pop: the first occurrence only. */
function popFirst(pairs: Pairs, key: string): Pairs {
  const i = pairs.findIndex(([k]) => k === key);
  return i < 0 ? pairs : [...pairs.slice(0, i), ...pairs.slice(i + 1)];
}

/** webob's MultiDict item assignment: every occurrence goes, the new pair is appended. */
const assign = (pairs: Pairs, key: string, value: string): Pairs => [...pairs.filter(([k]) => k !== key), [key, value]];

/**
 * api_common.get_pagination_links: "next" unless a short page was read forwards, "previous" unless a short page
 * was read backwards (so a full first page has both). Each repeats the request's parameters in their order, with
 * the marker moved to the end (the page's last id for next, its first for previous); previous ends with
 * page_reverse=True, next drops page_reverse.
 */
export function pageLinks(pathUrl: string, params: URLSearchParams, page: readonly Item[], req: PageRequest): Link[] {
  if (req.limit === null) return [];
  const request: Pairs = [...params.entries()];
  const withMarker = (id: unknown): Pairs => {
    const pairs = popFirst(request, 'marker');
    return page.length > 0 ? assign(pairs, 'marker', String(id)) : pairs;
  };
  const links: Link[] = [];
  const short = page.length < req.limit;
  if (!(short && !req.pageReverse)) {
    const pairs = popFirst(withMarker(page[page.length - 1]?.id), 'page_reverse');
    links.push({ rel: 'next', href: `${pathUrl}?${encode(pairs)}` });
  }
  if (!(short && req.pageReverse)) {
    const pairs = assign(withMarker(page[0]?.id), 'page_reverse', 'True');
    links.push({ rel: 'previous', href: `${pathUrl}?${encode(pairs)}` });
  }
  return links;
}
