import pino from 'pino';
import type { Config } from './config.js';

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

/**
 * Structured JSON logs. They go to stderr by default because stdout belongs to
 * the CLI (`repl --json`, `ask`) and must stay machine-readable.
 */
export function createLogger(
  level: Config['logLevel'],
  destination?: NodeJS.WritableStream | pino.DestinationStream,
): pino.Logger {
  const options: pino.LoggerOptions = {
    level,
    name: 'dossier',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  // Synchronous writes so the last lines before a crash are not lost.
  return pino(options, destination ?? pino.destination({ dest: 2, sync: true }));
}
