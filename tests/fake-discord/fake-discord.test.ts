import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import {
  Client, DiscordAPIError, Events, GatewayIntentBits, MessageFlags, Partials, REST, Routes,
  type ClientEvents, type Interaction, type Message,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { autocomplete, button, slashCommand, startFakeDiscord, type FakeDiscord } from '../../test-support/fake-discord/server.js';

const CALLBACK = '/interactions/:id/:token/callback';

function nextEvent<K extends keyof ClientEvents>(client: Client, event: K, timeoutMs = 2000): Promise<ClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const handler = (...args: ClientEvents[K]): void => {
      clearTimeout(timer);
      resolve(args);
    };
    const timer = setTimeout(() => {
      client.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs}ms`));
    }, timeoutMs);
    client.once(event, handler);
  });
}

const tcpHandles = (): number =>
  process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap').length;

describe('fake-discord with the real discord.js client', () => {
  let fake: FakeDiscord;
  let client: Client;
  let readyMs = 0;
  let baselineTcp = 0;
  const clientErrors: unknown[] = [];

  async function nextInteraction(send: () => unknown): Promise<Interaction> {
    const next = nextEvent(client, Events.InteractionCreate);
    send();
    return (await next)[0];
  }

  beforeAll(async () => {
    baselineTcp = tcpHandles();
    fake = await startFakeDiscord({ heartbeatIntervalMs: 150 });
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel],
      rest: { api: fake.apiUrl },
    });
    client.on(Events.Error, (e) => clientErrors.push(e));
    client.on(Events.ShardError, (e) => clientErrors.push(e));
    const started = performance.now();
    const ready = nextEvent(client, Events.ClientReady, 5000);
    await client.login('dummy-token');
    await ready;
    readyMs = performance.now() - started;
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('logs in and reaches ready without the 15 s guild wait', async () => {
    console.info(`fake-discord: login → ready in ${readyMs.toFixed(0)} ms`);
    expect(readyMs).toBeLessThan(2000);
    const identify = await fake.identified;
    expect(identify.intents).toBe(client.options.intents.bitfield);
    expect(identify.token).toBe('dummy-token');
    expect(fake.connectQueries[0]).toEqual({ v: '10', encoding: 'json' });
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.guildId);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(fake.channelId)?.isTextBased()).toBe(true);
    expect(guild?.members.me?.id).toBe(fake.botUser.id);
    const gw = fake.requestsTo({ method: 'GET', path: '/gateway/bot' });
    expect(gw).toHaveLength(1);
    expect(gw[0]!.authorized).toBe(true);
  });

  it('acknowledges heartbeats', async () => {
    await expect.poll(() => client.ws.ping, { timeout: 2000 }).toBeGreaterThanOrEqual(0);
    expect(fake.heartbeats).toBeGreaterThan(0);
  });

  it('delivers a slash command and records reply() as callback type 4 with the exact body', async () => {
    let sent = { id: '', token: '' };
    const i = await nextInteraction(() => (sent = fake.sendInteraction(slashCommand('ask', { question: 'why?', private: true }))));
    if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
    expect(i.commandName).toBe('ask');
    expect(i.options.getString('question')).toBe('why?');
    expect(i.options.getBoolean('private')).toBe(true);
    expect(i.inGuild()).toBe(true);
    await i.reply({ content: 'Because.', allowedMentions: { parse: [] } });
    const cb = await fake.waitForRequest({ method: 'POST', path: `/interactions/${sent.id}/${sent.token}/callback` });
    expect(cb.body).toEqual({ type: 4, data: { content: 'Because.', allowed_mentions: { parse: [] }, tts: false, enforce_nonce: false } });
    expect(cb.status).toBe(204);
    expect(cb.authorized).toBe(false);
    expect(cb.query).toEqual({ with_response: 'false' });
  });

  it('records deferReply + editReply as type 5 then PATCH @original', async () => {
    let sent = { id: '', token: '' };
    const i = await nextInteraction(() => (sent = fake.sendInteraction(slashCommand('ask', { question: 'slow' }))));
    if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const edited = await i.editReply({ content: 'Done thinking.' });
    expect(edited.content).toBe('Done thinking.');
    const cb = fake.requestsTo({ path: `/interactions/${sent.id}/:token/callback` });
    expect(cb.map((r) => r.body)).toEqual([{ type: 5, data: { flags: MessageFlags.Ephemeral } }]);
    const patch = await fake.waitForRequest({ method: 'PATCH', path: `/webhooks/${fake.applicationId}/${sent.token}/messages/@original` });
    expect(patch.body.content).toBe('Done thinking.');
    expect(patch.index).toBeGreaterThan(cb[0]!.index);
    expect(fake.messages.get(edited.id)?.flags).toBe(MessageFlags.Ephemeral); // "thinking" (128) cleared
  });

  it('retries a reply after an injected 429 and still lands', async () => {
    fake.failNext({ method: 'POST', path: CALLBACK, status: 429, retryAfter: 0.05 });
    let sent = { id: '', token: '' };
    const i = await nextInteraction(() => (sent = fake.sendInteraction(slashCommand('ask', { question: 'busy' }))));
    if (!i.isRepliable()) throw new Error('expected repliable');
    await i.reply({ content: 'Eventually.' });
    const attempts = fake.requestsTo({ path: `/interactions/${sent.id}/:token/callback` });
    expect(attempts.map((r) => [r.status, r.injected])).toEqual([[429, true], [204, false]]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(45);
    expect(attempts[0]!.response).toEqual({ message: 'You are being rate limited.', retry_after: 0.05, global: false, code: 0 });
  });

  it('rejects reply() with DiscordAPIError 10062 for an expired interaction', async () => {
    fake.failNext({ path: CALLBACK, code: 10062 });
    const i = await nextInteraction(() => fake.sendInteraction(slashCommand('ask', { question: 'late' })));
    if (!i.isRepliable()) throw new Error('expected repliable');
    const err = await i.reply({ content: 'too late' }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect(err).toMatchObject({ code: 10062, status: 404 });
  });

  it('answers a second callback for the same interaction with 40060', async () => {
    let sent = { id: '', token: '' };
    await nextInteraction(() => (sent = fake.sendInteraction(slashCommand('ask', {}))));
    const rest = new REST({ api: fake.apiUrl });
    const callback = (): Promise<unknown> =>
      rest.post(Routes.interactionCallback(sent.id, sent.token), { auth: false, body: { type: 4, data: { content: 'x' } } });
    await callback();
    await expect(callback()).rejects.toMatchObject({ code: 40060, status: 400 });
  });

  it('delivers a button click and records update() as type 7', async () => {
    const i = await nextInteraction(() => fake.sendInteraction(button('sources:1')));
    if (!i.isButton()) throw new Error('expected a button');
    expect(i.customId).toBe('sources:1');
    expect(i.message.author.id).toBe(fake.botUser.id);
    await i.update({ content: 'Sources: …', components: [] });
    const cb = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${i.id}/`));
    expect(cb.body).toMatchObject({ type: 7, data: { content: 'Sources: …', components: [] } });
    expect(fake.messages.get(i.message.id)?.content).toBe('Sources: …');
  });

  it('delivers autocomplete with a focused option and records respond() as type 8', async () => {
    const i = await nextInteraction(() => fake.sendInteraction(autocomplete('ask', { question: 'wh', private: false }, 'question')));
    if (!i.isAutocomplete()) throw new Error('expected autocomplete');
    expect(i.options.getFocused(true)).toMatchObject({ name: 'question', value: 'wh' });
    await i.respond([{ name: 'what is X?', value: 'what is X?' }]);
    const cb = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${i.id}/`));
    expect(cb.body).toEqual({ type: 8, data: { choices: [{ name: 'what is X?', value: 'what is X?' }] } });
  });

  it('delivers a DM, lets channel.send land, and threads a reply to the bot', async () => {
    const next = nextEvent(client, Events.MessageCreate);
    const dm = fake.sendMessage({ content: 'hello bot', dm: true });
    expect(dm.delivered).toBe(true);
    const [msg] = await next;
    expect(msg.channel.isDMBased()).toBe(true);
    expect(msg.guildId).toBeNull();
    expect(msg.content).toBe('hello bot');
    const answer = await msg.channel.send({ content: 'hi back' });
    const post = await fake.waitForRequest({ method: 'POST', path: `/channels/${dm.channelId}/messages` });
    expect(post.body.content).toBe('hi back');
    expect(post.authorized).toBe(true);
    expect(answer.author.id).toBe(fake.botUser.id);

    const nextReply = nextEvent(client, Events.MessageCreate);
    fake.sendMessage({ content: 'tell me more', dm: true, replyTo: answer.id });
    const [reply] = await nextReply;
    expect(reply.reference?.messageId).toBe(answer.id);
    expect(reply.mentions.repliedUser?.id).toBe(fake.botUser.id);
  });

  it('delivers guild mentions and blanks unmentioned content without MessageContent', async () => {
    const next = nextEvent(client, Events.MessageCreate);
    fake.sendMessage({ content: `${fake.botMention} what is this?` });
    const [mention] = (await next) as [Message];
    expect(mention.inGuild()).toBe(true);
    expect(mention.mentions.has(client.user!)).toBe(true);
    expect(mention.content).toBe(`${fake.botMention} what is this?`);

    const nextPlain = nextEvent(client, Events.MessageCreate);
    fake.sendMessage({ content: 'chit chat' });
    const [plain] = await nextPlain;
    expect(plain.content).toBe('');
  });

  it('serves REST command registration idempotently and validates names', async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken('x');
    const body = [{ name: 'ask', description: 'Ask the documents', options: [{ type: 3, name: 'question', description: 'Q', required: true }] }];
    const first = (await rest.put(Routes.applicationCommands(fake.applicationId), { body })) as { id: string; name: string }[];
    const second = (await rest.put(Routes.applicationCommands(fake.applicationId), { body })) as { id: string }[];
    expect(second.map((c) => c.id)).toEqual(first.map((c) => c.id));
    expect(await rest.get(Routes.applicationCommands(fake.applicationId))).toEqual(second);
    const guild = (await rest.put(Routes.applicationGuildCommands(fake.applicationId, fake.guildId), { body })) as { guild_id: string }[];
    expect(guild[0]!.guild_id).toBe(fake.guildId);
    expect(fake.commands(fake.guildId)).toHaveLength(1);
    await expect(rest.put(Routes.applicationCommands(fake.applicationId), { body: [{ name: 'Ask', description: 'x' }] }))
      .rejects.toMatchObject({ code: 50035, status: 400 });
    // Interactions for a registered command carry its id.
    const i = await nextInteraction(() => fake.sendInteraction(slashCommand('ask', { question: 'q' })));
    expect(i.isChatInputCommand() && i.commandId).toBe(first[0]!.id);
  });

  it('answers unknown routes with 404 code 0 and records them', async () => {
    await expect(client.rest.get('/definitely/not/a/route')).rejects.toMatchObject({ code: 0, status: 404 });
    const r = await fake.waitForRequest({ path: '/definitely/not/a/route' });
    expect(r.response).toEqual({ message: 'Unknown route', code: 0 });
  });

  it('resumes after a dropped gateway connection', async () => {
    const resumed = nextEvent(client, Events.ShardResume, 5000);
    fake.disconnectGateway(4000);
    await resumed;
    expect(fake.resumes).toBe(1);
    expect(fake.identifies).toHaveLength(1);
    const i = await nextInteraction(() => fake.sendInteraction(slashCommand('ask', {})));
    expect(i.isChatInputCommand()).toBe(true);
  });

  it('speaks zlib-stream when a client asks for it', async () => {
    const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const inflate = zlib.createInflate();
    const frames: unknown[] = [];
    let text = '';
    inflate.on('data', (c: Buffer) => (text += c.toString()));
    ws.on('message', (data: Buffer) => {
      expect(data.subarray(-4)).toEqual(Buffer.from([0, 0, 0xff, 0xff]));
      inflate.write(data, () => {
        frames.push(JSON.parse(text));
        text = '';
        if (frames.length === 1) ws.send(JSON.stringify({ op: 1, d: null }));
      });
    });
    await expect.poll(() => frames.length, { timeout: 2000 }).toBe(2);
    expect(frames[0]).toMatchObject({ op: 10, d: { heartbeat_interval: 150 } });
    expect(frames[1]).toMatchObject({ op: 11 });
    ws.close();
    inflate.close();
  });

  it('client.destroy() + fake.close() leave no open sockets or errors', async () => {
    expect(clientErrors).toEqual([]);
    await client.destroy();
    await fake.close();
    await expect.poll(tcpHandles, { timeout: 2000 }).toBeLessThanOrEqual(baselineTcp);
  });
});
