import { describe, expect, it } from 'vitest';
import { RunnerUserError, parsePasswd, resolveRunnerUser } from './runner-user';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'agented:x:999:998::/opt/agented:/usr/sbin/nologin',
  'agented-run:x:10001:10001::/nonexistent:/usr/sbin/nologin',
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
  'broken line',
].join('\n');

const asRoot = { workerUid: 0, passwd: PASSWD, nodeEnv: 'production' as const };
const asAgented = { workerUid: 999, passwd: PASSWD, nodeEnv: 'production' as const };

describe(resolveRunnerUser.name, () => {
  it('should run bots as nobody when a root worker has no RUNNER_USER', () => {
    expect(resolveRunnerUser(undefined, asRoot)).toEqual({
      kind: 'other',
      uid: 65534,
      gid: 65534,
      name: 'nobody',
    });
  });

  it("should run bots as the worker's own user when the worker is not root", () => {
    expect(resolveRunnerUser(undefined, asAgented)).toEqual({ kind: 'self' });
    expect(resolveRunnerUser('agented', asAgented)).toEqual({ kind: 'self' });
  });

  it('should resolve a user name, a uid and uid:gid for a root worker', () => {
    expect(resolveRunnerUser('agented-run', asRoot)).toMatchObject({ kind: 'other', uid: 10001, gid: 10001 });
    expect(resolveRunnerUser('10001', asRoot)).toMatchObject({ kind: 'other', uid: 10001, gid: 10001 });
    expect(resolveRunnerUser('4000:4001', asRoot)).toMatchObject({ kind: 'other', uid: 4000, gid: 4001 });
  });

  it('should refuse to run bots as root', () => {
    expect(() => resolveRunnerUser('root', asRoot)).toThrow(RunnerUserError);
    expect(() => resolveRunnerUser('0:0', asRoot)).toThrow(/unprivileged/);
    expect(() => resolveRunnerUser('self', asRoot)).toThrow(/would run bots as root/);
  });

  it('should allow self for a root worker only in the test suite', () => {
    expect(resolveRunnerUser('self', { ...asRoot, nodeEnv: 'test' })).toEqual({ kind: 'self' });
    expect(() => resolveRunnerUser('self', { ...asRoot, nodeEnv: 'development' })).toThrow(RunnerUserError);
  });

  it('should refuse another user for a worker that cannot switch to it', () => {
    expect(() => resolveRunnerUser('agented-run', asAgented)).toThrow(/not root cannot start processes/);
  });

  it('should name an unknown user', () => {
    expect(() => resolveRunnerUser('ghost', asRoot)).toThrow(/no such user/);
    expect(() => resolveRunnerUser('4242', asRoot)).toThrow(/give uid:gid/);
  });
});

describe(parsePasswd.name, () => {
  it('should skip lines that are not entries', () => {
    expect(parsePasswd(PASSWD).map((e) => e.name)).toEqual(['root', 'agented', 'agented-run', 'nobody']);
  });
});
