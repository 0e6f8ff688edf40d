import { describe, expect, it } from 'vitest';
import { outcomeOf } from './outcome';

const ctx = { program: 'claude', timeoutSeconds: 10 };
const enoent = Object.assign(new Error('spawn claude ENOENT'), { code: 'ENOENT' });

describe(outcomeOf.name, () => {
  it('should succeed on exit code 0', () => {
    expect(outcomeOf({ started: true, code: 0, signal: null }, undefined, ctx)).toEqual({
      status: 'succeeded',
      exitCode: 0,
      error: null,
      line: 'exit code 0',
    });
  });

  it('should fail with the exit code', () => {
    expect(outcomeOf({ started: true, code: 3, signal: null }, undefined, ctx)).toMatchObject({
      status: 'failed',
      exitCode: 3,
      error: 'exit code 3',
    });
  });

  it('should fail with the signal that killed the process', () => {
    expect(outcomeOf({ started: true, code: null, signal: 'SIGSEGV' }, undefined, ctx)).toMatchObject({
      status: 'failed',
      exitCode: null,
      error: 'killed by signal SIGSEGV',
    });
  });

  it('should say a missing program was not found', () => {
    expect(outcomeOf({ started: false, error: enoent }, undefined, ctx)).toMatchObject({
      status: 'failed',
      line: 'command not found: claude',
    });
  });

  it('should prefer the stop reason over the exit status', () => {
    const killed = { started: true, code: null, signal: 'SIGTERM' } as const;
    expect(outcomeOf(killed, 'timed_out', ctx)).toMatchObject({
      status: 'timed_out',
      error: 'timed out after 10s',
    });
    expect(outcomeOf(killed, 'cancelled', ctx)).toMatchObject({ status: 'cancelled', line: 'cancelled' });
  });
});
