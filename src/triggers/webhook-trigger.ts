import { MatchRule, matchesAll } from './match-rules';
import { readWebhookConfig } from './trigger-config';
import { WebhookTarget } from './triggers.repository';

/**
 * Rules parsed before, by trigger id, with the config text they came from: every webhook loads
 * its trigger row again, and parsing its rules (regexes compiled and checked) costs more than
 * comparing the text. Keyed by content, so an edited trigger is never matched by its old rules.
 */
const parsed = new Map<string, { json: string; rules: MatchRule[] | undefined }>();
const MAX_PARSED = 10_000;

/** A webhook trigger's rules; undefined when its stored config does not parse (it then runs nothing). */
export function webhookMatchRules(trigger: Pick<WebhookTarget, 'id' | 'config'>): MatchRule[] | undefined {
  const json = JSON.stringify(trigger.config);
  const known = parsed.get(trigger.id);
  if (known?.json === json) return known.rules;
  const rules = readWebhookConfig(trigger)?.match;
  if (parsed.size >= MAX_PARSED) parsed.clear();
  parsed.set(trigger.id, { json, rules });
  return rules;
}

/** Whether a payload that reached this trigger runs its bot: trigger and bot enabled, every rule holds. */
export function webhookTriggerRuns(
  trigger: Pick<WebhookTarget, 'id' | 'enabled' | 'bot_enabled' | 'config'>,
  payload: unknown,
): boolean {
  if (!trigger.enabled || !trigger.bot_enabled) return false;
  const rules = webhookMatchRules(trigger);
  return rules !== undefined && matchesAll(rules, payload);
}
