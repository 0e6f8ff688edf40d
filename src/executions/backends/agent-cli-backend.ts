import { BotOptions, readBotOptions } from '../../bots/bot-options';
import { BotRow } from '../../database/database.types';
import { RenderOptions, TemplateContext, renderTemplate } from '../../templates/template-renderer';
import { mentionsRateLimit } from './cli-output';
import { BackendError, ExecutionBackend, OutputParser } from './execution-backend';

/** What an agent CLI's argv is made of. */
export interface AgentCliArgs {
  /** the bot's prompt, rendered, as one argv item */
  prompt: string;
  /** `--model <name>`, or nothing for the CLI's own default */
  model: string[];
  options: BotOptions;
}

/**
 * What the AI CLIs share: the rendered prompt as one argv item, `--model` when the bot names one,
 * and a rate limit recognised by the wording of their last lines. Each CLI adds its own flags
 * and its output parser.
 */
export abstract class AgentCliBackend implements ExecutionBackend {
  buildArgv(bot: BotRow, ctx: TemplateContext, render: RenderOptions = {}): string[] {
    return this.argv({
      prompt: promptArg(bot, ctx, render),
      model: bot.model ? ['--model', bot.model] : [],
      options: readBotOptions(bot.options),
    });
  }

  protected abstract argv(args: AgentCliArgs): string[];

  abstract outputParser(): OutputParser;

  detectRateLimit(lastLines: readonly string[], exitCode: number | null): boolean {
    return mentionsRateLimit(lastLines, exitCode);
  }
}

/** `--flag a --flag b`: the flag once before each value. */
export const repeatFlag = (flag: string, values: readonly string[]): string[] =>
  values.flatMap((value) => [flag, value]);

/**
 * Argument parsers read an item that starts with "-" as an option (a payload could say
 * `--dangerously-skip-permissions`); a leading space keeps it a prompt and means nothing to the model.
 */
function promptArg(bot: BotRow, ctx: TemplateContext, render: RenderOptions): string {
  const prompt = renderTemplate(bot.prompt_template, ctx, render);
  if (prompt.trim() === '') throw new BackendError(`bot ${bot.name}: the prompt renders empty`);
  return prompt.startsWith('-') ? ` ${prompt}` : prompt;
}
