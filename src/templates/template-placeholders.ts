/** One `{{ … }}` of a template: where it is, and what is between the braces, trimmed. */
export interface Placeholder {
  start: number;
  end: number;
  source: string;
}

/**
 * `{{`, anything without `{` or `}`, `}}`. Linear: the inside cannot hold the braces around it,
 * so an attempt from one `{{` reads only up to the next brace. (`/\{\{\s*([^{}]*?)\s*\}\}/`,
 * whose three parts could each take the spaces, took seconds on "{{" and 2,000 spaces.)
 */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** Every placeholder, in order. */
export function findPlaceholders(template: string): Placeholder[] {
  return Array.from(template.matchAll(PLACEHOLDER), (m) => ({
    start: m.index,
    end: m.index + m[0].length,
    source: m[1].trim(),
  }));
}
