import { Injectable } from '@nestjs/common';
import { ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

export type BotProcess = ChildProcessByStdio<null, Readable, Readable>;

/** The operating-system side of running a bot: spawning, signalling process groups, scratch dirs. */
@Injectable()
export class ProcessAdapter {
  /**
   * argv only, never a shell; `detached` makes the child the leader of its own process group, so
   * everything it starts can be signalled at once and nothing survives a cancel or timeout.
   */
  spawn(argv: readonly string[], opts: { cwd: string; env: Record<string, string> }): BotProcess {
    return spawn(argv[0], argv.slice(1), {
      cwd: opts.cwd,
      env: opts.env,
      shell: false,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
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

  createTempDir(): Promise<string> {
    return mkdtemp(join(tmpdir(), 'agented-run-'));
  }

  async removeDir(path: string): Promise<void> {
    await rm(path, { recursive: true, force: true });
  }
}
