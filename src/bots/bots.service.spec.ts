import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { botRow } from '../../test/factories/bot-rows';
import { newTestService } from '../../test/helpers/service-test';
import { Identity } from '../access/identity';
import { Role } from '../access/roles';
import { AuditService } from '../audit/audit.service';
import { CONFIG } from '../config/config.module';
import { BotRow } from '../database/database.types';
import { BotSecretsRepository } from './bot-secrets.repository';
import { CreateBotSchema } from './bots.dto';
import { BotsRepository } from './bots.repository';
import { BotsService } from './bots.service';

const as = (role: Role): Identity => ({ kind: 'api-key', userId: 'u1', apiKeyId: 'k1', role });
const operator = as('operator');
const nameTaken = Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'bots_name_key' });

function setup({
  stored = botRow(),
  allowFileUrls = false,
}: { stored?: BotRow; allowFileUrls?: boolean } = {}) {
  const { sut, mocks } = newTestService(BotsService, {
    values: [{ provide: CONFIG, useValue: { CLONE_ALLOW_FILE_URLS: allowFileUrls } }],
  });
  const bots = mocks.get(BotsRepository);
  bots.findById.mockResolvedValue(stored);
  bots.list.mockResolvedValue([stored, botRow({ id: 'b2', name: 'other' })]);
  bots.create.mockImplementation(() => Promise.resolve(stored));
  bots.update.mockResolvedValue(stored);
  bots.delete.mockResolvedValue(true);
  mocks.get(BotSecretsRepository).namesByBot.mockResolvedValue(new Map([['b1', ['API_TOKEN']]]));
  return { sut, mocks, bots };
}

describe(BotsService.name, () => {
  describe('list and get', () => {
    it('should hide secret names from viewers without reading them', async () => {
      const { sut, mocks } = setup();
      const listed = await sut.list(as('viewer'));
      expect(listed.map((b) => 'secretNames' in b)).toEqual([false, false]);
      expect(await sut.get(as('viewer'), 'b1')).not.toHaveProperty('secretNames');
      expect(mocks.get(BotSecretsRepository).namesByBot).not.toHaveBeenCalled();
    });

    it('should show operators the secret names, none for a bot without secrets', async () => {
      const { sut, mocks } = setup();
      const listed = await sut.list(operator);
      expect(listed.map((b) => b.secretNames)).toEqual([['API_TOKEN'], []]);
      // One query for the whole list.
      expect(mocks.get(BotSecretsRepository).namesByBot).toHaveBeenCalledExactlyOnceWith(['b1', 'b2']);
      await expect(sut.get(operator, 'b1')).resolves.toMatchObject({ secretNames: ['API_TOKEN'] });
    });

    it('should answer 404 for an unknown bot', async () => {
      const { sut, bots } = setup();
      bots.findById.mockResolvedValue(undefined);
      await expect(sut.get(operator, 'b-none')).rejects.toBeInstanceOf(NotFoundException);
    });
  });

  describe('create', () => {
    const dto = (fields: Record<string, unknown> = {}) =>
      CreateBotSchema.parse({ name: 'reviewer', backend: 'command', command: ['echo'], ...fields });

    it('should refuse a file:// repository unless the server allows it', async () => {
      const local = dto({ repository: { url: 'file:///srv/repo.git' } });
      const refused = setup();
      await expect(refused.sut.create(operator, local)).rejects.toBeInstanceOf(BadRequestException);
      expect(refused.bots.create).not.toHaveBeenCalled();

      const allowed = setup({ allowFileUrls: true });
      await allowed.sut.create(operator, local);
      expect(allowed.bots.create).toHaveBeenCalledOnce();
    });

    it('should answer 409 naming a name that is taken', async () => {
      const { sut, bots } = setup();
      bots.create.mockRejectedValue(nameTaken);
      await expect(sut.create(operator, dto())).rejects.toThrow(
        new ConflictException('name: a bot named "reviewer" already exists'),
      );
    });

    it('should store the options and record who created the bot', async () => {
      const { sut, mocks, bots } = setup();
      await expect(sut.create(operator, dto({ maxConcurrent: 2 }))).resolves.toMatchObject({
        secretNames: [],
      });
      expect(bots.create).toHaveBeenCalledWith(
        expect.objectContaining({
          name: 'reviewer',
          command: ['echo'],
          options: expect.objectContaining({ maxConcurrent: 2 }),
        }),
      );
      expect(mocks.get(AuditService).record).toHaveBeenCalledWith(
        operator,
        'bot.create',
        { type: 'bot', id: 'b1' },
        { name: 'reviewer', backend: 'command' },
      );
    });
  });

  describe('update', () => {
    it('should check the command against the stored backend and the new one', async () => {
      const { sut, bots } = setup({ stored: botRow({ backend: 'command', command: ['echo'] }) });
      await expect(sut.update(operator, 'b1', { backend: 'claude' })).rejects.toThrow(
        'command: is only allowed when backend is "command" (not "claude")',
      );
      await expect(sut.update(operator, 'b1', { command: null })).rejects.toThrow(
        'command: is required when backend is "command"',
      );
      expect(bots.update).not.toHaveBeenCalled();
      await sut.update(operator, 'b1', { backend: 'claude', command: null });
      expect(bots.update).toHaveBeenCalledOnce();
    });

    it('should refuse a repository beside the stored workdir', async () => {
      const { sut, bots } = setup({ stored: botRow({ workdir: '/srv/work', command: ['echo'] }) });
      await expect(
        sut.update(operator, 'b1', { repository: { url: 'https://example.com/r.git', ref: null } }),
      ).rejects.toThrow(/^workdir: must be null when a repository is set/);
      expect(bots.update).not.toHaveBeenCalled();
    });

    it('should answer 404 when the bot went away, and 409 for a taken name', async () => {
      const { sut, bots } = setup({ stored: botRow({ command: ['echo'] }) });
      bots.update.mockResolvedValueOnce(undefined);
      await expect(sut.update(operator, 'b1', { description: 'x' })).rejects.toBeInstanceOf(
        NotFoundException,
      );
      bots.update.mockRejectedValueOnce(nameTaken);
      await expect(sut.update(operator, 'b1', { name: 'other' })).rejects.toBeInstanceOf(ConflictException);
    });
  });

  describe('remove', () => {
    it('should answer 404 for an unknown bot and record nothing', async () => {
      const { sut, mocks, bots } = setup();
      bots.delete.mockResolvedValue(false);
      await expect(sut.remove(operator, 'b-none')).rejects.toBeInstanceOf(NotFoundException);
      expect(mocks.get(AuditService).record).not.toHaveBeenCalled();
    });
  });
});
