import { AgentCliArgs, AgentCliBackend } from './agent-cli-backend';
import {
  JsonObject,
  RATE_LIMIT_TEXT,
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

/** OpenCode, non-interactive (`opencode run --format json`): one JSON event per message part. */
export class OpencodeBackend extends AgentCliBackend {
  protected argv({ prompt, model }: AgentCliArgs): string[] {
    return ['opencode', 'run', '--format', 'json', ...model, prompt];
  }

  outputParser(): OutputParser {
    return jsonLinesParser(renderEvent);
  }
}

function renderEvent(event: JsonObject): ParsedOutput | undefined {
  const part = asObject(event.part) ?? {};
  switch (event.type) {
    case 'step_start':
      return { text: ['step started'] };
    case 'text':
      return { text: textLines(asString(part.text) ?? '') };
    case 'reasoning':
      return { text: textLines(asString(part.text) ?? '').map((l) => `… ${l}`) };
    case 'tool_use':
      return { text: toolLines(part) };
    case 'step_finish': {
      const tokens = asObject(part.tokens);
      const cache = asObject(tokens?.cache);
      const usage = {
        costUsd: asNumber(part.cost),
        inputTokens: sumOf(tokens?.input, cache?.read, cache?.write),
        outputTokens: sumOf(tokens?.output, tokens?.reasoning),
      };
      return { text: [`step finished: ${asString(part.reason) ?? 'done'}`], usage };
    }
    case 'error': {
      const error = asObject(event.error);
      const data = asObject(error?.data);
      const message = asString(data?.message) ?? asString(error?.message) ?? asString(error?.name) ?? 'error';
      const rateLimited = data?.statusCode === 429 || RATE_LIMIT_TEXT.test(message);
      return { text: [`error: ${message}`], rateLimited };
    }
    default:
      return undefined;
  }
}

function toolLines(part: JsonObject): string[] {
  const state = asObject(part.state) ?? {};
  const call = toolCallLine(asString(part.tool) ?? 'tool', state.input);
  if (state.status === 'completed') return [call, ...toolResultLines(asString(state.output) ?? '')];
  if (state.status === 'error') return [call, ...toolResultLines(asString(state.error) ?? '', true)];
  return [call];
}
