import { describe, expect, it } from 'vitest';
import { cacheControlFor, isWebAppRoute } from './web-app';

describe(isWebAppRoute.name, () => {
  it('should give client-side routes to the web app', () => {
    expect(isWebAppRoute('/')).toBe(true);
    expect(isWebAppRoute('/bots/123/runs?tab=logs')).toBe(true);
    expect(isWebAppRoute('/apis')).toBe(true);
    expect(isWebAppRoute('/healthy')).toBe(true);
  });

  it('should leave server paths and missing assets to the API', () => {
    for (const url of [
      '/api',
      '/api/bots',
      '/hooks/abc',
      '/health',
      '/docs/json',
      '/metrics',
      '/assets/a.js',
    ]) {
      expect(isWebAppRoute(url)).toBe(false);
    }
    expect(isWebAppRoute('/api?x=1')).toBe(false);
  });
});

describe(cacheControlFor.name, () => {
  it('should let browsers keep hashed assets', () => {
    expect(cacheControlFor('assets/index-3f9a1c.js')).toBe('public, max-age=31536000, immutable');
  });

  it('should make browsers revalidate everything else', () => {
    expect(cacheControlFor('index.html')).toBe('no-cache');
    expect(cacheControlFor('favicon.svg')).toBe('no-cache');
  });
});
