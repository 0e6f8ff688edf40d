import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp, startTestApp } from '../helpers/test-app';

const INDEX = '<!doctype html><title>Agented</title><div id="app"></div>';
const ASSET = 'console.log("app");';

async function expectJson404(res: Response): Promise<void> {
  expect(res.status).toBe(404);
  expect(res.headers.get('content-type')).toContain('application/json');
  expect(await res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
}

describe('web app', () => {
  let dist: string;
  let t: TestApp;
  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'agented-web-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), INDEX);
    writeFileSync(path.join(dist, 'assets', 'index-3f9a1c.js'), ASSET);
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    t = await startTestApp({ WEB_DIST_DIR: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('should serve index.html at / and have it revalidated', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);
  });

  it('should answer a client-side route with index.html', async () => {
    const res = await fetch(`${t.url}/some/deep/route?tab=logs`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX);
  });

  it('should serve hashed assets with a long-lived cache header', async () => {
    const res = await fetch(`${t.url}/assets/index-3f9a1c.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe(ASSET);
  });

  it('should serve other files without a long-lived cache', async () => {
    const res = await fetch(`${t.url}/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('should keep 404s JSON under the server paths', async () => {
    for (const p of ['/api/nope', '/api', '/hooks', '/health/nope', '/metrics/x', '/assets/gone-123.js']) {
      await expectJson404(await fetch(`${t.url}${p}`));
    }
  });

  it('should not answer other methods with index.html', async () => {
    await expectJson404(await fetch(`${t.url}/some/route`, { method: 'POST' }));
  });

  it('should still serve the API', async () => {
    const res = await fetch(`${t.url}/health/live`);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('web app without a build', () => {
  let t: TestApp;
  let empty: string;
  beforeAll(async () => {
    empty = mkdtempSync(path.join(tmpdir(), 'agented-noweb-'));
    t = await startTestApp({ WEB_DIST_DIR: empty });
  });
  afterAll(async () => {
    await t.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('should start and answer / with a JSON 404', async () => {
    await expectJson404(await fetch(`${t.url}/`));
    expect((await fetch(`${t.url}/health/live`)).status).toBe(200);
  });
});
