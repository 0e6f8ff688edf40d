import { z } from 'zod';
import { githubEventKey, githubRepository, githubText } from '../github/github-event';

export const githubTriggerFields = {
  events: z
    .array(
      z
        .string()
        .regex(
          /^[a-z_]+(\.[a-z_]+)?$/,
          'must be an event like "push", or an event.action pair like "pull_request.opened"',
        ),
    )
    .min(1)
    .max(50)
    .describe('an entry without an action ("pull_request") matches every action of that event'),
  repositories: z
    .array(z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "owner/repo"'))
    .max(100)
    .describe('only events from these repositories; none means any'),
  mention: z
    .string()
    .regex(/^@[A-Za-z0-9][A-Za-z0-9_./[\]-]{0,99}$/, 'must be a handle like "@my-bot"')
    .nullable()
    .describe('only when the comment (or review, issue, PR body) mentions it'),
};

export interface GithubTriggerConfig {
  events: string[];
  repositories?: string[];
  mention?: string | null;
}

/** Event (`pull_request` or `pull_request.opened`), then repository, then mention: all must hold. */
export function githubTriggerMatches(config: GithubTriggerConfig, event: string, payload: unknown): boolean {
  const key = githubEventKey(event, payload);
  if (!config.events.some((wanted) => wanted === key || wanted === event)) return false;
  if (config.repositories?.length) {
    const repo = githubRepository(payload)?.toLowerCase();
    if (!repo || !config.repositories.some((allowed) => allowed.toLowerCase() === repo)) return false;
  }
  return !config.mention || mentions(githubText(payload), config.mention);
}

/** Of these enabled GitHub triggers, the ones of enabled bots that this event starts, in order. */
export function githubTargets<T extends { bot_enabled: boolean; config: Record<string, unknown> }>(
  triggers: readonly T[],
  event: string,
  payload: unknown,
): T[] {
  // written only through the github config schema
  return triggers.filter(
    (t) => t.bot_enabled && githubTriggerMatches(t.config as unknown as GithubTriggerConfig, event, payload),
  );
}

const HANDLE_CHAR = /[A-Za-z0-9_-]/;

/**
 * `@bot` counts as a mention on its own, in any case, but not inside `@bot-two`, `@botany` or
 * `mail@bot.dev`: the characters around it must not continue a handle or an address.
 */
export function mentions(text: string | null, mention: string): boolean {
  if (!text) return false;
  const haystack = text.toLowerCase();
  const needle = mention.toLowerCase();
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before = at === 0 ? '' : haystack[at - 1];
    const after = haystack[at + needle.length] ?? '';
    if (!HANDLE_CHAR.test(before) && !HANDLE_CHAR.test(after)) return true;
  }
  return false;
}
