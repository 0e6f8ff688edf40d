/**
 * Reading GitHub webhook payloads: the event key triggers select on, and the `github` object
 * templates see. Payloads are untrusted JSON: every field is read defensively, own properties
 * only, and anything missing or of the wrong type becomes null.
 */

export interface GithubContext {
  /** X-GitHub-Event, e.g. `pull_request` */
  event: string;
  action: string | null;
  /** `owner/repo` */
  repo: string | null;
  sender: string | null;
  pr: {
    number: number | null;
    title: string | null;
    url: string | null;
    author: string | null;
    /** head branch; null for a comment on a PR (its payload does not carry it) */
    branch: string | null;
    base: string | null;
  } | null;
  issue: { number: number | null; title: string | null; url: string | null } | null;
  comment: { body: string | null; author: string | null; url: string | null } | null;
  push: { ref: string | null; branch: string | null; after: string | null; compareUrl: string | null } | null;
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
const field = (o: Json | null, key: string): unknown => (o && Object.hasOwn(o, key) ? o[key] : undefined);
const str = (o: Json | null, key: string): string | null => {
  const v = field(o, key);
  return typeof v === 'string' ? v : null;
};
const num = (o: Json | null, key: string): number | null => {
  const v = field(o, key);
  return typeof v === 'number' ? v : null;
};
const login = (o: Json | null, key = 'user'): string | null => str(obj(field(o, key)), 'login');

/** `pull_request.opened`, or the bare event name when the payload has no action (e.g. `push`). */
export function githubEventKey(event: string, payload: unknown): string {
  const action = str(obj(payload), 'action');
  return action ? `${event}.${action}` : event;
}

/** `owner/repo` of the repository the event happened in. */
export function githubRepository(payload: unknown): string | null {
  return str(obj(field(obj(payload), 'repository')), 'full_name');
}

/** What GitHub says of how a person relates to the repository (`author_association`). */
export const AUTHOR_ASSOCIATIONS = [
  'OWNER',
  'MEMBER',
  'COLLABORATOR',
  'CONTRIBUTOR',
  'FIRST_TIME_CONTRIBUTOR',
  'FIRST_TIMER',
  'NONE',
] as const;
export type AuthorAssociation = (typeof AUTHOR_ASSOCIATIONS)[number];

/** Events someone causes by writing a comment or review, and the payload object that holds it. */
const WRITTEN_BY: Record<string, string> = {
  issue_comment: 'comment',
  pull_request_review_comment: 'comment',
  commit_comment: 'comment',
  discussion_comment: 'comment',
  pull_request_review: 'review',
};
/** Events about a thing someone opened; its author is not always who acted (e.g. who labelled it). */
const OPENED_BY: Record<string, string> = {
  pull_request: 'pull_request',
  issues: 'issue',
  discussion: 'discussion',
};

export const isCommentEvent = (event: string): boolean => Object.hasOwn(WRITTEN_BY, event);

/** The login of who caused the event. */
export const githubSender = (payload: unknown): string | null => login(obj(payload), 'sender');

/**
 * How the author of what the event is about relates to the repository: of the comment or review
 * for those events, of the pull request, issue or discussion for theirs; null for other events
 * (push, release…) and when GitHub did not say.
 */
export function githubAuthorAssociation(event: string, payload: unknown): string | null {
  const key = Object.hasOwn(WRITTEN_BY, event)
    ? WRITTEN_BY[event]
    : Object.hasOwn(OPENED_BY, event)
      ? OPENED_BY[event]
      : undefined;
  return key ? str(obj(field(obj(payload), key)), 'author_association') : null;
}

/**
 * A pull request whose head is not a branch of the repository itself: a fork's (anyone can open
 * one), or one whose fork is gone. Its head is code the repository's writers have not pushed.
 */
export function isForkPullRequest(payload: unknown): boolean {
  const pr = obj(field(obj(payload), 'pull_request'));
  if (!pr) return false;
  const repoOf = (side: string) => str(obj(field(obj(field(pr, side)), 'repo')), 'full_name');
  const [head, base] = [repoOf('head'), repoOf('base')];
  return head === null || base === null || head.toLowerCase() !== base.toLowerCase();
}

/** The text a person wrote with this event: the comment, else the review, issue or PR body. */
export function githubText(payload: unknown): string | null {
  const p = obj(payload);
  for (const key of ['comment', 'review', 'issue', 'pull_request']) {
    const body = str(obj(field(p, key)), 'body');
    if (body !== null) return body;
  }
  return null;
}

export function githubContext(event: string, payload: unknown): GithubContext {
  const p = obj(payload);
  const pullRequest = obj(field(p, 'pull_request'));
  const issue = obj(field(p, 'issue'));
  const comment = obj(field(p, 'comment'));
  return {
    event,
    action: str(p, 'action'),
    repo: githubRepository(payload),
    sender: githubSender(payload),
    pr: pullRequest
      ? prOf(pullRequest)
      : issue && obj(field(issue, 'pull_request'))
        ? prOfIssue(issue)
        : null,
    issue: issue && { number: num(issue, 'number'), title: str(issue, 'title'), url: str(issue, 'html_url') },
    comment: comment && { body: str(comment, 'body'), author: login(comment), url: str(comment, 'html_url') },
    push: event === 'push' ? pushOf(p) : null,
  };
}

function prOf(pr: Json): NonNullable<GithubContext['pr']> {
  return {
    number: num(pr, 'number'),
    title: str(pr, 'title'),
    url: str(pr, 'html_url'),
    author: login(pr),
    branch: str(obj(field(pr, 'head')), 'ref'),
    base: str(obj(field(pr, 'base')), 'ref'),
  };
}

/** A comment on a pull request arrives as an issue that has a `pull_request` link. */
function prOfIssue(issue: Json): NonNullable<GithubContext['pr']> {
  return {
    number: num(issue, 'number'),
    title: str(issue, 'title'),
    url: str(obj(field(issue, 'pull_request')), 'html_url'),
    author: login(issue),
    branch: null,
    base: null,
  };
}

function pushOf(p: Json | null): NonNullable<GithubContext['push']> {
  const ref = str(p, 'ref');
  return {
    ref,
    branch: ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null,
    after: str(p, 'after'),
    compareUrl: str(p, 'compare'),
  };
}
