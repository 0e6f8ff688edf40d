import { AgentCliArgs, AgentCliBackend } from './agent-cli-backend';
import {
  JsonObject,
  RATE_LIMIT_TEXT,
  asArray,
  asNumber,
  asObject,
  asString,
  jsonLinesParser,
  outputExcerpt,
  textLines,
  toolCallLine,
} from './cli-output';
import { OutputParser, ParsedOutput } from './execution-backend';

/** OpenAI Codex CLI, non-interactive (`codex exec --json`): thread, turn and item events. */
export class CodexBackend extends AgentCliBackend {
  protected argv({ prompt, model }: AgentCliArgs): string[] {
    return ['codex', 'exec', '--json', ...model, prompt];
  }

  outputParser(): OutputParser {
    return jsonLinesParser(renderEvent);
  }
}

function renderEvent(event: JsonObject): ParsedOutput | undefined {
  switch (event.type) {
    case 'thread.started':
      return { text: [`thread started: ${asString(event.thread_id) ?? '?'}`] };
    case 'turn.started':
      return { text: ['turn started'] };
    case 'turn.completed': {
      const u = asObject(event.usage);
      // input_tokens already counts the cached ones (cached_input_tokens is a part of it)
      const usage = { inputTokens: asNumber(u?.input_tokens), outputTokens: asNumber(u?.output_tokens) };
      return {
        text: [`turn completed: ${usage.inputTokens ?? 0} tokens in, ${usage.outputTokens ?? 0} out`],
        usage,
      };
    }
    case 'turn.failed':
      return failure('turn failed', asString(asObject(event.error)?.message));
    case 'error':
      return failure('error', asString(event.message));
    case 'item.started':
    case 'item.updated':
    case 'item.completed':
      return { text: itemLines(event.type, asObject(event.item) ?? {}) };
    default:
      return undefined;
  }
}

function failure(what: string, message = 'unknown error'): ParsedOutput {
  return { text: [`${what}: ${message}`], rateLimited: RATE_LIMIT_TEXT.test(message) };
}

function itemLines(phase: string, item: JsonObject): string[] {
  const done = phase === 'item.completed';
  switch (item.type) {
    case 'agent_message':
      return done ? textLines(asString(item.text) ?? '') : [];
    case 'reasoning':
      return done ? textLines(asString(item.text) ?? '').map((l) => `… ${l}`) : [];
    case 'command_execution':
      if (!done) return phase === 'item.started' ? [toolCallLine('shell', { command: item.command })] : [];
      return [
        `← exit ${asNumber(item.exit_code) ?? '?'}`,
        ...outputExcerpt(asString(item.aggregated_output) ?? ''),
      ];
    case 'file_change': {
      const changes = asArray(item.changes).map((c) => {
        const change = asObject(c);
        return `${asString(change?.kind) ?? 'change'} ${asString(change?.path) ?? '?'}`;
      });
      return [`files changed: ${changes.join(', ')}`];
    }
    case 'mcp_tool_call':
      return phase === 'item.started'
        ? [toolCallLine(`${asString(item.server) ?? 'mcp'}.${asString(item.tool) ?? 'tool'}`, item.arguments)]
        : done
          ? [`← ${asString(item.status) ?? 'done'}`]
          : [];
    case 'web_search':
      return done ? [`web search: ${asString(item.query) ?? ''}`] : [];
    case 'todo_list':
      return asArray(item.items).map((t) => {
        const todo = asObject(t);
        return `[${todo?.completed === true ? 'x' : ' '}] ${asString(todo?.text) ?? ''}`;
      });
    case 'error':
      return [`error: ${asString(item.message) ?? 'unknown error'}`];
    default:
      return [`${asString(item.type) ?? 'item'} ${phase.slice('item.'.length)}`];
  }
}
