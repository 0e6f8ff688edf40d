import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { githubTargets } from './github-trigger';
import { wantedPattern } from './schedule-sync';
import { readGithubConfig, readScheduleConfig, readWebhookConfig } from './trigger-config';
import { mapTrigger } from './triggers.dto';
import { webhookTriggerRuns } from './webhook-trigger';
import { TriggerRow } from '../database/database.types';

const row = (type: TriggerRow['type'], config: Record<string, unknown>, id = crypto.randomUUID()) =>
  ({
    id,
    bot_id: crypto.randomUUID(),
    type,
    enabled: true,
    config,
    token: 'tok',
    secret_encrypted: null,
    created_at: new Date(0),
    updated_at: new Date(0),
  }) as TriggerRow;

afterEach(() => vi.restoreAllMocks());

describe('trigger config readers', () => {
  it('parse what the API stores, filling defaults', () => {
    expect(readWebhookConfig({ id: 'a', config: {} })).toEqual({ match: [] });
    expect(readGithubConfig({ id: 'b', config: { events: ['push'] } })).toEqual({
      events: ['push'],
      repositories: [],
      mention: null,
      senders: [],
      authorAssociations: null,
    });
    expect(readScheduleConfig({ id: 'c', config: { cron: '0 * * * *', timezone: 'UTC' } })).toEqual({
      cron: '0 * * * *',
      timezone: 'UTC',
    });
  });

  it('read a row that no longer parses as undefined, and log it once', () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const bad = { id: crypto.randomUUID(), config: { match: 'not a list' } };
    expect(readWebhookConfig(bad)).toBeUndefined();
    expect(readWebhookConfig(bad)).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('a webhook trigger whose rules do not parse runs nothing instead of throwing', () => {
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const trigger = { ...row('webhook', { match: [{ op: 'eq' }] }), bot_enabled: true };
    expect(() => webhookTriggerRuns(trigger, { a: 1 })).not.toThrow();
    expect(webhookTriggerRuns(trigger, { a: 1 })).toBe(false);
  });

  it('a webhook trigger whose rules were edited is matched by the new rules, never the remembered ones', () => {
    const id = crypto.randomUUID();
    const trigger = (value: string) => ({
      ...row('webhook', { match: [{ path: 'action', op: 'eq', value }] }, id),
      bot_enabled: true,
    });
    expect(webhookTriggerRuns(trigger('opened'), { action: 'opened' })).toBe(true);
    expect(webhookTriggerRuns(trigger('closed'), { action: 'opened' })).toBe(false);
    expect(webhookTriggerRuns(trigger('opened'), { action: 'opened' })).toBe(true);
  });

  it('a GitHub trigger without events matches no event instead of throwing', () => {
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const trigger = { ...row('github', {}), bot_enabled: true };
    expect(githubTargets([trigger], 'push', {})).toEqual([]);
  });

  it('a schedule whose pattern does not parse gets no scheduler', () => {
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    expect(wantedPattern(row('schedule', { cron: 42 }))).toBeUndefined();
    expect(wantedPattern(row('schedule', { cron: '*/5 * * * *', timezone: 'UTC' }))).toEqual({
      cron: '*/5 * * * *',
      timezone: 'UTC',
    });
  });

  it('the API lists a row that does not parse with empty settings, not a 500', () => {
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    expect(mapTrigger(row('github', { events: 'push' }))).toMatchObject({ events: [], senders: [] });
    expect(mapTrigger(row('schedule', {}))).toMatchObject({ cron: '', nextRunAt: null });
  });
});
