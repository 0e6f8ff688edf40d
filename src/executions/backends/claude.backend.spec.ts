import { describe, expect, it } from 'vitest';
import { botRow } from '../../../test/factories/bot-rows';
import { ClaudeBackend } from './claude.backend';
import { BackendError } from './execution-backend';

const sut = new ClaudeBackend();
const claudeBot = (changes: Parameters<typeof botRow>[0] = {}) =>
  botRow({ backend: 'claude', prompt_template: 'Review {{payload.pr}}', ...changes });
const parse = (...lines: object[]) => {
  const parser = sut.outputParser();
  return lines.map((l) => parser.parseLine(JSON.stringify(l)));
};

describe(ClaudeBackend.name, () => {
  describe('buildArgv', () => {
    it('should run print mode with streamed JSON and the rendered prompt', () => {
      expect(sut.buildArgv(claudeBot(), { payload: { pr: 7 } })).toEqual([
        'claude',
        '-p',
        'Review 7',
        '--output-format',
        'stream-json',
        '--verbose',
      ]);
    });

    it('should pass the model, allowed tools and extra directories', () => {
      const bot = claudeBot({
        model: 'claude-opus-4-1',
        options: { allowedTools: ['Read', 'Bash(git log:*)'], addDirs: ['/srv/a', '/srv/b'] },
      });
      expect(sut.buildArgv(bot, { payload: { pr: 1 } }).slice(6)).toEqual([
        '--model',
        'claude-opus-4-1',
        '--allowedTools',
        'Read',
        'Bash(git log:*)',
        '--add-dir',
        '/srv/a',
        '--add-dir',
        '/srv/b',
      ]);
    });

    it('should keep a prompt that starts with a dash from being read as an option', () => {
      const bot = claudeBot({ prompt_template: '--dangerously-skip-permissions {{bot.name}}' });
      const argv = sut.buildArgv(bot, { bot: { name: 'b' } });
      expect(argv[2]).toBe(' --dangerously-skip-permissions b');
    });

    it('should refuse a prompt that renders empty', () => {
      expect(() => sut.buildArgv(claudeBot({ prompt_template: '{{payload.none}}' }), {})).toThrow(
        new BackendError('bot reviewer: the prompt renders empty'),
      );
    });
  });

  describe('outputParser', () => {
    it('should render the init event, assistant text, tool calls and tool results', () => {
      const [init, assistant, user] = parse(
        { type: 'system', subtype: 'init', model: 'claude-sonnet-4-5', cwd: '/w', tools: ['Bash', 'Read'] },
        {
          type: 'assistant',
          message: {
            content: [
              { type: 'text', text: 'Looking.\nSecond line.' },
              { type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'git status' } },
            ],
          },
        },
        {
          type: 'user',
          message: {
            content: [{ type: 'tool_result', tool_use_id: 't1', content: 'clean', is_error: false }],
          },
        },
      );
      expect(init.text).toEqual(['session started: model claude-sonnet-4-5, 2 tools, in /w']);
      expect(assistant.text).toEqual(['Looking.', 'Second line.', '→ Bash git status']);
      expect(user.text).toEqual(['← result', '  clean']);
    });

    it('should show only the first lines of a long tool result', () => {
      const content = [{ type: 'text', text: Array.from({ length: 8 }, (_, i) => `l${i}`).join('\n') }];
      const [user] = parse({
        type: 'user',
        message: { content: [{ type: 'tool_result', content, is_error: true }] },
      });
      expect(user.text).toEqual(['← error', '  l0', '  l1', '  l2', '  l3', '  l4', '  … 3 more lines']);
    });

    it('should read cost and all input tokens from the result', () => {
      const [result] = parse({
        type: 'result',
        subtype: 'success',
        is_error: false,
        num_turns: 3,
        duration_ms: 4200,
        total_cost_usd: 0.0123,
        usage: {
          input_tokens: 12,
          cache_creation_input_tokens: 100,
          cache_read_input_tokens: 200,
          output_tokens: 45,
        },
      });
      expect(result).toEqual({
        text: ['done: 3 turns in 4.2s, $0.0123'],
        usage: { costUsd: 0.0123, inputTokens: 312, outputTokens: 45 },
      });
    });

    it('should flag a usage-limit result as a rate limit', () => {
      const [result] = parse({
        type: 'result',
        subtype: 'success',
        is_error: true,
        result: 'Claude AI usage limit reached|1764000000',
      });
      expect(result).toMatchObject({
        text: ['error: Claude AI usage limit reached|1764000000'],
        rateLimited: true,
      });
    });

    it('should not flag other errors as a rate limit', () => {
      const [result] = parse({ type: 'result', subtype: 'error_max_turns', is_error: true });
      expect(result).toMatchObject({ text: ['error: error_max_turns'], rateLimited: false });
    });

    it('should log a line that is not JSON, or an unknown event, as it is', () => {
      const parser = sut.outputParser();
      expect(parser.parseLine('plain words')).toEqual({ text: ['plain words'] });
      expect(parser.parseLine('{"type":"future"}')).toEqual({ text: ['{"type":"future"}'] });
    });
  });

  it('should detect a rate limit in the last stderr lines of a failed run only', () => {
    expect(sut.detectRateLimit(['API Error: 429 {"type":"rate_limit_error"}'], 1)).toBe(true);
    expect(sut.detectRateLimit(['API Error: 429'], 0)).toBe(false);
    expect(sut.detectRateLimit(['Error: file not found'], 1)).toBe(false);
  });
});
