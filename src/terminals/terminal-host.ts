import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Config } from '../config/config.schema';
import { InjectConfig } from '../config/config.module';
import { runnerEnv } from '../config/runner-env';
import { Pty, PtyAdapter } from './pty.adapter';
import { TerminalBus } from './terminal-bus';
import {
  SESSION_TTL_MS,
  TerminalInputMessage,
  TerminalSession,
  TerminalSessionsRepository,
} from './terminal-sessions.repository';

interface OwnedTerminal {
  pty: Pty;
  /** seq of the last entry appended (or about to be) */
  seq: number;
  pending: string;
  flushTimer?: NodeJS.Timeout;
  ended: boolean;
}

// Output is gathered this long so a burst becomes one XADD, not one per chunk.
const FLUSH_MS = 5;
const FLUSH_BYTES = 32 * 1024;
const HEARTBEAT_MS = SESSION_TTL_MS / 3;

/**
 * Owns the PTYs started by this API process: feeds their output to Redis, applies input and
 * resizes published by any replica, keeps their sessions alive, and ends them all on shutdown.
 */
@Injectable()
export class TerminalHost implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(TerminalHost.name);
  /** this process, as named in the sessions it owns */
  readonly ownerId = randomUUID();
  private readonly owned = new Map<string, OwnedTerminal>();
  private readonly env: Record<string, string>;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    @InjectConfig() config: Config,
    private readonly ptys: PtyAdapter,
    private readonly sessions: TerminalSessionsRepository,
    private readonly bus: TerminalBus,
  ) {
    this.env = runnerEnv(config.RUNNER_ENV_ALLOWLIST);
  }

  onModuleInit(): void {
    this.bus.onInput((message) => this.apply(message));
    this.heartbeat = setInterval(() => {
      this.sessions.touch([...this.owned.keys()]).catch((err: Error) => {
        this.logger.warn(`terminal heartbeat failed: ${err.message}`);
      });
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  start(session: TerminalSession): void {
    const pty = this.ptys.spawn({ cwd: session.cwd, cols: session.cols, rows: session.rows, env: this.env });
    const terminal: OwnedTerminal = { pty, seq: 0, pending: '', ended: false };
    this.owned.set(session.id, terminal);
    pty.onData((data) => this.collect(session.id, terminal, data));
    pty.onExit(() => void this.end(session.id, terminal));
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    await Promise.all([...this.owned].map(([id, terminal]) => this.end(id, terminal)));
  }

  private apply(message: TerminalInputMessage): void {
    const terminal = this.owned.get(message.id);
    if (!terminal || terminal.ended) return;
    if (message.type === 'input') terminal.pty.write(message.data);
    else if (message.type === 'resize') {
      terminal.pty.resize(message.cols, message.rows);
      this.sessions.resize(message.id, message.cols, message.rows).catch((err: Error) => {
        this.logger.warn(`terminal size not recorded: ${err.message}`);
      });
    } else void this.end(message.id, terminal);
  }

  private collect(id: string, terminal: OwnedTerminal, data: string): void {
    if (terminal.ended) return;
    terminal.pending += data;
    if (terminal.pending.length >= FLUSH_BYTES) this.flush(id, terminal);
    else terminal.flushTimer ??= setTimeout(() => this.flush(id, terminal), FLUSH_MS);
  }

  /** The seq is taken synchronously, so appends reach Redis in order on the one connection. */
  private flush(id: string, terminal: OwnedTerminal): Promise<void> {
    clearTimeout(terminal.flushTimer);
    terminal.flushTimer = undefined;
    if (terminal.pending === '') return Promise.resolve();
    const data = terminal.pending;
    terminal.pending = '';
    return this.sessions.append(id, { seq: ++terminal.seq, data }).catch((err: Error) => {
      this.logger.warn(`terminal output lost: ${err.message}`);
    });
  }

  /** Idempotent: kill (if still running), last output, end marker, session gone from the list. */
  private async end(id: string, terminal: OwnedTerminal): Promise<void> {
    if (terminal.ended) return;
    terminal.ended = true;
    this.owned.delete(id);
    try {
      terminal.pty.kill();
    } catch {
      // already exited
    }
    await this.flush(id, terminal);
    try {
      await this.sessions.append(id, { seq: ++terminal.seq, end: true });
      await this.sessions.remove(id);
    } catch (err) {
      // The record expires by itself once the heartbeat stops.
      this.logger.warn(`terminal end not recorded: ${(err as Error).message}`);
    }
  }
}
