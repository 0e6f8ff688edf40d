import { HelperArg, HelperCall } from './template-expression';
import { ValueText } from './value-text';

/** A value on its way through the helpers, and whether it came from outside (a webhook, a run's input). */
export interface TemplateValue {
  value: unknown;
  untrusted: boolean;
}

interface Helper {
  /** what each argument must be; the count must match exactly */
  params: readonly ('text' | 'count')[];
  /** `limit`: how much of a value's text can still matter (see `applyHelper`) */
  apply(input: TemplateValue, args: HelperArg[], text: ValueText, limit: number): TemplateValue;
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
    apply: (input, _args, text, limit) => ({
      value: input.value === undefined ? undefined : text.json(input.value, '  ', limit),
      untrusted: input.untrusted,
    }),
  },
  truncate: {
    params: ['count'],
    apply: (input, [count], text, limit) => {
      const shown = text.of(input.value, limit);
      const cut = cutText(shown, Number(count));
      return { value: cut.length < shown.length ? `${cut}…` : shown, untrusted: input.untrusted };
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

/**
 * Applies one call that passed `helperProblem`. A value from outside is cut to `limit` characters
 * on the way (whatever the renderer can still insert, plus one to see that it was cut): the
 * result after the renderer's own cap is the same, without writing out a whole payload first.
 */
export function applyHelper(
  input: TemplateValue,
  call: HelperCall,
  text = new ValueText(),
  limit = Infinity,
): TemplateValue {
  return HELPERS[call.name].apply(input, call.args, text, input.untrusted ? limit : Infinity);
}

/** The first `max` UTF-16 units, without splitting a surrogate pair (an emoji never turns into garbage). */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return text.slice(0, end);
}
