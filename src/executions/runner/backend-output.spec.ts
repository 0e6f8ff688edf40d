import { describe, expect, it } from 'vitest';
import { ClaudeBackend } from '../backends/claude.backend';
import { GeminiBackend } from '../backends/gemini.backend';
import { BackendOutput } from './backend-output';

const result = (cost: number, input: number) =>
  JSON.stringify({
    type: 'result',
    subtype: 'success',
    is_error: false,
    total_cost_usd: cost,
    usage: { input_tokens: input, output_tokens: 1 },
  });

describe(BackendOutput.name, () => {
  it('should keep the raw line beside the first readable line it became', () => {
    const sut = new BackendOutput(new ClaudeBackend());
    const raw = JSON.stringify({ type: 'assistant', message: { content: [{ type: 'text', text: 'a\nb' }] } });
    expect(sut.line('stdout', raw)).toEqual([{ text: 'a', raw }, { text: 'b' }]);
  });

  it('should pass stderr lines through as they are', () => {
    const sut = new BackendOutput(new ClaudeBackend());
    expect(sut.line('stderr', '{"not":"parsed"}')).toEqual([{ text: '{"not":"parsed"}' }]);
  });

  it('should add up what the CLI reported', () => {
    const sut = new BackendOutput(new ClaudeBackend());
    sut.line('stdout', result(0.5, 10));
    sut.line('stdout', result(0.25, 5));
    expect(sut.usage).toEqual({ costUsd: 0.75, inputTokens: 15, outputTokens: 2 });
  });

  it('should report nothing when the CLI reported nothing', () => {
    expect(new BackendOutput(new ClaudeBackend()).usage).toEqual({});
  });

  it('should call a failed exit a rate limit when the output flagged it or stderr says so', () => {
    const flagged = new BackendOutput(new ClaudeBackend());
    flagged.line(
      'stdout',
      JSON.stringify({ type: 'result', is_error: true, result: 'Claude AI usage limit reached|1' }),
    );
    expect(flagged.rateLimited(1)).toBe(true);
    expect(flagged.rateLimited(0)).toBe(false);

    const stderr = new BackendOutput(new ClaudeBackend());
    stderr.line('stderr', 'API Error: 429 Too Many Requests');
    expect(stderr.rateLimited(1)).toBe(true);

    const plain = new BackendOutput(new ClaudeBackend());
    plain.line('stderr', 'Error: ENOENT');
    expect(plain.rateLimited(1)).toBe(false);
  });

  it('should give the lines a parser held back at the end of the output', () => {
    const sut = new BackendOutput(new GeminiBackend());
    expect(sut.line('stdout', '{')).toEqual([]);
    expect(sut.end()).toEqual([{ text: '{' }]);
  });
});
