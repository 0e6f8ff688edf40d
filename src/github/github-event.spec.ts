import { describe, expect, it } from 'vitest';
import { githubPayload } from '../../test/helpers/github-fixtures';
import {
  githubAuthorAssociation,
  githubContext,
  githubEventKey,
  githubRepository,
  githubText,
  isForkPullRequest,
} from './github-event';

describe('GitHub events', () => {
  describe(githubEventKey.name, () => {
    it('should pair the event with the action of the payload', () => {
      expect(githubEventKey('pull_request', githubPayload('pull_request.opened'))).toBe(
        'pull_request.opened',
      );
      expect(githubEventKey('issue_comment', githubPayload('issue_comment.created'))).toBe(
        'issue_comment.created',
      );
      expect(githubEventKey('issues', githubPayload('issues.labeled'))).toBe('issues.labeled');
    });

    it('should be the bare event when there is no action', () => {
      expect(githubEventKey('push', githubPayload('push'))).toBe('push');
      expect(githubEventKey('push', { action: 42 })).toBe('push');
      expect(githubEventKey('push', null)).toBe('push');
    });
  });

  describe(githubContext.name, () => {
    it('should map pull_request.opened', () => {
      expect(githubContext('pull_request', githubPayload('pull_request.opened'))).toEqual({
        event: 'pull_request',
        action: 'opened',
        repo: 'acme-corp/widgets',
        sender: 'jdoe-dev',
        pr: {
          number: 42,
          title: 'Fix sprocket alignment on resize',
          url: 'https://github.com/acme-corp/widgets/pull/42',
          author: 'jdoe-dev',
          branch: 'fix/sprocket-resize',
          base: 'main',
        },
        issue: null,
        comment: null,
        push: null,
      });
    });

    it('should map a comment on a pull request to the PR, the issue and the comment', () => {
      expect(githubContext('issue_comment', githubPayload('issue_comment.created'))).toEqual({
        event: 'issue_comment',
        action: 'created',
        repo: 'acme-corp/widgets',
        sender: 'octocat',
        pr: {
          number: 42,
          title: 'Fix sprocket alignment on resize',
          url: 'https://github.com/acme-corp/widgets/pull/42',
          author: 'jdoe-dev',
          branch: null,
          base: null,
        },
        issue: {
          number: 42,
          title: 'Fix sprocket alignment on resize',
          url: 'https://github.com/acme-corp/widgets/pull/42',
        },
        comment: {
          body: '@agented-bot please review this, especially the resize handler.',
          author: 'octocat',
          url: 'https://github.com/acme-corp/widgets/pull/42#issuecomment-2501234567',
        },
        push: null,
      });
    });

    it('should map issues.labeled without a PR', () => {
      expect(githubContext('issues', githubPayload('issues.labeled'))).toMatchObject({
        action: 'labeled',
        repo: 'acme-corp/widgets',
        sender: 'octocat',
        pr: null,
        issue: {
          number: 43,
          title: 'Gizmo crashes when the config file is empty',
          url: 'https://github.com/acme-corp/widgets/issues/43',
        },
        comment: null,
      });
    });

    it('should map push with its branch', () => {
      expect(githubContext('push', githubPayload('push'))).toEqual({
        event: 'push',
        action: null,
        repo: 'acme-corp/widgets',
        sender: 'jdoe-dev',
        pr: null,
        issue: null,
        comment: null,
        push: {
          ref: 'refs/heads/main',
          branch: 'main',
          after: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
          compareUrl: 'https://github.com/acme-corp/widgets/compare/5e0d1b8f2c3a...0d1a26e67d8f',
        },
      });
    });

    it('should give a tag push no branch', () => {
      expect(githubContext('push', { ref: 'refs/tags/v1.0.0' }).push?.branch).toBeNull();
    });

    it('should turn missing or mistyped fields into null, never throw', () => {
      const odd = {
        action: ['x'],
        repository: 'acme/widgets',
        pull_request: { number: '42', user: null, head: [] },
      };
      expect(githubContext('pull_request', odd)).toEqual({
        event: 'pull_request',
        action: null,
        repo: null,
        sender: null,
        pr: { number: null, title: null, url: null, author: null, branch: null, base: null },
        issue: null,
        comment: null,
        push: null,
      });
      expect(githubContext('ping', 'not an object')).toMatchObject({ repo: null, pr: null });
    });

    it('should not read inherited properties', () => {
      const payload = JSON.parse('{"__proto__": {"action": "opened"}}') as unknown;
      expect(githubContext('pull_request', payload).action).toBeNull();
    });
  });

  describe(githubRepository.name, () => {
    it('should read owner/repo, or null without a repository', () => {
      expect(githubRepository(githubPayload('ping'))).toBe('acme-corp/widgets');
      expect(githubRepository({})).toBeNull();
    });
  });

  describe(githubText.name, () => {
    it('should prefer the comment, then the issue or PR body', () => {
      expect(githubText(githubPayload('issue_comment.created'))).toMatch(/^@agented-bot please review/);
      expect(githubText(githubPayload('issues.labeled'))).toMatch(/^Steps:/);
      expect(githubText(githubPayload('pull_request.opened'))).toMatch(/^The sprockets drift/);
      expect(githubText(githubPayload('push'))).toBeNull();
    });
  });

  describe(githubAuthorAssociation.name, () => {
    it("should read the association of the comment's author, not the issue's, for comment events", () => {
      expect(githubAuthorAssociation('issue_comment', githubPayload('issue_comment.created'))).toBe('MEMBER');
      expect(githubAuthorAssociation('pull_request_review', { review: { author_association: 'NONE' } })).toBe(
        'NONE',
      );
    });

    it('should read the pull request or issue author for their events, and nothing for others', () => {
      expect(githubAuthorAssociation('pull_request', githubPayload('pull_request.opened'))).toBe(
        'CONTRIBUTOR',
      );
      expect(githubAuthorAssociation('issues', githubPayload('issues.labeled'))).toBe('MEMBER');
      expect(githubAuthorAssociation('push', githubPayload('push'))).toBeNull();
      expect(githubAuthorAssociation('issue_comment', { comment: { author_association: 7 } })).toBeNull();
      expect(githubAuthorAssociation('toString', {})).toBeNull();
    });
  });

  describe(isForkPullRequest.name, () => {
    it("should tell a fork's pull request from a branch's, in any case", () => {
      const forked = githubPayload('pull_request.opened');
      expect(isForkPullRequest(forked)).toBe(true);
      const pr = (repo: unknown, base = 'Acme/App') => ({
        pull_request: { head: { repo }, base: { repo: { full_name: base } } },
      });
      expect(isForkPullRequest(pr({ full_name: 'acme/app' }))).toBe(false);
      expect(isForkPullRequest(pr(null))).toBe(true);
      expect(isForkPullRequest(githubPayload('push'))).toBe(false);
    });
  });
});
