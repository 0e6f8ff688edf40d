/**
 * The browser keeps the refresh token in an httpOnly cookie that only `/api/auth` receives:
 * scripts cannot read it and other routes never see it. SameSite=Strict keeps other sites from
 * spending it; Secure whenever the request came over HTTPS (directly or via a trusted proxy).
 */
export const REFRESH_COOKIE = 'agented_refresh';
const COOKIE_PATH = '/api/auth';

export function refreshCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return serialize(token, maxAgeSeconds, secure);
}

export function clearedRefreshCookie(secure: boolean): string {
  return serialize('', 0, secure);
}

export function readRefreshCookie(cookieHeader: string | undefined): string | undefined {
  for (const part of cookieHeader?.split(';') ?? []) {
    const [name, ...value] = part.trim().split('=');
    if (name === REFRESH_COOKIE) return decodeURIComponent(value.join('=')) || undefined;
  }
  return undefined;
}

function serialize(value: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [`Path=${COOKIE_PATH}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict'];
  if (secure) attributes.push('Secure');
  return [`${REFRESH_COOKIE}=${encodeURIComponent(value)}`, ...attributes].join('; ');
}
