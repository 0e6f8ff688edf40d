/**
 * The environment a spawned bot process inherits: only the allowlisted variables of the worker's
 * own environment, so the worker's secrets (DATABASE_URL, MASTER_KEY, …) never reach a bot.
 * It lives here because this module is the one place that reads process.env.
 */
export function runnerEnv(
  allowlist: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of allowlist) {
    const value = env[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}
