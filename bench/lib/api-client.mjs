import { createHmac } from 'node:crypto';

export const sign = (secret, body) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** The few API calls the bench makes to set itself up, as the first admin. */
export class ApiClient {
  constructor(url) {
    this.url = url;
    this.headers = { 'content-type': 'application/json' };
  }

  async login({ email, password }) {
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: this.headers,
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login → ${res.status}: ${await res.text()}`);
    const { accessToken } = await res.json();
    this.headers.authorization = `Bearer ${accessToken}`;
    return accessToken;
  }

  /** A `command` bot: argv items may hold {{input.x}} placeholders. */
  createBot(name, command, timeoutSeconds = 600) {
    return this.request('POST', '/api/bots', { name, backend: 'command', command, timeoutSeconds }, 201);
  }

  /** → { url: '/hooks/<token>', secret } */
  createWebhookTrigger(botId) {
    return this.request('POST', `/api/bots/${botId}/triggers`, { type: 'webhook' }, 201);
  }

  async runBot(botId, input) {
    const { executionId } = await this.request('POST', `/api/bots/${botId}/run`, { input }, 202);
    return executionId;
  }

  async request(method, path, body, expected) {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: this.headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expected)
      throw new Error(`${method} ${path} → ${res.status} (expected ${expected}): ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
}
