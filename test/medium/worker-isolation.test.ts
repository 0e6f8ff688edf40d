import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorker, runBot, startTestWorker, storedLines, storedStdout } from '../helpers/worker';

/**
 * Who a bot runs as, against a worker started as root with RUNNER_USER unset (the default): the
 * bot gets `nobody`, so neither the worker's environment nor its private files are readable to it.
 * Runs where the suite runs as root, as it does on CI; a worker of another user is covered by
 * test/cluster/worker-protection.test.ts.
 */
describe.runIf(process.getuid?.() === 0)('worker: a bot runs as another user than a root worker', () => {
  let w: TestWorker;
  let scratch: string;
  let secretFile: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'agented-isolation-'));
    chmodSync(scratch, 0o755);
    // Like the secrets volume: a folder and file only the worker's user may read.
    const secrets = join(scratch, 'secrets');
    mkdirSync(secrets, { mode: 0o700 });
    secretFile = join(secrets, 'MASTER_KEY');
    writeFileSync(secretFile, 'the-worker-only-secret\n', { mode: 0o600 });
    w = await startTestWorker({ RUNNER_USER: '', WORKSPACES_DIR: join(scratch, 'workspaces') });
  });
  afterAll(async () => {
    await w?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("should not let the bot read the worker's environment or its private files", async () => {
    const script = [
      'id -u',
      'cat /proc/$PPID/environ >/dev/null 2>&1 && echo ENVIRON-READABLE',
      'cat /proc/$PPID/cmdline >/dev/null 2>&1 && echo PROCESS-VISIBLE',
      'cat "$1" 2>/dev/null',
      'true',
    ].join('; ');
    const row = await runBot(w, { command: ['sh', '-c', script, 'sh', secretFile] });
    expect(row.status).toBe('succeeded');
    const out = await storedStdout(w, row.id);
    expect(out[0]).toBe('65534');
    expect(out).not.toContain('ENVIRON-READABLE');
    expect(out).not.toContain('the-worker-only-secret');
  });

  it('should give the bot a private HOME it can write, removed after the run', async () => {
    const row = await runBot(w, {
      command: ['sh', '-c', 'echo "$HOME"; touch "$HOME/x" && echo HOME-WRITABLE; stat -c %u:%a "$HOME"'],
    });
    const [home, writable, owner] = await storedStdout(w, row.id);
    expect(home).toMatch(/agented-run-/);
    expect(writable).toBe('HOME-WRITABLE');
    expect(owner).toBe('65534:700');
    expect(() => execFileSync('test', ['-e', home])).toThrow();
  });

  it('should clone a repository as the bot user into a workspace only it can read', async () => {
    const repo = join(scratch, 'repo');
    mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'README'), 'hello\n');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'first');
    // git refuses to read a local repository that another user owns (safe.directory).
    execFileSync('chown', ['-R', '65534:65534', repo]);

    const bot = await startTestWorker({
      RUNNER_USER: '',
      WORKSPACES_DIR: join(scratch, 'ws-clone'),
      CLONE_ALLOW_FILE_URLS: 'true',
    });
    try {
      const row = await runBot(bot, {
        options: { repo: { url: `file://${repo}` } },
        command: ['sh', '-c', 'id -u; cat README; touch new && echo WORKSPACE-WRITABLE; stat -c %u:%a .'],
      });
      expect(row.status, JSON.stringify(await storedLines(bot, row.id))).toBe('succeeded');
      expect(await storedStdout(bot, row.id)).toEqual(['65534', 'hello', 'WORKSPACE-WRITABLE', '65534:700']);
    } finally {
      await bot.close();
    }
  });
});
