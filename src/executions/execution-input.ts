import { GithubContext } from '../github/github-event';

/**
 * What an execution carries in its `input` column, one shape per way a run starts; templates see
 * it as their root values (`{{payload.x}}`, `{{event}}`, `{{input.x}}`, `{{github.pr.number}}`).
 * Type aliases, not interfaces, so each shape is also a plain JSON record for the column.
 */
export type WebhookInput = { payload: unknown; event: string | null; deliveryId: string };
/** `event` is GitHub's event with its action (`pull_request.opened`), as the delivery stores it. */
export type GithubInput = WebhookInput & { github: GithubContext };
export type ScheduleInput = { event: 'schedule'; scheduledAt: string };
export type ManualInput = { input: Record<string, unknown> };
export type ExecutionInput = WebhookInput | GithubInput | ScheduleInput | ManualInput;

/** The stored delivery a webhook or GitHub run comes from. */
export interface DeliveredEvent {
  id: string;
  event: string | null;
  payload: unknown;
}

/**
 * A webhook delivery's run (also its replays). The single-statement insert of webhook intake
 * builds this same object in SQL (`jsonb_build_object` in deliveries.repository.ts), so the
 * payload is sent once; keep the two in step.
 */
export const webhookInput = (delivery: DeliveredEvent): WebhookInput => ({
  payload: delivery.payload,
  event: delivery.event,
  deliveryId: delivery.id,
});

/** A GitHub delivery's run (also its replays); built in SQL on intake like `webhookInput`. */
export const githubInput = (delivery: DeliveredEvent, github: GithubContext): GithubInput => ({
  ...webhookInput(delivery),
  github,
});

/** One tick of a schedule trigger. */
export const scheduleInput = (scheduledAt: Date): ScheduleInput => ({
  event: 'schedule',
  scheduledAt: scheduledAt.toISOString(),
});

/** `POST /api/bots/:id/run`: what the caller sent, under `input`. */
export const manualInput = (input: Record<string, unknown> = {}): ManualInput => ({ input });
