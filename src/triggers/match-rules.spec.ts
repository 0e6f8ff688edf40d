import { describe, expect, it } from 'vitest';
import {
  MAX_MATCHED_CHARS,
  MatchRule,
  hasNestedQuantifier,
  matchRulesSchema,
  matchesAll,
  valueAt,
} from './match-rules';

const payload = {
  action: 'opened',
  number: 5,
  draft: false,
  title: 'Fix the login bug',
  labels: ['bug', 'urgent'],
  pull_request: { head: { ref: 'feature/login' }, assignee: null },
  commits: [{ id: 'abc' }],
};

describe('match rules', () => {
  describe(valueAt.name, () => {
    it('should follow dot paths through objects and arrays', () => {
      expect(valueAt(payload, 'pull_request.head.ref')).toBe('feature/login');
      expect(valueAt(payload, 'commits.0.id')).toBe('abc');
      expect(valueAt(payload, 'pull_request.missing.ref')).toBeUndefined();
    });

    it('should not reach inherited properties', () => {
      expect(valueAt(payload, 'constructor')).toBeUndefined();
      expect(valueAt(payload, '__proto__')).toBeUndefined();
      expect(valueAt(payload, 'title.length')).toBeUndefined();
    });
  });

  describe(matchesAll.name, () => {
    const check = (rule: MatchRule) => matchesAll([rule], payload);

    it('should hold for no rules', () => {
      expect(matchesAll([], payload)).toBe(true);
    });

    it('should compare eq as text', () => {
      expect(check({ path: 'action', op: 'eq', value: 'opened' })).toBe(true);
      expect(check({ path: 'action', op: 'eq', value: 'closed' })).toBe(false);
      expect(check({ path: 'number', op: 'eq', value: 5 })).toBe(true);
      expect(check({ path: 'number', op: 'eq', value: '5' })).toBe(true);
      expect(check({ path: 'draft', op: 'eq', value: false })).toBe(true);
      expect(check({ path: 'pull_request', op: 'eq', value: '[object Object]' })).toBe(false);
    });

    it('should find substrings and array items with contains', () => {
      expect(check({ path: 'title', op: 'contains', value: 'login' })).toBe(true);
      expect(check({ path: 'title', op: 'contains', value: 'logout' })).toBe(false);
      expect(check({ path: 'labels', op: 'contains', value: 'urgent' })).toBe(true);
      expect(check({ path: 'labels', op: 'contains', value: 'urg' })).toBe(false);
    });

    it('should test regex against the value', () => {
      expect(check({ path: 'pull_request.head.ref', op: 'regex', value: '^feature/' })).toBe(true);
      expect(check({ path: 'pull_request.head.ref', op: 'regex', value: '^hotfix/' })).toBe(false);
      expect(check({ path: 'missing', op: 'regex', value: '.*' })).toBe(false);
      expect(check({ path: 'number', op: 'regex', value: '^\\d$' })).toBe(true);
    });

    it('should treat a regex that backtracks past its time budget as not matching', () => {
      const slow = { text: `${'a'.repeat(60)}!` };
      expect(matchesAll([{ path: 'text', op: 'regex', value: '^(a|aa)+$' }], slow)).toBe(false);
    });

    it('should only see the first 10 kB of a string', () => {
      const long = { text: `${'a'.repeat(MAX_MATCHED_CHARS)}needle` };
      expect(matchesAll([{ path: 'text', op: 'contains', value: 'needle' }], long)).toBe(false);
      expect(matchesAll([{ path: 'text', op: 'regex', value: 'needle' }], long)).toBe(false);
    });

    it('should treat null and absent values as not existing', () => {
      expect(check({ path: 'pull_request.head', op: 'exists' })).toBe(true);
      expect(check({ path: 'draft', op: 'exists' })).toBe(true);
      expect(check({ path: 'pull_request.assignee', op: 'exists' })).toBe(false);
      expect(check({ path: 'nope', op: 'exists' })).toBe(false);
    });

    it('should require every rule to hold', () => {
      const opened: MatchRule = { path: 'action', op: 'eq', value: 'opened' };
      expect(matchesAll([opened, { path: 'labels', op: 'contains', value: 'bug' }], payload)).toBe(true);
      expect(matchesAll([opened, { path: 'labels', op: 'contains', value: 'docs' }], payload)).toBe(false);
    });
  });

  describe(hasNestedQuantifier.name, () => {
    it.each(['(a+)+', '(a*)*', '(\\w+\\s?)*$', '((ab)+c)+', '(?:x+){2,}', '(a{1,5})+'])(
      'should flag %s',
      (pattern) => expect(hasNestedQuantifier(pattern)).toBe(true),
    );

    it.each(['^feature/', '(ab)+', 'a+b*', '(a|b)+', '[(a+)]+', '\\(a+\\)+', '(a+){2}', '(a+)?'])(
      'should allow %s',
      (pattern) => expect(hasNestedQuantifier(pattern)).toBe(false),
    );
  });

  describe('matchRulesSchema', () => {
    const issues = (rules: unknown) =>
      matchRulesSchema.safeParse(rules).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

    it('should accept valid rules', () => {
      expect(
        issues([
          { path: 'action', op: 'eq', value: 'opened' },
          { path: 'number', op: 'eq', value: 5 },
          { path: 'title', op: 'regex', value: '^fix' },
          { path: 'pull_request', op: 'exists' },
        ]),
      ).toBeUndefined();
    });

    it('should require a value except for exists', () => {
      expect(issues([{ path: 'a', op: 'eq' }])).toEqual(['0.value: is required for op "eq"']);
    });

    it('should require a string for contains and regex', () => {
      expect(issues([{ path: 'a', op: 'contains', value: 1 }])).toEqual([
        '0.value: must be a string for op "contains"',
      ]);
    });

    it('should reject bad regexes', () => {
      expect(issues([{ path: 'a', op: 'regex', value: '(' }])).toEqual([
        '0.value: is not a valid regular expression',
      ]);
      expect(issues([{ path: 'a', op: 'regex', value: 'a'.repeat(201) }])).toEqual([
        '0.value: regex longer than 200 characters',
      ]);
      expect(issues([{ path: 'a', op: 'regex', value: '(a+)+$' }])?.[0]).toMatch(/nested quantifier/);
    });

    it('should reject paths that are not dot notation', () => {
      expect(issues([{ path: 'a..b', op: 'exists' }])?.[0]).toMatch(/^0\.path: must be dot notation/);
      expect(issues([{ path: 'a', op: 'like', value: 'x' }])?.[0]).toMatch(/^0\.op:/);
    });
  });
});
