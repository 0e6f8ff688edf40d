import pino, { DestinationStream, Level, LevelWithSilent, LogFn, Logger, LoggerOptions } from 'pino';
import { Options as HttpLoggerOptions } from 'pino-http';
import { Config } from '../config/config.schema';
import { REDACTED, scrubDeep, scrubHeaders, scrubText, scrubUrl } from './redact';

/** Header paths masked in every log line, whoever logs them. */
const REDACT_PATHS = ['*.password', '*.secret', '*.accessToken', '*.refreshToken'];

type LoggingConfig = Pick<Config, 'NODE_ENV' | 'LOG_LEVEL'>;

/** The process's root logger: JSON to stdout, pretty in development, quiet under test. */
export function createLogger(
  config: LoggingConfig,
  bindings: Record<string, string> = {},
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level: effectiveLevel(config),
    base: { pid: process.pid, ...bindings },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    // Messages and errors are free text that may quote a credential (a header, a URL).
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<LogFn>);
      },
    },
    serializers: { err: (err: Error) => scrubDeep(pino.stdSerializers.err(err)) },
  };
  // pino-pretty is a devDependency: only development may load it.
  if (config.NODE_ENV === 'development' && !destination) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } },
    });
  }
  // "level":"warn" rather than 40: what log shippers and people grep for.
  const json: LoggerOptions = { ...options, formatters: { level: (label) => ({ level: label }) } };
  return destination ? pino(json, destination) : pino(json);
}

/** Tests stay readable: nothing below `warn` unless a stricter level was asked for. */
function effectiveLevel(config: LoggingConfig): LevelWithSilent {
  if (config.NODE_ENV !== 'test' || config.LOG_LEVEL === 'silent') return config.LOG_LEVEL;
  const warn = pino.levels.values.warn;
  return pino.levels.values[config.LOG_LEVEL] >= warn ? config.LOG_LEVEL : 'warn';
}

/** Access-log settings: one line per request with its id; health probes and scrapes are not logged. */
export function httpLoggerOptions(logger: Logger): HttpLoggerOptions {
  return {
    logger,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    autoLogging: { ignore: (req) => /^\/(health\/|metrics(\?|$))/.test(req.url ?? '') },
    customLogLevel: (_req, res, err): Level => (err || res.statusCode >= 500 ? 'warn' : 'info'),
    // The error itself is logged (with its stack) by the exception filter; don't repeat a stand-in.
    customErrorObject: (_req, _res, _err, fields: Record<string, unknown>) => ({ ...fields, err: undefined }),
    serializers: {
      req: (req: {
        id: unknown;
        method: string;
        url: string;
        headers: Record<string, unknown>;
        remoteAddress?: string;
      }) => ({
        id: req.id,
        method: req.method,
        url: scrubUrl(req.url),
        // By name, not by a fixed list: senders invent X-Gitlab-Token, X-Webhook-Secret, …
        headers: scrubHeaders(req.headers),
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // pino-http hands this the standard serialization of the error.
      err: (err: object) => scrubDeep(err),
    },
  };
}
