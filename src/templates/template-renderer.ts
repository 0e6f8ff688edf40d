/**
 * `{{payload.a.b | default: "none"}}`-style placeholders, filled from a context object. Untrusted
 * input stays data: nothing is evaluated, only own properties are walked (so `__proto__`,
 * `constructor` and `prototype` never reach Object.prototype), a rendered value is never
 * rendered again, and in prompts every value from outside is capped and fenced off
 * (see docs/templates.md).
 */
import { TemplateExpression, parseExpression } from './template-expression';
import { TemplateValue, applyHelper, cutText, helperProblem } from './template-helpers';
import { findPlaceholders } from './template-placeholders';
import { ValueText } from './value-text';

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
/**
 * One prompt, or all items of one command, render at most this many placeholders (the rest render
 * empty) and insert at most this much from outside in all (the rest is cut off and marked): a
 * template repeating a placeholder cannot multiply a large payload or the time it takes. (Linux
 * takes at most 128 KiB in one argv item anyway.)
 */
export const MAX_PLACEHOLDERS = 1000;
export const MAX_INSERTED_CHARS = 256 * 1024;
export const UNTRUSTED_OPEN = '<untrusted-data>';
export const UNTRUSTED_CLOSE = '</untrusted-data>';
export const CUT_MARK = '…[truncated]';

/**
 * Roots whose values the server itself sets (the bot's name, our delivery id, a schedule's tick).
 * Every other root — payload, github, event, input and any added later — counts as untrusted.
 */
const TRUSTED_ROOTS = new Set(['bot', 'deliveryId', 'scheduledAt']);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/**
 * The `<` of anything in a value that could pass for our delimiters, opening or closing, in any
 * case or spacing. Linear: after `<` the spaces are read by one `\s*` (`\s*\/?\s*` could split
 * them between its two, and tried every split: 100 ms for an 8 KiB value).
 */
const DELIMITER_LOOKALIKE = /<(?=\s*(?:\/\s*)?untrusted-data)/gi;
/** An argv item that ends the options of most programs: what follows is read as operands. */
const END_OF_OPTIONS = '--';

/** For prompts: values from outside are wrapped in `<untrusted-data>…</untrusted-data>`. */
export function renderTemplate(template: string, ctx: TemplateContext, options: RenderOptions = {}): string {
  return new Rendering(ctx, { delimit: true, maxValueChars: options.maxValueChars }).render(template).text;
}

export interface RenderedArgv {
  argv: string[];
  /** Items a value from outside would turn into an option (see `optionProblem`); [] when none. */
  problems: string[];
}

/**
 * Each item renders on its own and stays one argv item: a value with spaces or `;` is never split.
 * No delimiters here: an argv item is already data to the program, never instructions.
 */
export function renderArgv(
  argv: readonly string[],
  ctx: TemplateContext,
  options: RenderOptions = {},
): RenderedArgv {
  const rendering = new Rendering(ctx, { delimit: false, maxValueChars: options.maxValueChars });
  const rendered = argv.map((item) => rendering.render(item));
  const firstOperand = argv.indexOf(END_OF_OPTIONS);
  const problems = rendered.flatMap(({ text, leadsWithOutsideValue }, i) =>
    leadsWithOutsideValue && text.startsWith('-') && (firstOperand < 0 || i < firstOperand)
      ? [optionProblem(i)]
      : [],
  );
  return { argv: rendered.map(({ text }) => text), problems };
}

/**
 * A program reads an item that starts with "-" as an option: `git log {{payload.ref}}` with the
 * ref `--output=/tmp/x` would write a file. So the dash of an option must come from the bot's own
 * command (`--ref={{payload.ref}}`, a `default`), or the item must come after a `--` item.
 */
function optionProblem(index: number): string {
  return (
    `command[${index}] would start with "-" from a value from outside, which the program would ` +
    `read as an option; write the option into the command (e.g. "--ref={{payload.ref}}") or put a "--" item before it`
  );
}

/**
 * What is wrong with each placeholder that cannot render (those render empty), in one prompt or
 * in the items of one command; [] when all can.
 */
export function templateProblems(...templates: string[]): string[] {
  const problems: string[] = [];
  let count = 0;
  for (const template of templates) {
    for (const { start, end, source } of findPlaceholders(template)) {
      if (++count > MAX_PLACEHOLDERS) {
        return [...problems, `more than ${MAX_PLACEHOLDERS} placeholders: the ones after that render empty`];
      }
      const problem = expressionOf(source).problem;
      if (problem) problems.push(`${template.slice(start, end)}: ${problem}`);
    }
  }
  return problems;
}

interface RenderSettings {
  delimit: boolean;
  maxValueChars: number | undefined;
}

interface RenderedText {
  text: string;
  /** whether its first character came from a value from outside */
  leadsWithOutsideValue: boolean;
}

/** One prompt, or all items of one command: they share `MAX_INSERTED_CHARS`. */
class Rendering {
  private readonly values = new ValueText();
  /** by source: a placeholder repeated all over a template is read once */
  private readonly expressions = new Map<string, TemplateExpression | undefined>();
  private readonly maxValueChars: number;
  private insertable = MAX_INSERTED_CHARS;
  private placeholdersLeft = MAX_PLACEHOLDERS;

  constructor(
    private readonly ctx: TemplateContext,
    private readonly settings: RenderSettings,
  ) {
    this.maxValueChars = settings.maxValueChars ?? DEFAULT_MAX_VALUE_CHARS;
  }

  render(template: string): RenderedText {
    let text = '';
    let leadsWithOutsideValue = false;
    let copied = 0;
    const append = (piece: string, fromOutside: boolean) => {
      if (text === '' && piece !== '') leadsWithOutsideValue = fromOutside;
      text += piece;
    };
    for (const { start, end, source } of findPlaceholders(template)) {
      append(template.slice(copied, start), false);
      const expression = this.placeholdersLeft-- > 0 ? this.expressionOf(source) : undefined;
      if (expression) {
        const value = this.evaluate(expression);
        append(this.insert(value), value.untrusted);
      }
      copied = end;
    }
    append(template.slice(copied), false);
    return { text, leadsWithOutsideValue };
  }

  private expressionOf(source: string): TemplateExpression | undefined {
    if (!this.expressions.has(source)) this.expressions.set(source, expressionOf(source).expression);
    return this.expressions.get(source);
  }

  /** A value from outside is only written as far as it can be inserted (one more to see the cut). */
  private evaluate({ path, helpers }: TemplateExpression): TemplateValue {
    const value = lookup(this.ctx, path);
    // A number or a boolean cannot carry instructions, so it is inserted bare even from a webhook.
    const untrusted = !TRUSTED_ROOTS.has(path[0]) && typeof value !== 'number' && typeof value !== 'boolean';
    const limit = untrusted ? this.cap() + 1 : Infinity;
    return helpers.reduce((input, call) => applyHelper(input, call, this.values, limit), {
      value,
      untrusted,
    });
  }

  private cap(): number {
    return Math.min(this.maxValueChars, this.insertable);
  }

  private insert({ value, untrusted }: TemplateValue): string {
    if (!untrusted) return this.values.of(value);
    const cap = this.cap();
    const text = this.values.of(value, cap + 1);
    if (text === '') return text;
    const capped = text.length > cap ? `${cutText(text, cap)}${CUT_MARK}` : text;
    this.insertable -= Math.min(text.length, cap);
    if (!this.settings.delimit) return capped;
    return `${UNTRUSTED_OPEN}${capped.replace(DELIMITER_LOOKALIKE, '&lt;')}${UNTRUSTED_CLOSE}`;
  }
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

function lookup(ctx: TemplateContext, path: string[]): unknown {
  let current: unknown = ctx;
  for (const key of path) {
    if (FORBIDDEN_KEYS.has(key) || current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
