import { BotRow } from '../../database/database.types';
import { RenderOptions, TemplateContext } from '../../templates/template-renderer';

/** What a CLI reported about one run; any part may be missing. */
export interface TokenUsage {
  costUsd?: number;
  inputTokens?: number;
  outputTokens?: number;
}

/** What one line of a CLI's stdout means. */
export interface ParsedOutput {
  /** readable log lines; empty while the parser holds the line back (part of a multi-line document) */
  text: string[];
  /** the raw text the lines stand for, when that is more than the line just read */
  raw?: string;
  usage?: TokenUsage;
  /** the CLI reported, in its structured output, that it hit a rate limit */
  rateLimited?: boolean;
}

/** Reads one run's stdout, line by line; a new one per run, since a parser may keep state. */
export interface OutputParser {
  parseLine(raw: string): ParsedOutput;
  /** stdout ended: whatever the parser still holds */
  end(): ParsedOutput;
}

/** One implementation per `backend`: how to start its CLI and how to read what it prints. */
export interface ExecutionBackend {
  /** `render`: the worker's rendering settings (TEMPLATE_VALUE_MAX_CHARS), as the preview uses them */
  buildArgv(bot: BotRow, ctx: TemplateContext, render?: RenderOptions): string[];
  /** none: stdout is plain text and logged as it is */
  outputParser?(): OutputParser;
  /** After a failed exit: do its last stderr lines say it hit a rate limit? */
  detectRateLimit(lastLines: readonly string[], exitCode: number | null): boolean;
}

/** The bot is configured in a way this worker cannot run; the execution fails with this message. */
export class BackendError extends Error {}
