import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../helpers/auth';
import { RunningProcess, freePort, startEntrypoint, waitForReady } from '../helpers/processes';
import { TEST_ADMIN, TestEnv, createTestEnv } from '../helpers/test-env';
import { Browser, launchChromium } from './browser';
import { BotsPage } from './pages/BotsPage';
import { ExecutionPage } from './pages/ExecutionPage';
import { LoginPage } from './pages/LoginPage';

const ROOT = path.resolve(__dirname, '..', '..');
const SCREENSHOT = '/tmp/agented-console.png';
const FAILURE_SCREENSHOT = '/tmp/agented-console-failure.png';
const BOT_NAME = 'e2e-greeter';
/** Three green lines, 300 ms apart, greeting the run's input: long enough to watch them arrive. */
const GREETER = [
  'node',
  '-e',
  "let i=0;const t=setInterval(()=>{i++;console.log('\\x1b[32mhello '+process.argv[1]+' '+i+'\\x1b[0m');if(i===3)clearInterval(t)},300)",
  '{{input.who}}',
];

/**
 * The web console as a person uses it, on the built API and worker: sign in, open a bot, run it,
 * watch the log arrive live and the run succeed, reload and still be signed in.
 */
describe('web console', () => {
  let env: TestEnv;
  let baseUrl: string;
  let browser: Browser;
  const procs: RunningProcess[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) {
      execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
    }
    env = await createTestEnv();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const api = startEntrypoint('api', 'main.js', { ...env.vars, PORT: String(port), HOST: '127.0.0.1' });
    const worker = startEntrypoint('worker', 'worker.js', { ...env.vars, WORKER_ID: 'e2e-worker' });
    procs.push(api, worker);
    await waitForReady(`${baseUrl}/health/ready`, api);

    // Seeded through the API, not the UI: the test is about using the bot, not creating it.
    const { accessToken } = await login(baseUrl, TEST_ADMIN.email, TEST_ADMIN.password);
    const res = await fetch(`${baseUrl}/api/bots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: BOT_NAME, backend: 'command', command: GREETER, timeoutSeconds: 60 }),
    });
    expect(res.status).toBe(201);

    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(procs.map((p) => p.stop()));
    await env?.cleanup();
  });

  it('should sign in, run a bot and show its live log until it succeeds', async () => {
    const page = await browser.context.newPage();
    // Script errors, CSP refusals and failed calls all land here: the page must run clean under
    // the real CSP. The one expected failure: a stranger's first page asks to refresh a session
    // it does not have (the refresh cookie is httpOnly, so only the server can tell).
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
        problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('response', (res) => {
      const refreshWithoutSession = res.url().endsWith('/api/auth/refresh') && res.status() === 401;
      if (res.status() >= 400 && !refreshWithoutSession) problems.push(`${res.status()} ${res.url()}`);
    });

    await page.goto(`${baseUrl}/bots`);
    await page.waitForURL(`${baseUrl}/login?redirect=/bots`);
    await new LoginPage(page).signIn(TEST_ADMIN.email, TEST_ADMIN.password);
    await page.waitForURL(`${baseUrl}/bots`);

    const bots = new BotsPage(page);
    await bots.openFromNav(BOT_NAME);
    await bots.runNow({ who: 'e2e' });

    const execution = new ExecutionPage(page);
    await execution
      .logLine('hello e2e 1')
      .waitFor({ timeout: 20_000 })
      .catch(async (err: Error) => {
        await page.screenshot({ path: FAILURE_SCREENSHOT, fullPage: true });
        const output = procs.map((p) => `--- ${p.name}\n${p.output()}`).join('\n');
        throw new Error(`${err.message}\nbrowser: ${problems.join('\n')}\n${output}`);
      });
    await expect.poll(() => execution.status.textContent(), { timeout: 20_000 }).toBe('succeeded');
    await execution.logLine('hello e2e 3').waitFor();
    expect(await execution.stdoutTexts()).toEqual(['hello e2e 1', 'hello e2e 2', 'hello e2e 3']);
    expect(await execution.coloured('0, 187, 0').allTextContents()).toEqual([
      'hello e2e 1',
      'hello e2e 2',
      'hello e2e 3',
    ]);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // A reload starts without an access token: the refresh cookie signs the page in again and
    // the finished log is replayed from the record.
    await page.reload();
    await expect.poll(() => execution.status.textContent(), { timeout: 10_000 }).toBe('succeeded');
    await execution.logLine('hello e2e 3').waitFor();
    expect(await execution.stdoutTexts()).toEqual(['hello e2e 1', 'hello e2e 2', 'hello e2e 3']);
    expect(problems).toEqual([]);
  });
});
