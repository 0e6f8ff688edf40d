import { ExecutionBackend, OutputParser, ParsedOutput, TokenUsage } from '../backends/execution-backend';
import { LineInterpreter, LogEntry, OutputStream } from './log-pipeline';

/** How many of the last stderr lines are kept to look for a rate-limit message after a failure. */
const TAIL_LINES = 20;

/**
 * One run's CLI output as the backend reads it: stdout through the backend's parser (readable
 * lines, raw kept), stderr as it is. Collects what the CLI reported (cost, tokens) and whether
 * it said it was rate limited.
 */
export class BackendOutput implements LineInterpreter {
  private readonly parser: OutputParser;
  private readonly tail: string[] = [];
  private flaggedRateLimit = false;
  private readonly totals: TokenUsage = {};

  constructor(private readonly backend: ExecutionBackend & { outputParser(): OutputParser }) {
    this.parser = backend.outputParser();
  }

  line(stream: OutputStream, text: string): LogEntry[] {
    if (stream === 'stderr') {
      this.tail.push(text);
      if (this.tail.length > TAIL_LINES) this.tail.shift();
      return [{ text }];
    }
    return this.take(this.parser.parseLine(text), text);
  }

  end(): LogEntry[] {
    return this.take(this.parser.end());
  }

  get usage(): TokenUsage {
    return { ...this.totals };
  }

  /** After the process failed with `exitCode`: was it a rate limit? */
  rateLimited(exitCode: number | null): boolean {
    return exitCode !== 0 && (this.flaggedRateLimit || this.backend.detectRateLimit(this.tail, exitCode));
  }

  private take(parsed: ParsedOutput, line?: string): LogEntry[] {
    if (parsed.rateLimited) this.flaggedRateLimit = true;
    for (const key of ['costUsd', 'inputTokens', 'outputTokens'] as const) {
      const value = parsed.usage?.[key];
      if (value !== undefined) this.totals[key] = (this.totals[key] ?? 0) + value;
    }
    const raw = parsed.raw ?? line;
    return parsed.text.map((text, i) => ({ text, ...(i === 0 && raw !== undefined && { raw }) }));
  }
}

export const hasParser = (
  backend: ExecutionBackend,
): backend is ExecutionBackend & { outputParser(): OutputParser } => backend.outputParser !== undefined;
