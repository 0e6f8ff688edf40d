import { describe, expect, it } from 'vitest';
import { botRow } from '../../../test/factories/bot-rows';
import { OpencodeBackend } from './opencode.backend';

const sut = new OpencodeBackend();
const parse = (event: object) => sut.outputParser().parseLine(JSON.stringify(event));

describe(OpencodeBackend.name, () => {
  it('should run with JSON events, the model, and the prompt last', () => {
    const bot = botRow({ backend: 'opencode', model: 'anthropic/claude-sonnet-4-5', prompt_template: 'Go' });
    expect(sut.buildArgv(bot, {})).toEqual([
      'opencode',
      'run',
      '--format',
      'json',
      '--model',
      'anthropic/claude-sonnet-4-5',
      'Go',
    ]);
  });

  it('should render text and tool calls with their output', () => {
    expect(parse({ type: 'text', part: { type: 'text', text: 'Hello\nthere' } }).text).toEqual([
      'Hello',
      'there',
    ]);
    expect(
      parse({
        type: 'tool_use',
        part: { tool: 'bash', state: { status: 'completed', input: { command: 'ls' }, output: 'a\n' } },
      }).text,
    ).toEqual(['→ bash ls', '← result', '  a']);
  });

  it('should read cost and tokens from each finished step', () => {
    expect(
      parse({
        type: 'step_finish',
        part: {
          reason: 'stop',
          cost: 0.002,
          tokens: { input: 700, output: 30, reasoning: 5, cache: { read: 0, write: 50 } },
        },
      }),
    ).toEqual({
      text: ['step finished: stop'],
      usage: { costUsd: 0.002, inputTokens: 750, outputTokens: 35 },
    });
  });

  it('should flag a 429 API error as a rate limit', () => {
    expect(
      parse({
        type: 'error',
        error: { name: 'APIError', data: { message: 'Rate limit exceeded', statusCode: 429 } },
      }),
    ).toEqual({ text: ['error: Rate limit exceeded'], rateLimited: true });
    expect(
      parse({ type: 'error', error: { name: 'ProviderAuthError', data: { message: 'bad key' } } }),
    ).toEqual({
      text: ['error: bad key'],
      rateLimited: false,
    });
  });
});
