import { BotRow } from '../../database/database.types';
import { TemplateContext, renderTemplate } from '../../templates/template-renderer';
import { BackendError } from './execution-backend';

/**
 * The bot's prompt, rendered, as one argv item. Argument parsers read an item that starts with
 * "-" as an option (a payload could say `--dangerously-skip-permissions`); a leading space keeps
 * it a prompt and means nothing to the model.
 */
export function promptArg(bot: BotRow, ctx: TemplateContext): string {
  const prompt = renderTemplate(bot.prompt_template, ctx);
  if (prompt.trim() === '') throw new BackendError(`bot ${bot.name}: the prompt renders empty`);
  return prompt.startsWith('-') ? ` ${prompt}` : prompt;
}

export const modelArgs = (bot: BotRow): string[] => (bot.model ? ['--model', bot.model] : []);
