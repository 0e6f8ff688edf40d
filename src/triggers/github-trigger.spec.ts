import { describe, expect, it } from 'vitest';
import { githubPayload } from '../../test/helpers/github-fixtures';
import { GithubTriggerConfig, githubTargets, githubTriggerMatches, mentions } from './github-trigger';

type Json = Record<string, unknown>;

/** The fixture's pull request comes from its author's fork. */
const forked = githubPayload('pull_request.opened');
/** The same one from a branch of the repository itself (its author can push there). */
const fromBranch = (pr: Json): Json => {
  const pull = pr.pull_request as { head: Json; base: { repo: Json } };
  return { ...pr, pull_request: { ...pull, head: { ...pull.head, repo: pull.base.repo } } };
};
const opened = fromBranch(forked);
const comment = githubPayload('issue_comment.created');
const labeled = githubPayload('issues.labeled');
const push = githubPayload('push');

const matches = (config: GithubTriggerConfig, event: string, payload: unknown) =>
  githubTriggerMatches(config, event, payload);

describe(githubTriggerMatches.name, () => {
  it('should select event.action pairs', () => {
    const config = { events: ['pull_request.opened', 'issues.labeled'] };
    expect(matches(config, 'pull_request', opened)).toBe(true);
    expect(matches(config, 'issues', labeled)).toBe(true);
    expect(matches({ events: ['pull_request.synchronize'] }, 'pull_request', opened)).toBe(false);
    expect(matches(config, 'issue_comment', comment)).toBe(false);
  });

  it('should take an entry without an action as every action of the event', () => {
    expect(matches({ events: ['pull_request'] }, 'pull_request', opened)).toBe(true);
    expect(matches({ events: ['issue_comment'] }, 'issue_comment', comment)).toBe(true);
  });

  it('should select push, which has no action', () => {
    expect(matches({ events: ['push'] }, 'push', push)).toBe(true);
    expect(matches({ events: ['push.created'] }, 'push', push)).toBe(false);
  });

  it('should keep to the repository allowlist, in any case', () => {
    expect(matches({ events: ['push'], repositories: ['Acme-Corp/Widgets'] }, 'push', push)).toBe(true);
    expect(matches({ events: ['push'], repositories: ['acme-corp/other'] }, 'push', push)).toBe(false);
    expect(matches({ events: ['push'], repositories: [] }, 'push', push)).toBe(true);
    expect(matches({ events: ['push'], repositories: ['acme-corp/widgets'] }, 'push', { ref: 'x' })).toBe(
      false,
    );
  });

  it('should require the mention when one is set', () => {
    const config = { events: ['issue_comment.created'] };
    expect(matches({ ...config, mention: '@agented-bot' }, 'issue_comment', comment)).toBe(true);
    expect(matches({ ...config, mention: '@other-bot' }, 'issue_comment', comment)).toBe(false);
    expect(matches({ ...config, mention: null }, 'issue_comment', comment)).toBe(true);
    expect(matches({ events: ['push'], mention: '@agented-bot' }, 'push', push)).toBe(false);
  });
});

describe(`${githubTriggerMatches.name}: who may start it`, () => {
  const by = (payload: Json, key: string, association: string, loginName?: string): Json => ({
    ...payload,
    [key]: { ...(payload[key] as Json), author_association: association },
    ...(loginName && { sender: { ...(payload.sender as Json), login: loginName } }),
  });
  const onComments = { events: ['issue_comment.created'] };
  const onPulls = { events: ['pull_request.opened'] };

  it('should take comments from owners, members and collaborators only, by default', () => {
    expect(matches(onComments, 'issue_comment', comment)).toBe(true); // a MEMBER's
    for (const association of ['OWNER', 'COLLABORATOR']) {
      expect(matches(onComments, 'issue_comment', by(comment, 'comment', association))).toBe(true);
    }
    for (const association of ['CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'NONE', 'BOGUS']) {
      expect(matches(onComments, 'issue_comment', by(comment, 'comment', association))).toBe(false);
    }
    const { author_association: _a, ...unsaid } = comment.comment as Json;
    expect(matches(onComments, 'issue_comment', { ...comment, comment: unsaid })).toBe(false);
  });

  it("should judge a comment by its author, not the issue's", () => {
    const outsiderIssue = by(comment, 'issue', 'NONE');
    expect(matches(onComments, 'issue_comment', outsiderIssue)).toBe(true);
  });

  it('should apply the same default to reviews and review comments', () => {
    const review = { action: 'submitted', review: { body: 'x', author_association: 'NONE' } };
    const reviewComment = { action: 'created', comment: { body: 'x', author_association: 'NONE' } };
    expect(matches({ events: ['pull_request_review'] }, 'pull_request_review', review)).toBe(false);
    expect(
      matches({ events: ['pull_request_review_comment'] }, 'pull_request_review_comment', reviewComment),
    ).toBe(false);
    expect(
      matches({ events: ['pull_request_review'] }, 'pull_request_review', by(review, 'review', 'OWNER')),
    ).toBe(true);
  });

  it("should take a fork's pull request only from owners, members and collaborators, by default", () => {
    expect(matches(onPulls, 'pull_request', forked)).toBe(false); // a CONTRIBUTOR's
    expect(matches(onPulls, 'pull_request', by(forked, 'pull_request', 'MEMBER'))).toBe(true);
    expect(matches(onPulls, 'pull_request', opened)).toBe(true); // the same CONTRIBUTOR's, from a branch
    const pull = forked.pull_request as { head: Json };
    const deletedFork = { ...forked, pull_request: { ...pull, head: { ...pull.head, repo: null } } };
    expect(matches(onPulls, 'pull_request', deletedFork)).toBe(false);
  });

  it('should leave events without an author, like push and labels, to the events list by default', () => {
    expect(matches({ events: ['push'] }, 'push', push)).toBe(true);
    expect(matches({ events: ['issues.labeled'] }, 'issues', by(labeled, 'issue', 'NONE'))).toBe(true);
  });

  it('should widen or narrow the default with authorAssociations', () => {
    const outsider = by(comment, 'comment', 'FIRST_TIME_CONTRIBUTOR');
    expect(
      matches({ ...onComments, authorAssociations: ['FIRST_TIME_CONTRIBUTOR'] }, 'issue_comment', outsider),
    ).toBe(true);
    expect(matches({ ...onComments, authorAssociations: ['OWNER'] }, 'issue_comment', comment)).toBe(false);
    expect(matches({ ...onPulls, authorAssociations: ['CONTRIBUTOR'] }, 'pull_request', forked)).toBe(true);
    expect(matches({ ...onPulls, authorAssociations: ['MEMBER'] }, 'pull_request', opened)).toBe(false);
    expect(matches({ ...onComments, authorAssociations: null }, 'issue_comment', outsider)).toBe(false);
    // an event that names no author cannot show one of the wanted associations
    expect(matches({ events: ['push'], authorAssociations: ['OWNER'] }, 'push', push)).toBe(false);
  });

  it('should take only the listed senders when senders are set, in any case', () => {
    const outsider = by(comment, 'comment', 'NONE', 'Renovate[bot]');
    expect(matches({ ...onComments, senders: ['renovate[bot]'] }, 'issue_comment', outsider)).toBe(true);
    expect(matches({ ...onComments, senders: ['someone-else'] }, 'issue_comment', comment)).toBe(false);
    expect(matches({ ...onComments, senders: [] }, 'issue_comment', outsider)).toBe(false);
    expect(matches({ events: ['push'], senders: ['jdoe-dev'] }, 'push', push)).toBe(true);
    const { sender: _s, ...anonymous } = push;
    expect(matches({ events: ['push'], senders: ['jdoe-dev'] }, 'push', anonymous)).toBe(false);
  });

  it('should require both when senders and authorAssociations are set', () => {
    const config = { ...onComments, senders: ['octocat'], authorAssociations: ['OWNER' as const] };
    expect(matches(config, 'issue_comment', comment)).toBe(false); // octocat, but a MEMBER
    expect(matches(config, 'issue_comment', by(comment, 'comment', 'OWNER'))).toBe(true);
  });
});

describe(mentions.name, () => {
  it('should find the handle on its own, in any case', () => {
    expect(mentions('@bot review', '@bot')).toBe(true);
    expect(mentions('please, @Bot.', '@bot')).toBe(true);
    expect(mentions('cc (@bot)', '@bot')).toBe(true);
    expect(mentions('first @botany then @bot', '@bot')).toBe(true);
  });

  it('should not find it inside a longer handle or an address', () => {
    expect(mentions('@botany', '@bot')).toBe(false);
    expect(mentions('@bot-two', '@bot')).toBe(false);
    expect(mentions('mail@bot', '@bot')).toBe(false);
    expect(mentions('', '@bot')).toBe(false);
    expect(mentions(null, '@bot')).toBe(false);
  });
});

describe(githubTargets.name, () => {
  it('should keep the matching triggers of enabled bots, in their order', () => {
    const trigger = (id: string, events: string[], bot_enabled = true) => ({
      id,
      bot_enabled,
      config: { events },
    });
    const triggers = [
      trigger('a', ['pull_request']),
      trigger('b', ['push']),
      trigger('c', ['pull_request.opened'], false),
      trigger('d', ['pull_request.opened']),
    ];
    expect(githubTargets(triggers, 'pull_request', opened).map((t) => t.id)).toEqual(['a', 'd']);
  });
});
