import { Script, createContext } from 'node:vm';

/** A regex test may take this long; one that needs longer counts as not matching. */
export const REGEX_TIME_BUDGET_MS = 20;

// One context and one script for every test: only the two globals change between calls.
const context = createContext({});
const script = new Script('pattern.test(text)');

/**
 * `pattern.test(text)`, stopped after REGEX_TIME_BUDGET_MS. The static checks on save refuse the
 * classic catastrophic shapes, but not all of them (`(a|aa)+$`, `\d+\d+\d+$`); V8 can interrupt a
 * backtracking regex only through a script timeout, so the test runs as a tiny script (about
 * 0.2 ms of overhead per test, paid only by triggers with regex rules).
 */
export function boundedTest(pattern: RegExp, text: string): boolean {
  context.pattern = pattern;
  context.text = text;
  try {
    return script.runInContext(context, { timeout: REGEX_TIME_BUDGET_MS }) === true;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return false;
    throw err;
  } finally {
    context.pattern = undefined;
    context.text = undefined;
  }
}
