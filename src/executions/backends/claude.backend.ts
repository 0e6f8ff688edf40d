import { AgentCliArgs, AgentCliBackend, repeatFlag } from './agent-cli-backend';
import {
  JsonObject,
  RATE_LIMIT_TEXT,
  asArray,
  asNumber,
  asObject,
  asString,
  jsonLinesParser,
  sumOf,
  textLines,
  toolCallLine,
  toolResultLines,
} from './cli-output';
import { OutputParser, ParsedOutput } from './execution-backend';

/** Claude Code in print mode, streaming its session as JSON Lines (`--output-format stream-json`). */
export class ClaudeBackend extends AgentCliBackend {
  protected argv({ prompt, model, options }: AgentCliArgs): string[] {
    const { allowedTools, addDirs } = options;
    return [
      'claude',
      '-p',
      prompt,
      '--output-format',
      'stream-json',
      '--verbose',
      ...model,
      ...(allowedTools.length ? ['--allowedTools', ...allowedTools] : []),
      ...repeatFlag('--add-dir', addDirs),
    ];
  }

  outputParser(): OutputParser {
    return jsonLinesParser(renderEvent);
  }
}

function renderEvent(event: JsonObject): ParsedOutput | undefined {
  switch (event.type) {
    case 'system':
      return { text: [systemLine(event)] };
    case 'assistant':
    case 'user':
      return { text: asArray(asObject(event.message)?.content).flatMap(contentLines) };
    case 'result':
      return resultOf(event);
    default:
      return undefined;
  }
}

function systemLine(event: JsonObject): string {
  if (event.subtype !== 'init') return `system: ${asString(event.subtype) ?? 'event'}`;
  const tools = asArray(event.tools).length;
  return `session started: model ${asString(event.model) ?? 'default'}, ${tools} tools, in ${asString(event.cwd) ?? '?'}`;
}

function contentLines(block: unknown): string[] {
  const b = asObject(block);
  switch (b?.type) {
    case 'text':
      return textLines(asString(b.text) ?? '');
    case 'thinking':
      return textLines(asString(b.thinking) ?? '').map((l) => `… ${l}`);
    case 'tool_use':
      return [toolCallLine(asString(b.name) ?? 'tool', b.input)];
    case 'tool_result':
      return toolResultLines(toolResultText(b.content), b.is_error === true);
    default:
      return [];
  }
}

/** A tool result's content is a string or a list of text blocks. */
function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((c) => asString(asObject(c)?.text) ?? '')
    .join('\n');
}

function resultOf(event: JsonObject): ParsedOutput {
  const u = asObject(event.usage);
  const usage = {
    costUsd: asNumber(event.total_cost_usd),
    // Cached prompt tokens are still input the model read.
    inputTokens: sumOf(u?.input_tokens, u?.cache_creation_input_tokens, u?.cache_read_input_tokens),
    outputTokens: asNumber(u?.output_tokens),
  };
  if (event.is_error === true || event.subtype !== 'success') {
    const message =
      asString(event.result) || asArray(event.errors).map(String).join('; ') || String(event.subtype);
    return { text: [`error: ${message}`], usage, rateLimited: RATE_LIMIT_TEXT.test(message) };
  }
  const seconds = (asNumber(event.duration_ms) ?? 0) / 1000;
  const cost = usage.costUsd === undefined ? '' : `, $${usage.costUsd.toFixed(4)}`;
  return { text: [`done: ${asNumber(event.num_turns) ?? 0} turns in ${seconds.toFixed(1)}s${cost}`], usage };
}
