/** What both Discord benchmarks start: the bot's configuration and the "pong" baseline bot. */
import { Events, type Client } from 'discord.js';
import type { Config } from '../src/config.js';
import { createClient } from '../src/discord/client.js';
import { POOL_DEFAULTS } from '../src/pool/defaults.js';

export const BENCH_TOKEN = 'fake-token-for-bench-only.abcd.0123456789abcdefghij';

export function benchConfig(fake: { apiUrl: string; applicationId: string }, corpusDir: string, workers = POOL_DEFAULTS.workers): Config {
  return {
    discordToken: BENCH_TOKEN,
    discordClientId: fake.applicationId,
    discordGuildId: undefined,
    discordApiUrl: fake.apiUrl,
    corpusDir,
    keyvUrl: 'memory',
    logLevel: 'warn',
    // The benchmarks measure answering, not the cooldown.
    cooldown: { limit: 1_000_000, windowMs: 1_000 },
    conversationTtlMs: 60_000,
    answerCacheTtlMs: 3_600_000,
    engine: { workers, timeoutMs: POOL_DEFAULTS.timeoutMs, queueLimit: POOL_DEFAULTS.queueLimit },
  };
}

/**
 * The baseline: the same client options, replying "pong" at once, so a ratio against it
 * cancels out the machine and the round trips no handler can avoid.
 */
export async function startPongBot(apiUrl: string): Promise<Client> {
  const client = createClient({ discordApiUrl: apiUrl });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isRepliable()) void interaction.reply({ content: 'pong', allowedMentions: { parse: [] } }).catch(() => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    client.login(BENCH_TOKEN).catch(reject);
  });
  return client;
}
