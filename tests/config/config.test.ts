import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { loadConfig, requireBot, requireDeploy, type Config } from '../../src/config.js';

// Shaped like a real bot token (three base64url segments) but not one.
const TOKEN = 'MTA5ODc2NTQzMjEwOTg3NjU0Mw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
const CLIENT_ID = '1098765432109876543';

function ok(env: Record<string, string | undefined>): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(`expected valid config, got: ${result.errors.join(' | ')}`);
  return result.config;
}

function errors(env: Record<string, string | undefined>): string[] {
  const result = loadConfig(env);
  if (result.ok) throw new Error('expected config errors');
  return result.errors;
}

describe('loadConfig defaults', () => {
  it('fills every default from an empty environment', () => {
    expect(ok({})).toEqual({
      discordToken: undefined,
      discordClientId: undefined,
      discordGuildId: undefined,
      discordApiUrl: undefined,
      corpusDir: './corpus',
      corpusLimits: { maxFileBytes: 100 * 1024 * 1024, maxPassageChars: 5_000 },
      snapshotDir: 'data/snapshots',
      snapshotMaxBytes: 2048 * 1024 * 1024,
      keyvUrl: 'sqlite://data/dossier.sqlite',
      keyvPrefix: 'dossier',
      watch: false,
      shards: { count: 'auto', list: null },
      logLevel: 'info',
      cooldown: { limit: 5, windowMs: 10_000 },
      conversationTtlMs: 30 * 60_000,
      answerCacheTtlMs: 24 * 3_600_000,
      engine: { workers: availableParallelism(), timeoutMs: 10_000, waitMs: 5 * 60_000, queueLimit: 1000 },
      queuePerUser: 10,
      metrics: null,
    });
  });

  it('treats empty and whitespace-only values as unset', () => {
    const blank = {
      DISCORD_TOKEN: '',
      DISCORD_CLIENT_ID: '  ',
      DISCORD_GUILD_ID: '',
      DISCORD_API_URL: '',
      CORPUS_DIR: '',
      CORPUS_MAX_FILE_MB: '',
      CORPUS_MAX_PASSAGE_CHARS: ' ',
      KEYV_URL: '',
      LOG_LEVEL: ' ',
      COOLDOWN_LIMIT: '',
      COOLDOWN_WINDOW_SECONDS: '',
      CONVERSATION_TTL_MINUTES: '',
      ANSWER_CACHE_TTL_HOURS: '',
      ENGINE_WORKERS: '',
      ENGINE_TIMEOUT_SECONDS: ' ',
      ENGINE_WAIT_MINUTES: '',
      ENGINE_QUEUE_LIMIT: '',
      ENGINE_QUEUE_PER_USER: ' ',
    };
    expect(ok(blank)).toEqual(ok({}));
  });

  it('ignores unrelated environment variables', () => {
    expect(ok({ PATH: '/usr/bin', HOME: '/root' })).toEqual(ok({}));
  });
});

describe('loadConfig parsing', () => {
  it('reads every variable and converts units to milliseconds', () => {
    const config = ok({
      DISCORD_TOKEN: ` ${TOKEN} `,
      DISCORD_CLIENT_ID: CLIENT_ID,
      DISCORD_GUILD_ID: '123456789012345678',
      DISCORD_API_URL: 'http://127.0.0.1:8080/api',
      CORPUS_DIR: '/srv/docs',
      CORPUS_MAX_FILE_MB: '0.5',
      CORPUS_MAX_PASSAGE_CHARS: '800',
      SNAPSHOT_DIR: '/var/cache/dossier',
      SNAPSHOT_MAX_MB: '512',
      KEYV_URL: 'redis://:secret@127.0.0.1:6379/2',
      LOG_LEVEL: 'DEBUG',
      COOLDOWN_LIMIT: '3',
      COOLDOWN_WINDOW_SECONDS: '2.5',
      CONVERSATION_TTL_MINUTES: '15',
      ANSWER_CACHE_TTL_HOURS: '0.5',
      ENGINE_WORKERS: '3',
      ENGINE_TIMEOUT_SECONDS: '2.5',
      ENGINE_WAIT_MINUTES: '1.5',
      ENGINE_QUEUE_LIMIT: '50',
      ENGINE_QUEUE_PER_USER: '3',
      METRICS_PORT: '9464',
      METRICS_HOST: '0.0.0.0',
      KEYV_PREFIX: 'bot-a:prod',
      WATCH: 'yes',
      DOSSIER_SHARDS: '4',
      DOSSIER_SHARD_LIST: '3, 1',
    });
    expect(config).toEqual({
      discordToken: TOKEN,
      discordClientId: CLIENT_ID,
      discordGuildId: '123456789012345678',
      discordApiUrl: 'http://127.0.0.1:8080/api',
      corpusDir: '/srv/docs',
      corpusLimits: { maxFileBytes: 512 * 1024, maxPassageChars: 800 },
      snapshotDir: '/var/cache/dossier',
      snapshotMaxBytes: 512 * 1024 * 1024,
      keyvUrl: 'redis://:secret@127.0.0.1:6379/2',
      keyvPrefix: 'bot-a:prod',
      watch: true,
      shards: { count: 4, list: [1, 3] },
      logLevel: 'debug',
      cooldown: { limit: 3, windowMs: 2_500 },
      conversationTtlMs: 15 * 60_000,
      answerCacheTtlMs: 30 * 60_000,
      engine: { workers: 3, timeoutMs: 2_500, waitMs: 90_000, queueLimit: 50 },
      queuePerUser: 3,
      metrics: { host: '0.0.0.0', port: 9464 },
    });
  });

  it.each(['memory', 'MEMORY', 'sqlite://data/x.sqlite', 'sqlite:///abs/x.sqlite', 'redis://localhost:6379', 'rediss://user:pw@example.com:6380'])(
    'accepts KEYV_URL %s',
    (url) => {
      expect(loadConfig({ KEYV_URL: url }).ok).toBe(true);
    },
  );

  it('turns index snapshots off with SNAPSHOT_DIR=off', () => {
    expect(ok({ SNAPSHOT_DIR: 'off' }).snapshotDir).toBeNull();
    expect(ok({ SNAPSHOT_DIR: 'OFF' }).snapshotDir).toBeNull();
    expect(ok({ SNAPSHOT_DIR: '' }).snapshotDir).toBe('data/snapshots');
  });

  it.each([
    [{ DOSSIER_SHARDS: '0' }, 'DOSSIER_SHARDS must be auto or a whole number'],
    [{ DOSSIER_SHARDS: 'many' }, 'DOSSIER_SHARDS must be auto or a whole number'],
    [{ DOSSIER_SHARDS: '2', DOSSIER_SHARD_LIST: '0,2' }, 'DOSSIER_SHARD_LIST must be shard ids'],
    [{ DOSSIER_SHARD_LIST: '0' }, 'DOSSIER_SHARD_LIST must be shard ids'],
    [{ DOSSIER_SHARDS: '2', DOSSIER_SHARD_LIST: '0;1' }, 'DOSSIER_SHARD_LIST must be shard ids'],
    [{ SHARDS: 'many' }, 'DOSSIER_SHARDS must be auto or a whole number'],
    [{ WATCH: 'sometimes' }, 'WATCH must be'],
    [{ KEYV_PREFIX: 'has space' }, 'KEYV_PREFIX must be'],
  ])('rejects %o', (env, message) => {
    const result = loadConfig(env);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toContain(message);
  });

  it('inside a shard process, SHARDS is discord.js\'s shard id and is not checked', () => {
    const result = loadConfig({ SHARDING_MANAGER: 'true', SHARDS: '0', SHARD_COUNT: '2' });
    expect(result).toMatchObject({ ok: true, warnings: [], config: { shards: { count: 'auto', list: null } } });
  });

  it('WATCH accepts 1/0, true/false, yes/no', () => {
    expect(ok({ WATCH: '1' }).watch).toBe(true);
    expect(ok({ WATCH: 'FALSE' }).watch).toBe(false);
    expect(ok({ DOSSIER_SHARDS: 'AUTO' }).shards.count).toBe('auto');
  });

  it('normalises memory to lower case', () => {
    expect(ok({ KEYV_URL: 'Memory' }).keyvUrl).toBe('memory');
  });

  it.each(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])('accepts LOG_LEVEL %s', (level) => {
    expect(ok({ LOG_LEVEL: level }).logLevel).toBe(level);
  });
});

describe('settings discord.js also reads', () => {
  const warnings = (env: Record<string, string>) => {
    const result = loadConfig(env);
    if (!result.ok) throw new Error(result.errors.join(' | '));
    return { shards: result.config.shards, warnings: result.warnings };
  };

  it('reads the former SHARDS and SHARD_LIST as DOSSIER_SHARDS and DOSSIER_SHARD_LIST, one deprecation line each', () => {
    const read = warnings({ SHARDS: '4', SHARD_LIST: '0,1' });
    expect(read.shards).toEqual({ count: 4, list: [0, 1] });
    expect(read.warnings).toEqual([
      expect.stringMatching(/^SHARDS is deprecated: read as DOSSIER_SHARDS; rename it in \.env/),
      expect.stringMatching(/^SHARD_LIST is deprecated: read as DOSSIER_SHARD_LIST; rename it in \.env/),
    ]);
    for (const line of read.warnings) expect(line).not.toContain('\n');
  });

  it('prefers the new name when both are set, and says the old one is ignored', () => {
    const read = warnings({ SHARDS: 'auto', DOSSIER_SHARDS: '2' });
    expect(read.shards.count).toBe(2);
    expect(read.warnings).toEqual([expect.stringMatching(/^SHARDS is ignored: it was renamed DOSSIER_SHARDS, which is set too/)]);
  });

  it('says SHARD_COUNT is not ours rather than letting it pass silently', () => {
    expect(warnings({ SHARD_COUNT: '3' }).warnings).toEqual([expect.stringContaining('SHARD_COUNT is not a Dossier setting and is ignored')]);
  });

  it('has no warnings for the new names', () => {
    expect(warnings({ DOSSIER_SHARDS: 'auto', DOSSIER_SHARD_LIST: '' }).warnings).toEqual([]);
  });
});

describe('loadConfig errors', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['DISCORD_CLIENT_ID', 'my-bot', /Developer Portal → General Information → Application ID/],
    ['DISCORD_CLIENT_ID', '123', /numeric application id/],
    ['DISCORD_GUILD_ID', 'guild', /numeric server id.*leave it empty/],
    ['DISCORD_API_URL', 'ftp://example.com', /http:\/\/ or https:\/\/ URL/],
    ['DISCORD_API_URL', 'not a url', /http:\/\/ or https:\/\/ URL/],
    ['KEYV_URL', 'mongodb://localhost', /sqlite:\/\/<file>, redis:\/\/host:port/],
    ['KEYV_URL', 'sqlite://', /sqlite:\/\/<file>/],
    ['KEYV_URL', 'data/dossier.sqlite', /sqlite:\/\/<file>/],
    ['LOG_LEVEL', 'verbose', /one of fatal, error, warn, info, debug, trace, silent/],
    ['COOLDOWN_LIMIT', '0', /whole number from 1 to 1000/],
    ['COOLDOWN_LIMIT', '2.5', /whole number/],
    ['COOLDOWN_LIMIT', 'five', /whole number/],
    ['COOLDOWN_WINDOW_SECONDS', '-1', /seconds greater than 0/],
    ['COOLDOWN_WINDOW_SECONDS', '10s', /seconds greater than 0/],
    ['CONVERSATION_TTL_MINUTES', '0', /minutes greater than 0/],
    ['ANSWER_CACHE_TTL_HOURS', '1e9', /at most 8760/],
    ['CORPUS_MAX_FILE_MB', '0', /megabytes greater than 0/],
    ['CORPUS_MAX_FILE_MB', 'lots', /megabytes greater than 0/],
    ['CORPUS_MAX_PASSAGE_CHARS', '50', /whole number from 200 to 1000000/],
    ['CORPUS_MAX_PASSAGE_CHARS', '999.5', /whole number/],
    ['ENGINE_WORKERS', '0', /whole number from 1 to 64/],
    ['ENGINE_WORKERS', 'all', /whole number from 1 to 64/],
    ['ENGINE_TIMEOUT_SECONDS', '-2', /seconds greater than 0 and at most 600/],
    ['ENGINE_QUEUE_LIMIT', '1.5', /whole number from 1 to 100000/],
    ['ENGINE_WAIT_MINUTES', '0', /minutes greater than 0 and at most 14/],
    ['ENGINE_WAIT_MINUTES', '15', /minutes greater than 0 and at most 14/],
    ['ENGINE_QUEUE_PER_USER', '0', /whole number from 1 to 1000/],
    ['SNAPSHOT_MAX_MB', '0', /megabytes greater than 0/],
    ['METRICS_PORT', '0', /TCP port number from 1 to 65535/],
    ['METRICS_PORT', '70000', /TCP port number from 1 to 65535/],
    ['METRICS_PORT', 'http', /TCP port number/],
    ['METRICS_HOST', 'not a host!', /IP address or host name/],
  ];

  it('the metrics endpoint is off unless METRICS_PORT is set, and listens on this machine only unless METRICS_HOST says otherwise', () => {
    expect(ok({}).metrics).toBeNull();
    expect(ok({ METRICS_PORT: '9464' }).metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(ok({ METRICS_PORT: '9464', METRICS_HOST: '[::1]' }).metrics).toEqual({ host: '::1', port: 9464 });
  });

  it('in a shard process, METRICS_PORT is offset by the shard id, so shards of one machine do not collide', () => {
    expect(ok({ METRICS_PORT: '9464', SHARDING_MANAGER: 'true', SHARDS: '2' }).metrics).toEqual({ host: '127.0.0.1', port: 9466 });
    expect(ok({ METRICS_PORT: '9464', SHARDS: '2', DOSSIER_SHARDS: '4' }).metrics?.port).toBe(9464);
    expect(errors({ METRICS_PORT: '65535', SHARDING_MANAGER: 'true', SHARDS: '1' })).toEqual([expect.stringMatching(/^METRICS_PORT /)]);
  });

  it('a wait budget and run limit that together reach the 15 minutes a deferred answer may take are refused', () => {
    expect(errors({ ENGINE_WAIT_MINUTES: '14', ENGINE_TIMEOUT_SECONDS: '60' })).toEqual([expect.stringMatching(/^ENGINE_WAIT_MINUTES plus ENGINE_TIMEOUT_SECONDS must stay under 15 minutes/)]);
    expect(ok({ ENGINE_WAIT_MINUTES: '14', ENGINE_TIMEOUT_SECONDS: '59' }).engine).toMatchObject({ waitMs: 14 * 60_000, timeoutMs: 59_000 });
    expect(ok({}).engine.waitMs).toBe(5 * 60_000);
  });

  it.each(cases)('%s=%s gives one line naming the variable', (name, value, hint) => {
    const list = errors({ [name]: value });
    expect(list).toHaveLength(1);
    const [line] = list;
    expect(line).toMatch(new RegExp(`^${name} `));
    expect(line).toMatch(hint);
    expect(line).not.toContain('\n');
  });

  it('reports every bad variable at once', () => {
    const list = errors({ DISCORD_CLIENT_ID: 'x', LOG_LEVEL: 'loud', COOLDOWN_LIMIT: '-3' });
    expect(list.map((l) => l.split(' ')[0])).toEqual(['DISCORD_CLIENT_ID', 'LOG_LEVEL', 'COOLDOWN_LIMIT']);
  });

  it('never includes the token, even when everything else is wrong', () => {
    const env = {
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: TOKEN,
      DISCORD_GUILD_ID: TOKEN,
      DISCORD_API_URL: TOKEN,
      KEYV_URL: TOKEN,
      LOG_LEVEL: TOKEN,
      COOLDOWN_LIMIT: TOKEN,
      COOLDOWN_WINDOW_SECONDS: TOKEN,
      CONVERSATION_TTL_MINUTES: TOKEN,
      ANSWER_CACHE_TTL_HOURS: TOKEN,
    };
    const list = errors(env);
    expect(list).toHaveLength(9);
    for (const line of list) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain('GaBcDe');
    }
  });
});

describe('requireBot', () => {
  const withToken = (token: string | undefined, extra: Record<string, string> = {}) =>
    ok({ DISCORD_TOKEN: token, ...extra });

  it('accepts a plausible token', () => {
    expect(requireBot(withToken(TOKEN))).toEqual([]);
  });

  it('explains where to get a missing token', () => {
    const [line, ...rest] = requireBot(withToken(undefined));
    expect(rest).toEqual([]);
    expect(line).toMatch(/^DISCORD_TOKEN is not set/);
    expect(line).toMatch(/Bot → Reset Token/);
  });

  const implausible: Array<[string, string, RegExp]> = [
    ['with a Bot prefix', `Bot ${TOKEN}`, /without the 'Bot ' prefix/],
    ['with quotes', `"${TOKEN}"`, /quote characters/],
    ['an application id', CLIENT_ID, /application or user id/],
    ['a client secret', 'AbCdEfGhIjKlMnOpQrStUvWxYz012345', /found 32 characters with no dots, the shape of an OAuth2 client secret/],
    ['a short word', 'abc', /found 3 characters with no dots; a bot token is three parts separated by dots/],
    ['a token cut short', TOKEN.slice(0, 40), /found three parts, but the signature \(part 3\) has 6 characters, fewer than the 20/],
    ['two parts', TOKEN.split('.').slice(0, 2).join('.'), /found 2 parts separated by dots \(26, 6 characters\)/],
    ['a space inside', TOKEN.replace('.GaB', '.Ga B'), /the timestamp \(part 2\) holds a space/],
  ];

  it.each(implausible)('rejects %s, saying what it found, without echoing it', (_label, token, hint) => {
    const list = requireBot(withToken(token));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatch(/^DISCORD_TOKEN /);
    expect(list[0]).toMatch(hint);
    expect(list[0]).toMatch(/Reset Token|prefix|quoting/);
    expect(list[0]).not.toContain(token);
    for (const part of token.split(/[.\s]/)) if (part.length >= 6) expect(list[0]).not.toContain(part);
  });

  it('no message quotes the token, whatever its shape', () => {
    for (const token of ['a.b.c', 'x'.repeat(80), 'abc.def', `${TOKEN}.extra`, 'ab\u00e9cd.efgh.ijkl']) {
      const [line = ''] = requireBot(withToken(token));
      expect(line).toMatch(/^DISCORD_TOKEN is not a bot token: found /);
      expect(line).not.toContain(token);
    }
  });

  it('does not insist on Discord token shape when talking to a custom API (a mock)', () => {
    expect(requireBot(withToken('any-token', { DISCORD_API_URL: 'http://127.0.0.1:9999/api' }))).toEqual([]);
    expect(requireBot(withToken('Bot any-token', { DISCORD_API_URL: 'http://127.0.0.1:9999/api' }))).toHaveLength(1);
  });
});

describe('requireDeploy', () => {
  it('needs both the token and the client id', () => {
    const list = requireDeploy(ok({}));
    expect(list).toHaveLength(2);
    expect(list[0]).toMatch(/^DISCORD_TOKEN is not set/);
    expect(list[1]).toMatch(/^DISCORD_CLIENT_ID is not set .*Application ID/);
  });

  it('passes with a token and client id; the guild id stays optional', () => {
    expect(requireDeploy(ok({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: CLIENT_ID }))).toEqual([]);
  });

  it('does not leak the token when only the client id is missing', () => {
    const list = requireDeploy(ok({ DISCORD_TOKEN: TOKEN }));
    expect(list).toHaveLength(1);
    expect(list.join('\n')).not.toContain(TOKEN);
  });
});

describe('ANSWER_THRESHOLD', () => {
  it('defaults to the trained threshold (undefined here) and accepts a confidence between 0 and 1', () => {
    const none = loadConfig({});
    expect(none.ok && none.config.answerThreshold).toBeUndefined();
    const set = loadConfig({ ANSWER_THRESHOLD: '0.6' });
    expect(set.ok && set.config.answerThreshold).toBe(0.6);
    for (const bad of ['1.5', '-0.1', 'high']) expect(loadConfig({ ANSWER_THRESHOLD: bad }).ok).toBe(false);
  });
});
