import { describe, expect, it } from 'vitest';
import { boundedTest } from './bounded-regex';
import { hasNestedQuantifier } from './match-rules';

describe(boundedTest.name, () => {
  it('should answer like RegExp.test for ordinary patterns', () => {
    expect(boundedTest(/^feature\//, 'feature/login')).toBe(true);
    expect(boundedTest(/^feature\//, 'hotfix/login')).toBe(false);
    expect(boundedTest(/LOGIN/i, 'fix the login bug')).toBe(true);
  });

  it('should give up on catastrophic backtracking the static check lets through, and say no', () => {
    const pattern = /^(a|aa)+$/;
    expect(hasNestedQuantifier(pattern.source)).toBe(false);
    // unbounded, this would backtrack for longer than the test's own timeout
    expect(boundedTest(pattern, `${'a'.repeat(60)}!`)).toBe(false);
  });

  it('should keep working after a timeout', () => {
    boundedTest(/^(a|aa)+$/, `${'a'.repeat(60)}!`);
    expect(boundedTest(/b/, 'abc')).toBe(true);
  });
});
