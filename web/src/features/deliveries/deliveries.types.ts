export interface DeliverySummary {
  id: string;
  source: 'webhook' | 'github';
  /** the webhook trigger it was sent to; null for GitHub */
  triggerId: string | null;
  externalId: string;
  event: string | null;
  receivedAt: string;
}

export interface DeliveryDetail extends DeliverySummary {
  headers: Record<string, string>;
  payload: unknown;
  /** every execution of this delivery, replays included, oldest first */
  executionIds: string[];
}

export interface DeliveryPage {
  items: DeliverySummary[];
  nextCursor: string | null;
}
