import { describe, expect, it } from 'vitest';
import { githubPayload } from '../../test/helpers/github-fixtures';
import { GithubTriggerConfig, githubTargets, githubTriggerMatches, mentions } from './github-trigger';

const opened = githubPayload('pull_request.opened');
const comment = githubPayload('issue_comment.created');
const labeled = githubPayload('issues.labeled');
const push = githubPayload('push');

describe(githubTriggerMatches.name, () => {
  const matches = (config: GithubTriggerConfig, event: string, payload: unknown) =>
    githubTriggerMatches(config, event, payload);

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
