// Parses the list-call query string the way Octavia's PaginationHelper does: limit, marker, page_reverse, sort (and
// the legacy sort_key/sort_dir), fields, the four tag filters and equality filters on any attribute.
import type { ListCriteria, SortKey } from '../../db/list-query.js';
import { ApiFault, invalidLimit, invalidSortDirection, invalidSortKey } from '../../common/faults.js';

export type Query = Record<string, string | string[] | undefined>;

export interface ListParams extends ListCriteria {
  /** raw values, echoed in links */
  sortParam: string | null;
  sortKeyParam: string | null;
  fields: string[] | null;
}

const AUXILIARY = new Set(['limit', 'marker', 'sort', 'sort_key', 'sort_dir', 'fields', 'page_reverse']);
const TAG_PARAMS = new Set(['tags', 'tags-any', 'not-tags', 'not-tags-any']);

/** The last value of a repeated parameter, as webob's params.get does. */
export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

export function parseListParams(query: Query, maxLimit: string): ListParams {
  return {
    limit: parseLimit(single(query.limit), maxLimit),
    marker: single(query.marker) ?? null,
    pageReverse: single(query.page_reverse) === 'True',
    sort: parseSort(query),
    sortParam: single(query.sort) ?? null,
    sortKeyParam: single(query.sort_key) ?? null,
    fields: parseFields(query.fields),
    tags: {
      tags: tagList(query.tags),
      tagsAny: tagList(query['tags-any']),
      notTags: tagList(query['not-tags']),
      notTagsAny: tagList(query['not-tags-any']),
    },
    filters: parseFilters(query),
  };
}

function parseLimit(raw: string | undefined, maxLimit: string): number | null {
  const max = maxLimit === 'infinite' || Number.parseInt(maxLimit, 10) < 0 ? null : Number.parseInt(maxLimit, 10);
  if (raw === undefined) return max;
  if (raw === 'infinite') return null;
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) throw new ApiFault(400, invalidLimit(raw).faultstring, true);
  const n = Number.parseInt(raw, 10);
  // 0 and negative mean "no limit" (Octavia 11 then crashes building links; we just emit none)
  if (n < 1) return null;
  return max === null ? n : Math.min(n, max);
}

function sortDir(raw: string): 'asc' | 'desc' {
  const dir = raw.toLowerCase();
  if (dir !== 'asc' && dir !== 'desc') throw invalidSortDirection(dir);
  return dir;
}

function parseSort(query: Query): SortKey[] {
  const sort = single(query.sort);
  if (sort) {
    return sort.split(',').map((part) => {
      const comps = part.split(':');
      if (comps.length === 1) return { key: comps[0] as string, dir: 'asc' };
      if (comps.length === 2) return { key: comps[0] as string, dir: sortDir(comps[1] as string) };
      throw invalidSortKey(`[${comps.map((c) => `'${c}'`).join(', ')}]`);
    });
  }
  const sortKey = single(query.sort_key);
  if (!sortKey) return [];
  const keys = sortKey.split(',');
  const dirs = (single(query.sort_dir) || '').split(',').filter((d) => d !== '');
  return keys.map((key, i) => ({ key, dir: sortDir(dirs[i] ?? 'asc') }));
}

function parseFields(raw: string | string[] | undefined): string[] | null {
  if (raw === undefined) return null;
  const values = Array.isArray(raw) ? raw : [raw];
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function tagList(raw: string | string[] | undefined): string[] {
  if (raw === undefined) return [];
  const values = Array.isArray(raw) ? raw : [raw];
  return values.flatMap((v) => v.split(',')).filter((v) => v !== '');
}

function parseFilters(query: Query): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || AUXILIARY.has(key) || TAG_PARAMS.has(key)) continue;
    filters.set(key, Array.isArray(value) ? value : [value]);
  }
  return filters;
}

/**
 * Keeps only the requested attributes ("fields=id&fields=name"); unknown names just yield fewer keys. Only the
 * object's own attributes count: "fields=constructor" or "fields=__proto__" name nothing it has.
 */
export function selectFields<T extends Record<string, unknown>>(obj: T, fields: string[] | null): Partial<T> {
  if (!fields) return obj;
  const wanted = new Set(fields);
  return Object.fromEntries(Object.entries(obj).filter(([key]) => wanted.has(key))) as Partial<T>;
}
