import path from 'node:path';
import { ExecutionLogRow, ExecutionRow, NewBot } from '../../src/database/database.types';
import { TestWorker, seedBot, seedExecution, waitForEnd } from './worker';

/** The fake claude, codex, gemini and opencode executables (see test/fakes/bin). */
export const FAKE_BIN = path.resolve(__dirname, '..', 'fakes', 'bin');

/**
 * Puts the fake agent CLIs first on PATH; call it before starting the worker, which reads its
 * environment allowlist (PATH included) once. Returns the undo.
 */
export function useFakeClis(): () => void {
  const before = process.env.PATH;
  process.env.PATH = `${FAKE_BIN}:${before ?? ''}`;
  return () => {
    process.env.PATH = before;
  };
}

/** Seeds a bot and one execution of it, queues it, and waits for its end. */
export async function runBot(
  w: TestWorker,
  bot: Partial<NewBot>,
  input: Record<string, unknown> = {},
  timeoutMs?: number,
): Promise<ExecutionRow> {
  const { id: botId } = await seedBot(w.db, bot);
  const execution = await seedExecution(w.db, { bot_id: botId, input });
  await w.queue.queue('execution.run', { executionId: execution.id });
  return waitForEnd(w, execution.id, timeoutMs);
}

/** The stored log rows, raw text included. */
export function storedRows(w: TestWorker, executionId: string): Promise<ExecutionLogRow[]> {
  return w.db
    .selectFrom('execution_logs')
    .selectAll()
    .where('execution_id', '=', executionId)
    .orderBy('seq')
    .execute();
}
