import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/crypto/secret-box';
import { WorkspaceCleaner } from '../../src/executions/workspaces/workspace-cleaner';
import { insertBot } from '../factories/bot-rows';
import { useFakeClis } from '../helpers/bot-engine';
import { TestWorker, queueRun, runBot, startTestWorker, storedRows, waitForEnd } from '../helpers/worker';

const git = (cwd: string, ...args: string[]) =>
  execFileSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args],
    {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ).trim();

/** A bare repository with `main` and two branches, each one commit ahead; returns their commits. */
function createRepository(root: string): { url: string; commits: Record<string, string> } {
  const bare = join(root, 'origin.git');
  const work = join(root, 'work');
  git(root, 'init', '--bare', bare);
  git(root, 'init', work);
  const commits: Record<string, string> = {};
  for (const branch of ['main', 'feature', 'pr-head']) {
    if (branch !== 'main') git(work, 'checkout', '-q', '-b', branch, 'main');
    writeFileSync(join(work, `${branch}.txt`), branch);
    git(work, 'add', '.');
    git(work, 'commit', '-q', '-m', branch);
    commits[branch] = git(work, 'rev-parse', 'HEAD');
    git(work, 'push', '-q', bare, branch);
  }
  return { url: `file://${bare}`, commits };
}

describe('backends: workspaces', () => {
  let w: TestWorker;
  let restorePath: () => void;
  let root: string;
  let workspaces: string;
  let repo: ReturnType<typeof createRepository>;

  const lineValue = async (executionId: string, key: string) =>
    (await storedRows(w, executionId)).find((r) => r.text.startsWith(`${key}=`))?.text.slice(key.length + 1);

  beforeAll(async () => {
    restorePath = useFakeClis();
    root = mkdtempSync(join(tmpdir(), 'agented-ws-test-'));
    workspaces = join(root, 'workspaces');
    repo = createRepository(root);
    // The test repository lives on this disk: file:// clones need the server's consent.
    w = await startTestWorker({
      WORKER_ID: 'backends-workspace-test',
      WORKSPACES_DIR: workspaces,
      CLONE_ALLOW_FILE_URLS: 'true',
    });
  });
  afterAll(async () => {
    await w?.close();
    rmSync(root, { recursive: true, force: true });
    restorePath?.();
  });

  it("should run the CLI inside a fresh clone at the bot's ref and remove it afterwards", async () => {
    const row = await runBot(w, {
      backend: 'claude',
      prompt_template: 'FAKE_PWD',
      options: { repo: { url: repo.url, ref: 'feature' } },
    });
    expect(row.status).toBe('succeeded');
    expect(await lineValue(row.id, 'cwd')).toBe(join(workspaces, row.id));
    expect(await lineValue(row.id, 'head')).toBe(repo.commits.feature);
    const texts = (await storedRows(w, row.id)).map((r) => r.text);
    expect(texts).toContain(`cloning ${repo.url} at feature`);
    expect(existsSync(join(workspaces, row.id))).toBe(false);
  });

  it("should clone a pull request's head branch for a GitHub pull_request event", async () => {
    const row = await runBot(
      w,
      { backend: 'codex', prompt_template: 'FAKE_PWD', options: { repo: { url: repo.url, ref: 'main' } } },
      { event: 'pull_request.opened', payload: { pull_request: { head: { ref: 'pr-head' } } } },
    );
    expect(row.status).toBe('succeeded');
    expect(await lineValue(row.id, 'head')).toBe(repo.commits['pr-head']);
  });

  it('should clone the default branch when no ref is set', async () => {
    const row = await runBot(w, {
      backend: 'command',
      command: ['git', 'rev-parse', 'HEAD'],
      options: { repo: { url: repo.url } },
    });
    expect(row.status).toBe('succeeded');
    expect((await storedRows(w, row.id)).map((r) => r.text)).toContain(repo.commits.main);
  });

  it("should keep a failed run's workspace, and the cleaner should remove it once its time is up", async () => {
    const row = await runBot(w, {
      backend: 'claude',
      prompt_template: 'FAKE_PWD FAKE_FAIL',
      options: { repo: { url: repo.url, ref: 'feature' } },
    });
    expect(row.status).toBe('failed');
    const dir = join(workspaces, row.id);
    expect(existsSync(join(dir, 'feature.txt'))).toBe(true);
    const texts = (await storedRows(w, row.id)).map((r) => r.text);
    expect(texts.some((t) => t.startsWith('workspace kept until ') && t.endsWith(`: ${dir}`))).toBe(true);

    const cleaner = w.app.get(WorkspaceCleaner);
    await cleaner.sweep();
    expect(existsSync(dir)).toBe(true);
    await cleaner.sweep(Date.now() + w.env.config.WORKSPACE_KEEP_FAILED_SECONDS * 1000 + 1000);
    expect(existsSync(dir)).toBe(false);
  });

  it('should fail clearly when the ref does not exist, and leave nothing behind', async () => {
    const row = await runBot(w, {
      backend: 'claude',
      prompt_template: 'FAKE_PWD',
      options: { repo: { url: repo.url, ref: 'no-such-branch' } },
    });
    expect(row).toMatchObject({
      status: 'failed',
      exit_code: null,
      error: 'git clone failed: exit code 128',
    });
    const texts = (await storedRows(w, row.id)).map((r) => r.text);
    expect(texts.some((t) => t.includes('no-such-branch') && t.includes('not found'))).toBe(true);
    expect(texts).not.toContain('started: claude');
    expect(existsSync(join(workspaces, row.id))).toBe(false);
  });

  it('should refuse to clone a ref from a payload that could be read as an option', async () => {
    const row = await runBot(
      w,
      { backend: 'claude', prompt_template: 'x', options: { repo: { url: repo.url } } },
      {
        event: 'pull_request.opened',
        payload: { pull_request: { head: { ref: '--upload-pack=touch /tmp/x' } } },
      },
    );
    expect(row).toMatchObject({
      status: 'failed',
      error: 'cannot clone "--upload-pack=touch /tmp/x": not a branch or tag name',
    });
  });

  it('should give git the GIT_TOKEN secret without it reaching the log', async () => {
    const bot = await insertBot(w.db, {
      command: ['sh', '-c', 'echo "token=$GIT_TOKEN"; git log -1 --format=%H'],
      options: { repo: { url: repo.url, ref: 'feature' } },
    });
    const sealed = w.app.get(SecretBox).encrypt('ghp_example0123456789');
    await w.db
      .insertInto('bot_secrets')
      .values({ bot_id: bot.id, name: 'GIT_TOKEN', value_encrypted: sealed })
      .execute();
    const execution = await queueRun(w, bot.id);
    const row = await waitForEnd(w, execution.id);
    expect(row.status).toBe('succeeded');
    const texts = (await storedRows(w, row.id)).map((r) => r.text);
    expect(texts).toContain('token=***');
    expect(texts).toContain(repo.commits.feature);
    expect(JSON.stringify(texts)).not.toContain('ghp_example');
  });
});

describe('backends: workspaces on a worker that does not allow file:// clones', () => {
  let w: TestWorker;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'agented-ws-test-'));
    w = await startTestWorker({
      WORKER_ID: 'backends-workspace-file-test',
      WORKSPACES_DIR: join(root, 'ws'),
    });
  });
  afterAll(async () => {
    await w?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('should refuse to clone a file:// repository stored before the rule, without running git', async () => {
    const repo = createRepository(root);
    const row = await runBot(w, {
      command: ['echo', 'the bot ran'],
      options: { repo: { url: repo.url } },
    });
    expect(row).toMatchObject({
      status: 'failed',
      exit_code: null,
      error: `cannot clone ${repo.url}: file:// URLs are refused unless the server sets CLONE_ALLOW_FILE_URLS=true (a clone of the worker's own disk can read any repository on it)`,
    });
    const texts = (await storedRows(w, row.id)).map((r) => r.text);
    expect(texts).not.toContain(`cloning ${repo.url}`);
    expect(texts).not.toContain('the bot ran');
  });
});
