import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendName } from '../../src/database/database.types';
import { authHeaders } from '../helpers/auth';
import { useFakeClis } from '../helpers/bot-engine';
import { TestApp, startTestApp } from '../helpers/test-app';
import {
  TestWorker,
  runBot,
  startTestWorker,
  storedRows,
  streamEvents,
  streamLines,
} from '../helpers/worker';

/** What each fake CLI prints for a plain prompt, as the log should read it. */
const EXPECTED: Record<Exclude<BackendName, 'command'>, { lines: string[]; usage: object }> = {
  claude: {
    lines: ["I'll start by looking at the files here.", '→ Bash ls', '← result', '  README.md', '  src'],
    usage: { cost_usd: '0.012300', input_tokens: 312, output_tokens: 45 },
  },
  codex: {
    lines: [
      'turn started',
      '… **Looking at the files**',
      '→ shell bash -lc ls',
      '← exit 0',
      '  README.md',
      'All done.',
    ],
    usage: { cost_usd: null, input_tokens: 24763, output_tokens: 122 },
  },
  gemini: {
    lines: ['Here is what I found about: look around', 'stats: 2 model requests, 1200 tokens in, 150 out'],
    usage: { cost_usd: null, input_tokens: 1200, output_tokens: 150 },
  },
  opencode: {
    lines: [
      'step started',
      '→ bash ls',
      '← result',
      '  README.md',
      'Finished the task.',
      'step finished: stop',
    ],
    usage: { cost_usd: '0.003000', input_tokens: 1350, output_tokens: 55 },
  },
};

describe('backends: the agent CLIs, end to end through the queue', () => {
  let w: TestWorker;
  let api: TestApp;
  let restorePath: () => void;

  beforeAll(async () => {
    restorePath = useFakeClis();
    w = await startTestWorker({ WORKER_ID: 'backends-cli-test' });
    api = await startTestApp(w.env);
  });
  afterAll(async () => {
    await api?.close();
    await w?.close();
    restorePath?.();
  });

  for (const backend of ['claude', 'codex', 'gemini', 'opencode'] as const) {
    it(`should run ${backend}, log readable lines with the raw ones kept, and record its usage`, async () => {
      const row = await runBot(w, { backend, model: 'test-model', prompt_template: 'look around' });
      expect(row).toMatchObject({
        status: 'succeeded',
        exit_code: 0,
        attempt: 1,
        ...EXPECTED[backend].usage,
      });

      const rows = await storedRows(w, row.id);
      const texts = rows.map((r) => r.text);
      expect(texts[0]).toBe(`started: ${backend}`);
      expect(texts.at(-1)).toBe('exit code 0');
      for (const line of EXPECTED[backend].lines) expect(texts).toContain(line);
      // Every line the CLI printed is there: as raw beside its rendering (JSON), or as the text itself.
      const outputRows = rows.filter((r) => r.stream === 'stdout');
      expect(outputRows.length).toBeGreaterThan(0);
      expect(outputRows.filter((r) => r.raw !== null).length).toBeGreaterThan(0);
      for (const r of outputRows.filter((r) => r.raw !== null)) expect(r.raw).not.toBe(r.text);
      expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));

      // The live stream carries the same lines, raw included.
      const live = await streamLines(w, row.id);
      expect(live.map(({ seq, text, raw }) => ({ seq, text, raw: raw ?? null }))).toEqual(
        rows.map(({ seq, text, raw }) => ({ seq, text, raw })),
      );
    });
  }

  it('should keep the raw JSON line beside its first readable line and pass the bot options as flags', async () => {
    const row = await runBot(w, {
      backend: 'claude',
      prompt_template: 'check',
      options: { allowedTools: ['Read', 'Bash(git:*)'], addDirs: ['/tmp'] },
    });
    const rows = await storedRows(w, row.id);
    const init = rows.find((r) => r.text.startsWith('session started'));
    expect(JSON.parse(init!.raw!)).toMatchObject({
      allowed_tools: ['Read', 'Bash(git:*)'],
      add_dirs: ['/tmp'],
    });
    // One JSON line became two log lines: its raw text is kept beside the first of them.
    const said = rows.findIndex((r) => r.text === "I'll start by looking at the files here.");
    expect(JSON.parse(rows[said].raw!)).toMatchObject({ type: 'assistant' });
    expect(rows[said + 1]).toMatchObject({ text: '→ Bash ls', raw: null });
  });

  it('should serve cost, tokens and raw lines through the API', async () => {
    const row = await runBot(w, { backend: 'claude', prompt_template: 'api check' });
    const headers = await authHeaders(api, 'viewer');
    const execution = (await (
      await fetch(`${api.url}/api/executions/${row.id}`, { headers })
    ).json()) as object;
    expect(execution).toMatchObject({ costUsd: 0.0123, inputTokens: 312, outputTokens: 45 });
    const logs = (await (await fetch(`${api.url}/api/executions/${row.id}/logs`, { headers })).json()) as {
      items: { text: string; raw?: string }[];
    };
    const said = logs.items.find((l) => l.text === "I'll start by looking at the files here.");
    expect(said?.raw).toContain('"tool_use"');
    expect(logs.items.find((l) => l.text === 'exit code 0')).not.toHaveProperty('raw');
  });

  it('should fail without a retry when the CLI fails for another reason than a rate limit', async () => {
    const row = await runBot(w, { backend: 'claude', prompt_template: 'FAKE_FAIL' });
    expect(row).toMatchObject({ status: 'failed', exit_code: 1, error: 'exit code 1', attempt: 1 });
    const texts = (await storedRows(w, row.id)).map((r) => r.text);
    expect(texts).toContain('error: error_during_execution');
    expect(texts).toContain('Error: simulated failure (FAKE_FAIL)');
  });

  it('should fail a run whose CLI is not installed with a clear line', async () => {
    const row = await runBot(w, { backend: 'command', command: ['definitely-not-an-agent-cli'] });
    expect(row).toMatchObject({ status: 'failed', error: 'command not found: definitely-not-an-agent-cli' });
  });

  it('should fail when an extra directory does not exist', async () => {
    const row = await runBot(w, {
      backend: 'claude',
      prompt_template: 'x',
      options: { addDirs: ['/no/such/dir/x'] },
    });
    expect(row).toMatchObject({ status: 'failed', error: 'extra directory /no/such/dir/x does not exist' });
    expect((await streamEvents(w, row.id)).filter((e) => e.kind === 'end')).toHaveLength(1);
  });
});
