import { GIT_REF } from '../../bots/bot-options';
import { FILE_URL_REFUSED, repositoryUrlProblem } from '../../bots/repository-url';

/** The bot secret that holds the token git sends when it clones over https. */
export const GIT_TOKEN_SECRET = 'GIT_TOKEN';

/**
 * The ref to clone: a pull-request event's head branch (the code the PR proposes), else the
 * bot's configured ref, else the repository's default branch (undefined).
 */
export function cloneRef(
  configuredRef: string | undefined,
  input: Record<string, unknown>,
): string | undefined {
  const event = input.event;
  const payload = input.payload as { pull_request?: { head?: { ref?: unknown } } } | undefined;
  const head = payload?.pull_request?.head?.ref;
  if (typeof event === 'string' && event.startsWith('pull_request') && typeof head === 'string') return head;
  return configuredRef;
}

export const isCloneableRef = (ref: string): boolean => GIT_REF.test(ref);

/** Why the worker must not clone this URL (checked again here: the bot may predate the rule), or undefined. */
export function cloneUrlProblem(url: string, allowFileUrls: boolean): string | undefined {
  const problem = repositoryUrlProblem(url, { allowFileUrls });
  if (problem === 'file-url-not-allowed') return `cannot clone ${url}: ${FILE_URL_REFUSED}`;
  return (
    problem &&
    `cannot clone ${JSON.stringify(url)}: only https:// (and file:// where allowed) URLs without credentials`
  );
}

/**
 * A shallow clone of one branch or tag; the `--` keeps the URL from ever being read as an option.
 * git may use only the URL's own protocol (already checked), whatever a redirect or the
 * repository's own settings ask for.
 */
export function cloneArgv(url: string, ref: string | undefined, dir: string): string[] {
  const protocol = new URL(url).protocol.slice(0, -1);
  return [
    'git',
    ...['-c', 'protocol.allow=never', '-c', `protocol.${protocol}.allow=always`],
    'clone',
    '--depth',
    '1',
    ...(ref ? [`--branch=${ref}`] : []),
    '--',
    url,
    dir,
  ];
}

/**
 * git's environment for the clone: never a prompt (no terminal to answer it), and the token as
 * an HTTP header set through GIT_CONFIG_* variables, so it appears in neither argv nor the URL.
 * `secrets` lists what the log must mask besides the token: the header carries it base64-encoded.
 */
export function gitCloneEnv(token: string | undefined): { env: Record<string, string>; secrets: string[] } {
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: '0' };
  if (!token) return { env, secrets: [] };
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  Object.assign(env, {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
  });
  return { env, secrets: [basic] };
}
