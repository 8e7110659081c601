import { afterEach, describe, expect, it } from 'vitest';
import { DEFER_AT_ONCE_BACKLOG } from '../../src/discord/ask-flow.js';
import { busyNotice, ERROR_TEXT, tooLongNotice, tooManyWaitingNotice } from '../../src/discord/render.js';
import { createEnginePool, type EnginePool } from '../../src/pool/pool.js';
import { slashCommand } from '../../test-support/fake-discord/server.js';
import { TEST_ENGINE } from '../pool/test-engine.js';
import { TEST_TOKEN } from './fixtures.js';
import { corpus, fakeEngine, question, slowEngine } from '../../test-support/fake-engine.js';
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

async function withPool(options: { timeoutMs?: number; waitMs?: number; queueLimit?: number }, queuePerUser = 10) {
  pool = createEnginePool({ spec: { corpus, factory: TEST_ENGINE }, workers: 1, ...options });
  h = await startHarness({ asyncEngine: pool, config: { queuePerUser } });
  return h;
}

/** What the asker finally sees: the direct reply, or what was edited into (or followed) the deferral. */
async function finalMessage(h: Harness, sent: { id: string; token: string }) {
  const cb = await h.callback(sent.id);
  if (cb.body.type === 4) return cb.body.data;
  return (await h.fake.waitForRequest((r) => r.path.startsWith(`/webhooks/`) && r.path.includes(sent.token) && (r.method === 'PATCH' || r.method === 'POST'), 10_000)).body;
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
    expect(pool!.stats()).toMatchObject({ timedOut: 1 });

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

describe('waiting in line', () => {
  it('a question waiting behind slow ones longer than the run limit is deferred, then answered', async () => {
    const h = await withPool({ timeoutMs: 1500 });
    await pool!.ready();
    const ahead = [pool!.ask(question('sleep 1000')), pool!.ask(question('sleep 1000'))];
    const sent = h.fake.sendInteraction(slashCommand('ask', { question: 'patient question' }));
    expect((await h.callback(sent.id)).body.type).toBe(5);
    const data = await finalMessage(h, sent);
    expect(data.embeds[0].author.name).toBe('patient question');
    await Promise.all(ahead);
    expect(pool!.stats()).toMatchObject({ timedOut: 0, waitedOut: 0 });
  });

  it('past the wait budget: "busy, try again shortly" edited into the deferral, not "something went wrong"', async () => {
    const h = await withPool({ timeoutMs: 5000, waitMs: 1800 });
    await pool!.ready();
    const ahead = pool!.ask(question('sleep 4000')).catch(() => undefined);
    const sent = h.fake.sendInteraction(slashCommand('ask', { question: 'too late' }));
    const data = await finalMessage(h, sent);
    expect(data.content).toBe(busyNotice().content);
    expect(data.content).not.toBe(ERROR_TEXT);
    expect(pool!.stats()).toMatchObject({ waitedOut: 1 });
    await ahead;
  });

  it('one person is capped at ENGINE_QUEUE_PER_USER questions waiting; someone else still gets in', async () => {
    const h = await withPool({}, 2);
    await pool!.ready();
    const alice = { user: { id: '100000000000000001', username: 'alice' } };
    const bob = { user: { id: '100000000000000002', username: 'bob' } };
    const first = h.fake.sendInteraction(slashCommand('ask', { question: 'sleep 1200' }), alice);
    const second = h.fake.sendInteraction(slashCommand('ask', { question: 'sleep 10' }), alice);
    await expect.poll(() => pool!.stats().queued).toBe(1);
    const third = h.fake.sendInteraction(slashCommand('ask', { question: 'one more' }), alice);
    expect((await h.callback(third.id)).body).toEqual({ type: 4, data: wire(tooManyWaitingNotice(2), EPHEMERAL) });
    const other = h.fake.sendInteraction(slashCommand('ask', { question: 'from bob' }), bob);
    expect((await finalMessage(h, other)).embeds[0].author.name).toBe('from bob');
    for (const sent of [first, second]) expect((await finalMessage(h, sent)).embeds[0].author.name).toMatch(/^sleep/);
    // Once answered, alice may ask again.
    const again = h.fake.sendInteraction(slashCommand('ask', { question: 'alice again' }), alice);
    expect((await finalMessage(h, again)).embeds[0].author.name).toBe('alice again');
  });
});

describe('deferral under a backlog', () => {
  it(`a question arriving behind ${DEFER_AT_ONCE_BACKLOG} waiting per worker is deferred on arrival, not when its timer fires`, async () => {
    const h = await withPool({});
    await pool!.ready();
    const busy = [pool!.ask(question('sleep 3000')), ...Array.from({ length: DEFER_AT_ONCE_BACKLOG }, () => pool!.ask(question('sleep 1')))];
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
    const asked = ['sleep 2000', 'sleep 2000', 'a', 'b', 'c', 'd'].map((q) => pool!.ask(question(q)).catch(() => undefined));
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
