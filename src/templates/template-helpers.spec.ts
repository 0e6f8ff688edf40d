import { describe, expect, it } from 'vitest';
import { TemplateValue, applyHelper, cutText, helperProblem } from './template-helpers';
import { ValueText } from './value-text';

const outside = (value: unknown): TemplateValue => ({ value, untrusted: true });

describe('template helpers', () => {
  describe('default', () => {
    const call = { name: 'default', args: ['none'] };

    it('should replace missing, null and empty values with the trusted fallback', () => {
      for (const value of [undefined, null, '']) {
        expect(applyHelper(outside(value), call)).toEqual({ value: 'none', untrusted: false });
      }
    });

    it('should keep a present value and its origin, even a falsy one', () => {
      for (const value of ['x', 0, false, [], {}]) {
        expect(applyHelper(outside(value), call)).toEqual(outside(value));
      }
    });

    it('should accept a number as the fallback', () => {
      expect(applyHelper(outside(undefined), { name: 'default', args: [0] }).value).toBe(0);
    });
  });

  describe('json', () => {
    const call = { name: 'json', args: [] };

    it('should render a sub-tree as indented JSON and keep its origin', () => {
      expect(applyHelper(outside({ a: [1, 'b'] }), call)).toEqual(
        outside('{\n  "a": [\n    1,\n    "b"\n  ]\n}'),
      );
    });

    it('should quote a string and render null', () => {
      expect(applyHelper(outside('say "hi"'), call).value).toBe('"say \\"hi\\""');
      expect(applyHelper(outside(null), call).value).toBe('null');
    });

    it('should leave a missing value missing', () => {
      expect(applyHelper(outside(undefined), call).value).toBeUndefined();
    });
  });

  describe('truncate', () => {
    const call = (n: number) => ({ name: 'truncate', args: [n] });

    it('should cut long text and mark the cut with an ellipsis', () => {
      expect(applyHelper(outside('abcdef'), call(3))).toEqual(outside('abc…'));
    });

    it('should keep text that fits', () => {
      expect(applyHelper(outside('abc'), call(3)).value).toBe('abc');
      expect(applyHelper(outside(undefined), call(3)).value).toBe('');
    });

    it('should cut objects as their JSON and numbers as text', () => {
      expect(applyHelper(outside({ k: 'value' }), call(4)).value).toBe('{"k"…');
      expect(applyHelper(outside(123456), call(2)).value).toBe('12…');
    });

    it('should never split an emoji', () => {
      expect(applyHelper(outside('ab😀cd'), call(3)).value).toBe('ab…');
    });
  });

  describe(helperProblem.name, () => {
    it('should accept known helpers with the right arguments', () => {
      expect(helperProblem({ name: 'default', args: ['x'] })).toBeUndefined();
      expect(helperProblem({ name: 'json', args: [] })).toBeUndefined();
      expect(helperProblem({ name: 'truncate', args: [1] })).toBeUndefined();
    });

    it('should name unknown helpers, including inherited names', () => {
      expect(helperProblem({ name: 'eval', args: [] })).toMatch(
        /^unknown helper "eval" \(there are: default, json, truncate\)$/,
      );
      expect(helperProblem({ name: 'constructor', args: [] })).toMatch(/^unknown helper/);
      expect(helperProblem({ name: 'toString', args: [] })).toMatch(/^unknown helper/);
    });

    it('should check the number and kind of arguments', () => {
      expect(helperProblem({ name: 'default', args: [] })).toBe('default takes 1 argument(s), got 0');
      expect(helperProblem({ name: 'json', args: [2] })).toBe('json takes 0 argument(s), got 1');
      expect(helperProblem({ name: 'truncate', args: ['5'] })).toMatch(/whole number of at least 1/);
      expect(helperProblem({ name: 'truncate', args: [0] })).toMatch(/whole number of at least 1/);
    });
  });

  describe(ValueText.name, () => {
    it('should show scalars as text, structures as compact JSON and nothing as empty', () => {
      const textOf = (value: unknown) => new ValueText().of(value);
      expect([
        textOf('s'),
        textOf(1.5),
        textOf(false),
        textOf({ a: 1 }),
        textOf([1]),
        textOf(null),
        textOf(undefined),
      ]).toEqual(['s', '1.5', 'false', '{"a":1}', '[1]', '', '']);
    });
  });

  describe(cutText.name, () => {
    it('should keep at most max units without splitting a surrogate pair', () => {
      expect(cutText('abc', 5)).toBe('abc');
      expect(cutText('abcdef', 2)).toBe('ab');
      expect(cutText('a😀', 2)).toBe('a');
    });
  });
});
