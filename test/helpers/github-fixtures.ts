import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A real GitHub payload (test/fixtures/github) as raw text: signatures cover the exact bytes. */
export const githubFixture = (name: string): string =>
  readFileSync(join(__dirname, '..', 'fixtures', 'github', `${name}.json`), 'utf8');

/** The same payload, parsed. */
export const githubPayload = (name: string): Record<string, unknown> =>
  JSON.parse(githubFixture(name)) as Record<string, unknown>;
