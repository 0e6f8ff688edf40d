/**
 * Who a bot process runs as. A process of the worker's own user could read what the worker holds
 * (its environment through /proc, files only it may read); a process of another, unprivileged user
 * cannot. A worker started as root therefore runs bots as RUNNER_USER (`nobody` unless set);
 * a worker started as an unprivileged user runs them as itself, and protects its own process
 * (see process-protection.ts).
 */
export type RunnerUser = { kind: 'self' } | { kind: 'other'; uid: number; gid: number; name: string };

export class RunnerUserError extends Error {}

const NOBODY = { uid: 65534, gid: 65534, name: 'nobody' };

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

/** `name:x:uid:gid:…` lines of /etc/passwd; malformed lines are skipped. */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (!name || !/^\d+$/.test(uid ?? '') || !/^\d+$/.test(gid ?? '')) continue;
    entries.push({ name, uid: Number(uid), gid: Number(gid) });
  }
  return entries;
}

export interface RunnerUserContext {
  /** the worker's own uid (`process.getuid()`) */
  workerUid: number;
  /** the contents of /etc/passwd, to resolve names */
  passwd: string;
  nodeEnv: 'development' | 'test' | 'production';
}

/** Resolves the RUNNER_USER setting; throws a RunnerUserError that says what to change. */
export function resolveRunnerUser(setting: string | undefined, ctx: RunnerUserContext): RunnerUser {
  const asRoot = ctx.workerUid === 0;
  if (setting === undefined) {
    if (!asRoot) return { kind: 'self' };
    const nobody = parsePasswd(ctx.passwd).find((e) => e.name === 'nobody') ?? NOBODY;
    return { kind: 'other', ...nobody };
  }
  if (setting === 'self') {
    // Root's processes read everything of the worker's: only a test suite may want that.
    if (asRoot && ctx.nodeEnv !== 'test') {
      throw new RunnerUserError(
        'RUNNER_USER=self would run bots as root, able to read every secret of the worker; ' +
          'set RUNNER_USER to an unprivileged user (or leave it unset for nobody)',
      );
    }
    return { kind: 'self' };
  }
  const user = lookUp(setting, ctx.passwd);
  if (user.uid === 0) {
    throw new RunnerUserError(`RUNNER_USER=${setting} is root; bots must run as an unprivileged user`);
  }
  if (user.uid === ctx.workerUid) return { kind: 'self' };
  if (!asRoot) {
    throw new RunnerUserError(
      `RUNNER_USER=${setting}: a worker that is not root cannot start processes as another user; ` +
        'start the worker as root (it runs bots as RUNNER_USER and keeps nothing else of root for them) ' +
        'or leave RUNNER_USER unset',
    );
  }
  return { kind: 'other', ...user };
}

function lookUp(setting: string, passwd: string): PasswdEntry {
  const numeric = /^(\d+)(?::(\d+))?$/.exec(setting);
  const entries = parsePasswd(passwd);
  if (numeric) {
    const uid = Number(numeric[1]);
    const gid = numeric[2] === undefined ? entries.find((e) => e.uid === uid)?.gid : Number(numeric[2]);
    if (gid === undefined) {
      throw new RunnerUserError(
        `RUNNER_USER=${setting}: uid ${uid} has no entry in /etc/passwd; give uid:gid`,
      );
    }
    return { name: String(uid), uid, gid };
  }
  const entry = entries.find((e) => e.name === setting);
  if (!entry) throw new RunnerUserError(`RUNNER_USER=${setting}: no such user in /etc/passwd`);
  return entry;
}
