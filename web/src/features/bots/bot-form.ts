import {
  ADD_DIRS_BACKENDS,
  ALLOWED_TOOLS_BACKENDS,
  type Backend,
  type Bot,
  type BotInput,
} from './bots.types';

/** The bot form's state: text inputs hold strings, so numbers stay strings until they are sent. */
export interface BotDraft {
  name: string;
  description: string;
  backend: Backend;
  model: string;
  promptTemplate: string;
  command: string[];
  workdir: string;
  timeoutSeconds: string;
  enabled: boolean;
  allowedTools: string[];
  addDirs: string[];
  repositoryUrl: string;
  repositoryRef: string;
  maxConcurrent: string;
  retryAttempts: string;
  retryBackoffSeconds: string;
  retryOnFailure: boolean;
}

export type BotDraftErrors = Partial<Record<keyof BotDraft, string>>;

/** Same rule as the server's: a branch or tag name that git cannot read as an option. */
const GIT_REF = /^(?![-/.])(?!.*\.\.)(?!.*\/\/)(?!.*[./]$)[A-Za-z0-9._/-]{1,255}$/;

const text = (n: number | null) => (n === null ? '' : String(n));

export function draftFromBot(bot?: Bot): BotDraft {
  return {
    name: bot?.name ?? '',
    description: bot?.description ?? '',
    backend: bot?.backend ?? 'claude',
    model: bot?.model ?? '',
    promptTemplate: bot?.promptTemplate ?? '',
    command: bot?.command ? [...bot.command] : [],
    workdir: bot?.workdir ?? '',
    timeoutSeconds: String(bot?.timeoutSeconds ?? 600),
    enabled: bot?.enabled ?? true,
    allowedTools: [...(bot?.allowedTools ?? [])],
    addDirs: [...(bot?.addDirs ?? [])],
    repositoryUrl: bot?.repository?.url ?? '',
    repositoryRef: bot?.repository?.ref ?? '',
    maxConcurrent: text(bot?.maxConcurrent ?? null),
    retryAttempts: text(bot?.retryAttempts ?? null),
    retryBackoffSeconds: text(bot?.retryBackoffSeconds ?? null),
    retryOnFailure: bot?.retryOnFailure ?? false,
  };
}

function intProblem(value: string, min: number, max: number, required: boolean): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return required ? 'is required' : undefined;
  if (!/^\d+$/.test(trimmed)) return 'must be a whole number';
  const n = Number(trimmed);
  if (n < min || n > max) return `must be between ${min} and ${max}`;
  return undefined;
}

function cloneUrlProblem(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (!['https:', 'file:'].includes(url.protocol)) return 'must be an https:// or file:// URL';
    if (url.username || url.password)
      return 'must not hold credentials (put a token in the GIT_TOKEN secret)';
    return undefined;
  } catch {
    return 'must be an https:// or file:// URL';
  }
}

const nonEmpty = (items: string[]) => items.map((s) => s.trim()).filter((s) => s !== '');

/**
 * The checks the server makes too, so most mistakes show beside their field before a round trip.
 * The server stays the judge: its 400 message is shown when it disagrees.
 */
export function validateDraft(draft: BotDraft): BotDraftErrors {
  const errors: BotDraftErrors = {};
  const name = draft.name.trim();
  if (name === '') errors.name = 'is required';
  else if (name.length > 100) errors.name = 'must be at most 100 characters';
  if (draft.description.length > 2000) errors.description = 'must be at most 2000 characters';
  if (draft.model.trim().startsWith('-')) errors.model = 'must not start with "-"';

  const command = nonEmpty(draft.command);
  if (draft.backend === 'command' && command.length === 0) {
    errors.command = 'needs at least the program to run';
  } else if (command.length > 256) {
    errors.command = 'must have at most 256 items';
  }

  const timeout = intProblem(draft.timeoutSeconds, 1, 86_400, true);
  if (timeout) errors.timeoutSeconds = timeout;

  const tools = nonEmpty(draft.allowedTools);
  if (tools.length > 0 && !ALLOWED_TOOLS_BACKENDS.includes(draft.backend)) {
    errors.allowedTools = `only the ${ALLOWED_TOOLS_BACKENDS.join(', ')} backend takes it`;
  } else if (tools.some((t) => t.startsWith('-'))) {
    errors.allowedTools = 'items must not start with "-"';
  }
  const dirs = nonEmpty(draft.addDirs);
  if (dirs.length > 0 && !ADD_DIRS_BACKENDS.includes(draft.backend)) {
    errors.addDirs = `only the ${ADD_DIRS_BACKENDS.join(' and ')} backends take it`;
  } else if (dirs.some((d) => !d.startsWith('/'))) {
    errors.addDirs = 'items must be absolute paths';
  }

  const repoUrl = draft.repositoryUrl.trim();
  if (repoUrl) {
    const problem = cloneUrlProblem(repoUrl);
    if (problem) errors.repositoryUrl = problem;
    if (draft.workdir.trim())
      errors.workdir = 'must be empty when a repository is set: runs use a fresh clone';
  }
  const ref = draft.repositoryRef.trim();
  if (ref && !repoUrl) errors.repositoryRef = 'needs a repository URL';
  else if (ref && !GIT_REF.test(ref)) errors.repositoryRef = 'must be a branch or tag name';

  const maxConcurrent = intProblem(draft.maxConcurrent, 1, 1000, false);
  if (maxConcurrent) errors.maxConcurrent = maxConcurrent;
  const attempts = intProblem(draft.retryAttempts, 1, 20, false);
  if (attempts) errors.retryAttempts = attempts;
  const backoff = intProblem(draft.retryBackoffSeconds, 0, 86_400, false);
  if (backoff) errors.retryBackoffSeconds = backoff;
  return errors;
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
const intOrNull = (value: string) => (value.trim() === '' ? null : Number(value.trim()));

/** Every field, so an update replaces the whole bot: what the form cleared is cleared on the server. */
export function inputFromDraft(draft: BotDraft): BotInput {
  const isCommand = draft.backend === 'command';
  const repoUrl = draft.repositoryUrl.trim();
  return {
    name: draft.name.trim(),
    description: draft.description,
    backend: draft.backend,
    model: orNull(draft.model),
    promptTemplate: draft.promptTemplate,
    // argv items are sent as typed: spaces can matter inside an argument
    command: isCommand ? draft.command.filter((s) => s.trim() !== '') : null,
    workdir: orNull(draft.workdir),
    timeoutSeconds: Number(draft.timeoutSeconds.trim()),
    enabled: draft.enabled,
    allowedTools: ALLOWED_TOOLS_BACKENDS.includes(draft.backend) ? nonEmpty(draft.allowedTools) : [],
    addDirs: ADD_DIRS_BACKENDS.includes(draft.backend) ? nonEmpty(draft.addDirs) : [],
    repository: repoUrl ? { url: repoUrl, ref: orNull(draft.repositoryRef) } : null,
    maxConcurrent: intOrNull(draft.maxConcurrent),
    retryAttempts: intOrNull(draft.retryAttempts),
    retryBackoffSeconds: intOrNull(draft.retryBackoffSeconds),
    retryOnFailure: draft.retryOnFailure,
  };
}
