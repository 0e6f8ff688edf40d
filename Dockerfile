# syntax=docker/dockerfile:1
#
# One image for every process: `api` (default), `worker`, `migrate`, and `secrets` (the compose
# one-shot that generates missing secrets); see deploy/docker-entrypoint.sh and docs/deployment.md.
# Node.js is pinned to an exact LTS release: bump it on purpose, together with the tests.
ARG NODE_IMAGE=node:22.21.1-bookworm-slim

# ---- deps: every dependency, native ones compiled here (node-pty ships no Linux prebuilds)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
ENV npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false \
    SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

# ---- build the server: dist/ and dist/migrations/
FROM deps AS build-server
COPY tsconfig.json tsconfig.build.json tsconfig.migrations.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build:server

# ---- build the web app: web/dist/
FROM deps AS build-web
COPY web ./web
RUN npm run build:web

# ---- production dependencies only, compiled against the same base as the runtime
FROM deps AS prod-deps
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

# ---- runtime: no compilers, no dev dependencies, no test tools
FROM ${NODE_IMAGE} AS runtime
# git: bots with a repository get a fresh shallow clone per execution.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini ca-certificates git \
  && rm -rf /var/lib/apt/lists/*
# The agent CLIs the workers run, pinned; build with --build-arg AGENT_CLIS= to leave them out.
ARG AGENT_CLIS="@anthropic-ai/claude-code@2.1.332 @openai/codex@0.171.0 @google/gemini-cli@0.61.0 opencode-ai@1.18.33"
RUN if [ -n "$AGENT_CLIS" ]; then npm install --omit=dev -g $AGENT_CLIS && npm cache clean --force; fi
WORKDIR /app
ENV NODE_ENV=production
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build-server /app/dist ./dist
COPY --from=build-web /app/web/dist ./web/dist
COPY deploy/docker-entrypoint.sh /usr/local/bin/agented-entrypoint
# The code stays root-owned (read-only to the app); only the secrets folder belongs to `node`.
# `agented-run` is who bots run as (RUNNER_USER): compose starts the worker as root with a few
# capabilities so it can start them as that user, which can read neither the worker nor its secrets.
RUN chmod 0755 /usr/local/bin/agented-entrypoint \
  && install -d -o node -g node -m 0700 /var/lib/agented /var/lib/agented/secrets \
  && useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin agented-run
USER node
EXPOSE 3000
# For the api command; compose turns it off for worker, migrate and secrets.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# tini is PID 1: it reaps zombies and passes SIGTERM on, so shutdown is graceful.
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/agented-entrypoint"]
CMD ["api"]
