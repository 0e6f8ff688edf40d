import { describe, expect, it } from 'vitest';
import { clearedRefreshCookie, readRefreshCookie, refreshCookie } from './refresh-cookie';

describe('refresh cookie', () => {
  it('should be httpOnly, strict, scoped to /api/auth, and Secure only over TLS', () => {
    expect(refreshCookie('abc', 60, false)).toBe(
      'agented_refresh=abc; Path=/api/auth; Max-Age=60; HttpOnly; SameSite=Strict',
    );
    expect(refreshCookie('abc', 60, true)).toMatch(/; Secure$/);
    expect(clearedRefreshCookie(false)).toMatch(/^agented_refresh=; Path=\/api\/auth; Max-Age=0;/);
  });

  it('should read the token back among other cookies', () => {
    expect(readRefreshCookie('theme=dark; agented_refresh=a-b_c; other=1')).toBe('a-b_c');
    expect(readRefreshCookie('theme=dark')).toBeUndefined();
    expect(readRefreshCookie('agented_refresh=')).toBeUndefined();
    expect(readRefreshCookie(undefined)).toBeUndefined();
  });
});
