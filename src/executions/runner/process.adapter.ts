import { Injectable } from '@nestjs/common';
import { ChildProcessByStdio, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chown, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InjectConfig } from '../../config/config.module';
import { Config } from '../../config/config.schema';
import { RunnerUser, resolveRunnerUser } from './runner-user';

export type BotProcess = ChildProcessByStdio<null, Readable, Readable>;

const readPasswd = () => {
  try {
    return readFileSync('/etc/passwd', 'utf8');
  } catch {
    return '';
  }
};

/** The operating-system side of running a bot: who it runs as, spawning, signalling, scratch dirs. */
@Injectable()
export class ProcessAdapter {
  /** Resolved once at start-up: a bad RUNNER_USER stops the worker before it takes a job. */
  readonly runner: RunnerUser;

  constructor(@InjectConfig() config: Pick<Config, 'RUNNER_USER' | 'NODE_ENV'>) {
    this.runner = resolveRunnerUser(config.RUNNER_USER, {
      workerUid: process.getuid?.() ?? -1,
      passwd: readPasswd(),
      nodeEnv: config.NODE_ENV,
    });
  }

  /**
   * argv only, never a shell; `detached` makes the child the leader of its own process group, so
   * everything it starts can be signalled at once and nothing survives a cancel or timeout. Run as
   * another user, the child also leaves all of root's capabilities behind (setuid clears them).
   */
  spawn(argv: readonly string[], opts: { cwd: string; env: Record<string, string> }): BotProcess {
    const runAs = this.runner.kind === 'other' ? { uid: this.runner.uid, gid: this.runner.gid } : {};
    return spawn(argv[0], argv.slice(1), {
      cwd: opts.cwd,
      env: opts.env,
      shell: false,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...runAs,
    });
  }

  /** Signals every process of the group; false when no process is left in it. */
  signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
    try {
      process.kill(-pgid, signal);
      return true;
    } catch (err) {
      // EPERM: members exist but can't be signalled (e.g. a setuid program); they still count.
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  async isDirectory(path: string): Promise<boolean> {
    return stat(path).then(
      (s) => s.isDirectory(),
      () => false,
    );
  }

  /** A bot run as another user cannot write the worker's HOME: it gets a private one per run. */
  get needsOwnHome(): boolean {
    return this.runner.kind === 'other';
  }

  /** A private directory (0700) that the bot's user owns. */
  async createTempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'agented-run-'));
    await this.handOver(dir);
    return dir;
  }

  /** Gives a directory the worker made to the bot's user, so the bot can write in it. */
  async handOver(dir: string): Promise<void> {
    if (this.runner.kind === 'other') await chown(dir, this.runner.uid, this.runner.gid);
  }

  async removeDir(path: string): Promise<void> {
    await rm(path, { recursive: true, force: true });
  }
}
