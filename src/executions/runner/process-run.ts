import { BotProcess, ProcessAdapter } from './process.adapter';
import { OutputStream } from './log-pipeline';

export type StopReason = 'cancelled' | 'timed_out' | 'shutdown';

/** How the process itself ended; `Outcome` (outcome.ts) says what that means for the run. */
export type ProcessExit =
  | { started: true; code: number | null; signal: NodeJS.Signals | null }
  | { started: false; error: NodeJS.ErrnoException };

export interface ProcessRunOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  onOutput(stream: OutputStream, chunk: Buffer): void;
}

/** After SIGKILL, how long pipes held open by an escaped process may keep us waiting. */
const PIPE_GRACE_MS = 1_000;

/**
 * One bot process and its whole process group. It ends when the process exits, on `stop()` or
 * at its timeout; stopping sends SIGTERM to the group, then SIGKILL after the grace period.
 * Whatever the process leaves running in its group when it exits is ended the same way.
 */
export class ProcessRun {
  private child?: BotProcess;
  private reason?: StopReason;
  private terminating = false;
  private outputPaused = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly processes: ProcessAdapter,
    private readonly graceMs: number,
  ) {}

  /** Why the run was stopped, if it was; the first reason wins. */
  get stoppedBy(): StopReason | undefined {
    return this.reason;
  }

  /** Safe before the process starts (it then never starts) and after it ended (a no-op). */
  stop(reason: StopReason): void {
    if (this.reason) return;
    this.reason = reason;
    this.terminate();
  }

  /**
   * Stops (or resumes) reading the process's output: when its pipes fill up, the process waits in
   * its next write. For a log pipeline that cannot get rid of lines (a sink is down).
   */
  pauseOutput(paused: boolean): void {
    this.outputPaused = paused;
    for (const stream of [this.child?.stdout, this.child?.stderr]) {
      if (paused) stream?.pause();
      else stream?.resume();
    }
  }

  run(argv: readonly string[], opts: ProcessRunOptions): Promise<ProcessExit> {
    return new Promise((resolve) => {
      const child = this.processes.spawn(argv, { cwd: opts.cwd, env: opts.env });
      this.child = child;
      let spawnError: NodeJS.ErrnoException | undefined;
      child.stdout.on('data', (chunk: Buffer) => opts.onOutput('stdout', chunk));
      child.stderr.on('data', (chunk: Buffer) => opts.onOutput('stderr', chunk));
      if (this.outputPaused) this.pauseOutput(true);
      const timeout = this.later(opts.timeoutMs, () => this.stop('timed_out'));
      child.once('error', (err) => {
        if (child.pid === undefined) spawnError = err;
      });
      child.once('exit', () => this.terminate());
      // 'close' comes after 'exit' and after both pipes ended, so every byte has been seen.
      child.once('close', (code, signal) => {
        this.cancelTimer(timeout);
        if (child.pid === undefined || !this.processes.signalGroup(child.pid, 0)) this.cancelAllTimers();
        resolve(spawnError ? { started: false, error: spawnError } : { started: true, code, signal });
      });
      if (this.reason) this.terminate();
    });
  }

  private terminate(): void {
    const pid = this.child?.pid;
    if (pid === undefined || this.terminating) return;
    this.terminating = true;
    if (!this.processes.signalGroup(pid, 'SIGTERM')) return;
    this.later(this.graceMs, () => {
      this.processes.signalGroup(pid, 'SIGKILL');
      // A process that left the group (setsid) may still hold our pipes; stop waiting for it.
      this.later(PIPE_GRACE_MS, () => {
        this.child?.stdout.destroy();
        this.child?.stderr.destroy();
      });
    });
  }

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private cancelTimer(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  private cancelAllTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
