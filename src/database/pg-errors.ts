interface PgError {
  code?: string;
  constraint?: string;
}

/** A unique constraint refused the row: the caller turns it into a 409 that names the field. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as PgError | undefined;
  return e?.code === '23505' && e.constraint === constraint;
}

/** Class 22: PostgreSQL rejected a value itself (e.g. `\u0000` inside JSON), not the request's shape. */
export function isDataException(err: unknown): boolean {
  const code = (err as PgError | undefined)?.code;
  return typeof code === 'string' && code.startsWith('22');
}
