import { type RequestOf, type ResponseOf, type Schemas, everyMemberOf } from '../../api/api.types';

/** As listed; create answers a webhook trigger with its secret (`WebhookTriggerWithSecret`). */
export type Trigger = ResponseOf<'/api/bots/{id}/triggers', 'get'>[number];
export type TriggerType = Trigger['type'];
export const TRIGGER_TYPES = everyMemberOf<TriggerType>()(['webhook', 'github', 'schedule']);

export type WebhookTrigger = Extract<Trigger, { type: 'webhook' }>;
export type GithubTrigger = Extract<Trigger, { type: 'github' }>;
export type ScheduleTrigger = Extract<Trigger, { type: 'schedule' }>;

export type MatchRule = WebhookTrigger['match'][number];
export type MatchOp = MatchRule['op'];
export const MATCH_OPS = everyMemberOf<MatchOp>()(['eq', 'contains', 'regex', 'exists']);

/** A webhook trigger as create and rotate-secret answer: the only time its secret is shown. */
export type WebhookTriggerWithSecret = Schemas['TriggerWithSecretResponseDto'];

export type TriggerInput = RequestOf<'/api/bots/{id}/triggers', 'post'>;
