// Recognizes the constraint errors of the three drivers, so callers can turn them into Octavia's 409s.

interface DriverError {
  code?: string | number;
  errno?: number;
  message?: string;
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as DriverError;
  return (
    e?.code === '23505' || // PostgreSQL unique_violation
    e?.code === 'ER_DUP_ENTRY' ||
    e?.errno === 1062 ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as DriverError;
  return (
    e?.code === '23503' ||
    e?.code === 'ER_NO_REFERENCED_ROW_2' ||
    e?.code === 'ER_ROW_IS_REFERENCED_2' ||
    e?.errno === 1452 ||
    e?.errno === 1451 ||
    e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
  );
}

/** Serialization failures and deadlocks: the transaction may simply be retried. */
export function isRetryableConflict(err: unknown): boolean {
  const e = err as DriverError;
  return (
    e?.code === '40001' ||
    e?.code === '40P01' ||
    e?.code === 'ER_LOCK_DEADLOCK' ||
    e?.errno === 1213 ||
    e?.code === 'ER_LOCK_WAIT_TIMEOUT' ||
    e?.errno === 1205 ||
    e?.code === 'SQLITE_BUSY'
  );
}
