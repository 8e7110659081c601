import { Events, RESTEvents, type APIRequest, type Client } from 'discord.js';
import type { Logger } from 'pino';

const PORTAL = 'Developer Portal (https://discord.com/developers/applications) → your application → Bot';
const RESET_TOKEN = `reset the token in the ${PORTAL} → Reset Token, and put the new one in .env as DISCORD_TOKEN`;

/**
 * Gateway close codes after which discord.js gives up reconnecting, each with what the
 * operator has to change before starting the bot again.
 */
export const FATAL_CLOSE_CODES: Readonly<Record<number, string>> = {
  4004: `Discord rejected the bot token (gateway close 4004, authentication failed): ${RESET_TOKEN}.`,
  4010: 'Discord rejected the shard the bot identified as (gateway close 4010, invalid shard): Dossier runs as one shard; remove any shard settings passed to discord.js.',
  4011: 'Discord requires sharding for this bot (gateway close 4011, sharding required): it is in too many servers for one connection; run it under discord.js\'s ShardingManager.',
  4012: 'Discord rejected the gateway API version (gateway close 4012, invalid API version): update discord.js (npm update discord.js) and restart.',
  4013: 'Discord rejected the requested intents (gateway close 4013, invalid intents): the INTENTS list in src/discord/client.ts is not a valid intents bitfield; fix it.',
  4014: `Discord refused a privileged intent (gateway close 4014, disallowed intents): enable it in the ${PORTAL} → Privileged Gateway Intents, or remove it from INTENTS in src/discord/client.ts.`,
};

/** Something only the operator can fix; the bot stops and the process exits non-zero. */
export class FatalDiscordError extends Error {
  override readonly name = 'FatalDiscordError';
  constructor(
    message: string,
    readonly closeCode?: number,
  ) {
    super(message);
  }
}

export function unauthorizedError(request: Pick<APIRequest, 'method' | 'route'>): FatalDiscordError {
  return new FatalDiscordError(
    `Discord answered 401 Unauthorized to ${request.method.toUpperCase()} ${request.route}: the bot token is no longer valid; ${RESET_TOKEN}.`,
  );
}

/**
 * Reports what the connection cannot recover from (a fatal gateway close, a 401 on an
 * authenticated request: a reset token would otherwise leave DMs and mentions failing
 * until someone restarts the bot) and logs reconnects and resumes at info.
 * Returns a function that stops watching.
 */
export function watchConnection(client: Client, logger: Logger, onFatal: (error: FatalDiscordError) => void): () => void {
  const onDisconnect = ({ code }: { code: number }, shard: number) => {
    const fix = FATAL_CLOSE_CODES[code];
    if (fix) onFatal(new FatalDiscordError(fix, code));
    else logger.warn({ shard, closeCode: code }, 'gateway closed and will not reconnect');
  };
  const onReconnecting = (shard: number) => logger.info({ shard }, 'gateway connection lost; reconnecting');
  const onResume = (shard: number, replayed: number) => logger.info({ shard, replayed }, 'gateway session resumed');
  const onReady = (shard: number) => logger.info({ shard }, 'gateway session ready');
  // Interaction callbacks and webhooks carry their own token and go without the bot's: a 401
  // there means an expired interaction, not a bad bot token.
  const onResponse = (request: APIRequest, response: { status: number }) => {
    if (response.status === 401 && request.data.auth !== false) onFatal(unauthorizedError(request));
  };
  client.on(Events.ShardDisconnect, onDisconnect);
  client.on(Events.ShardReconnecting, onReconnecting);
  client.on(Events.ShardResume, onResume);
  client.on(Events.ShardReady, onReady);
  client.rest.on(RESTEvents.Response, onResponse);
  return () => {
    client.off(Events.ShardDisconnect, onDisconnect);
    client.off(Events.ShardReconnecting, onReconnecting);
    client.off(Events.ShardResume, onResume);
    client.off(Events.ShardReady, onReady);
    client.rest.off(RESTEvents.Response, onResponse);
  };
}
