import { BotRow } from '../../src/database/database.types';

/** A bot row as the database returns it, for unit specs that never touch the database. */
export function botRow(changes: Partial<BotRow> = {}): BotRow {
  return {
    id: 'b1',
    name: 'reviewer',
    description: '',
    backend: 'command',
    model: null,
    prompt_template: '',
    command: null,
    workdir: null,
    timeout_seconds: 60,
    enabled: true,
    options: {},
    created_at: new Date(),
    updated_at: new Date(),
    ...changes,
  };
}
