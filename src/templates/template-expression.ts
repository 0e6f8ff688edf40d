/**
 * The inside of one `{{ … }}`: a dot path, then helpers, e.g. `payload.title | default: "none"`.
 * A tiny scanner, not a language: paths, helper names, quoted strings and integers, nothing else.
 */
export type HelperArg = string | number;

export interface HelperCall {
  name: string;
  args: HelperArg[];
}

export interface TemplateExpression {
  path: string[];
  helpers: HelperCall[];
}

export type ParsedExpression = { ok: true; expression: TemplateExpression } | { ok: false; problem: string };

const PATH = /^[^\s.|:,"']+(\.[^\s.|:,"']+)*$/;
const NAME = /^[a-z_]+$/;
const INTEGER = /^-?\d{1,9}$/;

export function parseExpression(source: string): ParsedExpression {
  const parts = splitOutsideQuotes(source, '|');
  if (!parts) return fail('unclosed quote');
  const [pathPart, ...helperParts] = parts;
  const path = pathPart.trim();
  if (!PATH.test(path)) return fail(`"${path}" is not a dot path like payload.pull_request.title`);
  const helpers: HelperCall[] = [];
  for (const part of helperParts) {
    const call = parseHelper(part.trim());
    if (typeof call === 'string') return fail(call);
    helpers.push(call);
  }
  return { ok: true, expression: { path: path.split('.'), helpers } };
}

function parseHelper(text: string): HelperCall | string {
  const colon = text.indexOf(':');
  const name = (colon < 0 ? text : text.slice(0, colon)).trim();
  if (!NAME.test(name)) return `"${name}" is not a helper name`;
  if (colon < 0) return { name, args: [] };
  const args: HelperArg[] = [];
  const parts = splitOutsideQuotes(text.slice(colon + 1), ',');
  if (parts === undefined) return 'unclosed quote';
  for (const raw of parts) {
    const arg = parseArg(raw.trim());
    if (arg === undefined)
      return `${name}: argument ${raw.trim() || '(empty)'} must be a "quoted string" or an integer`;
    args.push(arg);
  }
  return { name, args };
}

function parseArg(text: string): HelperArg | undefined {
  if (INTEGER.test(text)) return Number(text);
  const quote = text[0];
  if ((quote !== '"' && quote !== "'") || text.length < 2 || text[text.length - 1] !== quote)
    return undefined;
  let out = '';
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length - 1) out += text[++i];
    else if (c === quote) return undefined;
    else out += c;
  }
  return out;
}

/** Splits on `sep` except inside '…' or "…" (with backslash escapes); undefined when a quote is left open. */
function splitOutsideQuotes(text: string, sep: string): string[] | undefined {
  const parts: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === sep) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quote) return undefined;
  parts.push(text.slice(start));
  return parts;
}

const fail = (problem: string): ParsedExpression => ({ ok: false, problem });
