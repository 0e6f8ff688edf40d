import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError, isDependencyError } from './dependency-errors';

describe(isDependencyError.name, () => {
  it('should recognise our own "dependency down" error by its type, whatever its message', () => {
    expect(isDependencyError(new DependencyUnavailableError('Redis', 'reconnecting'))).toBe(true);
  });

  it('should recognise driver errors: refused connections, PostgreSQL connection codes, ioredis states', () => {
    expect(isDependencyError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDependencyError(Object.assign(new Error('x'), { code: '57P01' }))).toBe(true);
    expect(isDependencyError(new Error('Connection is closed.'))).toBe(true);
    expect(
      isDependencyError(
        new Error('wrapped', { cause: new DependencyUnavailableError('PostgreSQL', 'down') }),
      ),
    ).toBe(true);
  });

  it('should not take a request error for an outage', () => {
    expect(isDependencyError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDependencyError('Connection is closed')).toBe(false);
  });
});
