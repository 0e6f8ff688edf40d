// Generated from the API’s OpenAPI document by `npm run gen:api`; do not edit.

export interface paths {
  '/api/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the API keys that are not revoked */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ApiKeyResponseDto'][];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the admin role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    /** Create an API key for CI or scripts; the key is shown only in this response */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateApiKeyDto'];
        };
      };
      responses: {
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['CreatedApiKeyResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the admin role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API key; it stops working at once */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the admin role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Audit events, newest first, filtered by actor and action */
    get: {
      parameters: {
        query?: {
          /** @description a user id, an API key id or an email */
          actor?: string;
          action?:
            | 'auth.login'
            | 'auth.login_failed'
            | 'auth.logout'
            | 'auth.refresh_reused'
            | 'user.create'
            | 'user.update'
            | 'user.delete'
            | 'api_key.create'
            | 'api_key.revoke'
            | 'bot.create'
            | 'bot.update'
            | 'bot.delete'
            | 'bot.run'
            | 'bot.secret_set'
            | 'bot.secret_delete'
            | 'trigger.create'
            | 'trigger.update'
            | 'trigger.delete'
            | 'trigger.rotate_secret'
            | 'execution.cancel'
            | 'execution.retry'
            | 'delivery.replay'
            | 'terminal.open'
            | 'terminal.close'
            | 'terminal.attach';
          limit?: number;
          /** @description nextCursor of the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AuditEventsResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the admin role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in; the refresh token also comes as an httpOnly cookie */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['LoginDto'];
        };
      };
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['TokenPairResponseDto'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign out: the session ends and this access token stops working everywhere */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the viewer role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who the credentials belong to */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MeResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the viewer role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Trade a refresh token (cookie or body) for a new pair; each works once */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['RefreshDto'];
        };
      };
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['TokenPairResponseDto'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bots': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List bots, by name (secretNames for operators and admins only) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['BotResponseDto'][];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the viewer role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    /** Create a bot (409 when the name is taken) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateBotDto'];
        };
      };
      responses: {
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['BotResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bots/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a bot (secretNames for operators and admins only) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['BotResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the viewer role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a bot with its triggers and executions */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    /** Change some fields of a bot */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['UpdateBotDto'];
        };
      };
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['BotResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    trace?: never;
  };
  '/api/bots/{id}/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Render the bot's prompt template (or a draft) and command against a sample payload */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['PreviewDto'];
        };
      };
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['PreviewResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bots/{id}/run': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Queue a manual run (409 when the bot is disabled) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['RunBotDto'];
        };
      };
      responses: {
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['RunBotResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bots/{id}/secrets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the names of a bot's secrets (values are never returned) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['BotSecretNamesDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bots/{id}/secrets/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Set a secret; the bot process gets it as an environment variable */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['PutBotSecretDto'];
        };
      };
      responses: {
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    post?: never;
    /** Delete a secret */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bots/{id}/triggers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a bot's triggers (a webhook's URL for operators and admins only) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['TriggerResponseDto'][];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the viewer role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    /** Add a webhook, github or schedule trigger; a webhook gets its URL and secret (shown only now) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateTriggerDto'];
        };
      };
      responses: {
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['CreatedTriggerResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Received webhook and GitHub deliveries, newest first, one page at a time */
    get: {
      parameters: {
        query?: {
          /** @description deliveries received by, or started, this trigger */
          triggerId?: string;
          limit?: number;
          /** @description nextCursor of the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['DeliveryPageDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/deliveries/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One delivery with its headers (without secrets), payload and executions */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['DeliveryDetailDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/deliveries/{id}/replay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run a delivery again through the triggers that match it now */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ReplayResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Status changes of every execution (SSE): execution events */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the viewer role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/executions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Executions, newest first, one page at a time */
    get: {
      parameters: {
        query?: {
          botId?: string;
          status?: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timed_out';
          limit?: number;
          /** @description nextCursor of the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ExecutionPageDto_Output'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the viewer role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/executions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One execution */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ExecutionResponseDto_Output'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the viewer role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/executions/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel: a queued execution never starts, a running one is stopped */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ExecutionResponseDto_Output'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/executions/{id}/logs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Stored log lines after a seq (and, while running, the live ones) */
    get: {
      parameters: {
        query?: {
          /** @description nextSeq of the previous page; 0 from the start */
          afterSeq?: string;
          limit?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LogPageDto_Output'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the viewer role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/executions/{id}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run a finished execution again, with the same input */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['RetryResponseDto_Output'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/executions/{id}/stream': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Live log of an execution (SSE): log, status and end events */
    get: {
      parameters: {
        query?: {
          /** @description resume after this log seq, for clients that cannot send the Last-Event-ID header */
          lastEventId?: string;
        };
        header?: {
          /** @description resume after this log seq */
          'Last-Event-ID'?: string;
        };
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the viewer role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/terminals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the open terminal sessions of every replica */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['TerminalResponseDto'][];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the admin role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    /** Open a shell on this API replica; attach with GET /api/terminals/:id/ws (WebSocket) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateTerminalDto'];
        };
      };
      responses: {
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['CreatedTerminalResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the admin role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/terminals/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** End a terminal session: its shell is killed and its sockets close */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the admin role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/triggers/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a trigger; its URL or schedule stops working */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    /** Enable, disable or change a trigger's settings; a schedule follows at once */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['UpdateTriggerDto'];
        };
      };
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['TriggerResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    trace?: never;
  };
  '/api/triggers/{id}/rotate-secret': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Replace the webhook secret (shown only now); the old one stops working */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['TriggerWithSecretResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the operator role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List users, by email */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['UserResponseDto'][];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the admin role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    /** Create a user (409 when the email is taken) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateUserDto'];
        };
      };
      responses: {
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['UserResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the admin role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a user, their sessions and API keys (409 for the last admin) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the admin role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    /** Change email, password or role (409 when it would demote the last admin) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['UpdateUserDto'];
        };
      };
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['UserResponseDto'];
          };
        };
        /** @description Missing, invalid, expired or revoked credentials */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Needs the admin role or higher */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    trace?: never;
  };
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The process is up */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** PostgreSQL and Redis are reachable (503 otherwise) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/hooks/github': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Receive a GitHub webhook (X-Hub-Signature-256 with GITHUB_WEBHOOK_SECRET) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description a repeated X-GitHub-Delivery; the ping event answers {"ok": true} */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['WebhookResponseDto'];
          };
        };
        /** @description stored; one execution per matching trigger */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['WebhookResponseDto'];
          };
        };
        /** @description GITHUB_WEBHOOK_SECRET is not set */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/hooks/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Receive a signed webhook
     * @description Standard Webhooks: `webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed with the trigger's secret; or, while WEBHOOK_LEGACY_SIGNATURES allows it, `X-Agented-Signature: sha256=<hex HMAC-SHA256 of the body>`.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description a repeated webhook-id (or X-Agented-Delivery) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['WebhookResponseDto'];
          };
        };
        /** @description stored and queued */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['WebhookResponseDto'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    ApiKeyResponseDto: {
      /** Format: uuid */
      id: string;
      name: string;
      /** @enum {string} */
      role: 'viewer' | 'operator' | 'admin';
      /**
       * Format: uuid
       * @description the user who created the key
       */
      userId: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      lastUsedAt: string | null;
    };
    AuditEventsResponseDto: {
      items: {
        id: number;
        /** Format: date-time */
        at: string;
        actor: {
          /** @enum {string} */
          type: 'user' | 'api-key' | 'anonymous';
          /** Format: uuid */
          userId: string | null;
          /** Format: uuid */
          apiKeyId: string | null;
          /** @description the acting user's current email */
          email: string | null;
        };
        action: string;
        target: {
          type: string;
          id: string;
        } | null;
        details: {
          [key: string]: unknown;
        };
      }[];
      nextCursor: string[];
    };
    BotResponseDto: {
      /** Format: uuid */
      id: string;
      name: string;
      description: string;
      /** @enum {string} */
      backend: 'claude' | 'codex' | 'gemini' | 'opencode' | 'command';
      model: string[];
      promptTemplate: string;
      command: string[] | null;
      workdir: string[];
      timeoutSeconds: number;
      enabled: boolean;
      allowedTools: string[];
      addDirs: string[];
      repository: {
        url: string;
        ref: string | null;
      } | null;
      maxConcurrent: number | null;
      retryAttempts: number | null;
      retryBackoffSeconds: number | null;
      retryOnFailure: boolean;
      /** @description names only, and only for operators and admins: secret values never leave the server */
      secretNames?: string[];
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    BotSecretNamesDto: {
      names: string[];
    };
    CreateApiKeyDto: {
      /** @description what the key is for, e.g. "CI deploy" */
      name: string;
      /** @enum {string} */
      role: 'viewer' | 'operator' | 'admin';
    };
    CreateBotDto: {
      name: string;
      /** @default  */
      description?: string;
      /** @enum {string} */
      backend: 'claude' | 'codex' | 'gemini' | 'opencode' | 'command';
      model?: string | null;
      /** @default  */
      promptTemplate?: string;
      command?: string[] | null;
      workdir?: string | null;
      /** @default 600 */
      timeoutSeconds?: number;
      /** @default true */
      enabled?: boolean;
      /** @description claude: --allowedTools */
      allowedTools?: string[];
      /** @description local directories the CLI may use besides its working directory (claude, gemini) */
      addDirs?: string[];
      /** @description every run gets a fresh shallow clone of it as its working directory */
      repository?: {
        url: string;
        /** @description the branch or tag to clone; GitHub pull-request events clone the PR's head branch */
        ref?: string | null;
      } | null;
      /** @description runs of this bot at once across all workers; extra runs wait queued, in order */
      maxConcurrent?: number | null;
      /** @description attempts of a rate-limited run (null: the server default) */
      retryAttempts?: number | null;
      /** @description wait before the first retry, doubled for each later one (null: the server default) */
      retryBackoffSeconds?: number | null;
      /** @description also retry runs that failed for other reasons than a rate limit */
      retryOnFailure?: boolean;
    };
    CreateTerminalDto: {
      /** @description working directory; the API user’s home when absent */
      cwd?: string;
      cols: number;
      rows: number;
    };
    CreateTriggerDto:
      | {
          /**
           * @description all rules must hold for the bot to run
           * @default []
           */
          match?: {
            path: string;
            /** @enum {string} */
            op: 'eq' | 'contains' | 'regex' | 'exists';
            value?: string | number | boolean;
          }[];
          /** @enum {string} */
          type: 'webhook';
          /** @default true */
          enabled?: boolean;
        }
      | {
          /** @description an entry without an action ("pull_request") matches every action of that event */
          events: string[];
          /**
           * @description only events from these repositories; none means any
           * @default []
           */
          repositories?: string[];
          /**
           * @description only when the comment (or review, issue, PR body) mentions it
           * @default null
           */
          mention?: string | null;
          /**
           * @description only events these GitHub logins caused (the sender); none means anyone the other settings allow
           * @default []
           */
          senders?: string[];
          /**
           * @description only when the author of the comment, review, pull request or issue relates to the repository so; null: OWNER, MEMBER or COLLABORATOR for comments, reviews and pull requests from forks (unless senders are set), anyone for other events
           * @default null
           */
          authorAssociations?:
            | (
                | 'OWNER'
                | 'MEMBER'
                | 'COLLABORATOR'
                | 'CONTRIBUTOR'
                | 'FIRST_TIME_CONTRIBUTOR'
                | 'FIRST_TIMER'
                | 'NONE'
              )[]
            | null;
          /** @enum {string} */
          type: 'github';
          /** @default true */
          enabled?: boolean;
        }
      | {
          /** @enum {string} */
          type: 'schedule';
          /** @default true */
          enabled?: boolean;
          /** @description 5 fields, or 6 with seconds first (croner syntax: L, W, # and names work) */
          cron: string;
          /**
           * @description IANA time zone, e.g. Europe/Berlin
           * @default UTC
           */
          timezone?: string;
        };
    CreateUserDto: {
      /** Format: email */
      email: string;
      password: string;
      /** @enum {string} */
      role: 'viewer' | 'operator' | 'admin';
    };
    CreatedApiKeyResponseDto: {
      /** Format: uuid */
      id: string;
      name: string;
      /** @enum {string} */
      role: 'viewer' | 'operator' | 'admin';
      /**
       * Format: uuid
       * @description the user who created the key
       */
      userId: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      lastUsedAt: string | null;
      /** @description agd_…; shown only in this response, stored hashed */
      key: string;
    };
    CreatedTerminalResponseDto: {
      /** Format: uuid */
      id: string;
    };
    CreatedTriggerResponseDto:
      | {
          /** Format: uuid */
          id: string;
          /** Format: uuid */
          botId: string;
          enabled: boolean;
          /** Format: date-time */
          createdAt: string;
          /** Format: date-time */
          updatedAt: string;
          /** @enum {string} */
          type: 'webhook';
          match: {
            path: string;
            /** @enum {string} */
            op: 'eq' | 'contains' | 'regex' | 'exists';
            value?: string | number | boolean;
          }[];
          /** @description path to POST signed webhooks to: /hooks/<token> */
          url: string;
          /** @description HMAC-SHA256 key for X-Agented-Signature; shown only now */
          secret: string;
        }
      | {
          /** Format: uuid */
          id: string;
          /** Format: uuid */
          botId: string;
          enabled: boolean;
          /** Format: date-time */
          createdAt: string;
          /** Format: date-time */
          updatedAt: string;
          /** @enum {string} */
          type: 'github';
          events: string[];
          repositories: string[];
          mention: string | null;
          senders: string[];
          /** @description null: the default */
          authorAssociations:
            | (
                | 'OWNER'
                | 'MEMBER'
                | 'COLLABORATOR'
                | 'CONTRIBUTOR'
                | 'FIRST_TIME_CONTRIBUTOR'
                | 'FIRST_TIMER'
                | 'NONE'
              )[]
            | null;
          /**
           * @description the payload URL to give GitHub (secret: GITHUB_WEBHOOK_SECRET)
           * @enum {string}
           */
          url: '/hooks/github';
        }
      | {
          /** Format: uuid */
          id: string;
          /** Format: uuid */
          botId: string;
          enabled: boolean;
          /** Format: date-time */
          createdAt: string;
          /** Format: date-time */
          updatedAt: string;
          /** @enum {string} */
          type: 'schedule';
          cron: string;
          timezone: string;
          /**
           * Format: date-time
           * @description null while disabled
           */
          nextRunAt: string | null;
        };
    DeliveryDetailDto: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      source: 'webhook' | 'github';
      /**
       * Format: uuid
       * @description the webhook trigger it was sent to; null for GitHub
       */
      triggerId: string | null;
      /** @description X-Agented-Delivery / X-GitHub-Delivery, or one we generated */
      externalId: string;
      /** @description X-Agented-Event, or the GitHub event.action */
      event: string[];
      /** Format: date-time */
      receivedAt: string;
      /** @description as received, without signatures and credentials */
      headers: {
        [key: string]: string;
      };
      payload: unknown;
      /** @description every execution of this delivery, replays included, oldest first */
      executionIds: string[];
    };
    DeliveryPageDto: {
      items: {
        /** Format: uuid */
        id: string;
        /** @enum {string} */
        source: 'webhook' | 'github';
        /**
         * Format: uuid
         * @description the webhook trigger it was sent to; null for GitHub
         */
        triggerId: string | null;
        /** @description X-Agented-Delivery / X-GitHub-Delivery, or one we generated */
        externalId: string;
        /** @description X-Agented-Event, or the GitHub event.action */
        event: string | null;
        /** Format: date-time */
        receivedAt: string;
      }[];
      nextCursor: string[];
    };
    ExecutionPageDto_Output: {
      items: {
        /** Format: uuid */
        id: string;
        /** Format: uuid */
        botId: string;
        /** Format: uuid */
        triggerId: string | null;
        /** @enum {string} */
        triggerType: 'webhook' | 'github' | 'schedule' | 'manual' | 'retry' | 'replay';
        /** Format: uuid */
        deliveryId: string | null;
        /** @enum {string} */
        status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timed_out';
        attempt: number;
        /** Format: date-time */
        queuedAt: string;
        /** Format: date-time */
        startedAt: string | null;
        /** Format: date-time */
        finishedAt: string | null;
        exitCode: number | null;
        error: string | null;
        workerId: string | null;
        /** @description when the CLI reported one */
        costUsd?: number;
        /** @description when the CLI reported token counts */
        inputTokens?: number;
        /** @description when the CLI reported token counts */
        outputTokens?: number;
      }[];
      nextCursor: string[];
    };
    ExecutionResponseDto_Output: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      botId: string;
      /** Format: uuid */
      triggerId: string | null;
      /** @enum {string} */
      triggerType: 'webhook' | 'github' | 'schedule' | 'manual' | 'retry' | 'replay';
      /** Format: uuid */
      deliveryId: string | null;
      /** @enum {string} */
      status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timed_out';
      attempt: number;
      /** Format: date-time */
      queuedAt: string;
      /** Format: date-time */
      startedAt: string | null;
      /** Format: date-time */
      finishedAt: string | null;
      exitCode: number | null;
      error: string[];
      workerId: string[];
      /** @description when the CLI reported one */
      costUsd?: number;
      /** @description when the CLI reported token counts */
      inputTokens?: number;
      /** @description when the CLI reported token counts */
      outputTokens?: number;
    };
    LogPageDto_Output: {
      items: {
        seq: number;
        /** @enum {string} */
        stream: 'stdout' | 'stderr' | 'system';
        text: string;
        /** @description the line as the CLI printed it, when text is a readable rendering */
        raw?: string;
        /** Format: date-time */
        ts: string;
      }[];
      /** @description pass as afterSeq to get the lines after these */
      nextSeq: number;
    };
    LoginDto: {
      /** Format: email */
      email: string;
      password: string;
    };
    MeResponseDto: {
      /** Format: uuid */
      id: string;
      email: string;
      /** @enum {string} */
      role: 'viewer' | 'operator' | 'admin';
    };
    PreviewDto: {
      /** @description default: the bot's promptTemplate */
      template?: string;
      /** @description default: the bot's command (argv items, rendered without delimiters) */
      command?: string[];
      /**
       * @description what starts the run: decides the context
       * @default webhook
       * @enum {string}
       */
      source?: 'webhook' | 'github' | 'schedule' | 'manual';
      /** @description webhook: X-Agented-Event; github: X-GitHub-Event, e.g. pull_request (required) */
      event?: string;
      /** @description the sample body (webhook, github) */
      payload?: unknown;
      /** @description the run input (manual) */
      input?: {
        [key: string]: unknown;
      };
    };
    PreviewResponseDto: {
      /** @description the rendered template, values from outside fenced as <untrusted-data> */
      prompt: string;
      /** @description the rendered argv; null when there is no command */
      command: string[] | null;
      /** @description what the placeholders were filled from */
      context: {
        [key: string]: unknown;
      };
      /** @description placeholders that cannot render (they render empty), and command items a value would make an option */
      problems: string[];
    };
    PutBotSecretDto: {
      value: string;
    };
    /** @default {} */
    RefreshDto: {
      /** @description for clients without the cookie */
      refreshToken?: string;
    };
    ReplayResponseDto: {
      /** @description empty when no enabled trigger matches it now */
      executionIds: string[];
    };
    RetryResponseDto_Output: {
      /** Format: uuid */
      executionId: string;
    };
    /** @default {} */
    RunBotDto: {
      /** @description available as {{input.x}} */
      input?: {
        [key: string]: unknown;
      };
    };
    RunBotResponseDto: {
      /** Format: uuid */
      executionId: string;
    };
    TerminalResponseDto: {
      /** Format: uuid */
      id: string;
      cwd: string;
      cols: number;
      rows: number;
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: uuid
       * @description who opened it (the same as ownerId)
       */
      userId: string;
      /**
       * Format: uuid
       * @description who opened it: other admins may attach, and each such attach is audited
       */
      ownerId: string;
      /** @description the owner’s email; null once the user is deleted */
      ownerEmail: string[];
    };
    TokenPairResponseDto: {
      /** @description send as Authorization: Bearer <accessToken> */
      accessToken: string;
      /** @description seconds until the access token expires */
      expiresIn: number;
      /** @description also set as an httpOnly cookie; single use */
      refreshToken: string;
      /** @description seconds until the refresh token expires */
      refreshExpiresIn: number;
      user: {
        /** Format: uuid */
        id: string;
        email: string;
        /** @enum {string} */
        role: 'viewer' | 'operator' | 'admin';
      };
    };
    TriggerResponseDto:
      | {
          /** Format: uuid */
          id: string;
          /** Format: uuid */
          botId: string;
          enabled: boolean;
          /** Format: date-time */
          createdAt: string;
          /** Format: date-time */
          updatedAt: string;
          /** @enum {string} */
          type: 'webhook';
          match: {
            path: string;
            /** @enum {string} */
            op: 'eq' | 'contains' | 'regex' | 'exists';
            value?: string | number | boolean;
          }[];
          /** @description path to POST signed webhooks to: /hooks/<token>; for operators and admins only */
          url?: string;
        }
      | {
          /** Format: uuid */
          id: string;
          /** Format: uuid */
          botId: string;
          enabled: boolean;
          /** Format: date-time */
          createdAt: string;
          /** Format: date-time */
          updatedAt: string;
          /** @enum {string} */
          type: 'github';
          events: string[];
          repositories: string[];
          mention: string | null;
          senders: string[];
          /** @description null: the default */
          authorAssociations:
            | (
                | 'OWNER'
                | 'MEMBER'
                | 'COLLABORATOR'
                | 'CONTRIBUTOR'
                | 'FIRST_TIME_CONTRIBUTOR'
                | 'FIRST_TIMER'
                | 'NONE'
              )[]
            | null;
          /**
           * @description the payload URL to give GitHub (secret: GITHUB_WEBHOOK_SECRET)
           * @enum {string}
           */
          url: '/hooks/github';
        }
      | {
          /** Format: uuid */
          id: string;
          /** Format: uuid */
          botId: string;
          enabled: boolean;
          /** Format: date-time */
          createdAt: string;
          /** Format: date-time */
          updatedAt: string;
          /** @enum {string} */
          type: 'schedule';
          cron: string;
          timezone: string;
          /**
           * Format: date-time
           * @description null while disabled
           */
          nextRunAt: string | null;
        };
    TriggerWithSecretResponseDto: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      botId: string;
      enabled: boolean;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /** @enum {string} */
      type: 'webhook';
      match: {
        path: string;
        /** @enum {string} */
        op: 'eq' | 'contains' | 'regex' | 'exists';
        value?: string | number | boolean;
      }[];
      /** @description path to POST signed webhooks to: /hooks/<token> */
      url: string;
      /** @description HMAC-SHA256 key for X-Agented-Signature; shown only now */
      secret: string;
    };
    UpdateBotDto: {
      name?: string;
      description?: string;
      /** @enum {string} */
      backend?: 'claude' | 'codex' | 'gemini' | 'opencode' | 'command';
      model?: string | null;
      promptTemplate?: string;
      command?: string[] | null;
      workdir?: string | null;
      timeoutSeconds?: number;
      enabled?: boolean;
      /** @description claude: --allowedTools */
      allowedTools?: string[];
      /** @description local directories the CLI may use besides its working directory (claude, gemini) */
      addDirs?: string[];
      /** @description every run gets a fresh shallow clone of it as its working directory */
      repository?: {
        url: string;
        /** @description the branch or tag to clone; GitHub pull-request events clone the PR's head branch */
        ref?: string | null;
      } | null;
      /** @description runs of this bot at once across all workers; extra runs wait queued, in order */
      maxConcurrent?: number | null;
      /** @description attempts of a rate-limited run (null: the server default) */
      retryAttempts?: number | null;
      /** @description wait before the first retry, doubled for each later one (null: the server default) */
      retryBackoffSeconds?: number | null;
      /** @description also retry runs that failed for other reasons than a rate limit */
      retryOnFailure?: boolean;
    };
    UpdateTriggerDto: {
      enabled?: boolean;
      /** @description webhook: replaces the rules; [] removes them */
      match?: {
        path: string;
        /** @enum {string} */
        op: 'eq' | 'contains' | 'regex' | 'exists';
        value?: string | number | boolean;
      }[];
      /** @description an entry without an action ("pull_request") matches every action of that event */
      events?: string[];
      /** @description only events from these repositories; none means any */
      repositories?: string[] | null;
      /** @description only when the comment (or review, issue, PR body) mentions it */
      mention?: string | null;
      /** @description only events these GitHub logins caused (the sender); none means anyone the other settings allow */
      senders?: string[] | null;
      /** @description only when the author of the comment, review, pull request or issue relates to the repository so; null: OWNER, MEMBER or COLLABORATOR for comments, reviews and pull requests from forks (unless senders are set), anyone for other events */
      authorAssociations?:
        | (
            | 'OWNER'
            | 'MEMBER'
            | 'COLLABORATOR'
            | 'CONTRIBUTOR'
            | 'FIRST_TIME_CONTRIBUTOR'
            | 'FIRST_TIMER'
            | 'NONE'
          )[]
        | null;
      /** @description 5 fields, or 6 with seconds first (croner syntax: L, W, # and names work) */
      cron?: string;
      timezone?: string;
    };
    UpdateUserDto: {
      /** Format: email */
      email?: string;
      password?: string;
      /** @enum {string} */
      role?: 'viewer' | 'operator' | 'admin';
    };
    UserResponseDto: {
      /** Format: uuid */
      id: string;
      email: string;
      /** @enum {string} */
      role: 'viewer' | 'operator' | 'admin';
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    WebhookResponseDto: {
      /** Format: uuid */
      deliveryId: string;
      /** @description empty when no trigger matched (rules, events, repository, mention) or the bot is disabled */
      executionIds: string[];
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
