import {
  AuthorAssociation,
  githubAuthorAssociation,
  githubEventKey,
  githubRepository,
  githubSender,
  githubText,
  isCommentEvent,
  isForkPullRequest,
} from '../github/github-event';
import { readGithubConfig } from './trigger-config';

/**
 * Who a comment or a fork's pull request must come from when a trigger names no one: people the
 * repository gave write access. Their text reaches the prompt, a PR's files the CLI's workspace.
 */
export const TRUSTED_ASSOCIATIONS: readonly AuthorAssociation[] = ['OWNER', 'MEMBER', 'COLLABORATOR'];

export interface GithubTriggerConfig {
  events: string[];
  repositories?: string[];
  mention?: string | null;
  senders?: string[];
  authorAssociations?: AuthorAssociation[] | null;
}

/** The associations this event's author must have, or null when who wrote it does not matter. */
function wantedAssociations(
  config: GithubTriggerConfig,
  event: string,
  payload: unknown,
): readonly string[] | null {
  if (config.authorAssociations) return config.authorAssociations;
  // Senders named one by one are the operator's choice of whom to trust, instead of the default.
  if (config.senders?.length) return null;
  const untrusted = isCommentEvent(event) || (event === 'pull_request' && isForkPullRequest(payload));
  return untrusted ? TRUSTED_ASSOCIATIONS : null;
}

/** Whether whoever caused this event, and whoever wrote what it is about, may start the trigger. */
function actorAllowed(config: GithubTriggerConfig, event: string, payload: unknown): boolean {
  if (config.senders?.length) {
    const sender = githubSender(payload)?.toLowerCase();
    if (!sender || !config.senders.some((allowed) => allowed.toLowerCase() === sender)) return false;
  }
  const wanted = wantedAssociations(config, event, payload);
  if (!wanted) return true;
  const association = githubAuthorAssociation(event, payload);
  return association !== null && wanted.includes(association);
}

/** Event (`pull_request` or `pull_request.opened`), repository, sender and author, mention: all must hold. */
export function githubTriggerMatches(config: GithubTriggerConfig, event: string, payload: unknown): boolean {
  const key = githubEventKey(event, payload);
  if (!config.events.some((wanted) => wanted === key || wanted === event)) return false;
  if (config.repositories?.length) {
    const repo = githubRepository(payload)?.toLowerCase();
    if (!repo || !config.repositories.some((allowed) => allowed.toLowerCase() === repo)) return false;
  }
  if (!actorAllowed(config, event, payload)) return false;
  return !config.mention || mentions(githubText(payload), config.mention);
}

/** Of these enabled GitHub triggers, the ones of enabled bots that this event starts, in order. */
export function githubTargets<
  T extends { id: string; bot_enabled: boolean; config: Record<string, unknown> },
>(triggers: readonly T[], event: string, payload: unknown): T[] {
  return triggers.filter((t) => {
    if (!t.bot_enabled) return false;
    const config = readGithubConfig(t);
    return config !== undefined && githubTriggerMatches(config, event, payload);
  });
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
