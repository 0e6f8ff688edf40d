import { StringDecoder } from 'node:string_decoder';
import { SecretMasker } from './secret-masker';

/**
 * Turns one output stream's chunks into lines. Chunks may end mid-line or mid-UTF-8 character;
 * `\r\n` counts as one break; a line longer than `maxBytes` is emitted in pieces (never splitting
 * a character) so one runaway line can't grow memory or a log entry without bound.
 *
 * Secrets are masked on whole lines, before any cut: a value split across chunks is still found.
 * A runaway line cut before its newline keeps its last bytes back, enough for the longest secret,
 * so no value is ever cut in two pieces that each look harmless.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private readonly holdBack: number;
  private partial = '';

  constructor(
    private readonly maxBytes: number,
    private readonly masker: SecretMasker = SecretMasker.none,
  ) {
    this.holdBack = Math.max(0, masker.longestBytes - 1);
  }

  push(chunk: Buffer): string[] {
    const lines = (this.partial + this.decoder.write(chunk)).split('\n');
    this.partial = lines.pop() ?? '';
    const out = lines.flatMap((line) => this.cap(stripCr(line)));
    if (Buffer.byteLength(this.partial) > this.maxBytes + this.holdBack) {
      const { pieces, rest } = cutBytes(this.clean(this.partial), this.maxBytes, this.holdBack);
      this.partial = rest;
      out.push(...pieces);
    }
    return out;
  }

  /** The final line when the stream ended without a newline. */
  end(): string[] {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    return rest === '' ? [] : this.cap(stripCr(rest));
  }

  private cap(line: string): string[] {
    return splitBytes(this.clean(line), this.maxBytes);
  }

  private clean(line: string): string {
    return this.masker.mask(withoutNul(line));
  }
}

/** Pieces of at most `maxBytes`, never splitting a character. */
export function splitBytes(text: string, maxBytes: number): string[] {
  if (Buffer.byteLength(text) <= maxBytes) return [text];
  const { pieces, rest } = cutBytes(text, maxBytes, 0);
  return [...pieces, rest];
}

/** Full pieces from the front while more than `keep` bytes would remain after them. */
function cutBytes(text: string, maxBytes: number, keep: number): { pieces: string[]; rest: string } {
  const bytes = Buffer.from(text);
  const pieces: string[] = [];
  let start = 0;
  while (bytes.length - start > maxBytes + keep) {
    let cut = start + maxBytes;
    // back up to the first byte of a character: continuation bytes look like 10xxxxxx
    while ((bytes[cut] & 0xc0) === 0x80) cut--;
    pieces.push(bytes.toString('utf8', start, cut));
    start = cut;
  }
  return { pieces, rest: bytes.toString('utf8', start) };
}

const stripCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);
// PostgreSQL text cannot hold NUL; one stray byte must not make a whole batch of lines unstorable.
const withoutNul = (line: string) => (line.includes('\0') ? line.replaceAll('\0', '\uFFFD') : line);
