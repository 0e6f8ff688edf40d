import { describe, expect, it } from 'vitest';
import { parseExpression } from './template-expression';

describe(parseExpression.name, () => {
  it('should read a bare dot path', () => {
    expect(parseExpression('payload.pull_request.title')).toEqual({
      ok: true,
      expression: { path: ['payload', 'pull_request', 'title'], helpers: [] },
    });
  });

  it('should read helpers with quoted and numeric arguments', () => {
    expect(parseExpression(`payload.x | default: "a | b, c" | truncate: 20 | default: 'it\\'s'`)).toEqual({
      ok: true,
      expression: {
        path: ['payload', 'x'],
        helpers: [
          { name: 'default', args: ['a | b, c'] },
          { name: 'truncate', args: [20] },
          { name: 'default', args: ["it's"] },
        ],
      },
    });
  });

  it('should read several arguments separated by commas', () => {
    const parsed = parseExpression('a | f: 1, "two"');
    expect(parsed.ok && parsed.expression.helpers).toEqual([{ name: 'f', args: [1, 'two'] }]);
  });

  it.each([
    ['', /is not a dot path/],
    ['a..b', /is not a dot path/],
    ['1 + 1', /is not a dot path/],
    ['bot["name"]', /is not a dot path/],
    ['a |', /is not a helper name/],
    ['a | Upper', /is not a helper name/],
    ['a | default: none', /must be a "quoted string" or an integer/],
    ['a | default: "x" "y"', /must be a "quoted string" or an integer/],
    ['a | default:', /\(empty\) must be/],
    ['a | default: "x', /unclosed quote/],
  ])('should refuse %j', (source, problem) => {
    const parsed = parseExpression(source);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });
});
