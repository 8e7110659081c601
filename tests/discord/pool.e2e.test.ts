import { afterEach, describe, expect, it } from 'vitest';
import { DEFER_AT_ONCE_BACKLOG } from '../../src/discord/ask-flow.js';
import { busyNotice, tooLongNotice } from '../../src/discord/render.js';
import { createEnginePool, type EnginePool } from '../../src/pool/pool.js';
import { slashCommand } from '../../test-support/fake-discord/server.js';
import { TEST_ENGINE } from '../pool/test-engine.js';
import { corpus, fakeEngine, slowEngine, TEST_TOKEN } from './fixtures.js';
import { EPHEMERAL, startHarness, wire, type Harness } from './harness.js';

/** The bot on a worker pool whose engine obeys "sleep N" (tests/pool/test-engine.ts). */
let h: Harness | undefined;
let pool: EnginePool | undefined;

afterEach(async () => {
  await h?.close();
  if (h) expect(h.logs.text()).not.toContain(TEST_TOKEN);
  h = undefined;
  await pool?.close();
});

async function withPool(options: { timeoutMs?: number; queueLimit?: number }) {
  pool = createEnginePool({ spec: { corpus, factory: TEST_ENGINE }, workers: 1, ...options });
  h = await startHarness({ asyncEngine: pool });
  return h;
}

describe('the engine\'s limits, as the asker sees them', () => {
  it('a question past the hard limit: deferred at 1.5 s, then a private "took too long", and the next question is answered', async () => {
    const h = await withPool({ timeoutMs: 2500 });
    const { id, token } = h.fake.sendInteraction(slashCommand('ask', { question: 'sleep 60000' }));
    expect((await h.callback(id)).body).toEqual({ type: 5, data: { flags: 0 } });
    // The public "thinking…" cannot turn private: it is deleted and the notice follows privately.
    await h.fake.waitForRequest({ method: 'DELETE', path: `/webhooks/:app/${token}/messages/@original` }, 5000);
    const notice = await h.fake.waitForRequest({ method: 'POST', path: `/webhooks/:app/${token}` });
    expect(notice.body).toEqual(wire(tooLongNotice(2500), EPHEMERAL));
    expect(notice.body.content).toMatch(/took too long to answer \(over 2.5 s\)/);
    expect(pool!.stats()).toMatchObject({ timedOut: 1, recycled: 1 });

    const next = h.fake.sendInteraction(slashCommand('ask', { question: 'hello again' }));
    const cb = await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${next.id}/`), 10_000);
    const data = cb.body.type === 4 ? cb.body.data : (await h.fake.waitForRequest({ method: 'PATCH', path: `/webhooks/:app/${next.token}/messages/@original` }, 10_000)).body;
    expect(data.embeds[0].author.name).toBe('hello again');
  });

  it('a full queue: "busy, try again" at once, privately, instead of waiting', async () => {
    const h = await withPool({ queueLimit: 1 });
    const running = h.fake.sendInteraction(slashCommand('ask', { question: 'sleep 1200' }));
    await expect.poll(() => pool!.stats().busy).toBe(1);
    const waiting = h.fake.sendInteraction(slashCommand('ask', { question: 'sleep 10' }));
    await expect.poll(() => pool!.stats().queued).toBe(1);
    const refused = h.fake.sendInteraction(slashCommand('ask', { question: 'one more' }));
    const cb = await h.callback(refused.id);
    expect(cb.body).toEqual({ type: 4, data: wire(busyNotice(), EPHEMERAL) });
    expect(pool!.stats().rejectedBusy).toBe(1);
    // The two that were taken are still answered.
    for (const { id } of [running, waiting]) await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${id}/`) && r.status === 204, 10_000);
  });
});

describe('deferral under a backlog', () => {
  it(`a question arriving behind ${DEFER_AT_ONCE_BACKLOG} waiting per worker is deferred on arrival, not when its timer fires`, async () => {
    const h = await withPool({});
    await pool!.ready();
    const busy = [pool!.ask('sleep 3000'), ...Array.from({ length: DEFER_AT_ONCE_BACKLOG }, () => pool!.ask('sleep 1'))];
    busy.forEach((p) => p.catch(() => undefined));
    await expect.poll(() => pool!.backlog()).toBe(DEFER_AT_ONCE_BACKLOG);
    const sent = performance.now();
    const { id } = h.fake.sendInteraction(slashCommand('ask', { question: 'hello' }));
    const cb = await h.callback(id);
    expect(cb.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(cb.at - sent).toBeLessThan(1000);
  });

  it('the pool reports its backlog per worker', async () => {
    pool = createEnginePool({ spec: { corpus, factory: TEST_ENGINE }, workers: 2 });
    await expect.poll(() => pool!.stats().ready, { timeout: 15_000 }).toBe(2);
    const asked = ['sleep 2000', 'sleep 2000', 'a', 'b', 'c', 'd'].map((q) => pool!.ask(q).catch(() => undefined));
    await expect.poll(() => pool!.stats().busy).toBe(2);
    expect(pool.backlog()).toBe(2);
    void asked;
  });
});

describe('messages', () => {
  it('a slow answer to a DM shows "typing…" once the deferral time has passed, then replies', async () => {
    h = await startHarness({ asyncEngine: slowEngine(fakeEngine(), 300), bot: { deferAfterMs: 50 } });
    const sent = h.fake.sendMessage({ content: 'Who is the interior minister?', dm: true });
    const typing = await h.fake.waitForRequest({ method: 'POST', path: `/channels/${sent.channelId}/typing` });
    const reply = await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === sent.id);
    expect(typing.index).toBeLessThan(reply.index);
    expect(reply.body.embeds[0].title).toBe('Sirajuddin Haqqani');
  });

  it('a quick answer shows no "typing…"', async () => {
    h = await startHarness({ bot: { deferAfterMs: 500 } });
    const sent = h.fake.sendMessage({ content: 'Who is the interior minister?', dm: true });
    await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === sent.id);
    await new Promise((r) => setTimeout(r, 600));
    expect(h.fake.requestsTo({ method: 'POST', path: '/channels/:c/typing' })).toEqual([]);
  });
});
