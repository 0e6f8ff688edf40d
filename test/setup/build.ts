import { execFileSync } from 'node:child_process';

/** Cluster tests run the real compiled entrypoints: build them once per run. */
export default function setup(): void {
  execFileSync('npm', ['run', '--silent', 'build:server'], { stdio: 'inherit' });
}
