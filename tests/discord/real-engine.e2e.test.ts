import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { createEnginePool } from '../../src/pool/pool.js';
import { autocomplete, slashCommand } from '../../test-support/fake-discord/server.js';
import { TEST_TOKEN } from './fixtures.js';
import { startHarness, type Harness } from './harness.js';

/**
 * Smoke run with the real loader and engine over the shipped corpus, answering through the
 * worker pool as `npm start` does. Assertions hold
 * whatever the engine answers (exact payloads are the fake engine's business): the shape
 * of each reply, and that nothing breaks on the way.
 */
let h: Harness;
let engine: Engine;

beforeAll(async () => {
  engine = createEngine(await loadCorpus('corpus'));
  h = await startHarness({ engine, asyncEngine: createEnginePool({ spec: { corpus: engine.corpus }, workers: 1 }) });
}, 60_000);

afterAll(async () => {
  await h.close();
  expect(h.logs.text()).not.toContain(TEST_TOKEN);
});

describe('real engine over corpus/', () => {
  it.each([
    ['ask', 'Who is the Taliban interior minister?'],
    ['when', 'zawahiri killed'],
    ['how-much', 'al qaeda share of gold mine proceeds'],
    ['ask', 'What is the capital of Peru?'],
  ])('/%s %s → one answer embed or an honest "Not found"', async (name, question) => {
    const { id, token } = h.fake.sendInteraction(slashCommand(name, { question }));
    const cb = await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${id}/`) && r.status === 204, 10_000);
    const data = cb.body.type === 4 ? cb.body.data : (await h.fake.waitForRequest({ method: 'PATCH', path: `/webhooks/:app/${token}/messages/@original` }, 10_000)).body;
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(data.embeds).toHaveLength(1);
    const [embed] = data.embeds;
    if (process.env.SHOW_ANSWERS) console.log(question, '→', embed.title, '|', embed.footer?.text);
    expect(embed.author.name).toBe(question);
    if (embed.title === 'Not found in the corpus') {
      expect(embed.footer).toBeUndefined();
    } else {
      expect(embed.description).toMatch(/^> .*\*\*.+\*\*/s);
      expect(embed.footer.text).toMatch(/¶ \d+ · \d+% confident$/);
      expect(data.components[0].components.map((c: { custom_id: string }) => c.custom_id.split(':')[0])).toEqual(expect.arrayContaining(['p', 'f+', 'f-']));
    }
  });

  it.each([
    ['ask', 'help', /look like a question/],
    ['ask', 'exit', /look like a question/],
    ['ask', 'Is Zawahiri dead?', /yes\/no/i],
  ])('/%s %s → a short private hint, never an answer', async (name, question, hint) => {
    const { id, token } = h.fake.sendInteraction(slashCommand(name, { question }));
    const cb = await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${id}/`) && r.status === 204, 10_000);
    const data = cb.body.type === 4 ? cb.body.data : (await h.fake.waitForRequest({ method: 'PATCH', path: `/webhooks/:app/${token}/messages/@original` }, 10_000)).body;
    expect(JSON.stringify(data)).toMatch(hint);
    if (cb.body.type === 4) expect(data.flags & 64).toBe(64);
    expect(data.components ?? []).toEqual([]);
    expect(data.allowed_mentions).toEqual({ parse: [] });
  });

  it('a DM that is not a question gets the hint as a reply', async () => {
    const sent = h.fake.sendMessage({ content: 'hi', dm: true });
    const req = await h.fake.waitForRequest((r) => r.method === 'POST' && r.body?.message_reference?.message_id === sent.id, 10_000);
    expect(JSON.stringify(req.body)).toMatch(/look like a question/);
    expect(req.body.allowed_mentions).toMatchObject({ parse: [] });
  });

  it('/corpus lists the shipped document', async () => {
    const { id } = h.fake.sendInteraction(slashCommand('corpus'));
    const cb = await h.callback(id);
    expect(cb.body.data.embeds[0].description).toContain(`${engine.corpus.documents.length} document`);
    expect(cb.body.data.embeds[0].description).toContain(engine.corpus.documents[0]!.title.slice(0, 20));
  });

  it('/source autocomplete answers from the real passages', async () => {
    const { id } = h.fake.sendInteraction(autocomplete('source', { passage: 'gold' }, 'passage'));
    const cb = await h.callback(id);
    expect(cb.body.type).toBe(8);
    expect(cb.body.data.choices.length).toBeGreaterThan(0);
    expect(cb.body.data.choices.length).toBeLessThanOrEqual(25);
  });
});
