import { ConflictException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { botRow } from '../../test/factories/bot-rows';
import { executionRow } from '../../test/factories/execution-rows';
import { newTestService } from '../../test/helpers/service-test';
import { Identity } from '../access/identity';
import { AuditService } from '../audit/audit.service';
import { BotsRepository } from '../bots/bots.repository';
import { BotRow } from '../database/database.types';
import { CancelChannel } from '../live-log/cancel-channel';
import { ExecutionEventsRepository } from '../live-log/execution-events.repository';
import { QueueRepository } from '../queue/queue.repository';
import { ExecutionDispatcher } from './execution-dispatcher';
import { ExecutionsRepository } from './executions.repository';
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

  describe('cancel', () => {
    it('should cancel a queued execution on the spot: its job removed, its stream ended, no message', async () => {
      const { sut, mocks } = setup();
      const executions = mocks.get(ExecutionsRepository);
      executions.findById.mockResolvedValue(executionRow({ id: 'e1', status: 'queued' }));
      executions.cancelQueued.mockResolvedValue(executionRow({ id: 'e1', status: 'cancelled' }));
      mocks.get(ExecutionEventsRepository).lastSeq.mockResolvedValue(3);
      await expect(sut.cancel(operator, 'e1')).resolves.toMatchObject({ id: 'e1', status: 'cancelled' });
      expect(mocks.get(QueueRepository).remove).toHaveBeenCalledWith('execution.run', { executionId: 'e1' });
      expect(mocks.get(ExecutionEventsRepository).emitFinal).toHaveBeenCalledWith(
        expect.objectContaining({ status: 'cancelled' }),
        { status: 'cancelled', exitCode: null },
        3,
      );
      expect(mocks.get(CancelChannel).requestCancel).not.toHaveBeenCalled();
    });

    it('should flag a running execution and tell its worker over the cancel channel', async () => {
      const { sut, mocks } = setup();
      const executions = mocks.get(ExecutionsRepository);
      executions.findById.mockResolvedValue(executionRow({ id: 'e1', status: 'running' }));
      executions.cancelQueued.mockResolvedValue(undefined);
      executions.requestCancel.mockResolvedValue(executionRow({ id: 'e1', status: 'running' }));
      await sut.cancel(operator, 'e1');
      expect(mocks.get(CancelChannel).requestCancel).toHaveBeenCalledWith('e1');
      expect(mocks.get(QueueRepository).remove).not.toHaveBeenCalled();
      expect(mocks.get(AuditService).record).toHaveBeenCalledWith(
        operator,
        'execution.cancel',
        { type: 'execution', id: 'e1' },
        expect.objectContaining({ status: 'running' }),
      );
    });

    it('should answer 409 for a finished execution and 404 for an unknown one', async () => {
      const { sut, mocks } = setup();
      const executions = mocks.get(ExecutionsRepository);
      executions.findById.mockResolvedValueOnce(executionRow({ id: 'e1', status: 'succeeded' }));
      await expect(sut.cancel(operator, 'e1')).rejects.toBeInstanceOf(ConflictException);
      executions.findById.mockResolvedValueOnce(undefined);
      await expect(sut.cancel(operator, 'e-none')).rejects.toBeInstanceOf(NotFoundException);
      expect(executions.cancelQueued).not.toHaveBeenCalled();
    });
  });

  describe('retry', () => {
    it('should queue a new execution of the same bot, input and trigger context', async () => {
      const { sut, mocks } = setup();
      const original = executionRow({ id: 'e0', status: 'failed', input: { payload: { pr: 7 } } });
      mocks.get(ExecutionsRepository).findById.mockResolvedValue(original);
      await expect(sut.retry(operator, 'e0')).resolves.toEqual({ executionId: 'e1' });
      expect(mocks.get(ExecutionDispatcher).createAndQueue).toHaveBeenCalledWith([
        expect.objectContaining({
          bot_id: original.bot_id,
          trigger_type: 'retry',
          retry_of: 'e0',
          input: { payload: { pr: 7 } },
        }),
      ]);
    });

    it('should refuse an execution still running, and one of a disabled bot', async () => {
      const { sut, mocks, bots } = setup();
      const executions = mocks.get(ExecutionsRepository);
      executions.findById.mockResolvedValueOnce(executionRow({ id: 'e0', status: 'running' }));
      await expect(sut.retry(operator, 'e0')).rejects.toThrow(/still running/);
      executions.findById.mockResolvedValueOnce(executionRow({ id: 'e0', status: 'failed' }));
      bots.findById.mockResolvedValue(botRow({ enabled: false }));
      await expect(sut.retry(operator, 'e0')).rejects.toThrow(
        'Bot "reviewer" is disabled; enable it to run it',
      );
      expect(mocks.get(ExecutionDispatcher).createAndQueue).not.toHaveBeenCalled();
    });
  });
});
