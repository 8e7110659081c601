import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_TEXT, renderAnswer } from '../../src/discord/render.js';
import { createStores, type RateStore, type SafeStore, type Stores } from '../../src/store/keyv.js';
import { createWriteQueue } from '../../src/store/queue.js';
import { button, slashCommand } from '../../test-support/fake-discord/server.js';
import { captureLogs, keyFor, TEST_TOKEN } from './fixtures.js';
import { ask, corpus, fakeEngine, slowEngine, type FakeEngine } from '../../test-support/fake-engine.js';
import { EPHEMERAL, messagePayloads, settle, startHarness, wire, type Harness } from './harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  if (h) expect(h.logs.text()).not.toContain(TEST_TOKEN);
  h = undefined;
});

const whenAnswer = (question: string, type?: 'when') =>
  wire(renderAnswer(ask(fakeEngine(), question, type), { key: keyFor(question, type) }));

const errorNotice = wire({ content: ERROR_TEXT, embeds: [], components: [], allowedMentions: { parse: [] } }, EPHEMERAL);

describe('defer, then edit', () => {
  it('an answer not ready when the deferral time has passed is deferred (type 5) and edited into @original', async () => {
    h = await startHarness({ asyncEngine: slowEngine(fakeEngine(), 150), bot: { deferAfterMs: 40 } });
    const { id, token } = h.fake.sendInteraction(slashCommand('when', { question: 'when exactly was zawahiri killed' }));
    expect((await h.callback(id)).body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = await h.fake.waitForRequest({ method: 'PATCH', path: `/webhooks/${h.fake.applicationId}/${token}/messages/@original` });
    expect(edit.body).toEqual(whenAnswer('when exactly was zawahiri killed', 'when'));
    expect(edit.status).toBe(200);
  });

  it('the deferral counts from the interaction\'s creation, not its arrival: one already 1.4 s old is deferred at once', async () => {
    h = await startHarness({ asyncEngine: slowEngine(fakeEngine(), 400) });
    // Control: a fresh interaction has 1.5 s, and the 400 ms answer goes out directly.
    const fresh = h.fake.sendInteraction(slashCommand('when', { question: 'zawahiri killed' }));
    expect((await h.callback(fresh.id)).body.type).toBe(4);

    const sent = performance.now();
    const old = h.fake.sendInteraction(slashCommand('when', { question: 'when was zawahiri killed' }), { ageMs: 1400 });
    const cb = await h.callback(old.id);
    expect(cb.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(cb.at - sent).toBeLessThan(390);
    const edit = await h.fake.waitForRequest({ method: 'PATCH', path: `/webhooks/:app/${old.token}/messages/@original` });
    expect(edit.body).toEqual(whenAnswer('when was zawahiri killed', 'when'));
  });

  it('private + deferred: the deferral itself is ephemeral', async () => {
    h = await startHarness({ asyncEngine: slowEngine(fakeEngine(), 150), bot: { deferAfterMs: 40 } });
    const { id, token } = h.fake.sendInteraction(slashCommand('when', { question: 'zawahiri killed when', private: true }));
    expect((await h.callback(id)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await h.fake.waitForRequest({ method: 'PATCH', path: `/webhooks/:app/${token}/messages/@original` });
    expect(edit.body).toEqual(whenAnswer('zawahiri killed when', 'when'));
  });

  it('a slow store: the answer races a timer, loses, and is deferred then edited', async () => {
    const logs = captureLogs();
    const stores = slowStores(createStores('memory', logs.logger), 120);
    h = await startHarness({ stores, bot: { deferAfterMs: 30 } });
    const { id, token } = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    expect((await h.callback(id)).body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = await h.fake.waitForRequest({ method: 'PATCH', path: `/webhooks/:app/${token}/messages/@original` });
    expect(edit.body).toEqual(whenAnswer('When was Zawahiri killed?'));
  });

  it('an ephemeral outcome after a public deferral replaces the "thinking…" with a private follow-up', async () => {
    const logs = captureLogs();
    const stores = slowStores(createStores('memory', logs.logger), 60);
    h = await startHarness({ stores, config: { cooldown: { limit: 1, windowMs: 60_000 } }, bot: { deferAfterMs: 20 } });
    await h.fake.waitForRequest({ method: 'PATCH', path: `/webhooks/:app/${h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' })).token}/messages/@original` });
    const { id, token } = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    expect((await h.callback(id)).body).toEqual({ type: 5, data: { flags: 0 } });
    const del = await h.fake.waitForRequest({ method: 'DELETE', path: `/webhooks/:app/${token}/messages/@original` });
    const follow = await h.fake.waitForRequest({ method: 'POST', path: `/webhooks/:app/${token}` });
    expect(del.status).toBe(204);
    expect(follow.body).toMatchObject({ content: expect.stringMatching(/^You're asking faster than I can keep up with — try again <t:\d+:R>\.$/), flags: EPHEMERAL });
  });
});

describe('failures', () => {
  it('a 429 on the reply is retried by discord.js and lands', async () => {
    h = await startHarness();
    h.fake.failNext({ method: 'POST', path: '/interactions/:id/:token/callback', status: 429, retryAfter: 0.05 });
    const { id } = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    const landed = await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${id}/`) && r.status === 204);
    const attempts = h.fake.requestsTo({ method: 'POST', path: `/interactions/${id}/:token/callback` });
    expect(attempts.map((r) => [r.status, r.injected])).toEqual([
      [429, true],
      [204, false],
    ]);
    expect(attempts[0]!.body).toEqual(attempts[1]!.body);
    expect(landed.body).toEqual({ type: 4, data: whenAnswer('When was Zawahiri killed?') });
  });

  it('a 429 with retry_after=5 on the first response: no late reply, the bot gives up at once and says why', async () => {
    h = await startHarness();
    h.fake.failNext({ method: 'POST', path: '/interactions/:id/:token/callback', status: 429, retryAfter: 5 });
    const { id } = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    await expect.poll(() => h!.logs.entries().find((e) => e.msg.includes('rate-limited the response past its deadline'))).toBeTruthy();
    await settle(300);
    expect(h.fake.requestsTo({ path: `/interactions/${id}/:token/callback` }).map((r) => r.status)).toEqual([429]);
    // Nothing else went out for it either: no error notice that would meet the same limit.
    expect(h.fake.requests.filter((r) => r.path.startsWith('/webhooks/'))).toEqual([]);
  });

  it('a 429 with no retry information: a few spaced retries, no storm, and the answer still lands in time', async () => {
    h = await startHarness();
    h.fake.failNext({ method: 'POST', path: '/interactions/:id/:token/callback', status: 429, retryAfter: null, times: 2 });
    const { id } = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    const landed = await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${id}/`) && r.status === 204, 3000);
    const attempts = h.fake.requestsTo({ path: `/interactions/${id}/:token/callback` });
    expect(attempts.map((r) => r.status)).toEqual([429, 429, 204]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(120);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(245);
    expect(landed.body).toEqual({ type: 4, data: whenAnswer('When was Zawahiri killed?') });
  });

  it('429s with no retry information that never stop: a bounded number of attempts, then it gives up', async () => {
    h = await startHarness();
    h.fake.failNext({ method: 'POST', path: '/interactions/:id/:token/callback', status: 429, retryAfter: null, times: 10_000 });
    const { id } = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    await expect.poll(() => h!.logs.entries().find((e) => e.msg.includes('rate-limited the response')), { timeout: 4000 }).toBeTruthy();
    await settle(500);
    expect(h.fake.requestsTo({ path: `/interactions/${id}/:token/callback` }).length).toBeLessThanOrEqual(4);
  });

  it('a 429 on the edit after a deferral is waited out (the token lasts 15 minutes)', async () => {
    h = await startHarness({ asyncEngine: slowEngine(fakeEngine(), 120), bot: { deferAfterMs: 20 } });
    h.fake.failNext({ method: 'PATCH', path: '/webhooks/:app/:token/messages/@original', status: 429, retryAfter: 1.2 });
    const { id, token } = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    expect((await h.callback(id)).body.type).toBe(5);
    const edit = await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(token) && r.status === 200, 5000);
    const first = h.fake.requestsTo({ method: 'PATCH', path: `/webhooks/:app/${token}/messages/@original` })[0]!;
    expect(edit.at - first.at).toBeGreaterThanOrEqual(1150);
    expect(edit.body).toEqual(whenAnswer('When was Zawahiri killed?'));
  });

  it('an interaction not answered within 3 s of its creation is refused by the fake with 10062, like Discord', async () => {
    h = await startHarness({ bot: { deferAfterMs: 5000 } });
    const { id } = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }), { ageMs: 3100 });
    const cb = await h.callback(id);
    expect([cb.status, cb.response]).toEqual([404, { message: 'Unknown interaction', code: 10062 }]);
  });

  it('an expired interaction (10062) is logged, not thrown, and the bot keeps serving', async () => {
    h = await startHarness();
    h.fake.failNext({ method: 'POST', path: '/interactions/:id/:token/callback', code: 10062 });
    const expired = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    const failed = await h.callback(expired.id);
    expect([failed.status, failed.injected]).toEqual([404, true]);
    await expect.poll(() => h!.logs.entries().find((e) => e.msg.startsWith('interaction expired'))).toMatchObject({
      level: 40,
      interactionId: expired.id,
      err: { code: 10062, status: 404 },
    });
    // No second attempt through another route: an expired token cannot be used at all.
    await settle(50);
    expect(h.fake.requests.filter((r) => r.path.includes(expired.token))).toHaveLength(1);

    const next = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    expect((await h.callback(next.id)).body).toEqual({ type: 4, data: whenAnswer('When was Zawahiri killed?') });
  });

  it('repeated 5xx on the reply: the HTTPError is logged without the interaction token or the reply body', async () => {
    h = await startHarness();
    h.fake.failNext({ method: 'POST', path: '/interactions/:id/:token/callback', status: 503, times: 100 });
    const { id, token } = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    await expect.poll(() => h!.logs.entries().find((e) => e.msg === 'could not tell the user that the interaction failed'), { timeout: 5000 }).toBeTruthy();
    const failed = h.logs.entries().find((e) => e.msg === 'interaction handler failed')!;
    expect(failed.err).toMatchObject({ type: 'HTTPError', status: 503, url: expect.stringContaining(`/interactions/${id}/[redacted]/callback`) });
    expect(h.fake.requestsTo({ path: `/interactions/${id}/:token/callback` }).length).toBeGreaterThan(1);
    expect(h.logs.text()).not.toContain(token);
    expect(h.logs.text()).not.toContain('July 31, 2022');
  });

  it('an engine failure: stack to the log, a short ephemeral message to the person', async () => {
    h = await startHarness();
    const { id } = h.fake.sendInteraction(slashCommand('ask', { question: 'please explode' }));
    expect((await h.callback(id)).body).toEqual({ type: 4, data: errorNotice });
    const entry = h.logs.entries().find((e) => e.msg === 'interaction handler failed');
    expect(entry).toMatchObject({ level: 50, command: 'ask', err: { message: 'boom', stack: expect.stringContaining('Error: boom') } });
  });

  it('an engine failure after deferring: the error goes out as a follow-up', async () => {
    h = await startHarness({ asyncEngine: slowEngine(fakeEngine(), 150), bot: { deferAfterMs: 40 } });
    const { id, token } = h.fake.sendInteraction(slashCommand('ask', { question: 'please explode' }));
    expect((await h.callback(id)).body).toEqual({ type: 5, data: { flags: 0 } });
    const follow = await h.fake.waitForRequest({ method: 'POST', path: `/webhooks/:app/${token}` });
    expect(follow.body).toEqual(errorNotice);
  });

  it('the store down (redis on a closed port): answers keep flowing, feedback is queued locally and says so', async () => {
    const logs = captureLogs();
    const stores = createStores('redis://127.0.0.1:1', logs.logger, { timeoutMs: 50 });
    h = await startHarness({ stores });
    const { id } = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    expect((await h.callback(id)).body).toEqual({ type: 4, data: whenAnswer('When was Zawahiri killed?') });
    expect(stores.healthy()).toBe(false);

    const vote = h.fake.sendInteraction(button('f+:somekey'));
    expect((await h.callback(vote.id)).body).toMatchObject({
      data: { content: 'Thanks — glad it helped. 👍 (Saved locally for now; it will be stored when the database is back.)', flags: EPHEMERAL },
    });
    expect(stores.feedbackLog.pending()).toBe(1);
  });

  it('a store that always fails: answers, DMs and follow-up memory degrade, nothing breaks', async () => {
    h = await startHarness({ stores: failingStores() });
    const { id } = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    expect((await h.callback(id)).body).toEqual({ type: 4, data: whenAnswer('When was Zawahiri killed?') });
    const dm = h.fake.sendMessage({ content: 'when was zawahiri killed?', dm: true });
    const reply = await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === dm.id);
    expect(reply.body.embeds[0].title).toBe('July 31, 2022');
  });
});

describe('cooldown', () => {
  it('over the limit → a polite ephemeral notice with a relative timestamp; the engine is not asked', async () => {
    h = await startHarness({ config: { cooldown: { limit: 2, windowMs: 60_000 } } });
    for (const q of ['When was Zawahiri killed?', 'Who is the interior minister?']) {
      await h.callback(h.fake.sendInteraction(slashCommand('ask', { question: q })).id);
    }
    const before = Date.now();
    const { id } = h.fake.sendInteraction(slashCommand('ask', { question: 'What is the capital of Peru?' }));
    const body = (await h.callback(id)).body;
    expect(body).toEqual({
      type: 4,
      data: wire({ content: expect.stringMatching(/^You're asking faster than I can keep up with — try again <t:\d+:R>\.$/) as unknown as string, embeds: [], components: [], allowedMentions: { parse: [] } }, EPHEMERAL),
    });
    const retryAt = Number(/<t:(\d+):R>/.exec(body.data.content)![1]) * 1000;
    expect(retryAt).toBeGreaterThan(before + 55_000);
    expect(retryAt).toBeLessThanOrEqual(before + 61_000);
    expect((h.engine as FakeEngine).asked).toHaveLength(2);
    // Another person is not affected.
    const other = h.fake.sendInteraction(slashCommand('ask', { question: 'What is the capital of Peru?' }), { user: { username: 'other' } });
    expect((await h.callback(other.id)).body.data.embeds[0].title).toBe('Not found in the corpus');
  });
});

describe('cooldown notice for mentions: for the asker only', () => {
  const NOTICE = /^You're asking faster than I can keep up with — try again <t:\d+:R>\.$/;

  async function overTheLimit(beforeSecond?: () => void) {
    h = await startHarness({ config: { cooldown: { limit: 1, windowMs: 60_000 } } });
    const first = h.fake.sendMessage({ content: `${h.fake.botMention} who is the interior minister?` });
    await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === first.id);
    beforeSecond?.();
    return h.fake.sendMessage({ content: `${h.fake.botMention} when was zawahiri killed?` });
  }

  it('goes by DM; nothing is posted in the channel, and nobody is pinged', async () => {
    const second = await overTheLimit();
    const dm = await h!.fake.waitForRequest((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && r.path !== `/channels/${h!.fake.channelId}/messages`);
    expect(dm.body.content).toMatch(NOTICE);
    expect(dm.body.allowed_mentions).toEqual({ parse: [] });
    expect(h!.fake.requestsTo({ method: 'POST', path: '/users/@me/channels' })[0]!.body).toEqual({ recipient_id: h!.fake.user.id });
    await settle(150);
    const inChannel = h!.fake.requestsTo({ method: 'POST', path: `/channels/${h!.fake.channelId}/messages` });
    expect(inChannel).toHaveLength(1); // the first answer only
    expect(inChannel.some((r) => r.body?.message_reference?.message_id === second.id)).toBe(false);
    expect((h!.engine as FakeEngine).asked).toHaveLength(1);
  });

  it('when the asker\'s DMs are closed, a ⏳ reaction on their message instead', async () => {
    const second = await overTheLimit(() => {
      // Any channel but the server's: the DM the notice would go to.
      h!.fake.failNext({ method: 'POST', path: new RegExp(`^/channels/(?!${h!.fake.channelId}/)\\d+/messages$`), code: 50007 });
    });
    const reaction = await h!.fake.waitForRequest({ method: 'PUT', path: `/channels/${h!.fake.channelId}/messages/${second.id}/reactions/:emoji/@me` });
    expect(reaction.path).toContain('⏳');
    expect(reaction.status).toBe(204);
    const dmAttempt = h!.fake.requests.find((r) => r.injected)!;
    expect([dmAttempt.status, (dmAttempt.response as { code: number }).code]).toEqual([403, 50007]);
    expect(h!.fake.requestsTo({ method: 'POST', path: `/channels/${h!.fake.channelId}/messages` })).toHaveLength(1);
  });

  it('in a DM the notice is the reply itself (a DM is already private)', async () => {
    h = await startHarness({ config: { cooldown: { limit: 1, windowMs: 60_000 } } });
    const first = h.fake.sendMessage({ content: 'who is the interior minister?', dm: true });
    await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === first.id);
    const second = h.fake.sendMessage({ content: 'when was zawahiri killed?', dm: true });
    const reply = await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === second.id);
    expect(reply.body.content).toMatch(NOTICE);
  });
});

describe('allowed mentions', () => {
  it('a question with @everyone and <@&role> pings nobody: every payload has allowed_mentions.parse = []', async () => {
    h = await startHarness({ config: { cooldown: { limit: 1000, windowMs: 1000 } } });
    const question = '@everyone <@&123456789012345678> @here who is the interior minister?';
    const slash = h.fake.sendInteraction(slashCommand('ask', { question }));
    await h.callback(slash.id);
    const notFound = h.fake.sendInteraction(slashCommand('ask', { question: '@everyone what is <@&123456789012345678>?' }));
    await h.callback(notFound.id);
    const bad = h.fake.sendInteraction(slashCommand('ask', { question: '@everyone '.repeat(600) }));
    await h.callback(bad.id);
    const mention = h.fake.sendMessage({ content: `${h.fake.botMention} ${question}` });
    await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === mention.id);
    const dm = h.fake.sendMessage({ content: question, dm: true });
    await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === dm.id);
    const sources = h.fake.sendInteraction(button(`s:${keyFor(question, undefined)}`));
    await h.callback(sources.id);

    const payloads = messagePayloads(h.fake);
    expect(payloads).toHaveLength(6);
    for (const p of payloads) expect(p).toMatchObject({ allowed_mentions: { parse: [] } });
    // The question (with its @everyone) reaches the embed only as text in the author line.
    expect((payloads[0] as { embeds: Array<{ author: { name: string } }> }).embeds[0]!.author.name).toBe(question);
  });
});

describe('shutdown', () => {
  it('stop() destroys the client and closes the stores; the fake sees the gateway socket close', async () => {
    h = await startHarness();
    const gateway = (h.fake as unknown as { gateway: { liveSessions: number } }).gateway;
    expect(gateway.liveSessions).toBe(1);
    await h.bot.stop();
    expect(h.bot.client.isReady()).toBe(false);
    expect(h.stores.healthy()).toBe(false);
    await expect.poll(() => gateway.liveSessions).toBe(0);
    // The fake has no session left to deliver interactions to.
    expect(() => h!.fake.sendInteraction(slashCommand('help'))).toThrow(/no identified gateway session/);
    await h.bot.stop(); // idempotent
  });

  it('SIGTERM stops the bot, closes the stores and exits 0 (exit injected)', async () => {
    const listenersBefore = process.listenerCount('SIGTERM');
    h = await startHarness({ bot: { signals: true } });
    expect(process.listenerCount('SIGTERM')).toBe(listenersBefore + 1);
    process.emit('SIGTERM');
    await expect.poll(() => h!.exits).toEqual([0]);
    expect(h.bot.client.isReady()).toBe(false);
    expect(h.stores.healthy()).toBe(false);
    expect(h.logs.entries().map((e) => e.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    // The handlers are removed again, so a later signal does not reach a stopped bot.
    expect(process.listenerCount('SIGTERM')).toBe(listenersBefore);
  });

  it('a missing token rejects startBot before it connects', async () => {
    const logs = captureLogs();
    const stores = createStores('memory', logs.logger);
    await expect(startHarness({ stores, config: { discordToken: undefined } })).rejects.toThrow(/DISCORD_TOKEN is not set/);
  });
});

/** Delays every get, like a store on a slow network. */
function slowStores(stores: Stores, ms: number): Stores {
  const slow = (s: SafeStore): SafeStore => ({
    get: async <T>(key: string) => {
      await new Promise((r) => setTimeout(r, ms));
      return s.get<T>(key);
    },
    set: (key, value, ttl) => s.set(key, value, ttl),
    delete: (key) => s.delete(key),
  });
  const rate: RateStore = {
    hit: async (key, rule, now) => {
      await new Promise((r) => setTimeout(r, ms));
      return stores.rate.hit(key, rule, now);
    },
  };
  return { ...stores, answers: slow(stores.answers), rate };
}

function failingStores(): Stores {
  const dead: SafeStore = { get: async () => undefined, set: async () => false, delete: async () => false };
  return {
    answers: dead,
    feedback: dead,
    conversations: dead,
    rate: { hit: async () => null },
    feedbackLog: createWriteQueue(dead, captureLogs().logger),
    probe: async () => ({ ok: false, reason: 'always fails', fatal: false }),
    healthy: () => false,
    outages: () => 1,
    close: async () => undefined,
  };
}
