import { HelperArg, HelperCall } from './template-expression';

/** A value on its way through the helpers, and whether it came from outside (a webhook, a run's input). */
export interface TemplateValue {
  value: unknown;
  untrusted: boolean;
}

interface Helper {
  /** what each argument must be; the count must match exactly */
  params: readonly ('text' | 'count')[];
  apply(input: TemplateValue, args: HelperArg[]): TemplateValue;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

/**
 * `default` swaps in the template author's own text, so its result is trusted; the others
 * transform the value they were given and keep its origin.
 */
const HELPERS: Record<string, Helper> = {
  default: {
    params: ['text'],
    apply: (input, [fallback]) => (isEmpty(input.value) ? { value: fallback, untrusted: false } : input),
  },
  json: {
    params: [],
    apply: (input) => ({
      value: input.value === undefined ? undefined : JSON.stringify(input.value, null, 2),
      untrusted: input.untrusted,
    }),
  },
  truncate: {
    params: ['count'],
    apply: (input, [count]) => {
      const text = textOf(input.value);
      const cut = cutText(text, Number(count));
      return { value: cut.length < text.length ? `${cut}…` : text, untrusted: input.untrusted };
    },
  },
};

export const HELPER_NAMES = Object.keys(HELPERS);

/** Why this call cannot run (unknown name, wrong arguments), or undefined when it can. */
export function helperProblem({ name, args }: HelperCall): string | undefined {
  const helper = Object.hasOwn(HELPERS, name) ? HELPERS[name] : undefined;
  if (!helper) return `unknown helper "${name}" (there are: ${HELPER_NAMES.join(', ')})`;
  if (args.length !== helper.params.length) {
    return `${name} takes ${helper.params.length} argument(s), got ${args.length}`;
  }
  for (const [i, param] of helper.params.entries()) {
    const arg = args[i];
    if (param === 'count' && (typeof arg !== 'number' || arg < 1)) {
      return `${name}: the argument must be a whole number of at least 1`;
    }
  }
  return undefined;
}

/** Applies one call that passed `helperProblem`. */
export function applyHelper(input: TemplateValue, call: HelperCall): TemplateValue {
  return HELPERS[call.name].apply(input, call.args);
}

/** Text as a placeholder shows it: scalars as text, objects and arrays as compact JSON, nothing as ''. */
export function textOf(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      return value === null ? '' : JSON.stringify(value);
    default:
      return '';
  }
}

/** The first `max` UTF-16 units, without splitting a surrogate pair (an emoji never turns into garbage). */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return text.slice(0, end);
}
