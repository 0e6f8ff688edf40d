import { Injectable } from '@nestjs/common';
import { InjectConfig } from '../../config/config.module';
import { Config } from '../../config/config.schema';
import { ExecutionRow } from '../../database/database.types';
import { cloneArgv, cloneRef, cloneUrlProblem, isCloneableRef } from './git-clone';
import { WorkspaceAdapter, WorkspaceRootError } from './workspace.adapter';

/** One attempt's clone of the bot's repository, its working directory. */
export interface RunWorkspace {
  dir: string;
  cloneArgv: string[];
  /** the system line that says what is cloned */
  line: string;
  /** why there is nothing to clone (the ref is not a branch name) */
  problem?: string;
  /** set once the clone succeeded: only then is a failed run's workspace worth keeping */
  cloned: boolean;
}

/** Fresh workspaces per attempt of an execution, under WORKSPACES_DIR. */
@Injectable()
export class RunWorkspaces {
  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly adapter: WorkspaceAdapter,
  ) {}

  get root(): string {
    return this.adapter.root;
  }

  async prepare(execution: ExecutionRow, repo: { url: string; ref?: string }): Promise<RunWorkspace> {
    let dir: string;
    try {
      dir = await this.adapter.clear(execution.id);
    } catch (err) {
      if (!(err instanceof WorkspaceRootError)) throw err;
      return {
        dir: this.adapter.dirFor(execution.id),
        cloneArgv: [],
        line: err.message,
        problem: err.message,
        cloned: false,
      };
    }
    const urlProblem = cloneUrlProblem(repo.url, this.config.CLONE_ALLOW_FILE_URLS);
    if (urlProblem) return { dir, cloneArgv: [], line: urlProblem, problem: urlProblem, cloned: false };
    const ref = cloneRef(repo.ref, execution.input);
    if (ref !== undefined && !isCloneableRef(ref)) {
      const problem = `cannot clone ${JSON.stringify(ref)}: not a branch or tag name`;
      return { dir, cloneArgv: [], line: problem, problem, cloned: false };
    }
    const line = `cloning ${repo.url}${ref === undefined ? '' : ` at ${ref}`}`;
    return { dir, cloneArgv: cloneArgv(repo.url, ref, dir), line, cloned: false };
  }

  /**
   * A failed run's clone stays WORKSPACE_KEEP_FAILED_SECONDS to be looked into (the workspace
   * cleaner removes it then); any other is removed at once. Returns the line that says it was kept.
   */
  async release(workspace: RunWorkspace, failed: boolean): Promise<string | undefined> {
    const keepSeconds = this.config.WORKSPACE_KEEP_FAILED_SECONDS;
    if (failed && workspace.cloned && keepSeconds > 0) {
      const until = new Date(Date.now() + keepSeconds * 1_000).toISOString();
      return `workspace kept until ${until}: ${workspace.dir}`;
    }
    await this.adapter.remove(workspace.dir);
    return undefined;
  }
}
