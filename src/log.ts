import { createRequire } from 'node:module';
import pino from 'pino';
import type { Config } from './config.js';
import { createRedactor, redactDeep, type Redact } from './redact.js';

const require = createRequire(import.meta.url);

// Paths a token could reach the logger through. pino matches them exactly, so
// nested shapes that are plausible in this codebase are listed one by one.
export const REDACT_PATHS = [
  'token',
  '*.token',
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  'discordToken',
  'config.discordToken',
  '*.discordToken',
];

export interface LogOptions {
  /** One readable line per entry (pino-pretty) instead of JSON: for a person at a terminal. */
  pretty?: boolean;
  /** Colour in pretty lines. */
  color?: boolean;
  /** Values (the bot token) to cut out of every logged error, wherever they appear. */
  secrets?: ReadonlyArray<string | undefined>;
}

/**
 * Structured logs. They go to stderr by default because stdout belongs to the CLI
 * (`repl --json`, `ask`) and must stay machine-readable. JSON unless `pretty`: a service
 * manager, a log shipper or a pipe gets one JSON object a line.
 */
export function createLogger(
  level: Config['logLevel'],
  destination?: NodeJS.WritableStream | pino.DestinationStream,
  options: LogOptions = {},
): pino.Logger {
  const serializeError = errorSerializer(createRedactor(options.secrets));
  const pinoOptions: pino.LoggerOptions = {
    level,
    name: 'dossier',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // Errors are logged under `err` (pino's convention), so this is the step every logged error passes.
    serializers: { err: serializeError },
  };
  // Synchronous writes so the last lines before a crash are not lost.
  if (options.pretty) return pino(pinoOptions, prettyStream(destination, options.color ?? false));
  return pino(pinoOptions, destination ?? pino.destination({ dest: 2, sync: true }));
}

/**
 * pino's error serializer, then redaction of every string it produced. The request body that
 * discord.js attaches to its errors is dropped: it is a whole reply, and nobody reads it there.
 */
export function errorSerializer(redact: Redact): (err: unknown) => unknown {
  return (err) => {
    const plain = err instanceof Error ? { ...pino.stdSerializers.err(err) } : err;
    if (plain && typeof plain === 'object') delete (plain as { requestBody?: unknown }).requestBody;
    return redactDeep(plain, redact);
  };
}

/** Formats in this thread (no transport worker) so it stays synchronous; loaded only when asked for. */
function prettyStream(destination: NodeJS.WritableStream | pino.DestinationStream | undefined, color: boolean): pino.DestinationStream {
  const { build } = require('pino-pretty') as typeof import('pino-pretty');
  return build({
    destination: (destination ?? 2) as NodeJS.WritableStream | number,
    sync: true,
    colorize: color,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name',
  });
}
