/** Values shorter than this are not masked: they would match all over the log and say nothing. */
export const MASK_MIN_LENGTH = 4;
/** Encoded forms shorter than this are not masked: a few base64 characters match by chance. */
const ENCODED_MIN_LENGTH = 8;
export const MASK = '***';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const toBase64Url = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The value's bytes as base64 wherever they sit in a longer encoded text: base64 turns 3 bytes into
 * 4 characters, so the value's characters depend on its offset modulo 3. For each offset, only the
 * characters that come from the value's bytes alone are kept.
 */
function base64Forms(bytes: Buffer): string[] {
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const inner = encoded.slice(start, end);
    forms.push(inner, toBase64Url(inner));
  }
  const whole = bytes.toString('base64');
  forms.push(whole, toBase64Url(whole));
  return forms;
}

/**
 * The forms a value is looked for in: as it is, as it appears inside a JSON string (a CLI's JSON
 * output escapes quotes and backslashes), URL-encoded, as hex and as base64 or base64url.
 */
function formsOf(part: string): string[] {
  const bytes = Buffer.from(part);
  const hex = bytes.toString('hex');
  const encoded = [encodeURIComponent(part), hex, hex.toUpperCase(), ...base64Forms(bytes)];
  return [part, JSON.stringify(part).slice(1, -1), ...encoded.filter((f) => f.length >= ENCODED_MIN_LENGTH)];
}

/**
 * Replaces every occurrence of a bot's secret values in log text with `***`, in the forms above,
 * and a multi-line value line by line, since the log holds one line per entry. A safety net, not a
 * boundary: a process that holds a secret can always print it in a form no list foresees (spaced
 * out, reversed, encrypted); docs/security.md says what masking promises.
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
        for (const form of formsOf(part)) forms.add(form);
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
