import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUT_MARK } from '../../src/templates/template-renderer';
import {
  TestWorker,
  runBot,
  startTestWorker,
  storedLines,
  streamEvents,
  streamLines,
} from '../helpers/worker';

const PARENT_ONLY = 'AGENTED_TEST_PARENT_ONLY';

describe('worker: running executions', () => {
  let w: TestWorker;

  beforeAll(async () => {
    // Set before boot: a variable the worker process has must not reach the bot's process.
    process.env[PARENT_ONLY] = 'leaked';
    w = await startTestWorker({ WORKER_ID: 'worker-run-test', TEMPLATE_VALUE_MAX_CHARS: '300' });
  });
  afterAll(async () => {
    delete process.env[PARENT_ONLY];
    await w?.close();
  });

  it('should run a command bot, stream its lines in order and store the same lines', async () => {
    const row = await runBot(
      w,
      { command: ['sh', '-c', 'echo one; echo two >&2; echo "{{payload.x}}"'] },
      { payload: { x: 'three' } },
    );
    expect(row).toMatchObject({
      status: 'succeeded',
      exit_code: 0,
      error: null,
      worker_id: 'worker-run-test',
    });

    const events = await streamEvents(w, row.id);
    expect(events[0]).toMatchObject({ kind: 'status', data: { id: row.id, status: 'running' } });
    expect(events.at(-2)).toMatchObject({ kind: 'status', data: { status: 'succeeded', exitCode: 0 } });
    expect(events.at(-1)).toMatchObject({ kind: 'end', data: { status: 'succeeded', exitCode: 0 } });

    const lines = await streamLines(w, row.id);
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(lines[0]).toMatchObject({ stream: 'system', text: 'started: sh' });
    expect(lines.at(-1)).toMatchObject({ stream: 'system', text: 'exit code 0' });
    // stdout and stderr are separate pipes: only the order within one stream is guaranteed
    const output = lines.slice(1, -1);
    expect(output.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(['one', 'three']);
    expect(output.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(['two']);
    expect(await storedLines(w, row.id)).toEqual(lines);
  });

  it('should fail with the exit code when the command exits non-zero', async () => {
    const row = await runBot(w, { command: ['sh', '-c', 'echo bad >&2; exit 3'] });
    expect(row).toMatchObject({ status: 'failed', exit_code: 3, error: 'exit code 3' });
    expect((await storedLines(w, row.id)).at(-1)).toMatchObject({ stream: 'system', text: 'exit code 3' });
  });

  it('should fail with a clear line when the program does not exist', async () => {
    const row = await runBot(w, { command: ['no-such-program-agented', '--help'] });
    expect(row).toMatchObject({
      status: 'failed',
      exit_code: null,
      error: 'command not found: no-such-program-agented',
    });
    expect((await streamLines(w, row.id)).map((l) => l.text)).toEqual([
      'started: no-such-program-agented',
      'command not found: no-such-program-agented',
    ]);
  });

  it('should fail an agent bot whose prompt renders empty, before starting anything', async () => {
    const row = await runBot(w, { backend: 'claude', command: null, prompt_template: '{{payload.missing}}' });
    expect(row).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/: the prompt renders empty$/),
    });
    expect((await storedLines(w, row.id)).map((l) => l.text)).toEqual([row.error]);
  });

  it('should give the process a clean environment from the allowlist only', async () => {
    const row = await runBot(w, {
      command: [
        'sh',
        '-c',
        `echo "parent=\${${PARENT_ONLY}:-absent}"; echo "db=\${DATABASE_URL:-absent}"; echo "path=\${PATH:+present}"`,
      ],
    });
    expect(row.status).toBe('succeeded');
    const out = (await storedLines(w, row.id)).filter((l) => l.stream === 'stdout').map((l) => l.text);
    expect(out).toEqual(['parent=absent', 'db=absent', 'path=present']);
  });

  it('should pass a placeholder with shell metacharacters as one literal argv item', async () => {
    const marker = join(tmpdir(), `agented-injected-${randomBytes(4).toString('hex')}`);
    const value = `$(touch ${marker}); echo split \`touch ${marker}\``;
    const row = await runBot(
      w,
      { command: ['printf', '[%s]\\n', '{{payload.x}}'] },
      { payload: { x: value } },
    );
    expect(row.status).toBe('succeeded');
    const out = (await storedLines(w, row.id)).filter((l) => l.stream === 'stdout').map((l) => l.text);
    expect(out).toEqual([`[${value}]`]);
    expect(existsSync(marker)).toBe(false);
  });

  it('should cut a long value at TEMPLATE_VALUE_MAX_CHARS, as the preview does', async () => {
    const row = await runBot(
      w,
      { command: ['printf', '%s', '{{payload.x}}'] },
      { payload: { x: 'x'.repeat(1_000) } },
    );
    expect(row.status).toBe('succeeded');
    const out = (await storedLines(w, row.id)).filter((l) => l.stream === 'stdout').map((l) => l.text);
    expect(out).toEqual([`${'x'.repeat(300)}${CUT_MARK}`]);
  });

  it('should keep 5,000 lines, in order, without gaps, in Redis and PostgreSQL', async () => {
    const row = await runBot(w, { command: ['seq', '1', '5000'] });
    expect(row.status).toBe('succeeded');
    const expected = Array.from({ length: 5000 }, (_, i) => String(i + 1));
    for (const lines of [await streamLines(w, row.id), await storedLines(w, row.id)]) {
      expect(lines.map((l) => l.seq)).toEqual(Array.from({ length: 5002 }, (_, i) => i + 1));
      expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(expected);
    }
  });

  it('should run in the bot workdir when one is set', async () => {
    const row = await runBot(w, { command: ['pwd'], workdir: tmpdir() });
    expect((await storedLines(w, row.id)).find((l) => l.stream === 'stdout')?.text).toBe(tmpdir());
  });

  it('should fail when the bot workdir does not exist', async () => {
    const row = await runBot(w, { command: ['pwd'], workdir: '/no/such/dir/agented' });
    expect(row).toMatchObject({ status: 'failed', error: 'workdir /no/such/dir/agented does not exist' });
  });
});
