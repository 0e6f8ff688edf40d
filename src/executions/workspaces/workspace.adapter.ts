import { Injectable } from '@nestjs/common';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InjectConfig } from '../../config/config.module';
import { Config } from '../../config/config.schema';

const EXECUTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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

  /** The root exists and the execution's directory does not (left over from an attempt that died). */
  async clear(executionId: string): Promise<string> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    const dir = this.dirFor(executionId);
    await rm(dir, { recursive: true, force: true });
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
}
