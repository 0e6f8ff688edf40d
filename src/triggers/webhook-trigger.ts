import { MatchRule, matchesAll } from './match-rules';
import { readWebhookConfig } from './trigger-config';
import { WebhookTarget } from './triggers.repository';

/** A webhook trigger's rules; undefined when its stored config does not parse (it then runs nothing). */
export const webhookMatchRules = (trigger: Pick<WebhookTarget, 'id' | 'config'>): MatchRule[] | undefined =>
  readWebhookConfig(trigger)?.match;

/** Whether a payload that reached this trigger runs its bot: trigger and bot enabled, every rule holds. */
export function webhookTriggerRuns(
  trigger: Pick<WebhookTarget, 'id' | 'enabled' | 'bot_enabled' | 'config'>,
  payload: unknown,
): boolean {
  if (!trigger.enabled || !trigger.bot_enabled) return false;
  const rules = webhookMatchRules(trigger);
  return rules !== undefined && matchesAll(rules, payload);
}
