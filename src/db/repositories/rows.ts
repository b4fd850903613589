// Conversions between stored column values and domain values, shared by every repository.

export const toFlag = (value: boolean): number => (value ? 1 : 0);
export const fromFlag = (value: number | boolean | null | undefined): boolean => value === 1 || value === true;

/**
 * `T` when every key of it is a column of `Table`: the plain part of a change set, spread into an update, can hold no
 * domain-only field (an excess property in a spread would otherwise compile).
 */
export type OnlyColumns<T, Table> = T & { [K in Exclude<keyof T, keyof Table>]: never };

export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function fromJson<T>(value: string | null | undefined): T | null {
  return value === null || value === undefined || value === '' ? null : (JSON.parse(value) as T);
}

/** Groups rows by a key, keeping row order (the query's ORDER BY). */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/** Splits a long id list so IN (...) stays well under every dialect's parameter limit. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
