import { type Schemas, everyMemberOf } from '../../api/api.types';

export type Bot = Schemas['BotResponseDto'];
export type Backend = Bot['backend'];
export const BACKENDS = everyMemberOf<Backend>()(['claude', 'codex', 'gemini', 'opencode', 'command']);

/** Backends whose CLI takes these engine options (the server refuses them for the others). */
export const ALLOWED_TOOLS_BACKENDS: readonly Backend[] = ['claude'];
export const ADD_DIRS_BACKENDS: readonly Backend[] = ['claude', 'gemini'];

/** What the bot form sends to create and update: every editable field; `null` clears an optional one. */
export type BotInput = Omit<Bot, 'id' | 'secretNames' | 'createdAt' | 'updatedAt'>;

export type PreviewRequest = Schemas['PreviewDto'];
export type PreviewSource = NonNullable<PreviewRequest['source']>;
export const PREVIEW_SOURCES = everyMemberOf<PreviewSource>()(['webhook', 'github', 'schedule', 'manual']);

export type PreviewResult = Schemas['PreviewResponseDto'];
