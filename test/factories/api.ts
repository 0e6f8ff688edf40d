import { randomBytes } from 'node:crypto';
import { ApiClient, Json, readJson } from '../helpers/api';

/** A bot as the API returns it; the fields a test reads. */
export interface BotBody extends Json {
  id: string;
  name: string;
  secretNames: string[];
}

/** A webhook trigger as created: its secret is shown only in this answer. */
export interface WebhookTriggerBody extends Json {
  id: string;
  botId: string;
  url: string;
  secret: string;
}

const uniqueName = () => `bot-${randomBytes(4).toString('hex')}`;

/** A bot created through the API (a claude bot with a unique name unless `fields` say otherwise). */
export async function createBot(api: ApiClient, fields: Json = {}): Promise<BotBody> {
  return readJson<BotBody>(
    await api.call('POST', '/api/bots', { name: uniqueName(), backend: 'claude', ...fields }),
    201,
  );
}

/** A trigger of the bot created through the API; `body` holds its type and config. */
export async function createTrigger<T extends Json = Json>(
  api: ApiClient,
  botId: string,
  body: Json,
): Promise<T> {
  return readJson<T>(await api.call('POST', `/api/bots/${botId}/triggers`, body), 201);
}

/** A new bot (made of `bot` fields) and a webhook trigger of it with these match rules. */
export async function createWebhookTrigger(
  api: ApiClient,
  match: Json[] = [],
  bot: Json = {},
): Promise<WebhookTriggerBody> {
  const { id } = await createBot(api, bot);
  return createTrigger<WebhookTriggerBody>(api, id, { type: 'webhook', match });
}
