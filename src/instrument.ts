// Imported first by main.ts and worker.ts: Sentry must hook Node's HTTP stack before Nest loads it.
import { ConfigError, loadConfig } from './config/config';
import { initSentry } from './sentry/sentry';

try {
  initSentry(loadConfig());
} catch (err) {
  // A bad setting is reported by the entrypoint itself, as one clear line.
  if (!(err instanceof ConfigError)) throw err;
}
