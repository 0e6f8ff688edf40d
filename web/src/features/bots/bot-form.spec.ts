import { describe, expect, it } from 'vitest';
import { type BotDraft, draftFromBot, inputFromDraft, validateDraft } from './bot-form';

const draft = (overrides: Partial<BotDraft>): BotDraft => ({ ...draftFromBot(), name: 'bot', ...overrides });

describe(validateDraft.name, () => {
  it('should accept a new claude bot with the defaults', () => {
    expect(validateDraft(draft({}))).toEqual({});
  });

  it("should refuse options the backend's CLI does not take", () => {
    expect(validateDraft(draft({ backend: 'codex', allowedTools: ['Bash'], addDirs: ['/srv'] }))).toEqual({
      allowedTools: 'only the claude backend takes it',
      addDirs: 'only the claude and gemini backends take it',
    });
  });

  it('should refuse a repository with credentials, a bad ref, and a workdir beside it', () => {
    expect(
      validateDraft(
        draft({ repositoryUrl: 'https://me:pw@example.com/r.git', repositoryRef: '-x', workdir: '/tmp/w' }),
      ),
    ).toEqual({
      repositoryUrl: 'must not hold credentials (put a token in the GIT_TOKEN secret)',
      repositoryRef: 'must be a branch or tag name',
      workdir: 'must be empty when a repository is set: runs use a fresh clone',
    });
  });

  it('should check the optional numbers only when given', () => {
    expect(
      validateDraft(draft({ maxConcurrent: '', retryAttempts: '21', retryBackoffSeconds: '-1' })),
    ).toEqual({
      retryAttempts: 'must be between 1 and 20',
      retryBackoffSeconds: 'must be a whole number',
    });
  });

  it('should refuse a model or tool that would read as an option', () => {
    expect(validateDraft(draft({ model: '--danger', allowedTools: ['-x'] }))).toEqual({
      model: 'must not start with "-"',
      allowedTools: 'items must not start with "-"',
    });
  });
});

describe(inputFromDraft.name, () => {
  it('should clear what the form left empty and what the backend does not use', () => {
    const input = inputFromDraft(
      draft({
        backend: 'gemini',
        model: ' ',
        command: ['ignored'],
        allowedTools: ['Bash'],
        addDirs: ['/srv', ' '],
      }),
    );
    expect(input).toMatchObject({
      model: null,
      command: null,
      allowedTools: [],
      addDirs: ['/srv'],
      repository: null,
      maxConcurrent: null,
    });
  });
});
