import fastifyStatic from '@fastify/static';
import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InjectConfig } from '../config/config.module';
import { Config } from '../config/config.schema';
import { cacheControlFor, defaultWebDistDir, isWebAppRoute } from './web-app';

/** Serves the built Vue app at `/`, with index.html for client-side routes. */
@Module({})
export class WebModule implements OnModuleInit {
  private readonly logger = new Logger('Web');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectConfig() private readonly config: Config,
  ) {}

  async onModuleInit(): Promise<void> {
    const root = this.config.WEB_DIST_DIR ? path.resolve(this.config.WEB_DIST_DIR) : defaultWebDistDir();
    if (!existsSync(path.join(root, 'index.html'))) {
      // An API-only deployment (or a checkout before `npm run build:web`) is legitimate.
      this.logger.warn(`No web app in ${root} (run \`npm run build:web\`); serving the API only`);
      return;
    }
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // wildcard: false registers one route per built file at startup, which leaves `/*` free for
    // the fallback below; a build never changes under a running process.
    await fastify.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders: (reply, file) =>
        void reply.header('cache-control', cacheControlFor(path.relative(root, file))),
    });
    fastify.get('/*', (req, reply) =>
      isWebAppRoute(req.url) ? reply.sendFile('index.html') : reply.callNotFound(),
    );
  }
}
