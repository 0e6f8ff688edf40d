import { Injectable, Logger } from '@nestjs/common';
import { BotSecretEnvironment } from '../../bots/bot-secret-environment';
import { workerIdOf } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { Config } from '../../config/config.schema';
import { runnerEnv } from '../../config/runner-env';
import { ExecutionEventsRepository } from '../../live-log/execution-events.repository';
import { mapStatusEvent } from '../../live-log/live-log.mappers';
import { executionLogger } from '../../logging/execution-logger';
import { JobResult, OnJob } from '../../queue/on-job.decorator';
import { JobPayloads } from '../../queue/queue.definitions';
import { reportJobFailure } from '../../sentry/sentry';
import { RenderOptions } from '../../templates/template-renderer';
import { BackendError, ExecutionBackend } from '../backends/execution-backend';
import { ExecutionBackends } from '../backends/execution-backends';
import { RunWorkspace, RunWorkspaces } from '../workspaces/run-workspaces';
import { ActiveRuns } from './active-runs';
import { BackendOutput, hasParser } from './backend-output';
import { LogDestinations } from './log-destinations';
import { LogPipeline } from './log-pipeline';
import { Ending, failedBeforeStart, outcomeOf, stoppedOutcome } from './outcome';
import { ProcessAdapter } from './process.adapter';
import { ProcessRun, StopReason } from './process-run';
import { decideRetry, retrySettings } from './retry-policy';
import { ClaimedRun, RunClaim } from './run-claim';
import { RunFinisher } from './run-finisher';
import { openRunSecrets } from './run-secrets';
import { errorText, runnerLogger } from './runner-log';

/** Everything one attempt of an execution uses, from the claim to its ending. */
interface RunSession extends ClaimedRun {
  /** a clone runs before the CLI; a stop (cancel, timeout, shutdown) reaches both */
  clone: ProcessRun;
  cli: ProcessRun;
  pipeline: LogPipeline;
  secrets: Record<string, string>;
  gitEnv: Record<string, string>;
  /** the run's own HOME, when it runs as another user than the worker */
  home?: string;
  output?: BackendOutput;
  /** the scratch directory's removal, overlapping the run's conclusion */
  cleanup?: Promise<void>;
}

/**
 * The sequence of one execution's run on this worker: claim it (run-claim.ts), open its secrets,
 * clone its repository, spawn its CLI with its lines streamed (log-destinations.ts), decide a
 * retry (retry-policy.ts), and have its ending written (run-finisher.ts) — finished, or handed
 * back to the queue when the worker shuts down, or retried later after a rate limit.
 */
@Injectable()
export class ExecutionRunner {
  private readonly logger: Logger = runnerLogger();
  private readonly workerId: string;
  private readonly env: Record<string, string>;
  private readonly render: RenderOptions;

  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly events: ExecutionEventsRepository,
    private readonly secrets: BotSecretEnvironment,
    private readonly backends: ExecutionBackends,
    private readonly processes: ProcessAdapter,
    private readonly workspaces: RunWorkspaces,
    private readonly active: ActiveRuns,
    private readonly claims: RunClaim,
    private readonly finisher: RunFinisher,
    private readonly destinations: LogDestinations,
  ) {
    this.workerId = workerIdOf(config);
    this.env = runnerEnv(config.RUNNER_ENV_ALLOWLIST);
    this.render = { maxValueChars: config.TEMPLATE_VALUE_MAX_CHARS };
  }

  @OnJob('execution.run')
  handleRun({ executionId }: JobPayloads['execution.run']): Promise<JobResult> {
    return this.run(executionId);
  }

  /**
   * Nothing when the job is done: the run finished, or it was no longer queued (cancelled, or
   * taken by another worker). Otherwise the hand-back or retry the queue carries out.
   */
  async run(executionId: string): Promise<JobResult> {
    const graceMs = this.config.CANCEL_GRACE_SECONDS * 1_000;
    const clone = new ProcessRun(this.processes, graceMs);
    const cli = new ProcessRun(this.processes, graceMs);
    const stop = (reason: StopReason) => {
      clone.stop(reason);
      cli.stop(reason);
    };
    // Registered before the claim, so a cancel that arrives at any moment after it reaches this run.
    this.active.add(executionId, { stop });
    try {
      const claim = await this.claims.claim(executionId);
      if (!claim || 'retryAfterMs' in claim) return claim;
      if (claim.execution.cancel_requested_at) stop('cancelled');
      return await this.runClaimed(claim, clone, cli).catch(async (err: unknown) => {
        await this.finisher.failRunning(executionId, err);
        throw err;
      });
    } finally {
      this.active.remove(executionId);
    }
  }

  private async runClaimed(run: ClaimedRun, clone: ProcessRun, cli: ProcessRun): Promise<JobResult> {
    const { id } = run.execution;
    const { startSeq } = run;
    const { secrets, secretsError, gitEnv, masker } = openRunSecrets(this.secrets, run.sealedSecrets);
    const pipeline = this.destinations.pipelineFor(id, startSeq, masker, [clone, cli]);
    const session: RunSession = { ...run, clone, cli, pipeline, secrets, gitEnv };

    let ending: Ending;
    try {
      await this.events.emitStatus(mapStatusEvent(run.execution), startSeq);
      ending = secretsError ? failedBeforeStart(secretsError) : await this.execute(session);
    } catch (err) {
      executionLogger(this.logger, id).error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      reportJobFailure(err, { executionId: id, workerId: this.workerId });
      ending = failedBeforeStart(`worker error: ${errorText(err)}`);
    }
    try {
      const usage = session.output?.usage;
      if (ending === 'hand-back') {
        await this.finisher.queueNextAttempt(
          run.execution,
          pipeline,
          'worker shutting down; re-queued',
          usage,
        );
        return 'hand-back';
      }
      if ('retryAfterMs' in ending) {
        const queued = await this.finisher.queueNextAttempt(run.execution, pipeline, ending.line, usage);
        return queued ? { retryAfterMs: ending.retryAfterMs } : undefined;
      }
      await this.finisher.conclude(run.execution, run.bot.backend, pipeline, ending, usage);
      return undefined;
    } finally {
      await session.cleanup;
    }
  }

  private async execute(s: RunSession): Promise<Ending> {
    const { execution, bot, options } = s;
    // The API refuses to queue runs of a disabled bot; this catches those queued before it was.
    if (!bot.enabled) {
      return failedBeforeStart(`bot "${bot.name}" was disabled after this run was queued; not started`);
    }
    const backend = this.backends.forBot(bot);
    let argv: string[];
    try {
      argv = backend.buildArgv(bot, { ...execution.input, bot: { name: bot.name } }, this.render);
    } catch (err) {
      if (err instanceof BackendError) return failedBeforeStart(err.message);
      throw err;
    }
    for (const [dir, what] of [
      ...(bot.workdir ? [[bot.workdir, 'workdir']] : []),
      ...options.addDirs.map((d) => [d, 'extra directory']),
    ]) {
      if (!(await this.processes.isDirectory(dir))) return failedBeforeStart(`${what} ${dir} does not exist`);
    }
    if (s.cli.stoppedBy === 'shutdown') return 'hand-back';
    if (s.cli.stoppedBy) return stoppedOutcome(s.cli.stoppedBy, bot.timeout_seconds);

    const workspace = options.repo ? await this.workspaces.prepare(execution, options.repo) : undefined;
    if (workspace && !workspace.problem) await this.processes.handOver(workspace.dir);
    const { cwd, scratch } = await this.directories(workspace?.dir ?? bot.workdir);
    if (scratch && this.processes.needsOwnHome) s.home = scratch;
    let ending: Ending | undefined;
    try {
      ending = (workspace && (await this.clone(s, workspace))) ?? (await this.runCli(s, backend, argv, cwd));
      return ending;
    } finally {
      if (workspace) {
        const failed =
          typeof ending === 'object' && 'status' in ending && ['failed', 'timed_out'].includes(ending.status);
        const kept = await this.workspaces.release(workspace, failed);
        if (kept) s.pipeline.system(kept);
      }
      if (scratch) {
        // Removed while the run is concluded (runClaimed waits for it), not before: a few ms less
        // per execution, which is what bounds a worker's throughput (B4 in bench/README.md).
        s.cleanup = this.processes.removeDir(scratch).catch((err: unknown) => {
          executionLogger(this.logger, execution.id).warn(`scratch directory not removed: ${errorText(err)}`);
        });
      }
    }
  }

  /**
   * A run with neither clone nor workdir works in a scratch directory, which is also the HOME of a
   * bot that runs as another user than the worker (it could not write the worker's).
   */
  private async directories(given: string | null | undefined): Promise<{ cwd: string; scratch?: string }> {
    if (!given) {
      const scratch = await this.processes.createTempDir();
      return { cwd: scratch, scratch };
    }
    return {
      cwd: given,
      scratch: this.processes.needsOwnHome ? await this.processes.createTempDir() : undefined,
    };
  }

  /** undefined when the clone is ready; otherwise how the execution ends. */
  private async clone(s: RunSession, workspace: RunWorkspace): Promise<Ending | undefined> {
    if (workspace.problem) return failedBeforeStart(workspace.problem);
    s.pipeline.system(workspace.line);
    const result = await s.clone.run(workspace.cloneArgv, {
      cwd: this.workspaces.root,
      env: { ...this.env, ...(s.home ? { HOME: s.home } : {}), ...s.gitEnv },
      timeoutMs: s.bot.timeout_seconds * 1_000,
      onOutput: (stream, chunk) => s.pipeline.write(stream, chunk),
    });
    s.pipeline.endOutput();
    if (s.clone.stoppedBy === 'shutdown') return 'hand-back';
    const outcome = outcomeOf(result, s.clone.stoppedBy, {
      program: 'git',
      timeoutSeconds: s.bot.timeout_seconds,
    });
    if (outcome.status === 'succeeded') {
      workspace.cloned = true;
      return undefined;
    }
    if (outcome.status !== 'failed') return outcome;
    const error = `git clone failed: ${outcome.error}`;
    return { status: 'failed', exitCode: null, error, line: error };
  }

  private async runCli(
    s: RunSession,
    backend: ExecutionBackend,
    argv: string[],
    cwd: string,
  ): Promise<Ending> {
    if (s.cli.stoppedBy === 'shutdown') return 'hand-back';
    if (s.cli.stoppedBy) return stoppedOutcome(s.cli.stoppedBy, s.bot.timeout_seconds);
    if (hasParser(backend)) {
      s.output = new BackendOutput(backend);
      s.pipeline.interpret(s.output);
    }
    s.pipeline.system(`started: ${argv[0]}`);
    const result = await s.cli.run(argv, {
      cwd,
      // Secrets last: the API refuses names that would replace an allowlisted variable like PATH.
      env: { ...this.env, ...(s.home ? { HOME: s.home } : {}), ...s.secrets },
      timeoutMs: s.bot.timeout_seconds * 1_000,
      onOutput: (stream, chunk) => s.pipeline.write(stream, chunk),
    });
    s.pipeline.endOutput();
    const stoppedBy = s.cli.stoppedBy;
    if (stoppedBy === 'shutdown') return 'hand-back';
    const outcome = outcomeOf(result, stoppedBy, { program: argv[0], timeoutSeconds: s.bot.timeout_seconds });
    if (outcome.status !== 'failed' || !result.started) return outcome;

    const cause = s.output?.rateLimited(result.code) ? 'rate-limit' : 'failure';
    return decideRetry(cause, s.execution.attempt, retrySettings(this.config, s.options), outcome);
  }
}
