import { expect } from 'vitest';
import { Role, authHeaders } from './auth';
import { TestApp } from './test-app';

export type Json = Record<string, unknown>;

/** The JSON API as one caller sees it: bodies are sent as JSON, with that caller's headers. */
export class ApiClient {
  constructor(
    readonly url: string,
    readonly headers: Record<string, string> = {},
  ) {}

  /** `headers` replaces the caller's, e.g. to call once as someone else or as nobody. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = this.headers,
  ): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

/** A client with a fresh access token of a user of that role (see `authHeaders`). */
export async function apiAs(t: Pick<TestApp, 'url' | 'env'>, role: Role): Promise<ApiClient> {
  return new ApiClient(t.url, await authHeaders(t, role));
}

/** The body of a response that must have `status`; when it has another, the body says why. */
export async function readJson<T = Json>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** An error in the API's shape, `{statusCode, error, message}`, whose message matches. */
export async function expectError(res: Response, status: number, message: RegExp): Promise<void> {
  expect(await readJson(res, status)).toEqual({
    statusCode: status,
    error: expect.any(String),
    message: expect.stringMatching(message),
  });
}
