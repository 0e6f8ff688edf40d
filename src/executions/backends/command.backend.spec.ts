import { describe, expect, it } from 'vitest';
import { botRow } from '../../../test/factories/bot-rows';
import { CommandBackend } from './command.backend';
import { BackendError } from './execution-backend';

describe(CommandBackend.name, () => {
  const backend = new CommandBackend();

  it('should refuse to run when a value from outside would become an option, naming the item', () => {
    const bot = botRow({ backend: 'command', command: ['ls', '{{payload.x}}'] });
    expect(() => backend.buildArgv(bot, { payload: { x: '--version' } })).toThrow(BackendError);
    expect(() => backend.buildArgv(bot, { payload: { x: '--version' } })).toThrow(
      /command\[1\] would start with "-" from a value from outside/,
    );
  });

  it('should run options the command writes itself, and operands after "--"', () => {
    const bot = botRow({
      backend: 'command',
      command: ['git', 'log', '--format={{payload.x}}', '--', '{{payload.x}}'],
    });
    expect(backend.buildArgv(bot, { payload: { x: '-p' } })).toEqual([
      'git',
      'log',
      '--format=-p',
      '--',
      '-p',
    ]);
  });
});
