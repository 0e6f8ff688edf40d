import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthHeaders, authHeaders } from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';

describe('bots: engine options', () => {
  let t: TestApp;
  let operator: AuthHeaders;
  let seq = 0;

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${t.url}${path}`, {
      method,
      headers: { ...operator, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const create = (fields: Record<string, unknown>) =>
    call('POST', '/api/bots', { name: `opts-${++seq}`, backend: 'claude', ...fields });
  const message = async (res: Response) => ((await res.json()) as { message: string }).message;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await authHeaders(t, 'operator');
  });
  afterAll(() => t.close());

  it('should store the options and return them as top-level fields', async () => {
    const res = await create({
      allowedTools: ['Read', 'Bash(git log:*)'],
      addDirs: ['/srv/shared'],
      repository: { url: 'https://github.com/acme/app.git', ref: 'main' },
      maxConcurrent: 2,
      retryAttempts: 5,
      retryBackoffSeconds: 30,
      retryOnFailure: true,
    });
    expect(res.status).toBe(201);
    const bot = (await res.json()) as Record<string, unknown>;
    expect(bot).toMatchObject({
      allowedTools: ['Read', 'Bash(git log:*)'],
      addDirs: ['/srv/shared'],
      repository: { url: 'https://github.com/acme/app.git', ref: 'main' },
      maxConcurrent: 2,
      retryAttempts: 5,
      retryBackoffSeconds: 30,
      retryOnFailure: true,
    });
    expect(await (await call('GET', `/api/bots/${bot.id as string}`)).json()).toEqual(bot);
  });

  it('should change some options with PATCH, keep the others, and clear with null', async () => {
    const bot = (await (await create({ maxConcurrent: 3, addDirs: ['/a'], retryAttempts: 2 })).json()) as {
      id: string;
    };
    const res = await call('PATCH', `/api/bots/${bot.id}`, {
      maxConcurrent: null,
      repository: { url: 'file:///srv/mirror.git' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      maxConcurrent: null,
      addDirs: ['/a'],
      retryAttempts: 2,
      repository: { url: 'file:///srv/mirror.git', ref: null },
    });
  });

  it('should refuse values that are not valid, naming the field', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ addDirs: ['relative/path'] }, /^addDirs\.0: must be an absolute path/],
      [{ allowedTools: ['--dangerously-skip-permissions'] }, /^allowedTools\.0: must not start with "-"/],
      [
        { repository: { url: 'https://user:pw@github.com/a/b.git' } },
        /^repository\.url: must be an https:\/\/ or file:\/\/ URL without credentials/,
      ],
      [{ repository: { url: 'ssh://git@github.com/a/b.git' } }, /^repository\.url: /],
      [
        { repository: { url: 'https://github.com/a/b.git', ref: '--upload-pack=x' } },
        /^repository\.ref: must be a branch or tag name/,
      ],
      [{ maxConcurrent: 0 }, /^maxConcurrent: /],
      [{ retryAttempts: 21 }, /^retryAttempts: /],
      [{ model: '--help' }, /^model: must not start with "-"/],
    ];
    for (const [fields, expected] of cases) {
      const res = await create(fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(await message(res)).toMatch(expected);
    }
  });

  it('should refuse options the backend does not take, on create and on change', async () => {
    const res = await create({ backend: 'codex', allowedTools: ['Read'] });
    expect(res.status).toBe(400);
    expect(await message(res)).toBe('allowedTools: only the claude backend takes it');

    const bot = (await (await create({ allowedTools: ['Read'] })).json()) as { id: string };
    const patched = await call('PATCH', `/api/bots/${bot.id}`, { backend: 'opencode' });
    expect(patched.status).toBe(400);
    expect(await message(patched)).toBe('allowedTools: only the claude backend takes it');
  });

  it('should refuse a workdir beside a repository', async () => {
    const res = await create({ workdir: '/srv/app', repository: { url: 'https://github.com/a/b.git' } });
    expect(res.status).toBe(400);
    expect(await message(res)).toMatch(/^workdir: must be null when a repository is set/);
  });
});
