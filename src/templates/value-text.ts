/**
 * Values as placeholders show them, written only as far as they can be inserted: a placeholder
 * over a 1 MiB payload pays for the characters it may insert, not for the whole payload (a
 * template repeating `{{payload}}` over a large body took 20 s through `JSON.stringify`).
 * One instance per rendering: it remembers the keys of the objects it has walked, so a large
 * object shown by many placeholders has its keys listed once.
 */
export class ValueText {
  private readonly keys = new WeakMap<object, string[]>();

  /** Scalars as text, objects and arrays as compact JSON, nothing as ''; at most `limit` characters. */
  of(value: unknown, limit = Infinity): string {
    switch (typeof value) {
      case 'string':
        return value.length > limit ? value.slice(0, limit) : value;
      case 'number':
      case 'boolean':
      case 'bigint':
        return String(value).slice(0, limit);
      case 'object':
        return value === null ? '' : (this.json(value, '', limit) ?? '');
      default:
        return '';
    }
  }

  /**
   * `JSON.stringify(value, null, indent)` (undefined where it gives undefined), cut after `limit`
   * characters. No recursion: a frame per open array or object.
   */
  json(root: unknown, indent: string, limit = Infinity): string | undefined {
    const first = toJson(root, '');
    if (!isWritable(first)) return undefined;
    let out = '';
    const open: Frame[] = [];
    const ancestors = new Set<object>();
    let next: { value: unknown } | undefined = { value: first };
    while (out.length < limit) {
      if (next) {
        const { value } = next;
        next = undefined;
        if (value === null || typeof value !== 'object') {
          out += scalar(value, limit - out.length);
          continue;
        }
        if (ancestors.has(value)) throw new TypeError('Converting circular structure to JSON');
        ancestors.add(value);
        const isArray = Array.isArray(value);
        out += isArray ? '[' : '{';
        const pad = `${open.at(-1)?.pad ?? ''}${indent}`;
        open.push({ container: value, isArray, keys: undefined, next: 0, written: false, pad });
        continue;
      }
      const frame = open.at(-1);
      if (!frame) break;
      const entry = this.nextEntry(frame);
      if (!entry) {
        open.pop();
        ancestors.delete(frame.container);
        const newline = frame.written && indent ? `\n${open.at(-1)?.pad ?? ''}` : '';
        out += `${newline}${frame.isArray ? ']' : '}'}`;
        continue;
      }
      out += `${frame.written ? ',' : ''}${indent ? `\n${frame.pad}` : ''}`;
      if (entry.key !== undefined) out += `${quoted(entry.key, limit - out.length)}${indent ? ': ' : ':'}`;
      frame.written = true;
      next = { value: entry.value };
    }
    return out.length > limit ? out.slice(0, limit) : out;
  }

  /** The next entry to write (arrays write `null` for what JSON cannot hold; objects skip it). */
  private nextEntry(frame: Frame): { key?: string; value: unknown } | undefined {
    const container = frame.container as Record<string, unknown>;
    if (frame.isArray) {
      const items = frame.container as unknown[];
      if (frame.next >= items.length) return undefined;
      const index = frame.next++;
      const value = toJson(items[index], String(index));
      return { value: isWritable(value) ? value : null };
    }
    frame.keys ??= this.keysOf(frame.container);
    while (frame.next < frame.keys.length) {
      const key = frame.keys[frame.next++];
      const value = toJson(container[key], key);
      if (isWritable(value)) return { key, value };
    }
    return undefined;
  }

  private keysOf(object: object): string[] {
    let keys = this.keys.get(object);
    if (!keys) {
      keys = Object.keys(object);
      this.keys.set(object, keys);
    }
    return keys;
  }
}

interface Frame {
  container: object;
  isArray: boolean;
  /** listed when the first entry is written: a cut before it never lists them */
  keys: string[] | undefined;
  next: number;
  written: boolean;
  /** the indentation of this container's entries */
  pad: string;
}

/** What `JSON.stringify` writes in place of a value with `toJSON` (a Date, say). */
function toJson(value: unknown, key: string): unknown {
  const toJSON = (value as { toJSON?: unknown } | null | undefined)?.toJSON;
  return typeof toJSON === 'function' ? (toJSON as (key: string) => unknown).call(value, key) : value;
}

/** `undefined`, functions and symbols have no JSON: skipped in objects, `null` in arrays. */
const isWritable = (value: unknown) =>
  value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';

function scalar(value: unknown, room: number): string {
  if (typeof value === 'string') return quoted(value, room);
  if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
  return JSON.stringify(value);
}

/**
 * The JSON string literal of `text`, or (when it cannot fit in `room`) at least its first `room`
 * characters, escaped from a slice: every character escapes to one or more, so the slice's escape
 * is a prefix of the whole one. A surrogate pair is never split (it would escape as two `\uXXXX`).
 */
function quoted(text: string, room: number): string {
  if (text.length <= room) return JSON.stringify(text);
  if (room <= 0) return '"';
  const code = text.charCodeAt(room - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? room + 1 : room;
  return JSON.stringify(text.slice(0, end)).slice(0, -1);
}
