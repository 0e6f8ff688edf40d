import { describe, expect, it } from 'vitest';
import { botRow } from '../../../test/factories/bot-rows';
import { BACKENDS } from '../../bots/bots.dto';
import { BackendError } from './execution-backend';
import { ExecutionBackends } from './execution-backends';

const bot = (changes: Parameters<typeof botRow>[0]) =>
  botRow({ name: 'echo', command: ['echo', '{{payload.x}}'], ...changes });

describe(ExecutionBackends.name, () => {
  const sut = new ExecutionBackends();

  it('should have a backend for every backend a bot may name', () => {
    for (const backend of BACKENDS) expect(sut.forBot(bot({ backend }))).toBeDefined();
  });

  it('should build a command bot argv with rendered items', () => {
    const b = bot({});
    expect(sut.forBot(b).buildArgv(b, { payload: { x: 'a b' } })).toEqual(['echo', 'a b']);
  });

  it('should read a command bot output as plain text and never as a rate limit', () => {
    const backend = sut.forBot(bot({}));
    expect(backend.outputParser).toBeUndefined();
    expect(backend.detectRateLimit(['429 Too Many Requests'], 1)).toBe(false);
  });

  it('should refuse a command bot without a command', () => {
    const b = bot({ command: [] });
    expect(() => sut.forBot(b).buildArgv(b, {})).toThrow(BackendError);
  });

  it('should refuse a program that renders empty', () => {
    const b = bot({ command: ['{{payload.missing}}', 'x'] });
    expect(() => sut.forBot(b).buildArgv(b, {})).toThrow(/renders empty/);
  });
});
