export const TRIGGER_TYPES = ['webhook', 'github', 'schedule'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export const MATCH_OPS = ['eq', 'contains', 'regex', 'exists'] as const;
export type MatchOp = (typeof MATCH_OPS)[number];

export interface MatchRule {
  path: string;
  op: MatchOp;
  value?: string | number | boolean;
}

interface TriggerCommon {
  id: string;
  botId: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookTrigger extends TriggerCommon {
  type: 'webhook';
  match: MatchRule[];
  /** `/hooks/<token>`; operators and admins only (the token is a credential of sorts) */
  url?: string;
}

export interface GithubTrigger extends TriggerCommon {
  type: 'github';
  events: string[];
  repositories: string[];
  mention: string | null;
  /** GitHub logins; none: anyone the associations allow */
  senders: string[];
  /** null: owners, members and collaborators for comments and forks' pull requests */
  authorAssociations: string[] | null;
  url: string;
}

export interface ScheduleTrigger extends TriggerCommon {
  type: 'schedule';
  cron: string;
  timezone: string;
  /** null while disabled */
  nextRunAt: string | null;
}

export type Trigger = WebhookTrigger | GithubTrigger | ScheduleTrigger;

/** A webhook trigger as create and rotate-secret answer: the only time its secret is shown. */
export type WebhookTriggerWithSecret = WebhookTrigger & { url: string; secret: string };

export type TriggerInput =
  | { type: 'webhook'; enabled: boolean; match: MatchRule[] }
  | { type: 'github'; enabled: boolean; events: string[]; repositories: string[]; mention: string | null }
  | { type: 'schedule'; enabled: boolean; cron: string; timezone: string };
