import path from 'node:path';
import { HOOKS_ROUTE } from '../common/hook-routes';

/**
 * Paths the web app never owns: a miss there stays the API's JSON 404. `/assets` is here too,
 * so a hashed file that an upgrade removed answers 404 instead of index.html with a 200.
 */
const NO_FALLBACK_PREFIXES = ['/api', `/${HOOKS_ROUTE}`, '/health', '/docs', '/metrics', '/assets'];

/** `<repo>/web/dist`: the same two levels up from `src/web/` and from `dist/web/`. */
export function defaultWebDistDir(): string {
  return path.resolve(__dirname, '..', '..', 'web', 'dist');
}

/** Whether an unknown GET should get index.html, so the client-side router can take it. */
export function isWebAppRoute(url: string): boolean {
  const pathname = url.split('?', 1)[0];
  return !NO_FALLBACK_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/**
 * Vite names everything under `assets/` by content hash, so those never change and may be kept
 * for a year; anything else (index.html above all) must be revalidated to pick up a new release.
 */
export function cacheControlFor(relativePath: string): string {
  return relativePath.split(path.sep).join('/').startsWith('assets/')
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
}
