/**
 * `{{payload.a.b | default: "none"}}`-style placeholders, filled from a context object. Untrusted
 * input stays data: nothing is evaluated, only own properties are walked (so `__proto__`,
 * `constructor` and `prototype` never reach Object.prototype), a rendered value is never
 * rendered again, and in prompts every value from outside is capped and fenced off
 * (see docs/templates.md).
 */
import { TemplateExpression, parseExpression } from './template-expression';
import { TemplateValue, applyHelper, cutText, helperProblem, textOf } from './template-helpers';

/** An execution's `input` envelope (`payload`, `event`, `deliveryId`, `input`, `github`, …) plus its bot. */
export interface TemplateContext {
  payload?: unknown;
  input?: unknown;
  event?: unknown;
  deliveryId?: unknown;
  bot?: { name: string };
  [key: string]: unknown;
}

export interface RenderOptions {
  /** Longest text one value from outside may insert; the rest is cut off and marked. */
  maxValueChars?: number;
}

export const DEFAULT_MAX_VALUE_CHARS = 8 * 1024;
export const UNTRUSTED_OPEN = '<untrusted-data>';
export const UNTRUSTED_CLOSE = '</untrusted-data>';
export const CUT_MARK = '…[truncated]';

/**
 * Roots whose values the server itself sets (the bot's name, our delivery id, a schedule's tick).
 * Every other root — payload, github, event, input and any added later — counts as untrusted.
 */
const TRUSTED_ROOTS = new Set(['bot', 'deliveryId', 'scheduledAt']);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
/** Anything in a value that could pass for our delimiters, opening or closing, in any case or spacing. */
const DELIMITER_LOOKALIKE = /<(\s*\/?\s*untrusted-data)/gi;

/** For prompts: values from outside are wrapped in `<untrusted-data>…</untrusted-data>`. */
export function renderTemplate(template: string, ctx: TemplateContext, options: RenderOptions = {}): string {
  return render(template, ctx, { delimit: true, maxValueChars: options.maxValueChars });
}

/**
 * Each item renders on its own and stays one argv item: a value with spaces or `;` is never split.
 * No delimiters here: an argv item is already data to the program, never instructions.
 */
export function renderArgv(
  argv: readonly string[],
  ctx: TemplateContext,
  options: RenderOptions = {},
): string[] {
  return argv.map((item) => render(item, ctx, { delimit: false, maxValueChars: options.maxValueChars }));
}

/** What is wrong with each placeholder that cannot render (those render empty); [] when all can. */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  for (const [placeholder, source] of template.matchAll(PLACEHOLDER)) {
    const problem = expressionOf(source).problem;
    if (problem) problems.push(`${placeholder}: ${problem}`);
  }
  return problems;
}

interface RenderSettings {
  delimit: boolean;
  maxValueChars: number | undefined;
}

function render(template: string, ctx: TemplateContext, settings: RenderSettings): string {
  return template.replace(PLACEHOLDER, (_match, source: string) => {
    const { expression } = expressionOf(source);
    return expression ? insert(evaluate(expression, ctx), settings) : '';
  });
}

function expressionOf(source: string): { expression?: TemplateExpression; problem?: string } {
  const parsed = parseExpression(source);
  if (!parsed.ok) return { problem: parsed.problem };
  for (const call of parsed.expression.helpers) {
    const problem = helperProblem(call);
    if (problem) return { problem };
  }
  return { expression: parsed.expression };
}

function evaluate({ path, helpers }: TemplateExpression, ctx: TemplateContext): TemplateValue {
  const value = lookup(ctx, path);
  // A number or a boolean cannot carry instructions, so it is inserted bare even from a webhook.
  const untrusted = !TRUSTED_ROOTS.has(path[0]) && typeof value !== 'number' && typeof value !== 'boolean';
  return helpers.reduce(applyHelper, { value, untrusted });
}

function lookup(ctx: TemplateContext, path: string[]): unknown {
  let current: unknown = ctx;
  for (const key of path) {
    if (FORBIDDEN_KEYS.has(key) || current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function insert({ value, untrusted }: TemplateValue, settings: RenderSettings): string {
  const text = textOf(value);
  if (!untrusted || text === '') return text;
  const max = settings.maxValueChars ?? DEFAULT_MAX_VALUE_CHARS;
  const capped = text.length > max ? `${cutText(text, max)}${CUT_MARK}` : text;
  if (!settings.delimit) return capped;
  return `${UNTRUSTED_OPEN}${capped.replace(DELIMITER_LOOKALIKE, '&lt;$1')}${UNTRUSTED_CLOSE}`;
}
