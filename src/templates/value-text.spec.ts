import { describe, expect, it } from 'vitest';
import { ValueText } from './value-text';

const SAMPLES: unknown[] = [
  { a: [1, 'two', { z: null, u: undefined, f: () => 1 }], b: {}, c: [], 'k"\n': 'é"\\\u2028' },
  ['😀😀', '\ud800', '\udc00x', [[[]]], NaN, -0, Infinity, undefined, () => 1, Symbol('s')],
  { when: new Date(0), nested: { toJSON: (key: string) => `key ${key}` } },
  'plain "text"',
  42,
  null,
];

describe(ValueText.name, () => {
  it('should write exactly what JSON.stringify writes, compact or indented', () => {
    for (const value of SAMPLES) {
      for (const indent of ['', '  ']) {
        expect(new ValueText().json(value, indent)).toBe(JSON.stringify(value, null, indent));
      }
    }
    expect(new ValueText().json(undefined, '')).toBeUndefined();
  });

  it('should write only the first `limit` characters of it, never splitting a surrogate pair early', () => {
    for (const value of SAMPLES) {
      for (const indent of ['', '  ']) {
        const full = JSON.stringify(value, null, indent);
        for (let limit = 0; limit <= full.length + 1; limit++) {
          expect(new ValueText().json(value, indent, limit)).toBe(full.slice(0, limit));
        }
      }
    }
  });

  it('should not read a long string or list past the limit', () => {
    const huge = { list: new Proxy([1], { get: (t, p) => (p === 'length' ? 1e9 : Reflect.get(t, p)) }) };
    expect(new ValueText().json(huge, '', 20)).toBe('{"list":[1,null,null');
    expect(new ValueText().of({ s: 'x'.repeat(1e6) }, 8)).toBe('{"s":"xx');
  });

  it('should refuse a cycle as JSON.stringify does', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => new ValueText().json(cyclic, '')).toThrow(TypeError);
  });

  it('should write a chain deeper than the stack allows for recursion', () => {
    const deep = Array.from({ length: 100_000 }).reduce<unknown>((inner) => [inner], 1);
    expect(new ValueText().of(deep, 10)).toBe('[[[[[[[[[[');
    expect(new ValueText().of(deep)).toHaveLength(200_001);
  });
});
