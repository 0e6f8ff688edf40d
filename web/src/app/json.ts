export type JsonResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Text typed into a JSON field: empty means "none", anything else must parse. */
export function parseJson(text: string): JsonResult<unknown> {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, problem: `Not valid JSON: ${(err as Error).message}` };
  }
}

export function parseJsonObject(text: string): JsonResult<Record<string, unknown> | undefined> {
  const parsed = parseJson(text);
  if (!parsed.ok || parsed.value === undefined) return parsed as JsonResult<undefined>;
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: 'Must be a JSON object, like {"key": "value"}' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

export const prettyJson = (value: unknown) => JSON.stringify(value, null, 2);
