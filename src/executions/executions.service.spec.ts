import { ConflictException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { botRow } from '../../test/factories/bot-rows';
import { executionRow } from '../../test/factories/execution-rows';
import { newTestService } from '../../test/helpers/service-test';
import { Identity } from '../access/identity';
import { AuditService } from '../audit/audit.service';
import { BotsRepository } from '../bots/bots.repository';
import { BotRow } from '../database/database.types';
import { ExecutionDispatcher } from './execution-dispatcher';
import { ExecutionsService } from './executions.service';

const operator: Identity = { kind: 'api-key', userId: 'u1', apiKeyId: 'k1', role: 'operator' };

function setup({ stored = botRow() }: { stored?: BotRow } = {}) {
  const { sut, mocks } = newTestService(ExecutionsService);
  const bots = mocks.get(BotsRepository);
  bots.findById.mockResolvedValue(stored);
  mocks.get(ExecutionDispatcher).createAndQueue.mockResolvedValue([executionRow({ id: 'e1' })]);
  return { sut, mocks, bots };
}

describe(ExecutionsService.name, () => {
  describe('runBot', () => {
    it('should queue a manual execution with the input and record it', async () => {
      const { sut, mocks } = setup();
      await expect(sut.runBot(operator, 'b1', { input: { pr: 7 } })).resolves.toEqual({ executionId: 'e1' });
      expect(mocks.get(ExecutionDispatcher).createAndQueue).toHaveBeenCalledWith([
        { bot_id: 'b1', trigger_type: 'manual', input: { input: { pr: 7 } } },
      ]);
      expect(mocks.get(AuditService).record).toHaveBeenCalledWith(
        operator,
        'bot.run',
        { type: 'execution', id: 'e1' },
        { botId: 'b1' },
      );
    });

    it('should refuse to run a disabled bot and start nothing', async () => {
      const { sut, mocks } = setup({ stored: botRow({ enabled: false }) });
      await expect(sut.runBot(operator, 'b1', {})).rejects.toThrow(
        new ConflictException('Bot "reviewer" is disabled; enable it to run it'),
      );
      expect(mocks.get(ExecutionDispatcher).createAndQueue).not.toHaveBeenCalled();
      expect(mocks.get(AuditService).record).not.toHaveBeenCalled();
    });

    it('should answer 404 for an unknown bot', async () => {
      const { sut, mocks, bots } = setup();
      bots.findById.mockResolvedValue(undefined);
      await expect(sut.runBot(operator, 'b-none', {})).rejects.toBeInstanceOf(NotFoundException);
      expect(mocks.get(ExecutionDispatcher).createAndQueue).not.toHaveBeenCalled();
    });
  });
});
