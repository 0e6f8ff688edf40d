import { z } from 'zod';
import { boundedTest } from './bounded-regex';

export const MATCH_OPS = ['eq', 'contains', 'regex', 'exists'] as const;
export const MAX_REGEX_LENGTH = 200;
/** Payload strings are cut to this before a rule sees them: bounds the cost of any regex. */
export const MAX_MATCHED_CHARS = 10 * 1024;

/**
 * Refused on save: a quantified group that itself contains an unbounded quantifier, e.g. `(a+)+`, `(\w*)*`,
 * `(x+){2,}`: the classic catastrophic-backtracking shape. A static guard, not a proof: what slips
 * through meets the input cap above and the time budget of `boundedTest`.
 */
export function hasNestedQuantifier(pattern: string): boolean {
  // one entry per open group: does it (or a group inside it) hold an unbounded quantifier?
  const groups: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      inClass = c !== ']';
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') groups.push(false);
    else if (c === ')') {
      const inner = groups.pop() ?? false;
      const next = pattern[i + 1];
      if (inner && (next === '*' || next === '+' || isOpenRange(pattern, i + 1))) return true;
      if (inner && groups.length) groups[groups.length - 1] = true;
    } else if ((c === '*' || c === '+' || isOpenRange(pattern, i)) && groups.length) {
      groups[groups.length - 1] = true;
    }
  }
  return false;
}

/** `{n,}` or `{n,m}` with m > 1 repeats enough to backtrack; `{n}` alone is treated as bounded. */
function isOpenRange(pattern: string, i: number): boolean {
  const m = /^\{(\d+),(\d*)\}/.exec(pattern.slice(i));
  return m !== null && (m[2] === '' || Number(m[2]) > 1);
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

const scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);

export const matchRuleSchema = z
  .object({
    path: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^.]+(\.[^.]+)*$/, 'must be dot notation like "pull_request.head.ref"'),
    op: z.enum(MATCH_OPS),
    value: scalar.optional(),
  })
  .superRefine((rule, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['value'], message });
    if (rule.op === 'exists') return;
    if (rule.value === undefined) return issue(`is required for op "${rule.op}"`);
    if (rule.op === 'eq') return;
    if (typeof rule.value !== 'string') return issue(`must be a string for op "${rule.op}"`);
    if (rule.op !== 'regex') return;
    if (rule.value.length > MAX_REGEX_LENGTH)
      return issue(`regex longer than ${MAX_REGEX_LENGTH} characters`);
    if (!compiles(rule.value)) return issue('is not a valid regular expression');
    if (hasNestedQuantifier(rule.value)) {
      return issue('regex has a nested quantifier like (a+)+, which can take exponential time');
    }
  });

export const matchRulesSchema = z.array(matchRuleSchema).max(20);

export type MatchRule = z.infer<typeof matchRuleSchema>;

/** Walks own properties only, so `__proto__` or `constructor` in a path finds nothing. */
export function valueAt(payload: unknown, path: string): unknown {
  let current = payload;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Scalars compare as text, so `"5"` matches 5 and `"true"` matches true, as a form field would. */
const asText = (v: string | number | boolean) => String(v).slice(0, MAX_MATCHED_CHARS);

function holds(rule: MatchRule, payload: unknown): boolean {
  const actual = valueAt(payload, rule.path);
  if (rule.op === 'exists') return actual !== undefined && actual !== null;
  const expected = String(rule.value);
  switch (rule.op) {
    case 'eq':
      return isScalar(actual) && asText(actual) === expected;
    case 'contains':
      if (Array.isArray(actual)) return actual.some((item) => isScalar(item) && asText(item) === expected);
      return isScalar(actual) && asText(actual).includes(expected);
    case 'regex':
      return isScalar(actual) && boundedTest(new RegExp(expected), asText(actual));
  }
}

/** True when every rule holds (so no rules means always). */
export function matchesAll(rules: readonly MatchRule[], payload: unknown): boolean {
  return rules.every((rule) => holds(rule, payload));
}
