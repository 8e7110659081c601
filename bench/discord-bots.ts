/** What both Discord benchmarks start: the bot's configuration and the "pong" baseline bot. */
import { Events, type Client } from 'discord.js';
import { loadConfig, type Config } from '../src/config.js';
import { createClient } from '../src/discord/client.js';
import { POOL_DEFAULTS } from '../src/pool/defaults.js';

export const BENCH_TOKEN = 'fake-token-for-bench-only.abcd.0123456789abcdefghij';

/** The bot's configuration for a benchmark, through the same validation as the real one. */
export function benchConfig(fake: { apiUrl: string; applicationId: string }, corpusDir: string, workers = POOL_DEFAULTS.workers): Config {
  const loaded = loadConfig({
    DISCORD_TOKEN: BENCH_TOKEN,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    CORPUS_DIR: corpusDir,
    KEYV_URL: 'memory',
    LOG_LEVEL: 'warn',
    // The benchmarks measure answering, not the cooldown: its loosest setting.
    COOLDOWN_LIMIT: '1000',
    COOLDOWN_WINDOW_SECONDS: '1',
    ENGINE_WORKERS: String(workers),
  });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.config;
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
