import path from 'node:path';

/** The fake claude, codex, gemini and opencode executables (see test/fakes/bin). */
export const FAKE_BIN = path.resolve(__dirname, '..', 'fakes', 'bin');

/**
 * Puts the fake agent CLIs first on PATH; call it before starting the worker, which reads its
 * environment allowlist (PATH included) once. Returns the undo.
 */
export function useFakeClis(): () => void {
  const before = process.env.PATH;
  process.env.PATH = `${FAKE_BIN}:${before ?? ''}`;
  return () => {
    process.env.PATH = before;
  };
}
