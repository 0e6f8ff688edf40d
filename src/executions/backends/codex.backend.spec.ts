import { describe, expect, it } from 'vitest';
import { botRow } from '../../../test/factories/bot-rows';
import { CodexBackend } from './codex.backend';

const sut = new CodexBackend();
const parse = (event: object) => sut.outputParser().parseLine(JSON.stringify(event));

describe(CodexBackend.name, () => {
  it('should run exec with JSON events, the model, and the prompt last', () => {
    const bot = botRow({ backend: 'codex', model: 'gpt-5-codex', prompt_template: 'Fix {{input.issue}}' });
    expect(sut.buildArgv(bot, { input: { issue: 12 } })).toEqual([
      'codex',
      'exec',
      '--json',
      '--model',
      'gpt-5-codex',
      'Fix 12',
    ]);
  });

  it('should render messages, reasoning and commands with their output', () => {
    expect(parse({ type: 'thread.started', thread_id: 't-1' }).text).toEqual(['thread started: t-1']);
    expect(
      parse({ type: 'item.completed', item: { type: 'agent_message', text: 'Done.\nBye.' } }).text,
    ).toEqual(['Done.', 'Bye.']);
    expect(parse({ type: 'item.completed', item: { type: 'reasoning', text: '**Plan**' } }).text).toEqual([
      '… **Plan**',
    ]);
    expect(
      parse({
        type: 'item.started',
        item: { type: 'command_execution', command: 'bash -lc ls', status: 'in_progress' },
      }).text,
    ).toEqual(['→ shell bash -lc ls']);
    expect(
      parse({
        type: 'item.completed',
        item: { type: 'command_execution', command: 'ls', aggregated_output: 'a\nb\n', exit_code: 0 },
      }).text,
    ).toEqual(['← exit 0', '  a', '  b']);
    expect(
      parse({
        type: 'item.completed',
        item: { type: 'file_change', changes: [{ path: 'a.ts', kind: 'update' }] },
      }).text,
    ).toEqual(['files changed: update a.ts']);
  });

  it('should read token counts from a completed turn', () => {
    expect(
      parse({
        type: 'turn.completed',
        usage: { input_tokens: 24763, cached_input_tokens: 24448, output_tokens: 122 },
      }),
    ).toEqual({
      text: ['turn completed: 24763 tokens in, 122 out'],
      usage: { inputTokens: 24763, outputTokens: 122 },
    });
  });

  it('should flag a usage-limit error as a rate limit, and other failures not', () => {
    const message = "You've hit your usage limit. Upgrade to Pro or try again in 2 days.";
    expect(parse({ type: 'error', message })).toEqual({ text: [`error: ${message}`], rateLimited: true });
    expect(parse({ type: 'turn.failed', error: { message: 'stream disconnected' } })).toEqual({
      text: ['turn failed: stream disconnected'],
      rateLimited: false,
    });
  });
});
