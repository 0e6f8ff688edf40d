/**
 * What JSON from outside must be before anything reads it: nested at most `MAX_JSON_DEPTH` deep
 * (`JSON.stringify`, PostgreSQL's jsonb and logging all recurse: 50,000 levels gave a 500), and
 * holding no string PostgreSQL cannot store (NUL in text or jsonb, an unpaired surrogate in
 * jsonb). The API's JSON bodies, its query and path parameters and every webhook body are held
 * to it where they enter; every check here is linear and never recurses.
 */

/** Levels of arrays and objects, the outermost one included. */
export const MAX_JSON_DEPTH = 64;
/**
 * Arrays, objects and keys in one body, together: `JSON.parse` pays for each (1 MiB of
 * `[[1]],[[1]]…`, half a million arrays, held the event loop for 60 ms; 87,000 keys for 50 ms
 * on a busy machine), and this many take a fraction of that.
 */
export const MAX_JSON_PARTS = 50_000;
export const MALFORMED_TEXT =
  'must not contain NUL (\\u0000) or an unpaired UTF-16 surrogate, which PostgreSQL cannot store';

/** Without the `u` flag a regex sees UTF-16 units: a surrogate that is not half of a pair. */
const MALFORMED = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type JsonInput = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * JSON text parsed, or why it is refused. `notJson` is the caller's message for text that is not
 * JSON; `prefix` names the root in messages (`payload` → "payload.pr.title: …"). One pass over
 * the text finds these problems before `JSON.parse` builds anything; only a body that holds bad
 * text is walked again, to name the field.
 */
export function readJsonInput(
  text: string,
  { notJson, prefix }: { notJson: string; prefix?: string },
): JsonInput {
  const found = scanJson(text, MAX_JSON_DEPTH, MAX_JSON_PARTS);
  if (found === 'too deep') {
    return {
      ok: false,
      problem: `The body is nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`,
    };
  }
  if (found === 'too many') {
    return { ok: false, problem: `The body holds more than ${MAX_JSON_PARTS} arrays, objects and keys` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: notJson };
  }
  if (found !== 'malformed text') return { ok: true, value };
  return {
    ok: false,
    problem: malformedTextProblem(value, prefix) ?? `${fieldOf([], prefix)}: ${MALFORMED_TEXT}`,
  };
}

/**
 * Brackets (and colons: keys) counted outside strings; inside them, the UTF-16 units the parsed strings will hold
 * (escapes decoded), checked for NUL and for surrogates out of pairs. On text that is not JSON the
 * answer means nothing, and the parse refuses that text anyway.
 */
export function scanJson(
  text: string,
  maxDepth: number,
  maxParts = Infinity,
): 'too deep' | 'too many' | 'malformed text' | undefined {
  let depth = 0;
  let parts = 0;
  let inString = false;
  let malformed = false;
  let highSurrogate = false;
  for (let i = 0; i < text.length; i++) {
    let unit = text.charCodeAt(i);
    if (!inString) {
      if (unit === QUOTE) inString = true;
      else if (unit === OPEN_ARRAY || unit === OPEN_OBJECT) {
        if (++depth > maxDepth) return 'too deep';
        if (++parts > maxParts) return 'too many';
      } else if (unit === CLOSE_ARRAY || unit === CLOSE_OBJECT) depth--;
      else if (unit === COLON && ++parts > maxParts) return 'too many';
      continue;
    }
    if (unit === QUOTE) {
      malformed ||= highSurrogate;
      inString = highSurrogate = false;
      continue;
    }
    if (unit === BACKSLASH) {
      const escaped = text.charCodeAt(i + 1);
      unit = escaped === LETTER_U ? hexUnit(text, i + 2) : SOME_CHARACTER;
      i += escaped === LETTER_U ? 5 : 1;
    }
    if (highSurrogate) {
      highSurrogate = false;
      if (unit >= 0xdc00 && unit <= 0xdfff) continue;
      malformed = true;
    }
    if (unit === 0 || (unit >= 0xdc00 && unit <= 0xdfff)) malformed = true;
    else if (unit >= 0xd800 && unit <= 0xdbff) highSurrogate = true;
  }
  return malformed ? 'malformed text' : undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LETTER_U = 0x75;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
/** What `\n`, `\"` and the other short escapes stand for here: none is NUL or a surrogate. */
const SOME_CHARACTER = 0x20;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** The unit `\uXXXX` stands for; a bad escape (the parse refuses it) counts as some character. */
function hexUnit(text: string, at: number): number {
  const hex = text.slice(at, at + 4);
  return HEX4.test(hex) ? parseInt(hex, 16) : SOME_CHARACTER;
}

/** An array or object on the walk's stack, and how it was reached (for the message only). */
interface Visit {
  container: object;
  key: string;
  parent: Visit | undefined;
}

/**
 * "input.list.1: must not contain …" for a string (or key) PostgreSQL cannot store, or undefined
 * when there is none. Walks with its own stack, not by recursion, and allocates per container only.
 */
export function malformedTextProblem(root: unknown, prefix?: string): string | undefined {
  if (typeof root === 'string')
    return MALFORMED.test(root) ? `${fieldOf([], prefix)}: ${MALFORMED_TEXT}` : undefined;
  if (root === null || typeof root !== 'object') return undefined;
  const stack: Visit[] = [{ container: root, key: '', parent: undefined }];
  for (let visit = stack.pop(); visit; visit = stack.pop()) {
    const { container } = visit;
    const keys = Array.isArray(container) ? undefined : Object.keys(container);
    const count = keys ? keys.length : (container as unknown[]).length;
    for (let i = 0; i < count; i++) {
      const key = keys ? keys[i] : String(i);
      // The key itself is not repeated in the message: it is what cannot be shown.
      if (keys && MALFORMED.test(key)) return `${fieldOf(pathOf(visit), prefix)} (a key): ${MALFORMED_TEXT}`;
      const value = (container as Record<string, unknown>)[key];
      if (typeof value === 'string') {
        if (MALFORMED.test(value)) return `${fieldOf([...pathOf(visit), key], prefix)}: ${MALFORMED_TEXT}`;
      } else if (value !== null && typeof value === 'object') {
        stack.push({ container: value, key, parent: visit });
      }
    }
  }
  return undefined;
}

function pathOf(visit: Visit): string[] {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) keys.push(at.key);
  return keys.reverse();
}

/** The dotted path to a value, as zod's messages name fields (`match.0.path`). */
function fieldOf(keys: string[], prefix: string | undefined): string {
  const path = prefix ? [prefix, ...keys] : keys;
  return path.length ? path.join('.') : 'body';
}
