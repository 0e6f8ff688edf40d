export const BACKENDS = ['claude', 'codex', 'gemini', 'opencode', 'command'] as const;
export type Backend = (typeof BACKENDS)[number];

/** Backends whose CLI takes these engine options (the server refuses them for the others). */
export const ALLOWED_TOOLS_BACKENDS: readonly Backend[] = ['claude'];
export const ADD_DIRS_BACKENDS: readonly Backend[] = ['claude', 'gemini'];

export interface Bot {
  id: string;
  name: string;
  description: string;
  backend: Backend;
  model: string | null;
  promptTemplate: string;
  command: string[] | null;
  workdir: string | null;
  timeoutSeconds: number;
  enabled: boolean;
  allowedTools: string[];
  addDirs: string[];
  repository: { url: string; ref: string | null } | null;
  maxConcurrent: number | null;
  retryAttempts: number | null;
  retryBackoffSeconds: number | null;
  retryOnFailure: boolean;
  /** operators and admins only */
  secretNames?: string[];
  createdAt: string;
  updatedAt: string;
}

/** What create and update take: every editable field; `null` clears an optional one. */
export type BotInput = Omit<Bot, 'id' | 'secretNames' | 'createdAt' | 'updatedAt'>;

export const PREVIEW_SOURCES = ['webhook', 'github', 'schedule', 'manual'] as const;
export type PreviewSource = (typeof PREVIEW_SOURCES)[number];

export interface PreviewRequest {
  template?: string;
  command?: string[];
  source: PreviewSource;
  event?: string;
  payload?: unknown;
  input?: Record<string, unknown>;
}

export interface PreviewResult {
  prompt: string;
  command: string[] | null;
  context: Record<string, unknown>;
  problems: string[];
}
