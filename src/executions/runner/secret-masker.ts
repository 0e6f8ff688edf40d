/** Values shorter than this are not masked: they would match all over the log and say nothing. */
export const MASK_MIN_LENGTH = 4;
export const MASK = '***';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every occurrence of a bot's secret values in log text with `***`. Each value is also
 * looked for as it appears inside a JSON string (a CLI's JSON output escapes quotes and
 * backslashes), and a multi-line value line by line, since the log holds one line per entry.
 */
export class SecretMasker {
  static readonly none = new SecretMasker([]);

  private readonly pattern?: RegExp;
  /** The byte length of the longest form looked for: a cut through a line must keep this much. */
  readonly longestBytes: number;

  constructor(values: Iterable<string>) {
    const forms = new Set<string>();
    for (const value of values) {
      for (const part of [value, ...value.split(/\r?\n/)]) {
        if (part.length < MASK_MIN_LENGTH) continue;
        forms.add(part);
        forms.add(JSON.stringify(part).slice(1, -1));
      }
    }
    // Longest first, so a value that contains another is masked whole.
    const sorted = [...forms].sort((a, b) => b.length - a.length);
    this.pattern = sorted.length ? new RegExp(sorted.map(escapeRegExp).join('|'), 'g') : undefined;
    this.longestBytes = sorted.length ? Math.max(...sorted.map((f) => Buffer.byteLength(f))) : 0;
  }

  mask(text: string): string {
    return this.pattern ? text.replace(this.pattern, MASK) : text;
  }
}
