import { describe, expect, it } from 'vitest';
import { githubContext } from '../github/github-event';
import { githubInput, manualInput, scheduleInput, webhookInput } from './execution-input';

const delivery = { id: 'd-1', event: 'push', payload: { a: 1 } };

describe('execution input builders', () => {
  it('a webhook run carries payload, event and delivery id (as the intake statement builds it)', () => {
    expect(webhookInput(delivery)).toStrictEqual({ payload: { a: 1 }, event: 'push', deliveryId: 'd-1' });
    expect(webhookInput({ ...delivery, event: null }).event).toBeNull();
  });

  it('a GitHub run adds the github context', () => {
    const github = githubContext('push', {});
    expect(githubInput(delivery, github)).toStrictEqual({ ...webhookInput(delivery), github });
  });

  it('a schedule tick carries its time, a manual run what was sent', () => {
    expect(scheduleInput(new Date(0))).toStrictEqual({
      event: 'schedule',
      scheduledAt: '1970-01-01T00:00:00.000Z',
    });
    expect(manualInput()).toStrictEqual({ input: {} });
    expect(manualInput({ x: 1 })).toStrictEqual({ input: { x: 1 } });
  });
});
