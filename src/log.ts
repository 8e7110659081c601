import pino from 'pino';
import type { Config } from './config.js';
import { createRedactor, redactDeep, type Redact } from './redact.js';

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
  options: { secrets?: ReadonlyArray<string | undefined> } = {},
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
