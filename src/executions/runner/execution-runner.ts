import { Injectable, Logger } from '@nestjs/common';
import { BotOptions, readBotOptions } from '../../bots/bot-options';
import { BotSecretEnvironment } from '../../bots/bot-secret-environment';
import { workerIdOf } from '../../config/config';
import { InjectConfig } from '../../config/config.module';
import { Config } from '../../config/config.schema';
import { runnerEnv } from '../../config/runner-env';
import { BotRow, ExecutionRow } from '../../database/database.types';
import { ExecutionEventsRepository } from '../../live-log/execution-events.repository';
import { mapStatusEvent } from '../../live-log/live-log.mappers';
import { LogLine } from '../../live-log/log-stream.codec';
import { executionLogger } from '../../logging/execution-logger';
import { MetricsService } from '../../metrics/metrics.service';
import { JobResult, OnJob } from '../../queue/on-job.decorator';
import { JobPayloads } from '../../queue/queue.definitions';
import { reportJobFailure } from '../../sentry/sentry';
import { RenderOptions } from '../../templates/template-renderer';
import { BackendError, ExecutionBackend, TokenUsage } from '../backends/execution-backend';
import { ExecutionBackends } from '../backends/execution-backends';
import { ExecutionsRepository, RunContext } from '../executions.repository';
import { GIT_TOKEN_SECRET, gitCloneEnv } from '../workspaces/git-clone';
import { RunWorkspace, RunWorkspaces } from '../workspaces/run-workspaces';
import { ActiveRuns } from './active-runs';
import { BackendOutput, hasParser } from './backend-output';
import { LogPipeline } from './log-pipeline';
import { ProcessAdapter } from './process.adapter';
import { ProcessRun, StopReason } from './process-run';
import { decideRetry, retrySettings } from './retry-policy';
import { Ending, Outcome, failedBeforeStart, outcomeOf, stoppedOutcome } from './outcome';
import { SecretMasker } from './secret-masker';

/**
 * How soon a run that found its bot at maxConcurrent looks again. Waiting runs sit in BullMQ's
 * delayed set, so they hold no worker slot; the claim's queue-order check keeps them in order.
 */
const SLOT_RECHECK_MS = 1_000;

interface ClaimedRun {
  execution: ExecutionRow;
  bot: BotRow;
  options: BotOptions;
  sealedSecrets: RunContext['sealedSecrets'];
  /** the seq after which this attempt's lines go: past the stream's and the record's last line */
  startSeq: number;
}

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

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Runs one execution on this worker: claims it (queued → running, within its bot's limit), spawns
 * its process with the bot's secrets, streams its lines, and writes how it ended — or hands it
 * back to the queue: when the worker shuts down, or to retry it later after a rate limit.
 */
@Injectable()
export class ExecutionRunner {
  private readonly logger = new Logger(ExecutionRunner.name);
  private readonly workerId: string;
  private readonly env: Record<string, string>;
  private readonly render: RenderOptions;

  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly executions: ExecutionsRepository,
    private readonly events: ExecutionEventsRepository,
    private readonly secrets: BotSecretEnvironment,
    private readonly backends: ExecutionBackends,
    private readonly processes: ProcessAdapter,
    private readonly workspaces: RunWorkspaces,
    private readonly active: ActiveRuns,
    private readonly metrics: MetricsService,
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
      const claim = await this.claim(executionId);
      if (!claim || 'retryAfterMs' in claim) return claim;
      if (claim.execution.cancel_requested_at) stop('cancelled');
      return await this.runClaimed(claim, clone, cli).catch(async (err: unknown) => {
        await this.failRunning(executionId, err);
        throw err;
      });
    } finally {
      this.active.remove(executionId);
    }
  }

  /** Never leave it `running` under a live worker: the reaper only looks at dead ones. */
  private async failRunning(id: string, err: unknown): Promise<void> {
    const error = `worker error: ${errorText(err)}`;
    await this.executions
      .finish(id, this.workerId, { status: 'failed', exitCode: null, error })
      .catch(() => undefined);
  }

  /**
   * One round trip on the dispatch path: the claim (when the bot has no limit), what the run needs
   * and the live stream's position are read together. A bot with maxConcurrent, or one whose
   * limit the first statement could not read, is claimed by markRunning afterwards.
   */
  private async claim(id: string): Promise<ClaimedRun | undefined | { retryAfterMs: number }> {
    const reads = Promise.all([this.executions.runContext(id), this.events.lastSeq(id)]);
    reads.catch(() => undefined); // observed below; a claim that fails first must not leave it unhandled
    const fast = await this.executions.markRunningIfUnlimited(id, this.workerId);
    const [context, liveSeq] = await reads.catch(async (err: unknown) => {
      if (fast) await this.failRunning(id, err);
      throw err;
    });
    // Bots cascade-delete their executions: without its bot, the execution is gone too.
    if (!context) return undefined;
    const { bot, sealedSecrets, storedSeq } = context;
    const options = readBotOptions(bot.options);
    const limit =
      options.maxConcurrent === null ? undefined : { botId: bot.id, maxConcurrent: options.maxConcurrent };
    const execution = fast ?? (await this.executions.markRunning(id, this.workerId, limit));
    if (execution === 'busy') return { retryAfterMs: SLOT_RECHECK_MS };
    if (!execution) return undefined;
    return { execution, bot, options, sealedSecrets, startSeq: Math.max(liveSeq, storedSeq) };
  }

  private async runClaimed(run: ClaimedRun, clone: ProcessRun, cli: ProcessRun): Promise<JobResult> {
    const { id } = run.execution;
    const { startSeq } = run;
    let secrets: Record<string, string> = {};
    let secretsError: string | undefined;
    try {
      secrets = this.secrets.open(run.sealedSecrets);
    } catch (err) {
      secretsError = `the bot's secrets could not be read: ${errorText(err)}`;
    }
    const git = gitCloneEnv(secrets[GIT_TOKEN_SECRET]);
    const masker = new SecretMasker([...Object.values(secrets), ...git.secrets]);
    const pipeline = this.pipelineFor(id, startSeq, masker, [clone, cli]);
    const session: RunSession = { ...run, clone, cli, pipeline, secrets, gitEnv: git.env };

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
        await this.queueNextAttempt(run.execution, pipeline, 'worker shutting down; re-queued', usage);
        return 'hand-back';
      }
      if ('retryAfterMs' in ending) {
        const queued = await this.queueNextAttempt(run.execution, pipeline, ending.line, usage);
        return queued ? { retryAfterMs: ending.retryAfterMs } : undefined;
      }
      await this.conclude(run.execution, run.bot.backend, pipeline, ending, usage);
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

  /** Lines first, then the row, then the status and end events after the last line. */
  private async conclude(
    execution: ExecutionRow,
    backend: string,
    pipeline: LogPipeline,
    outcome: Outcome,
    usage: TokenUsage | undefined,
  ): Promise<void> {
    const log = executionLogger(this.logger, execution.id);
    pipeline.system(outcome.line);
    const finish = (lines: LogLine[]) =>
      this.executions.finish(execution.id, this.workerId, { ...outcome, usage }, lines);
    // The last lines and the final row in one statement, while the live stream gets its last lines.
    const closing = pipeline.closeWith(finish);
    const [recorded, live] = await Promise.allSettled([closing.recorded, closing.live]);
    if (live.status === 'rejected')
      log.warn(`some log lines did not reach the live stream: ${errorText(live.reason)}`);
    let finished: ExecutionRow | undefined;
    if (recorded.status === 'fulfilled') finished = recorded.value;
    else {
      // The row must still be finished when some lines could not be stored.
      log.warn(`some log lines were not stored: ${errorText(recorded.reason)}`);
      finished = await finish([]);
    }
    if (!finished) {
      log.warn('ended elsewhere (reaped?); its result is dropped');
      return;
    }
    const seconds =
      ((finished.finished_at ?? new Date()).getTime() -
        (finished.started_at ?? finished.queued_at).getTime()) /
      1000;
    this.metrics.executionFinished(backend, finished.status, seconds);
    log.log(`${finished.status} after ${seconds.toFixed(1)}s (${backend})`);
    await this.events.emitFinal(
      mapStatusEvent(finished),
      { status: finished.status, exitCode: finished.exit_code },
      pipeline.lastSeq,
    );
  }

  /**
   * Back to `queued` as the next attempt (worker shutdown, or a retry later); its stream stays
   * open, with no end event, for the worker that continues it. false when it was ended elsewhere.
   */
  private async queueNextAttempt(
    execution: ExecutionRow,
    pipeline: LogPipeline,
    line: string,
    usage: TokenUsage | undefined,
  ): Promise<boolean> {
    pipeline.system(line);
    await this.flush(execution.id, pipeline);
    const queued = await this.executions.queueNextAttempt(execution.id, this.workerId, usage);
    if (queued) await this.events.emitStatus(mapStatusEvent(queued), pipeline.lastSeq);
    return queued !== undefined;
  }

  /** The row must still be finished when some lines could not be stored, so this only logs. */
  private async flush(executionId: string, pipeline: LogPipeline): Promise<void> {
    await pipeline.close().catch((err: unknown) => {
      executionLogger(this.logger, executionId).warn(`some log lines were not stored: ${errorText(err)}`);
    });
  }

  private pipelineFor(
    executionId: string,
    startSeq: number,
    masker: SecretMasker,
    processes: ProcessRun[],
  ): LogPipeline {
    let warned = false;
    return new LogPipeline(
      startSeq,
      {
        live: (lines) => this.events.appendLogs(executionId, lines),
        liveLastSeq: () => this.events.lastSeq(executionId),
        record: (lines) => this.executions.insertLogs(executionId, lines),
      },
      {
        maxLineBytes: this.config.LOG_LINE_MAX_BYTES,
        masker,
        onBackpressure: (paused) => {
          executionLogger(this.logger, executionId).warn(
            paused
              ? 'output paused: its log lines cannot be sent (is Redis or PostgreSQL down?)'
              : 'output resumed',
          );
          for (const run of processes) run.pauseOutput(paused);
        },
        onError: (sink, err) => {
          if (!warned)
            executionLogger(this.logger, executionId).warn(
              `${sink} log flush failed, retrying: ${errorText(err)}`,
            );
          warned = true;
        },
      },
    );
  }
}
