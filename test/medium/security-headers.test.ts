import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';

describe('security headers and CORS', () => {
  let t: TestApp;
  let withCors: TestApp;

  beforeAll(async () => {
    [t, withCors] = await Promise.all([
      startTestApp({ TRUSTED_PROXIES: '127.0.0.1' }),
      startTestApp({ CORS_ORIGINS: 'https://console.example.com' }),
    ]);
  });
  afterAll(async () => {
    for (const app of [t, withCors]) await app.close();
  });

  it.each(['/health/live', '/api/auth/me', '/docs', '/docs/json'])('should protect %s', async (route) => {
    const res = await fetch(`${t.url}${route}`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('should keep the web UI within the CSP: scripts only from files, no inline handlers', () => {
    const html = readFileSync(path.resolve(__dirname, '..', '..', 'web', 'index.html'), 'utf8');
    const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\ssrc=/);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });

  it('should send HSTS only when the request came over TLS via a trusted proxy', async () => {
    expect((await fetch(`${t.url}/health/live`)).headers.get('strict-transport-security')).toBeNull();
    const tls = await fetch(`${t.url}/health/live`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    const spoofed = await fetch(`${withCors.url}/health/live`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers.get('strict-transport-security')).toBeNull();
  });

  it('should mark the refresh cookie Secure over TLS', async () => {
    const { ADMIN_EMAIL, ADMIN_PASSWORD } = t.env.vars;
    const login = await signIn(t.url, ADMIN_EMAIL, ADMIN_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/; Secure/);
    const plain = await signIn(t.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  const preflight = (url: string, origin: string) =>
    fetch(`${url}/api/auth/me`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });

  it('should leave CORS off by default', async () => {
    const res = await preflight(t.url, 'https://console.example.com');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${t.url}/health/live`, { headers: { origin: 'https://console.example.com' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('should allow only the configured origins, with credentials and never *', async () => {
    const allowed = await preflight(withCors.url, 'https://console.example.com');
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);

    const other = await preflight(withCors.url, 'https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${withCors.url}/health/live`, {
      headers: { origin: 'https://evil.example.net' },
    });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});
