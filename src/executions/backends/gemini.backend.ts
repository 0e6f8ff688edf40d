import { AgentCliArgs, AgentCliBackend, repeatFlag } from './agent-cli-backend';
import {
  JsonObject,
  RATE_LIMIT_TEXT,
  asObject,
  asString,
  parseJsonObject,
  sumOf,
  textLines,
} from './cli-output';
import { OutputParser, ParsedOutput } from './execution-backend';

/** A document longer than this is not held back any more: its lines are logged as they are. */
const DOCUMENT_MAX_CHARS = 1024 * 1024;

/** Gemini CLI, non-interactive, answering with one JSON document (`--output-format json`). */
export class GeminiBackend extends AgentCliBackend {
  protected argv({ prompt, model, options }: AgentCliArgs): string[] {
    return [
      'gemini',
      '-p',
      prompt,
      '--output-format',
      'json',
      ...model,
      ...repeatFlag('--include-directories', options.addDirs),
    ];
  }

  outputParser(): OutputParser {
    return new GeminiOutput();
  }
}

/**
 * The CLI pretty-prints its one JSON document over many lines: lines from a `{` line to the `}`
 * line that closes it are held back and read as one document, whose readable lines then carry
 * the whole document as their raw text. Anything else is logged as it is.
 */
class GeminiOutput implements OutputParser {
  private held?: string[];
  private heldChars = 0;

  parseLine(raw: string): ParsedOutput {
    if (!this.held) {
      const single = parseJsonObject(raw);
      if (single) return renderDocument(single);
      if (raw.trim() !== '{') return { text: [raw] };
      this.held = [];
      this.heldChars = 0;
    }
    this.held.push(raw);
    this.heldChars += raw.length + 1;
    if (raw === '}') {
      const document = this.release();
      const parsed = parseJsonObject(document.join('\n'));
      return parsed ? { ...renderDocument(parsed), raw: document.join('\n') } : { text: document };
    }
    return this.heldChars > DOCUMENT_MAX_CHARS ? { text: this.release() } : { text: [] };
  }

  end(): ParsedOutput {
    return { text: this.held ? this.release() : [] };
  }

  private release(): string[] {
    const lines = this.held ?? [];
    this.held = undefined;
    return lines;
  }
}

function renderDocument(doc: JsonObject): ParsedOutput {
  const text: string[] = [];
  let rateLimited = false;
  const error = asObject(doc.error);
  if (error) {
    const message = asString(error.message) ?? 'unknown error';
    text.push(`error: ${message}`);
    rateLimited = error.code === 429 || error.code === '429' || RATE_LIMIT_TEXT.test(message);
  }
  if (typeof doc.response === 'string') text.push(...textLines(doc.response));
  const models = Object.values(asObject(asObject(doc.stats)?.models) ?? {}).map(asObject);
  if (models.length === 0) return { text: text.length ? text : ['(empty answer)'], rateLimited };

  const tokens = models.map((m) => asObject(m?.tokens));
  const usage = {
    inputTokens: sumOf(...tokens.map((t) => t?.prompt)),
    // thinking tokens are output the model produced, and billed as such
    outputTokens: sumOf(...tokens.map((t) => t?.candidates), ...tokens.map((t) => t?.thoughts)),
  };
  const requests = sumOf(...models.map((m) => asObject(m?.api)?.totalRequests)) ?? 0;
  text.push(
    `stats: ${requests} model requests, ${usage.inputTokens ?? 0} tokens in, ${usage.outputTokens ?? 0} out`,
  );
  return { text, usage, rateLimited };
}
