import { ExecutionRow } from '../../src/database/database.types';

/** An execution row as the database returns it, for unit specs that never touch the database. */
export function executionRow(changes: Partial<ExecutionRow> = {}): ExecutionRow {
  return {
    id: 'e1',
    bot_id: 'b1',
    trigger_id: null,
    trigger_type: 'manual',
    delivery_id: null,
    retry_of: null,
    status: 'queued',
    attempt: 1,
    input: {},
    queued_at: new Date(),
    started_at: null,
    finished_at: null,
    exit_code: null,
    error: null,
    worker_id: null,
    cost_usd: null,
    input_tokens: null,
    output_tokens: null,
    cancel_requested_at: null,
    scheduled_at: null,
    ...changes,
  };
}
