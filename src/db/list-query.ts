// Filtering, sorting and keyset pagination for every list call, on any dialect. The API describes each collection
// with a ListSpec (API attribute name → SQL expression); this module turns ListParams into one query.
import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { invalidFilterArgument, invalidMarker, invalidSortKey } from '../common/faults.js';
import type { Db } from './connection.js';

export type ColumnType = 'str' | 'int' | 'bool' | 'float';

export interface SortKey {
  key: string;
  dir: 'asc' | 'desc';
}

export interface TagFilters {
  tags: string[];
  tagsAny: string[];
  notTags: string[];
  notTagsAny: string[];
}

/** What a list call asks of the database (the API parses it from the query string). */
export interface ListCriteria {
  /** null means no limit */
  limit: number | null;
  marker: string | null;
  pageReverse: boolean;
  sort: SortKey[];
  tags: TagFilters;
  /** API attribute name → accepted values (one value = equality, several = any of them) */
  filters: Map<string, string[]>;
}

export interface ListColumn {
  /** qualified SQL column, e.g. "vip.ip_address" */
  readonly column: string;
  readonly type: ColumnType;
  /** NOT NULL: sorted and compared as stored, so the default order (created_at, id) can walk an index */
  readonly notNull?: boolean;
}

export interface ListSpec {
  /** main table */
  readonly table: string;
  /** the main table's unique key, which markers name (default "id"; availability zones have only a name) */
  readonly key?: string;
  /**
   * API attribute name → column; these are the filterable and sortable attributes. A Map, because the names come
   * from the query string: "constructor" or "__proto__" must be as unknown as any other name.
   */
  readonly columns: ReadonlyMap<string, ListColumn>;
  /** adds LEFT JOINs the columns need (e.g. vip for load balancers) */
  readonly join?: (qb: AnyQuery) => AnyQuery;
  /** whether the tag filters apply */
  readonly tagged: boolean;
  /** rows never listed (e.g. DELETED load balancers) */
  readonly hidden?: RawBuilder<unknown>;
  /** keys appended (asc) after the requested ones when missing; created_at, id unless given */
  readonly defaultSort?: readonly string[];
}

/**
 * The columns of a spec from "API name: type" or "API name: [column, type]" (columns of `table` unless qualified);
 * `notNull` names the API attributes whose columns are NOT NULL (by default id and created_at).
 */
export function listColumns(
  table: string,
  defs: Readonly<Record<string, ColumnType | readonly [string, ColumnType]>>,
  notNull: readonly string[] = ['id', 'created_at'],
): Map<string, ListColumn> {
  const out = new Map<string, ListColumn>();
  for (const [api, def] of Object.entries(defs)) {
    const [column, type] = typeof def === 'string' ? [api, def] : def;
    out.set(api, { column: column.includes('.') ? column : `${table}.${column}`, type, notNull: notNull.includes(api) });
  }
  return out;
}

// Collections are described at run time, so the query builder is used untyped here and typed again by callers.
// biome-ignore lint/suspicious/noExplicitAny: a list query over any table (the callers' builders are typed)
export type AnyQuery = SelectQueryBuilder<any, any, any>;

const DEFAULT_SORT = ['created_at', 'id'];
const TRUE_WORDS = ['true', 't', 'yes', 'y', 'on', '1'];

export interface ListScope {
  /** restricts to one project (policy list scoping) */
  readonly projectId?: string | null;
  /** extra fixed conditions, e.g. pool_id for members */
  readonly where?: readonly RawBuilder<unknown>[];
}

/** Returns the keys (ids) of the requested page, in order; callers load the full objects for those keys. */
export async function listIds(db: Db, spec: ListSpec, params: ListCriteria, scope: ListScope = {}): Promise<string[]> {
  // Octavia checks the filters before the sort keys: "?bogus=1&sort=bogus" is the filter's 400
  const where = conditions(spec, params, scope);
  const sort = effectiveSort(spec, params);
  let qb = base(db, spec);
  for (const cond of where) qb = qb.where(cond as never);
  if (params.marker !== null) qb = qb.where((await markerCondition(db, spec, sort, params)) as never);
  // ordered by the very values the marker condition compares: NULL as ''/0 on every database (PostgreSQL would
  // otherwise put NULLs last, SQLite and MariaDB first, and a page boundary among NULLs would skip or repeat rows)
  for (const s of sort) qb = qb.orderBy(sortValue(s), s.dir);
  // a limit beyond any row count means "all rows"; past 2^53 the drivers would bind a float (SQLite: datatype mismatch,
  // PostgreSQL: bigint out of range, MariaDB: a syntax error), so it is capped where no table can reach it
  if (params.limit !== null) qb = qb.limit(Math.min(params.limit, Number.MAX_SAFE_INTEGER));
  const rows = (await qb.select(keyRef(spec).as('id')).execute()) as { id: string }[];
  return rows.map((r) => r.id);
}

function keyRef(spec: ListSpec) {
  return sql.ref(`${spec.table}.${spec.key ?? 'id'}`);
}

function base(db: Db, spec: ListSpec): AnyQuery {
  const qb = (db as unknown as Db).selectFrom(spec.table as never) as unknown as AnyQuery;
  return spec.join ? spec.join(qb) : qb;
}

type SortColumn = ListColumn & { dir: 'asc' | 'desc' };

function effectiveSort(spec: ListSpec, params: ListCriteria): SortColumn[] {
  const keys = [...params.sort];
  for (const key of spec.defaultSort ?? DEFAULT_SORT) if (!keys.some((k) => k.key === key)) keys.push({ key, dir: 'asc' });
  return keys.map(({ key, dir }) => {
    const col = spec.columns.get(key);
    if (!col) throw invalidSortKey(key);
    return { ...col, dir };
  });
}

function conditions(spec: ListSpec, params: ListCriteria, scope: ListScope): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  if (spec.hidden) out.push(spec.hidden);
  if (scope.projectId) out.push(sql`${sql.ref(`${spec.table}.project_id`)} = ${scope.projectId}`);
  for (const cond of scope.where ?? []) out.push(cond);
  for (const [name, values] of params.filters) {
    const col = spec.columns.get(name);
    if (!col) throw invalidFilterArgument();
    const converted = values.map((v) => filterValue(col.type, v));
    if (converted.some((v) => v === undefined)) {
      out.push(sql`1 = 0`); // a non-numeric value for a numeric column matches nothing
      continue;
    }
    out.push(
      converted.length === 1 ? sql`${sql.ref(col.column)} = ${converted[0]}` : sql`${sql.ref(col.column)} in (${sql.join(converted)})`,
    );
  }
  if (spec.tagged) out.push(...tagConditions(spec, params));
  return out;
}

function filterValue(type: ColumnType, raw: string): string | number | undefined {
  if (type === 'bool') return TRUE_WORDS.includes(raw.trim().toLowerCase()) ? 1 : 0;
  if (type === 'int') {
    // a value no INTEGER column holds matches nothing (PostgreSQL would refuse to compare it)
    const n = /^\s*[-+]?\d+\s*$/.test(raw) ? Number.parseInt(raw, 10) : Number.NaN;
    return n >= -2147483648 && n <= 2147483647 ? n : undefined;
  }
  if (type === 'float') return Number.isFinite(Number(raw)) && raw.trim() !== '' ? Number(raw) : undefined;
  return raw;
}

function tagConditions(spec: ListSpec, params: ListCriteria): RawBuilder<unknown>[] {
  const id = keyRef(spec);
  const has = (tag: string) => sql`exists (select 1 from tags t where t.resource_id = ${id} and t.tag = ${tag})`;
  const hasAny = (tags: string[]) => sql`exists (select 1 from tags t where t.resource_id = ${id} and t.tag in (${sql.join(tags)}))`;
  const out: RawBuilder<unknown>[] = [];
  const { tags, tagsAny, notTags, notTagsAny } = params.tags;
  for (const tag of tags) out.push(has(tag));
  if (tagsAny.length > 0) out.push(hasAny(tagsAny));
  if (notTags.length > 0) out.push(sql`not (${sql.join(notTags.map(has), sql` and `)})`);
  if (notTagsAny.length > 0) out.push(sql`not ${hasAny(notTagsAny)}`);
  return out;
}

/** Keyset condition (k1 > v1) or (k1 = v1 and k2 > v2) ..., NULLs compared as ''/0 as Octavia does. */
async function markerCondition(db: Db, spec: ListSpec, sort: SortColumn[], params: ListCriteria): Promise<RawBuilder<unknown>> {
  const marker = params.marker as string;
  // no id holds a NUL, and PostgreSQL refuses one in any text parameter
  if (marker.includes('\0')) throw invalidMarker(marker);
  const selections = sort.map((s, i) => sql`${sortValue(s)}`.as(`k${i}`));
  const row = (await base(db, spec).where(keyRef(spec), '=', marker).select(selections).executeTakeFirst()) as
    | Record<string, unknown>
    | undefined;
  if (!row) throw invalidMarker(marker);
  const values = sort.map((_, i) => row[`k${i}`]);
  const alternatives = sort.map((s, i) => {
    const equal = sort.slice(0, i).map((p, j) => sql`${sortValue(p)} = ${values[j]}`);
    const greater = (s.dir === 'asc') !== params.pageReverse;
    const cmp = greater ? sql`${sortValue(s)} > ${values[i]}` : sql`${sortValue(s)} < ${values[i]}`;
    return sql`(${sql.join([...equal, cmp], sql` and `)})`;
  });
  return sql`(${sql.join(alternatives, sql` or `)})`;
}

/** What a sort key orders and compares by: the column, NULL read as '' or 0 (Octavia's marker defaults). */
function sortValue(s: ListColumn): RawBuilder<unknown> {
  if (s.notNull) return sql`${sql.ref(s.column)}`;
  return s.type === 'str' ? sql`coalesce(${sql.ref(s.column)}, '')` : sql`coalesce(${sql.ref(s.column)}, 0)`;
}
