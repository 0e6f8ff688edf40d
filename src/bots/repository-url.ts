/**
 * Which repository URLs a bot may clone. git gets the URL as one argv item; credentials belong in
 * the GIT_TOKEN secret, never in it. A file:// URL reads the worker's own disk (any repository
 * there, other bots' mirrors included), so it needs the server's CLONE_ALLOW_FILE_URLS.
 */
export const FILE_URLS_FLAG = 'CLONE_ALLOW_FILE_URLS';

export type RepositoryUrlProblem = 'not-a-clone-url' | 'file-url-not-allowed';

/** Why this URL may not be cloned, or undefined when it may. */
export function repositoryUrlProblem(
  value: string,
  { allowFileUrls }: { allowFileUrls: boolean },
): RepositoryUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not-a-clone-url';
  }
  if (!['https:', 'file:'].includes(url.protocol) || url.username !== '' || url.password !== '') {
    return 'not-a-clone-url';
  }
  return url.protocol === 'file:' && !allowFileUrls ? 'file-url-not-allowed' : undefined;
}

export const FILE_URL_REFUSED = `file:// URLs are refused unless the server sets ${FILE_URLS_FLAG}=true (a clone of the worker's own disk can read any repository on it)`;
