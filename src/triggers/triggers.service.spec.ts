import { BadRequestException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { botRow } from '../../test/factories/bot-rows';
import { newTestService } from '../../test/helpers/service-test';
import { AuditService } from '../audit/audit.service';
import { Identity } from '../access/identity';
import { Role } from '../access/roles';
import { BotsRepository } from '../bots/bots.repository';
import { SecretBox } from '../crypto/secret-box';
import { TriggerRow } from '../database/database.types';
import { ScheduleSync } from './schedule-sync';
import { TriggersRepository } from './triggers.repository';
import { TriggersService } from './triggers.service';

const as = (role: Role): Identity => ({ kind: 'api-key', userId: 'u1', apiKeyId: 'k1', role });
const operator = as('operator');

const triggerRow = (changes: Partial<TriggerRow> = {}): TriggerRow => ({
  id: 't1',
  bot_id: 'b1',
  type: 'webhook',
  enabled: true,
  config: { match: [] },
  token: 'tok',
  secret_encrypted: 'sealed',
  created_at: new Date(),
  updated_at: new Date(),
  ...changes,
});
const schedule = triggerRow({
  type: 'schedule',
  config: { cron: '*/5 * * * *', timezone: 'UTC' },
  token: null,
  secret_encrypted: null,
});
const github = triggerRow({
  type: 'github',
  config: { events: ['push'] },
  token: null,
  secret_encrypted: null,
});

function setup(stored: TriggerRow = triggerRow()) {
  const { sut, mocks } = newTestService(TriggersService);
  const triggers = mocks.get(TriggersRepository);
  mocks.get(BotsRepository).findById.mockResolvedValue(botRow());
  mocks.get(ScheduleSync).apply.mockResolvedValue(undefined);
  mocks.get(SecretBox).encrypt.mockImplementation((plain) => `sealed:${plain}`);
  triggers.findById.mockResolvedValue(stored);
  triggers.listByBot.mockResolvedValue([stored]);
  triggers.create.mockImplementation((row) =>
    Promise.resolve(
      triggerRow({
        type: row.type,
        config: JSON.parse(String(row.config)) as Record<string, unknown>,
        token: row.token ?? null,
        secret_encrypted: row.secret_encrypted ?? null,
      }),
    ),
  );
  triggers.update.mockImplementation((_, changes) =>
    Promise.resolve({
      ...stored,
      ...(changes.enabled !== undefined && { enabled: changes.enabled }),
      ...(changes.config && { config: changes.config }),
    }),
  );
  triggers.delete.mockResolvedValue(stored);
  triggers.setWebhookSecret.mockImplementation((_, sealed) =>
    Promise.resolve({ ...stored, secret_encrypted: sealed }),
  );
  return { sut, mocks, triggers };
}

describe(TriggersService.name, () => {
  describe('listForBot', () => {
    it("should not show viewers a webhook's URL, and show it to operators", async () => {
      const { sut } = setup();
      const [forViewer] = await sut.listForBot(as('viewer'), 'b1');
      const [forOperator] = await sut.listForBot(operator, 'b1');
      expect(forViewer).not.toHaveProperty('url');
      expect(forOperator).toMatchObject({ url: expect.stringMatching(/tok$/) });
    });

    it('should answer 404 for an unknown bot', async () => {
      const { sut, mocks, triggers } = setup();
      mocks.get(BotsRepository).findById.mockResolvedValue(undefined);
      await expect(sut.listForBot(operator, 'b-none')).rejects.toBeInstanceOf(NotFoundException);
      expect(triggers.listByBot).not.toHaveBeenCalled();
    });
  });

  describe('create', () => {
    it('should give a webhook trigger a URL token and a secret, stored encrypted and shown once', async () => {
      const { sut, triggers } = setup();
      const dto = { type: 'webhook' as const, enabled: true, match: [] };
      const created = await sut.create(operator, 'b1', dto);
      const [[row]] = triggers.create.mock.calls;
      expect(row.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(created).toMatchObject({ type: 'webhook', url: expect.stringContaining(String(row.token)) });
      const secret = 'secret' in created ? created.secret : undefined;
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      expect(row.secret_encrypted).toBe(`sealed:${secret}`);
      expect(row.config).toBe(JSON.stringify({ match: [] }));
    });

    it('should give a GitHub trigger neither a token nor a secret', async () => {
      const { sut, triggers } = setup();
      const dto = { type: 'github' as const, enabled: true, events: ['push'] };
      const created = await sut.create(operator, 'b1', dto);
      expect(triggers.create).toHaveBeenCalledWith(
        expect.objectContaining({ token: null, secret_encrypted: null }),
      );
      expect(created).not.toHaveProperty('secret');
    });

    it('should schedule a schedule trigger, and delete it again when it cannot be scheduled', async () => {
      const { sut, mocks, triggers } = setup();
      const dto = { type: 'schedule' as const, enabled: true, cron: '*/5 * * * *', timezone: 'UTC' };
      await sut.create(operator, 'b1', dto);
      expect(mocks.get(ScheduleSync).apply).toHaveBeenCalledWith(
        expect.objectContaining({ type: 'schedule' }),
      );
      expect(triggers.delete).not.toHaveBeenCalled();

      const down = new Error('Redis is unreachable');
      mocks.get(ScheduleSync).apply.mockRejectedValue(down);
      mocks.get(AuditService).record.mockClear();
      await expect(sut.create(operator, 'b1', dto)).rejects.toBe(down);
      expect(triggers.delete).toHaveBeenCalledWith('t1');
      expect(mocks.get(AuditService).record).not.toHaveBeenCalled();
    });

    it('should create nothing for an unknown bot', async () => {
      const { sut, mocks, triggers } = setup();
      mocks.get(BotsRepository).findById.mockResolvedValue(undefined);
      const dto = { type: 'webhook' as const, enabled: true, match: [] };
      await expect(sut.create(operator, 'b-none', dto)).rejects.toBeInstanceOf(NotFoundException);
      expect(triggers.create).not.toHaveBeenCalled();
    });
  });

  describe('update', () => {
    it.each([
      [github, { match: [] }, 'match: not a setting of github triggers'],
      [triggerRow(), { cron: '* * * * *' }, 'cron: not a setting of webhook triggers'],
      [schedule, { events: ['push'] }, 'events: not a setting of schedule triggers'],
    ])('should refuse a field of another trigger type (%#)', async (stored, dto, message) => {
      const { sut, triggers } = setup(stored);
      await expect(sut.update(operator, 't1', dto)).rejects.toThrow(new BadRequestException(message));
      expect(triggers.update).not.toHaveBeenCalled();
    });

    it('should check the merged settings as a whole: a new time zone against the stored cron', async () => {
      const { sut, mocks, triggers } = setup(schedule);
      await expect(sut.update(operator, 't1', { timezone: 'Mars/Olympus' })).rejects.toBeInstanceOf(
        BadRequestException,
      );
      expect(triggers.update).not.toHaveBeenCalled();

      await sut.update(operator, 't1', { timezone: 'Europe/Berlin' });
      expect(triggers.update).toHaveBeenCalledWith('t1', {
        enabled: undefined,
        config: { cron: '*/5 * * * *', timezone: 'Europe/Berlin' },
      });
      expect(mocks.get(ScheduleSync).apply).toHaveBeenCalledWith(
        expect.objectContaining({ config: { cron: '*/5 * * * *', timezone: 'Europe/Berlin' } }),
      );
    });

    it('should leave the settings alone when only enabled changes', async () => {
      const { sut, mocks, triggers } = setup();
      await sut.update(operator, 't1', { enabled: false });
      expect(triggers.update).toHaveBeenCalledWith('t1', { enabled: false, config: undefined });
      expect(mocks.get(ScheduleSync).apply).not.toHaveBeenCalled();
    });

    it('should answer 404 for an unknown trigger', async () => {
      const { sut, triggers } = setup();
      triggers.findById.mockResolvedValue(undefined);
      await expect(sut.update(operator, 't-none', { enabled: false })).rejects.toBeInstanceOf(
        NotFoundException,
      );
      expect(triggers.update).not.toHaveBeenCalled();
    });
  });

  describe('remove', () => {
    it("should remove a schedule trigger's scheduler with it", async () => {
      const { sut, mocks } = setup(schedule);
      await sut.remove(operator, 't1');
      expect(mocks.get(ScheduleSync).remove).toHaveBeenCalledWith('t1');
    });

    it('should leave the schedulers alone for other triggers', async () => {
      const { sut, mocks } = setup();
      await sut.remove(operator, 't1');
      expect(mocks.get(ScheduleSync).remove).not.toHaveBeenCalled();
    });
  });

  describe('rotateSecret', () => {
    it('should store a new encrypted secret for a webhook trigger and show it once', async () => {
      const { sut, triggers } = setup();
      const rotated = await sut.rotateSecret(operator, 't1');
      expect(rotated.secret).toMatch(/^[0-9a-f]{64}$/);
      expect(triggers.setWebhookSecret).toHaveBeenCalledWith('t1', `sealed:${rotated.secret}`);
      expect(rotated.url).toMatch(/tok$/);
    });

    it.each([github, schedule])(
      'should refuse a $type trigger: it has no secret of its own',
      async (stored) => {
        const { sut, mocks, triggers } = setup(stored);
        await expect(sut.rotateSecret(operator, 't1')).rejects.toBeInstanceOf(BadRequestException);
        expect(triggers.setWebhookSecret).not.toHaveBeenCalled();
        expect(mocks.get(SecretBox).encrypt).not.toHaveBeenCalled();
      },
    );
  });
});
