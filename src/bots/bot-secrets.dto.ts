import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Role } from '../access/roles';
import { IdParamSchema } from '../common/common.dto';

/** Secrets become environment variables of the bot's process, so their names are env names. */
export const SECRET_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;
export const SECRET_VALUE_MAX_BYTES = 64 * 1024;
/**
 * Who may know which secrets a bot has: their names tell what it can reach (DEPLOY_KEY,
 * AWS_SECRET_ACCESS_KEY). The secrets API and a bot's `secretNames` follow this one rule.
 */
export const SECRET_NAMES_ROLE: Role = 'operator';

/**
 * Names a secret may not take: they would change how the process, its shell, git or Node behave
 * (or how the worker clones with credentials) rather than hand the bot a value.
 */
const RESERVED_NAMES = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'PWD',
  'OLDPWD',
  'TMPDIR',
  'TMP',
  'TEMP',
  'TERM',
  'LANG',
  'TZ',
  'IFS',
  'ENV',
  'BASH_ENV',
  'PS4',
  'SHELLOPTS',
  'SSH_ASKPASS',
  'GIT_ASKPASS',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_EXEC_PATH',
  'GIT_TERMINAL_PROMPT',
]);
const RESERVED_PREFIXES = ['LC_', 'LD_', 'DYLD_', 'NODE_', 'GIT_CONFIG', 'BASH_FUNC_'];

export function isReservedSecretName(name: string): boolean {
  return RESERVED_NAMES.has(name) || RESERVED_PREFIXES.some((p) => name.startsWith(p));
}

const secretName = z
  .string()
  .regex(
    SECRET_NAME,
    'must be an environment variable name: A-Z, 0-9 and _, not starting with a digit, at most 64',
  )
  .refine((n) => !isReservedSecretName(n), 'is reserved: it would change how the process runs');

export class BotSecretParamDto extends createZodDto(IdParamSchema.extend({ name: secretName })) {}

export class PutBotSecretDto extends createZodDto(
  z.object({
    value: z
      .string()
      .min(1)
      .refine((v) => Buffer.byteLength(v) <= SECRET_VALUE_MAX_BYTES, 'must be at most 64 KiB')
      .refine((v) => !v.includes('\0'), 'must not contain NUL characters'),
  }),
) {}

export const BotSecretNamesSchema = z.object({ names: z.array(z.string()) });
export class BotSecretNamesDto extends createZodDto(BotSecretNamesSchema) {}
export type BotSecretNames = z.infer<typeof BotSecretNamesSchema>;
