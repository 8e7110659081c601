import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/discord/load-commands.js';
import { definitions } from '../../src/discord/definitions.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { startFakeDiscord, type FakeDiscord } from '../../test-support/fake-discord/server.js';
import { captureLogs, TEST_TOKEN, testConfig } from './fixtures.js';

let fake: FakeDiscord;
beforeEach(async () => {
  fake = await startFakeDiscord();
});
afterEach(async () => {
  await fake.close();
});

const config = (guild?: string) => testConfig({ discordApiUrl: fake.apiUrl, discordClientId: fake.applicationId, discordGuildId: guild });

describe('deployCommands', () => {
  it('PUTs every command definition globally, in one request, with the bot token', async () => {
    const logs = captureLogs();
    const result = await deployCommands({ config: config(), logger: logs.logger });
    expect(result).toEqual({ count: 9, scope: 'global' });
    const puts = fake.requestsTo({ method: 'PUT', path: '/applications/:app/commands' });
    expect(puts).toHaveLength(1);
    const commands = await loadCommands();
    expect(puts[0]!.body).toEqual([...commands.values()].map((c) => c.data));
    expect(puts[0]!.headers.authorization).toBe(`Bot ${TEST_TOKEN}`);
    expect(puts[0]!.path).toBe(`/applications/${fake.applicationId}/commands`);
    expect(fake.commands('global').map((c) => c.name).sort()).toEqual(['ask', 'corpus', 'help', 'how-much', 'source', 'what', 'when', 'where', 'who']);
    expect(logs.text()).not.toContain(TEST_TOKEN);
  });

  it('the body is exactly the definitions (contexts Guild + BotDM, guild install)', async () => {
    await deployCommands({ config: config(), logger: captureLogs().logger });
    const body = fake.requestsTo({ method: 'PUT' })[0]!.body as Array<{ name: string }>;
    const byName = new Map(body.map((c) => [c.name, c]));
    expect(byName.get('when')).toEqual({
      type: 1,
      name: 'when',
      description: 'Ask for a date: /when zawahiri killed',
      contexts: [0, 1],
      integration_types: [0],
      options: [
        { type: 3, name: 'question', description: 'When… e.g. zawahiri killed', required: true, autocomplete: false },
        { type: 5, name: 'private', description: 'Show the answer only to you', required: false },
      ],
    });
    expect(byName.get('source')).toEqual({
      type: 1,
      name: 'source',
      description: 'Show a whole passage from the documents',
      contexts: [0, 1],
      integration_types: [0],
      options: [{ type: 3, name: 'passage', description: 'Start typing a title or passage id', required: true, autocomplete: true }],
    });
  });

  it('is idempotent: a second deploy sends the same body and leaves the same set', async () => {
    const logger = captureLogs().logger;
    await deployCommands({ config: config(), logger });
    const first = fake.commands('global');
    const again = await deployCommands({ config: config(), logger });
    expect(again).toEqual({ count: 9, scope: 'global' });
    const puts = fake.requestsTo({ method: 'PUT' });
    expect(puts).toHaveLength(2);
    expect(puts[1]!.body).toEqual(puts[0]!.body);
    expect(fake.commands('global')).toEqual(first);
  });

  it('deploys to DISCORD_GUILD_ID when set', async () => {
    const result = await deployCommands({ config: config(fake.guildId), logger: captureLogs().logger });
    expect(result).toEqual({ count: 9, scope: `guild ${fake.guildId}` });
    expect(fake.requestsTo({ method: 'PUT' }).map((r) => r.path)).toEqual([`/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`]);
    expect(fake.commands(fake.guildId)).toHaveLength(9);
    expect(fake.commands('global')).toHaveLength(0);
  });

  it('refuses to run without a client id, before any request', async () => {
    await expect(deployCommands({ config: { ...config(), discordClientId: undefined }, logger: captureLogs().logger })).rejects.toThrow(/DISCORD_CLIENT_ID is not set/);
    expect(fake.requests).toHaveLength(0);
  });

  it('deploys an explicit list of commands', async () => {
    const commands = await loadCommands();
    const only = [commands.get('help')!];
    expect(await deployCommands({ config: config(), logger: captureLogs().logger, commands: only })).toEqual({ count: 1, scope: 'global' });
    expect(fake.requestsTo({ method: 'PUT' })[0]!.body).toEqual([JSON.parse(JSON.stringify(definitions.help.data))]);
  });
});
