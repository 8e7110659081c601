import { createRequire } from 'node:module';
import pino from 'pino';
import type { Config } from './config.js';

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

export interface LogFormat {
  /** One readable line per entry (pino-pretty) instead of JSON: for a person at a terminal. */
  pretty?: boolean;
  /** Colour in pretty lines. */
  color?: boolean;
}

/**
 * Structured logs. They go to stderr by default because stdout belongs to the CLI
 * (`repl --json`, `ask`) and must stay machine-readable. JSON unless `pretty`: a service
 * manager, a log shipper or a pipe gets one JSON object a line.
 */
export function createLogger(
  level: Config['logLevel'],
  destination?: NodeJS.WritableStream | pino.DestinationStream,
  format: LogFormat = {},
): pino.Logger {
  const options: pino.LoggerOptions = {
    level,
    name: 'dossier',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  // Synchronous writes so the last lines before a crash are not lost.
  if (format.pretty) return pino(options, prettyStream(destination, format.color ?? false));
  return pino(options, destination ?? pino.destination({ dest: 2, sync: true }));
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
