import { describe, expect, it } from 'vitest';
import { expectWithinBudget } from '../../test/helpers/event-loop-budget';
import {
  MALFORMED_TEXT,
  MAX_JSON_PARTS,
  MAX_JSON_DEPTH,
  malformedTextProblem,
  readJsonInput,
  scanJson,
} from './json-input';

/** WEBHOOK_MAX_BYTES' default, also the API's body limit. */
const MAX_BODY = 1024 * 1024;
const nested = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
/** `[unit,unit,…]` as close to `bytes` as it gets. */
const listOf = (unit: string, bytes: number) =>
  `[${Array.from({ length: Math.floor((bytes - 2) / (unit.length + 1)) }, () => unit).join(',')}]`;
const read = (text: string) => readJsonInput(text, { notJson: 'not JSON' });

describe(readJsonInput.name, () => {
  it('should parse JSON nested up to the limit and refuse one level more', () => {
    expect(read(nested(MAX_JSON_DEPTH))).toEqual({ ok: true, value: expect.any(Array) });
    expect(read(nested(MAX_JSON_DEPTH + 1))).toEqual({
      ok: false,
      problem: `The body is nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`,
    });
    expect(read(`{"a":${nested(MAX_JSON_DEPTH)}}`).ok).toBe(false);
  });

  it('should refuse more arrays, objects and keys than MAX_JSON_PARTS', () => {
    expect(read(`[${'[],'.repeat(MAX_JSON_PARTS - 2)}{}]`).ok).toBe(true);
    expect(read(`[${'[],'.repeat(MAX_JSON_PARTS - 1)}{}]`)).toEqual({
      ok: false,
      problem: `The body holds more than ${MAX_JSON_PARTS} arrays, objects and keys`,
    });
  });

  it('should not count brackets inside strings, escaped quotes included', () => {
    expect(read(`["${'['.repeat(100)}", "\\"${'{'.repeat(100)}"]`).ok).toBe(true);
    expect(scanJson('"\\\\"[[', 1)).toBe('too deep');
  });

  it("should give the caller's message for text that is not JSON", () => {
    expect(read('{"a":')).toEqual({ ok: false, problem: 'not JSON' });
  });

  it('should name where a NUL or an unpaired surrogate is, with the prefix', () => {
    expect(readJsonInput('{"pr":{"title":"a\\u0000"}}', { notJson: '', prefix: 'payload' })).toEqual({
      ok: false,
      problem: `payload.pr.title: ${MALFORMED_TEXT}`,
    });
    expect(read('{"list":["ok","\\udc00"]}')).toEqual({ ok: false, problem: `list.1: ${MALFORMED_TEXT}` });
    expect(read('"\\ud83d"')).toEqual({ ok: false, problem: `body: ${MALFORMED_TEXT}` });
    expect(read('{"a":{"\\u0000":1}}')).toEqual({ ok: false, problem: `a (a key): ${MALFORMED_TEXT}` });
  });

  it('should read the units escapes stand for, as JSON.parse does', () => {
    for (const [text, found] of [
      ['"\\u0000"', 'malformed text'],
      ['"a\\\\u0000"', undefined],
      ['"\\ud83d\\ude00"', undefined],
      ['"\\ud83d😀"', 'malformed text'],
      ['"\\ude00\\ud83d"', 'malformed text'],
      ['"\\ud83d"', 'malformed text'],
      ['"\\uD83D\\uDE00\\n\\""', undefined],
      ['["\\ud83d", "\\ude00"]', 'malformed text'],
    ] as const) {
      expect(scanJson(text, MAX_JSON_DEPTH), text).toBe(found);
    }
  });

  it('should keep every well-formed string', () => {
    const text = JSON.stringify({
      s: 'Füße 😀 日本 \u2028 \ufffd',
      pair: '\ud83d\ude00',
      ctl: '\u0001\u007f',
    });
    expect(read(text)).toEqual({ ok: true, value: JSON.parse(text) });
    expect(read('"\\ud83d\\ude00"')).toEqual({ ok: true, value: '😀' });
  });

  describe('within the event-loop budget, for a body of the largest size allowed', () => {
    const bodies: Record<string, string> = {
      'brackets without end': '['.repeat(MAX_BODY),
      'brackets nested to the limit, repeated': listOf(nested(MAX_JSON_DEPTH - 1), MAX_BODY),
      'all the arrays allowed, then numbers': `[${'[[[[[[[[[0]]]]]]]]],'.repeat((MAX_JSON_PARTS - 1) / 9)}${'0,'.repeat(
        (MAX_BODY - (MAX_JSON_PARTS / 9) * 20 - 4) / 2,
      )}0]`,
      'small numbers': listOf('0', MAX_BODY),
      'empty strings': listOf('""', MAX_BODY),
      'escaped surrogate pairs': `["${'\\ud83d\\ude00'.repeat((MAX_BODY - 4) / 12)}"]`,
      'one long string of brackets': `["${'['.repeat(MAX_BODY - 4)}"]`,
      'too many keys': `{${Array.from({ length: MAX_BODY / 12 }, (_, i) => `"k${i}":0`).join(',')}}`,
      'all the keys allowed, with long names': `{${Array.from(
        { length: MAX_JSON_PARTS - 1 },
        (_, i) => `"${String(i).padStart(15, 'k')}":0`,
      ).join(',')}}`,
      'empty objects': listOf('{}', MAX_BODY),
    };
    it.each(Object.keys(bodies))('should read %s', (name) => {
      const text = bodies[name];
      expect(text.length).toBeLessThanOrEqual(MAX_BODY);
      expectWithinBudget(`reading ${name}`, () => read(text));
    });

    it('should check the strings of a parsed body of many small parts', () => {
      const value: unknown = JSON.parse(listOf('{"a":["",""]}', MAX_BODY));
      expectWithinBudget('the text check', () => malformedTextProblem(value));
    });
  });
});
