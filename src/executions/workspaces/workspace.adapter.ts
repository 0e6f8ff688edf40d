import { Injectable } from '@nestjs/common';
import { Stats } from 'node:fs';
import { chmod, lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InjectConfig } from '../../config/config.module';
import { Config } from '../../config/config.schema';

const EXECUTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Others may pass through the root to the clone their run owns, but not list or change it. */
const ROOT_MODE = 0o711;

/** The workspaces root is not safe to clone into; the message says why and what to do. */
export class WorkspaceRootError extends Error {}

/**
 * Why a root that already exists must not be used: the default sits in the shared /tmp, where
 * another local user could make it first and then read or replace every clone put in it.
 */
export function workspaceRootProblem(root: string, st: Stats, workerUid: number): string | undefined {
  const fix = 'remove it, or set WORKSPACES_DIR to a directory only the worker owns';
  if (st.isSymbolicLink()) return `WORKSPACES_DIR ${root} is a symbolic link; ${fix}`;
  if (!st.isDirectory()) return `WORKSPACES_DIR ${root} is not a directory; ${fix}`;
  if (st.uid !== workerUid) {
    return `WORKSPACES_DIR ${root} belongs to uid ${st.uid}, not to this worker (uid ${workerUid}); ${fix}`;
  }
  if ((st.mode & 0o022) !== 0) return `WORKSPACES_DIR ${root} can be written by other users; ${fix}`;
  return undefined;
}

/** The workspaces directory on disk: one clone per execution, named by the execution id. */
@Injectable()
export class WorkspaceAdapter {
  constructor(@InjectConfig() private readonly config: Config) {}

  get root(): string {
    return this.config.WORKSPACES_DIR;
  }

  dirFor(executionId: string): string {
    return join(this.root, executionId);
  }

  /**
   * A checked root and an empty directory (0700) for the execution, whatever an attempt that died
   * left there. Throws a WorkspaceRootError when the root is not the worker's own.
   */
  async clear(executionId: string): Promise<string> {
    await this.ensureRoot();
    const dir = this.dirFor(executionId);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { mode: 0o700 });
    return dir;
  }

  async remove(dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true });
  }

  /** Execution ids that have a workspace; other entries of the root are none of ours. */
  async executionIds(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    return entries.filter((e) => e.isDirectory() && EXECUTION_ID.test(e.name)).map((e) => e.name);
  }

  private async ensureRoot(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: ROOT_MODE });
    const st = await lstat(this.root);
    const problem = workspaceRootProblem(this.root, st, process.getuid?.() ?? st.uid);
    if (problem) throw new WorkspaceRootError(problem);
    if ((st.mode & 0o777) !== ROOT_MODE) await chmod(this.root, ROOT_MODE);
  }
}
