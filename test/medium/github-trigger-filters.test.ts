import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBot, createTrigger } from '../factories/api';
import { ApiClient, Json, apiAs, expectError, readJson } from '../helpers/api';
import { githubPayload } from '../helpers/github-fixtures';
import { TestApp, startTestApp } from '../helpers/test-app';
import { accepted, sendGithubDelivery } from '../helpers/webhooks';

const SECRET = 'github-filters-test-secret-0123456789';

/** The fixture's comment (by octocat, a MEMBER) as written by someone else. */
function commentBy(association: string, login = 'octocat'): string {
  const payload = githubPayload('issue_comment.created');
  const comment = payload.comment as Json;
  return JSON.stringify({
    ...payload,
    comment: { ...comment, author_association: association },
    sender: { ...(payload.sender as Json), login },
  });
}

describe('GitHub triggers: who may start them', () => {
  let t: TestApp;
  let operator: ApiClient;

  const newTrigger = async (config: Json) =>
    createTrigger(operator, (await createBot(operator)).id, { type: 'github', ...config });
  const started = async (event: string, body: string) =>
    (await accepted(await sendGithubDelivery(t, SECRET, { event, body }))).executionIds;
  const triggersOf = (executionIds: string[]) =>
    executionIds.length
      ? t.db
          .selectFrom('executions')
          .select('trigger_id')
          .where('id', 'in', executionIds)
          .execute()
          .then((rows) => rows.map((r) => r.trigger_id))
      : [];

  beforeAll(async () => {
    t = await startTestApp({ GITHUB_WEBHOOK_SECRET: SECRET });
    operator = await apiAs(t, 'operator');
  });
  afterEach(async () => {
    await t.db.deleteFrom('triggers').where('type', '=', 'github').execute();
  });
  afterAll(() => t.close());

  it('should not start on a comment by someone without write access, unless the trigger says so', async () => {
    const byDefault = await newTrigger({ events: ['issue_comment.created'] });
    const widened = await newTrigger({
      events: ['issue_comment.created'],
      authorAssociations: ['OWNER', 'MEMBER', 'COLLABORATOR', 'NONE'],
    });
    const named = await newTrigger({ events: ['issue_comment.created'], senders: ['Drive-By'] });

    const byOutsider = await triggersOf(await started('issue_comment', commentBy('NONE', 'drive-by')));
    expect(byOutsider.sort()).toEqual([widened.id, named.id].sort());
    expect((await triggersOf(await started('issue_comment', commentBy('MEMBER')))).sort()).toEqual(
      [byDefault.id, widened.id].sort(),
    );
  });

  it("should not start on a pull request from an outsider's fork by default", async () => {
    const byDefault = await newTrigger({ events: ['pull_request.opened'] });
    const contributors = await newTrigger({
      events: ['pull_request.opened'],
      authorAssociations: ['CONTRIBUTOR'],
    });
    const body = JSON.stringify(githubPayload('pull_request.opened')); // a CONTRIBUTOR's, from a fork
    const startedBy = await triggersOf(await started('pull_request', body));
    expect(startedBy).toEqual([contributors.id]);
    expect(startedBy).not.toContain(byDefault.id);
  });

  it('should store, show and change senders and authorAssociations', async () => {
    const trigger = await newTrigger({ events: ['issue_comment'] });
    expect(trigger).toMatchObject({ senders: [], authorAssociations: null });
    const path = `/api/triggers/${String(trigger.id)}`;
    const changed = await readJson(
      await operator.call('PATCH', path, { senders: ['octocat'], authorAssociations: ['OWNER'] }),
      200,
    );
    expect(changed).toMatchObject({ senders: ['octocat'], authorAssociations: ['OWNER'] });
    expect(
      await readJson(await operator.call('PATCH', path, { senders: null, authorAssociations: null }), 200),
    ).toMatchObject({ senders: [], authorAssociations: null });
  });

  it.each([
    [
      'a login with spaces',
      { senders: ['not a login'] },
      /^senders\.0: must be a GitHub login like "octocat"/,
    ],
    ['a login too long', { senders: ['x'.repeat(40)] }, /^senders\.0: must be a GitHub login/],
    ['101 senders', { senders: Array.from({ length: 101 }, (_, i) => `user-${i}`) }, /^senders: /],
    ['an unknown association', { authorAssociations: ['MAINTAINER'] }, /^authorAssociations\.0: /],
    [
      'no association',
      { authorAssociations: [] },
      /^authorAssociations: must name at least one association; null means the default/,
    ],
  ])('should answer 400 naming the field for %s', async (_what, config, message) => {
    const { id } = await createBot(operator);
    await expectError(
      await operator.call('POST', `/api/bots/${id}/triggers`, {
        type: 'github',
        events: ['push'],
        ...config,
      }),
      400,
      message,
    );
  });
});
