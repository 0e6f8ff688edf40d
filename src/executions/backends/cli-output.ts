import { OutputParser, ParsedOutput } from './execution-backend';

/** Helpers shared by the AI CLI backends: reading their JSON and rendering it as log lines. */
export type JsonObject = Record<string, unknown>;

export function parseJsonObject(text: string): JsonObject | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

export const asObject = (v: unknown): JsonObject | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const asNumber = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The sum of the numbers present; undefined when there is none. */
export function sumOf(...values: unknown[]): number | undefined {
  const numbers = values.map(asNumber).filter((n) => n !== undefined);
  return numbers.length ? numbers.reduce((a, b) => a + b, 0) : undefined;
}

/** Multi-line text as log lines. */
export const textLines = (text: string): string[] => text.replace(/\n+$/, '').split(/\r?\n/);

/** Wording the CLIs (and the APIs behind them) use when a rate limit or usage quota stops a run. */
export const RATE_LIMIT_TEXT =
  /rate[ _-]?limit|usage limit|too many requests|\b429\b|resource[ _]exhausted|quota exceeded|exceeded your current quota|exhausted your .*quota|(?:5-hour|weekly|daily|session) limit reached|hit your (?:usage )?limit/i;

export function mentionsRateLimit(lines: readonly string[], exitCode: number | null): boolean {
  return exitCode !== 0 && lines.some((line) => RATE_LIMIT_TEXT.test(line));
}

const SUMMARY_MAX = 200;
const RESULT_LINES_MAX = 5;

const clip = (s: string, max = SUMMARY_MAX) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** `→ Bash git status`: the tool and the one argument that says what it does, or its input as JSON. */
export function toolCallLine(name: string, input: unknown): string {
  const args = asObject(input);
  const key = ['command', 'file_path', 'filePath', 'path', 'pattern', 'url', 'query'].find(
    (k) => typeof args?.[k] === 'string',
  );
  const summary = key ? (args![key] as string) : input === undefined ? '' : JSON.stringify(input);
  return clip(`→ ${name} ${summary.replace(/\s*\n\s*/g, ' ')}`.trimEnd());
}

/** The first few lines of a tool's output, indented; the raw line keeps all of it. */
export function outputExcerpt(output: string): string[] {
  const lines = output === '' ? [] : textLines(output);
  const head = lines.slice(0, RESULT_LINES_MAX).map((l) => clip(`  ${l}`, 1000));
  if (lines.length > RESULT_LINES_MAX) head.push(`  … ${lines.length - RESULT_LINES_MAX} more lines`);
  return head;
}

export function toolResultLines(output: string, isError = false): string[] {
  return [isError ? '← error' : '← result', ...outputExcerpt(output)];
}

/** JSON Lines: every line is one event; a line that is not a JSON object is logged as it is. */
export function jsonLinesParser(render: (event: JsonObject) => ParsedOutput | undefined): OutputParser {
  return {
    parseLine(raw) {
      const event = parseJsonObject(raw);
      const parsed = event && render(event);
      return parsed && parsed.text.length > 0 ? parsed : { ...parsed, text: [raw] };
    },
    end: () => ({ text: [] }),
  };
}
