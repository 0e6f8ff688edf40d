import { MatchRule, matchesAll } from './match-rules';
import { WebhookTarget } from './triggers.repository';

/** A webhook trigger's rules, as the triggers API stored them (through matchRulesSchema). */
export const webhookMatchRules = (config: Record<string, unknown>): MatchRule[] =>
  (config.match ?? []) as MatchRule[];

/** Whether a payload that reached this trigger runs its bot: trigger and bot enabled, every rule holds. */
export function webhookTriggerRuns(
  trigger: Pick<WebhookTarget, 'enabled' | 'bot_enabled' | 'config'>,
  payload: unknown,
): boolean {
  return trigger.enabled && trigger.bot_enabled && matchesAll(webhookMatchRules(trigger.config), payload);
}
