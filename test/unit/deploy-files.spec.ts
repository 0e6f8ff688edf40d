import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXAMPLE_SECRETS, apiConfigSchema } from '../../src/config/config.schema';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** `${NAME:-default}` / `${NAME-default}` / `${NAME}` as compose resolves them with nothing set. */
const withDefaults = (value: string) =>
  value.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g, (_, fallback?: string) => fallback ?? '');

interface Service {
  image?: string;
  command?: string[];
  entrypoint?: string[];
  user?: string;
  cap_drop?: string[];
  cap_add?: string[];
  networks?: string[];
  network_mode?: string;
  restart?: string;
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, Service>;
  networks: Record<string, { internal?: boolean }>;
};
const services = compose.services;

/** A pinned image: an explicit tag that starts with a version number, never `latest`. */
const expectPinned = (image: string) => {
  expect(image).not.toMatch(/:latest\b/);
  expect(image, `${image} has no version tag`).toMatch(/^[^:]+:\d+(\.\d+)*(-[a-z0-9.-]+)?$/);
};

describe('docker-compose.yml', () => {
  it('should pin every image and never use latest', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.image, `${name} has no image`).toBeDefined();
      const image = withDefaults(service.image ?? '');
      expect(image, name).not.toMatch(/:latest$/);
      expect(image, `${name}: ${image} has no tag`).toMatch(/:[^/]+$/);
    }
    expectPinned(withDefaults(services.postgres.image ?? ''));
    expectPinned(withDefaults(services.redis.image ?? ''));
    expectPinned(withDefaults(services.caddy.image ?? ''));
  });

  it('should health-check postgres, redis and api', () => {
    for (const name of ['postgres', 'redis', 'api']) {
      const check = services[name].healthcheck;
      expect(check?.disable, name).toBeFalsy();
      expect(check?.test?.length, `${name} has no healthcheck test`).toBeGreaterThan(1);
    }
    expect(services.api.healthcheck?.test?.join(' ')).toContain('/health/ready');
  });

  it('should keep Redis data with AOF persistence on a volume', () => {
    expect(services.redis.entrypoint?.join(' ')).toContain('--appendonly yes');
    expect(services.redis.volumes?.some((v) => v.endsWith(':/data'))).toBe(true);
    expect(services.postgres.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
  });

  it('should run secrets and migrate once, and start api and worker only after migrate succeeded', () => {
    for (const name of ['secrets', 'migrate']) {
      expect(services[name].restart ?? 'no', name).toBe('no');
    }
    expect(services.postgres.depends_on?.secrets?.condition).toBe('service_completed_successfully');
    expect(services.migrate.depends_on?.postgres?.condition).toBe('service_healthy');
    for (const name of ['api', 'worker']) {
      expect(services[name].depends_on?.migrate?.condition, name).toBe('service_completed_successfully');
      expect(services[name].restart, name).toBe('unless-stopped');
    }
  });

  it('should run two api and two worker replicas by default', () => {
    expect(services.api.deploy?.replicas).toBe(2);
    expect(services.worker.deploy?.replicas).toBe(2);
    expect(services.worker.environment).toHaveProperty('WORKER_CONCURRENCY');
  });

  it('should publish only caddy, on 127.0.0.1 unless configured otherwise', () => {
    const published = Object.entries(services).filter(([, s]) => s.ports?.length);
    expect(published.map(([name]) => name)).toEqual(['caddy']);
    const ports = services.caddy.ports ?? [];
    expect(ports).toHaveLength(1);
    expect(ports[0]).toMatch(/^\$\{[A-Z_]+:-127\.0\.0\.1\}:/);
    expect(withDefaults(ports[0])).toMatch(/^127\.0\.0\.1:\d+:80$/);
  });

  it('should share one secrets volume, writable only by the secrets service', () => {
    for (const name of ['migrate', 'api', 'worker']) {
      expect(services[name].volumes, name).toContain('secrets:/var/lib/agented/secrets:ro');
    }
    expect(services.secrets.volumes).toContain('secrets:/var/lib/agented/secrets');
  });

  it('should ask for a Redis password, given on stdin, and hand it to the processes through the entrypoint', () => {
    const redis = services.redis.entrypoint?.join(' ') ?? '';
    expect(redis).toMatch(
      /printf 'requirepass %s\\n' .*REDIS_PASSWORD.*\| exec docker-entrypoint\.sh redis-server - /,
    );
    expect(services.redis.healthcheck?.test?.join(' ')).toContain('REDISCLI_AUTH=');
    expect(services.api.environment?.REDIS_URL).toBe('');
    expect(services.api.environment?.REDIS_HOST).toBe('redis');
    const entrypoint = read('deploy/docker-entrypoint.sh');
    expect(entrypoint).toContain('generate REDIS_PASSWORD 24 hex');
    expect(entrypoint).toMatch(/export REDIS_URL="redis:\/\/\$auth\$REDIS_HOST/);
  });

  it('should keep the API secrets from the worker and the migrations', () => {
    const entrypoint = read('deploy/docker-entrypoint.sh');
    expect(entrypoint).toMatch(
      /if \[ "\$1" = api \]; then\s+load JWT_SECRET\s+else\s+unset JWT_SECRET ADMIN_EMAIL ADMIN_PASSWORD GITHUB_WEBHOOK_SECRET/,
    );
    expect(entrypoint).toMatch(/worker\)\s+prepare worker/);
    expect(entrypoint).toMatch(/migrate\)\s+prepare migrate/);
  });

  it('should start the worker as root with only the capabilities that run bots as another user', () => {
    const worker = services.worker;
    expect(worker.user).toBe('0:0');
    expect(worker.cap_drop).toEqual(['ALL']);
    expect(worker.cap_add?.sort()).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'KILL', 'SETGID', 'SETUID']);
    expect(withDefaults(worker.environment?.RUNNER_USER ?? '')).toBe('agented-run');
    expect(read('Dockerfile')).toMatch(/useradd --system --uid 10001 .*agented-run/s);
  });

  it('should keep the worker off the edge network and the data services off the internet', () => {
    const networks = compose.networks;
    expect(networks.data.internal).toBe(true);
    expect(services.worker.networks?.sort()).toEqual(['data', 'egress']);
    expect(services.api.networks?.sort()).toEqual(['data', 'edge']);
    expect(services.caddy.networks).toEqual(['edge']);
    for (const name of ['postgres', 'redis', 'migrate'])
      expect(services[name].networks, name).toEqual(['data']);
    expect(services.secrets.network_mode).toBe('none');
    // Trusted for X-Forwarded-For: the edge network's range only, never every private address.
    const trusted = withDefaults(withDefaults(services.api.environment?.TRUSTED_PROXIES ?? ''));
    expect(trusted).toBe('172.30.250.0/24');
  });

  it('should balance over dynamic api upstreams and stream unbuffered', () => {
    expect(services.caddy.volumes).toContain('./deploy/Caddyfile.compose:/etc/caddy/Caddyfile:ro');
    const caddyfile = read('deploy/Caddyfile.compose');
    expect(caddyfile).toMatch(/dynamic a \{[^}]*name api[^}]*port 3000/s);
    expect(caddyfile).toMatch(/flush_interval -1/);
  });
});

interface Stage {
  from: string;
  name?: string;
  instructions: { op: string; args: string }[];
}

/** Dockerfile → stages of instructions, with continuation lines joined and global ARGs resolved. */
function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op, rest] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { op: op.toUpperCase(), args: rest };
    if (instruction.op === 'ARG' && stages.length === 0) {
      const [key, value = ''] = rest.split('=');
      args[key] = value;
    } else if (instruction.op === 'FROM') {
      const [image, , name] = rest.replace(/\$\{(\w+)\}/g, (_, k: string) => args[k] ?? '').split(/\s+/);
      stages.push({ from: image, name: name?.toLowerCase(), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = parseDockerfile(read('Dockerfile'));
  const final = stages.at(-1) as Stage;
  const stageNames = new Set(stages.map((s) => s.name));
  const finalOps = (op: string) => final.instructions.filter((i) => i.op === op).map((i) => i.args);

  it('should build in several stages from a pinned base image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    for (const stage of stages.filter((s) => !stageNames.has(s.from))) {
      expect(stage.from).toMatch(/^node:\d+\.\d+\.\d+-[a-z0-9-]+$/);
    }
  });

  it('should run as a non-root user under tini', () => {
    const users = finalOps('USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    expect(finalOps('ENTRYPOINT').at(-1)).toMatch(/"\/usr\/bin\/tini",\s*"--"/);
  });

  it('should health-check readiness', () => {
    expect(finalOps('HEALTHCHECK').at(-1)).toContain('/health/ready');
  });

  it('should ship production dependencies only, and no build or test tools', () => {
    const copies = finalOps('COPY');
    const modules = copies.find((c) => /\bnode_modules\b/.test(c));
    const source = /--from=(\S+)/.exec(modules ?? '')?.[1];
    const prodStage = stages.find((s) => s.name === source);
    const prodInstall = prodStage?.instructions
      .filter((i) => i.op === 'RUN')
      .map((i) => i.args)
      .join(' ');
    expect(prodInstall).toMatch(/npm ci --omit=dev|npm prune --omit=dev/);

    const finalText = final.instructions.map((i) => `${i.op} ${i.args}`).join('\n');
    expect(finalText).not.toMatch(/playwright|vitest|testcontainers/i);
    expect(finalText).not.toMatch(/\bg\+\+|\bmake\b|python3/);
    expect(finalText).not.toMatch(/npm (ci|install)(?! --omit=dev)/);
  });

  it('should carry the built server, the web app and the entrypoint', () => {
    const copies = finalOps('COPY').join('\n');
    expect(copies).toMatch(/\/app\/dist \.\/dist/);
    expect(copies).toMatch(/\/app\/web\/dist \.\/web\/dist/);
    expect(copies).toContain('deploy/docker-entrypoint.sh');
    expect(statSync(path.join(ROOT, 'deploy/docker-entrypoint.sh')).mode & 0o111).not.toBe(0);
  });

  it('should keep .env files and local installs out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', '**/node_modules', 'dist', 'web/dist']));
  });
});

describe('.env.example', () => {
  const lines = read('.env.example').split('\n');
  const settings = new Map<string, string>();
  for (const line of lines) {
    const match = /^#?\s?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) settings.set(match[1], match[2]);
  }

  it('should name every setting of the config schema', () => {
    const missing = Object.keys(apiConfigSchema.shape).filter((key) => !settings.has(key));
    expect(missing, 'add these to .env.example, with a comment').toEqual([]);
  });

  it('should use only placeholders that production refuses for secrets', () => {
    for (const line of lines.filter((l) => !l.startsWith('#'))) {
      const [key, value] = line.split(/=(.*)/s);
      if (/(KEY|SECRET|PASSWORD|TOKEN)$/.test(key) && value) {
        expect(EXAMPLE_SECRETS.has(value), `${key}=${value} is not in EXAMPLE_SECRETS`).toBe(true);
      }
    }
  });
});
