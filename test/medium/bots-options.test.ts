import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../factories/api';
import { ApiClient, Json, apiAs, expectError, readJson } from '../helpers/api';
import { TestApp, startTestApp } from '../helpers/test-app';

describe('bots: engine options', () => {
  let t: TestApp;
  let operator: ApiClient;
  let seq = 0;

  /** The answer to creating a claude bot with these fields, accepted or not. */
  const create = (fields: Json) =>
    operator.call('POST', '/api/bots', { name: `opts-${++seq}`, backend: 'claude', ...fields });

  beforeAll(async () => {
    t = await startTestApp();
    operator = await apiAs(t, 'operator');
  });
  afterAll(() => t.close());

  it('should store the options and return them as top-level fields', async () => {
    const options = {
      allowedTools: ['Read', 'Bash(git log:*)'],
      addDirs: ['/srv/shared'],
      repository: { url: 'https://github.com/acme/app.git', ref: 'main' },
      maxConcurrent: 2,
      retryAttempts: 5,
      retryBackoffSeconds: 30,
      retryOnFailure: true,
    };
    const bot = await createBot(operator, options);
    expect(bot).toMatchObject(options);
    expect(await readJson(await operator.call('GET', `/api/bots/${bot.id}`), 200)).toEqual(bot);
  });

  it('should change some options with PATCH, keep the others, and clear with null', async () => {
    const bot = await createBot(operator, { maxConcurrent: 3, addDirs: ['/a'], retryAttempts: 2 });
    const res = await operator.call('PATCH', `/api/bots/${bot.id}`, {
      maxConcurrent: null,
      repository: { url: 'https://git.example.com/mirror.git' },
    });
    expect(await readJson(res, 200)).toMatchObject({
      maxConcurrent: null,
      addDirs: ['/a'],
      retryAttempts: 2,
      repository: { url: 'https://git.example.com/mirror.git', ref: null },
    });
  });

  it('should refuse a file:// repository unless the server allows it, on create and on change', async () => {
    const refused =
      /^repository\.url: file:\/\/ URLs are refused unless the server sets CLONE_ALLOW_FILE_URLS=true/;
    await expectError(await create({ repository: { url: 'file:///srv/mirror.git' } }), 400, refused);
    const bot = await createBot(operator);
    const res = await operator.call('PATCH', `/api/bots/${bot.id}`, { repository: { url: 'file:///etc/x' } });
    await expectError(res, 400, refused);
    expect(await readJson(await operator.call('GET', `/api/bots/${bot.id}`), 200)).toMatchObject({
      repository: null,
    });
  });

  it('should take only absolute, normal directories for workdir and addDirs', async () => {
    const cases: [Json, RegExp][] = [
      [{ workdir: 'srv/app' }, /^workdir: must be an absolute path without "\.", "\.\." or empty segments$/],
      [{ workdir: '/srv/app/../../etc' }, /^workdir: must be an absolute path/],
      [{ workdir: '/srv//app' }, /^workdir: must be an absolute path/],
      [{ workdir: '/srv/./app' }, /^workdir: must be an absolute path/],
      [{ addDirs: ['/srv/shared/..'] }, /^addDirs\.0: must be an absolute path/],
    ];
    for (const [fields, expected] of cases) await expectError(await create(fields), 400, expected);
    const bot = await createBot(operator, { workdir: '/srv/app' });
    expect(bot).toMatchObject({ workdir: '/srv/app' });
    await expectError(
      await operator.call('PATCH', `/api/bots/${bot.id}`, { workdir: '../other' }),
      400,
      /^workdir: must be an absolute path/,
    );
  });

  it('should refuse values that are not valid, naming the field', async () => {
    const cases: [Json, RegExp][] = [
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
    for (const [fields, expected] of cases) await expectError(await create(fields), 400, expected);
  });

  it('should refuse options the backend does not take, on create and on change', async () => {
    const onlyClaude = /^allowedTools: only the claude backend takes it$/;
    await expectError(await create({ backend: 'codex', allowedTools: ['Read'] }), 400, onlyClaude);

    const bot = await createBot(operator, { allowedTools: ['Read'] });
    await expectError(
      await operator.call('PATCH', `/api/bots/${bot.id}`, { backend: 'opencode' }),
      400,
      onlyClaude,
    );
  });

  it('should refuse a workdir beside a repository', async () => {
    const res = await create({ workdir: '/srv/app', repository: { url: 'https://github.com/a/b.git' } });
    await expectError(res, 400, /^workdir: must be null when a repository is set/);
  });
});
