import { describe, expect, it } from 'vitest';
import { GIT_REF, commandProblem, optionProblems, readBotOptions, writeBotOptions } from './bot-options';
import { applyOptionFields } from './bots.dto';

describe(readBotOptions.name, () => {
  it('should fill in defaults for a bot without options', () => {
    expect(readBotOptions({})).toEqual({
      allowedTools: [],
      addDirs: [],
      repo: null,
      maxConcurrent: null,
      retry: { onRateLimit: { attempts: null, backoffSeconds: null }, onFailure: false },
    });
  });

  it('should fall back to the default of a value that no longer parses, keeping the rest', () => {
    const options = readBotOptions({ maxConcurrent: 'two', addDirs: ['/a'], retry: { onFailure: true } });
    expect(options).toMatchObject({ maxConcurrent: null, addDirs: ['/a'], retry: { onFailure: true } });
  });

  it('should round-trip what it writes, storing only what is set', () => {
    const options = applyOptionFields(readBotOptions({}), {
      allowedTools: ['Read'],
      repository: { url: 'https://github.com/o/r.git', ref: 'main' },
      maxConcurrent: 2,
      retryAttempts: 5,
    });
    const stored = writeBotOptions(options);
    expect(stored).toEqual({
      allowedTools: ['Read'],
      repo: { url: 'https://github.com/o/r.git', ref: 'main' },
      maxConcurrent: 2,
      retry: { onRateLimit: { attempts: 5 }, onFailure: false },
    });
    expect(readBotOptions(stored)).toEqual(options);
    expect(writeBotOptions(readBotOptions({}))).toEqual({});
  });
});

describe(applyOptionFields.name, () => {
  it('should keep absent fields and clear null ones', () => {
    const current = readBotOptions({ maxConcurrent: 3, addDirs: ['/a'], repo: { url: 'file:///r' } });
    expect(applyOptionFields(current, { maxConcurrent: null, repository: undefined })).toMatchObject({
      maxConcurrent: null,
      addDirs: ['/a'],
      repo: { url: 'file:///r' },
    });
  });
});

describe(optionProblems.name, () => {
  it('should name options the backend does not take, and a workdir beside a repository', () => {
    const options = applyOptionFields(readBotOptions({}), {
      allowedTools: ['Read'],
      addDirs: ['/a'],
      repository: { url: 'file:///r' },
    });
    expect(optionProblems({ backend: 'codex', workdir: '/w', options }).map(([field]) => field)).toEqual([
      'allowedTools',
      'addDirs',
      'workdir',
    ]);
    expect(optionProblems({ backend: 'claude', workdir: null, options })).toEqual([]);
  });
});

describe('GIT_REF', () => {
  it('should take branch and tag names and refuse what git could misread', () => {
    for (const ok of ['main', 'feature/x-1', 'v1.2.3', 'release_2025']) expect(GIT_REF.test(ok)).toBe(true);
    for (const bad of ['-x', '--upload-pack=evil', 'a..b', '/abs', 'a//b', 'ends/', 'sp ace', '']) {
      expect(GIT_REF.test(bad)).toBe(false);
    }
  });
});

describe(commandProblem.name, () => {
  it('should want a command for the command backend and refuse one for the others', () => {
    expect(commandProblem('command', null)).toBe('is required when backend is "command"');
    expect(commandProblem('claude', ['x'])).toBe('is only allowed when backend is "command" (not "claude")');
    expect(commandProblem('command', ['x'])).toBeUndefined();
    expect(commandProblem('claude', undefined)).toBeUndefined();
  });
});
