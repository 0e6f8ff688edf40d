import { BotRow } from '../../database/database.types';
import { RenderOptions, TemplateContext, renderArgv } from '../../templates/template-renderer';
import { BackendError, ExecutionBackend } from './execution-backend';

/**
 * A plain command: the bot's own argv, each item rendered separately; its output is plain text.
 * A run whose values from outside would become options of the program fails before it starts.
 */
export class CommandBackend implements ExecutionBackend {
  buildArgv(bot: BotRow, ctx: TemplateContext, render: RenderOptions = {}): string[] {
    if (!bot.command?.length) throw new BackendError(`bot ${bot.name} has no command`);
    const { argv, problems } = renderArgv(bot.command, ctx, render);
    if (argv[0] === '') throw new BackendError(`bot ${bot.name}: the command's program renders empty`);
    if (problems.length) throw new BackendError(`bot ${bot.name}: ${problems.join('; ')}`);
    return argv;
  }

  /** A plain command has no rate limit of ours to respect: its failures are failures. */
  detectRateLimit(): boolean {
    return false;
  }
}
