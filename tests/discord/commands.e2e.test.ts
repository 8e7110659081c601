import { beforeEach, describe, expect, it } from 'vitest';
import { renderAnswer, renderCorpus, renderHelp, renderPassage, renderSources } from '../../src/discord/render.js';
import { autocomplete, button, slashCommand } from '../../test-support/fake-discord/server.js';
import { keyFor } from './fixtures.js';
import { ask, corpus, type FakeEngine } from '../../test-support/fake-engine.js';
import { EPHEMERAL, startHarness, useHarness, wire, type Harness } from './harness.js';

const current = useHarness();
let h: Harness;
let engine: FakeEngine;
beforeEach(() => ({ h, engine } = current));

const WHEN_EMBED = {
  color: 0x3ba55d,
  author: { name: 'When was Zawahiri killed?' },
  title: 'July 31, 2022',
  description: '> Ayman al-Zawahiri was killed on **July 31, 2022** in a U.S. drone strike in Kabul.',
  footer: { text: 'Zawahiri killed in Kabul · Wire · 2022-08-01 · ¶ 1 · 82% confident' },
};

const answerButtons = (key: string, others: number) => [
  {
    type: 1,
    components: [
      { type: 2, style: 2, custom_id: 'p:zawahiri#1', label: 'Full passage' },
      // The fake engine's other citations mark no answer: related reading.
      ...(others ? [{ type: 2, style: 2, custom_id: `s:${key}`, label: `Related reading (${others})` }] : []),
      { type: 2, style: 2, custom_id: `f+:${key}`, emoji: { name: '👍' } },
      { type: 2, style: 2, custom_id: `f-:${key}`, emoji: { name: '👎' } },
    ],
  },
];

describe('login', () => {
  it('identifies with Guilds, GuildMessages and DirectMessages only (no privileged intents)', async () => {
    const identify = await h.fake.identified;
    expect(identify.intents).toBe(1 | (1 << 9) | (1 << 12));
    expect(h.bot.client.isReady()).toBe(true);
    expect(h.bot.client.user?.id).toBe(h.fake.botUser.id);
  });
});

describe('/ask', () => {
  it('replies directly (type 4) with the answer embed and its buttons', async () => {
    const { id } = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    const cb = await h.callback(id);
    const key = keyFor('When was Zawahiri killed?', undefined);
    expect(cb.body).toEqual({
      type: 4,
      data: {
        tts: false,
        enforce_nonce: false,
        embeds: [WHEN_EMBED],
        components: answerButtons(key, 2),
        allowed_mentions: { parse: [] },
      },
    });
    expect(cb.status).toBe(204);
    expect(engine.asked).toEqual([{ question: 'When was Zawahiri killed?' }]);
  });

  it('private: true → the same answer, ephemeral (flags 64)', async () => {
    const { id } = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?', private: true }));
    const key = keyFor('When was Zawahiri killed?', undefined);
    expect((await h.callback(id)).body).toEqual({
      type: 4,
      data: { tts: false, enforce_nonce: false, embeds: [WHEN_EMBED], components: answerButtons(key, 2), allowed_mentions: { parse: [] }, flags: EPHEMERAL },
    });
  });

  it('says "Not found in the corpus" with related reading when there is no answer', async () => {
    const { id } = h.fake.sendInteraction(slashCommand('ask', { question: 'What is the capital of Peru?' }));
    expect((await h.callback(id)).body).toEqual({
      type: 4,
      data: {
        tts: false,
        enforce_nonce: false,
        embeds: [
          {
            color: 0x99aab5,
            author: { name: 'What is the capital of Peru?' },
            title: 'Not found in the corpus',
            description: [
              'There is no answer to this in the documents I have.',
              '',
              '**Closest passages** (related reading, not an answer):',
              '',
              '**1. Gold mines fund al Qaeda** · Foreign Policy · 2023-06-09 · ¶ 1',
              '> Al Qaeda takes a 25 percent share of the proceeds from gold mines in Badakhshan, tens of millions of dollars a week.',
              '',
              '**2. Gold mines fund al Qaeda** · Foreign Policy · 2023-06-09 · ¶ 3',
              '> Some \\*starred\\* \\_text\\_ and a \\<@&123> mention, plus @everyone, to test escaping.',
            ].join('\n'),
          },
        ],
        components: [
          {
            type: 1,
            components: [
              { type: 2, style: 2, custom_id: 'p:mines#1', label: 'Read ¶ 1 · Gold mines fund al Qaeda' },
              { type: 2, style: 2, custom_id: 'p:mines#3', label: 'Read ¶ 3 · Gold mines fund al Qaeda' },
            ],
          },
        ],
        allowed_mentions: { parse: [] },
      },
    });
  });

  it('rejects bad input with a short ephemeral message and never asks the engine', async () => {
    const { id } = h.fake.sendInteraction(slashCommand('ask', { question: '?!?' }));
    expect((await h.callback(id)).body).toEqual({
      type: 4,
      data: {
        content: 'The question has no words in it; ask with words, e.g. "When was al-Zawahiri killed?"',
        tts: false,
        enforce_nonce: false,
        embeds: [],
        components: [],
        allowed_mentions: { parse: [] },
        flags: EPHEMERAL,
      },
    });
    expect(engine.asked).toEqual([]);
  });

  it('answers a repeated question from the cache without asking the engine again', async () => {
    const first = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    const a = await h.callback(first.id);
    const second = h.fake.sendInteraction(slashCommand('ask', { question: 'when was zawahiri killed' }));
    const b = await h.callback(second.id);
    expect(b.body).toEqual(a.body);
    expect(engine.asked).toHaveLength(1);
  });
});

describe('/who, /what, /how-much, /when, /where', () => {
  it.each([
    ['who', 'who'],
    ['what', 'what'],
    ['how-much', 'how_much'],
    ['when', 'when'],
    ['where', 'where'],
  ] as const)('/%s fixes the expected type to %s', async (name, type) => {
    const question = 'zawahiri killed';
    const { id } = h.fake.sendInteraction(slashCommand(name, { question }));
    const cb = await h.callback(id);
    expect(engine.asked).toEqual([{ question, type }]);
    const answer = ask(engine, question, type);
    expect(cb.body).toEqual({ type: 4, data: wire(renderAnswer(answer, { key: keyFor(question, type) })) });
  });

  it('/when zawahiri killed → the date, from terse input', async () => {
    const { id } = h.fake.sendInteraction(slashCommand('when', { question: 'zawahiri killed', private: true }));
    const body = (await h.callback(id)).body;
    expect(body).toMatchObject({ type: 4, data: { embeds: [{ title: 'July 31, 2022', author: { name: 'zawahiri killed' } }], flags: EPHEMERAL } });
  });
});

describe('/source', () => {
  it('shows the whole passage', async () => {
    const { id } = h.fake.sendInteraction(slashCommand('source', { passage: 'zawahiri#2' }));
    const passage = corpus.passages.find((p) => p.id === 'zawahiri#2')!;
    expect((await h.callback(id)).body).toEqual({ type: 4, data: wire(renderPassage(passage)[0]!) });
  });

  it('says so, ephemerally, when nothing matches', async () => {
    const { id } = h.fake.sendInteraction(slashCommand('source', { passage: 'qwertyuiop' }));
    expect((await h.callback(id)).body).toEqual({
      type: 4,
      data: wire({ content: 'No passage matches "qwertyuiop". Start typing a title and pick one from the list.', embeds: [], components: [], allowedMentions: { parse: [] } }, EPHEMERAL),
    });
  });

  it('autocompletes passage ids and titles (type 8, ≤ 25 choices)', async () => {
    const { id } = h.fake.sendInteraction(autocomplete('source', { passage: 'gold' }, 'passage'));
    const cb = await h.callback(id);
    expect(cb.body).toEqual({
      type: 8,
      data: {
        choices: [
          { name: 'Gold mines fund al Qaeda ¶1 — Al Qaeda takes a 25 percent share of the proceeds from gold mines in…', value: 'mines#1' },
          { name: 'Gold mines fund al Qaeda ¶2 — Sirajuddin Haqqani is the Taliban’s interior minister and controls th…', value: 'mines#2' },
          { name: 'Gold mines fund al Qaeda ¶3 — Some *starred* _text_ and a <@&123> mention, plus @everyone, to test…', value: 'mines#3' },
        ],
      },
    });
    expect(cb.status).toBe(204);
  });

  it('autocomplete with an empty query offers the first passages', async () => {
    const { id } = h.fake.sendInteraction(autocomplete('source', { passage: '' }, 'passage'));
    const body = (await h.callback(id)).body;
    expect(body.data.choices.map((c: { value: string }) => c.value)).toEqual(corpus.passages.map((p) => p.id));
  });
});

describe('/corpus and /help', () => {
  it('/corpus lists the documents and when the corpus was loaded', async () => {
    const { id } = h.fake.sendInteraction(slashCommand('corpus'));
    const body = (await h.callback(id)).body;
    expect(body).toEqual({ type: 4, data: wire(renderCorpus(corpus, engine.loadedAt)) });
    expect(body.data.embeds[0].description).toContain(`Version \`${corpus.hash.slice(0, 8)}\` · loaded <t:1735787045:f> (<t:1735787045:R>)`);
  });

  it('/help answers ephemerally with usage and examples', async () => {
    const { id } = h.fake.sendInteraction(slashCommand('help'));
    const body = (await h.callback(id)).body;
    expect(body).toEqual({ type: 4, data: wire(renderHelp(), EPHEMERAL) });
    expect(body.data.embeds[0].description).toContain('/when zawahiri killed');
  });

  it('works in the bot DM as well as in the server', async () => {
    const { id } = h.fake.sendInteraction(slashCommand('help'), { dm: true });
    expect((await h.callback(id)).body).toEqual({ type: 4, data: wire(renderHelp(), EPHEMERAL) });
  });
});

describe('buttons', () => {
  it('"Full passage" → the whole passage, ephemeral', async () => {
    const { id } = h.fake.sendInteraction(button('p:zawahiri#1'));
    const passage = corpus.passages.find((p) => p.id === 'zawahiri#1')!;
    expect((await h.callback(id)).body).toEqual({ type: 4, data: wire(renderPassage(passage)[0]!, EPHEMERAL) });
  });

  it('"Full passage" for a long passage → the first part as the response, the rest as ephemeral follow-ups', async () => {
    const text = Array.from({ length: 1500 }, (_, i) => `word${i}`).join(' ');
    const passages = corpus.passages.map((p) => (p.id === 'mines#2' ? { ...p, text } : p));
    const long = { ...engine, passage: (pid: string) => passages.find((p) => p.id === pid), corpus: { ...corpus, passages } };
    await h.close();
    h = await startHarness({ engine: long });
    const { id } = h.fake.sendInteraction(button('p:mines#2'));
    const parts = renderPassage(passages.find((p) => p.id === 'mines#2')!);
    expect(parts.length).toBeGreaterThan(2);
    expect((await h.callback(id)).body).toEqual({ type: 4, data: wire(parts[0]!, EPHEMERAL) });
    const followUp = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path.startsWith('/webhooks/') && r.body?.embeds?.[0]?.title?.endsWith(`(${parts.length}/${parts.length})`));
    const followUps = h.fake.requestsTo({ method: 'POST', path: '/webhooks/:app/:token' });
    expect(followUps.map((r) => r.body)).toEqual(parts.slice(1).map((part) => wire(part, EPHEMERAL)));
    expect(followUp.status).toBe(200);
  });

  it('"Other sources" → the next-best citations, ephemeral', async () => {
    const asked = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
    await h.callback(asked.id);
    const key = keyFor('When was Zawahiri killed?', undefined);
    const { id } = h.fake.sendInteraction(button(`s:${key}`));
    expect((await h.callback(id)).body).toEqual({ type: 4, data: wire(renderSources(ask(engine, 'When was Zawahiri killed?')), EPHEMERAL) });
  });

  it('"Other sources" after the answer has expired says so', async () => {
    const { id } = h.fake.sendInteraction(button('s:unknownkey'));
    expect((await h.callback(id)).body).toMatchObject({
      type: 4,
      data: { content: 'I no longer have the sources for that answer; ask the question again to see them.', flags: EPHEMERAL, allowed_mentions: { parse: [] } },
    });
  });

  it.each([
    ['f+', 'up', 'Thanks — glad it helped. 👍'],
    ['f-', 'down', 'Thanks — noted that this answer missed. 👎'],
  ] as const)('%s feedback is stored per message and user, and acknowledged ephemerally', async (prefix, vote, thanks) => {
    const sent = h.fake.sendInteraction(button(`${prefix}:somekey`));
    expect((await h.callback(sent.id)).body).toEqual({
      type: 4,
      data: wire({ content: thanks, embeds: [], components: [], allowedMentions: { parse: [] } }, EPHEMERAL),
    });
    const messageId = sent.payload.message.id as string;
    expect(await h.stores.feedback.get(`${messageId}:${h.fake.user.id}`)).toEqual({
      vote,
      key: 'somekey',
      messageId,
      channelId: h.fake.channelId,
      userId: h.fake.user.id,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('an unknown custom id gets a polite ephemeral notice', async () => {
    const { id } = h.fake.sendInteraction(button('legacy-button'));
    expect((await h.callback(id)).body).toMatchObject({ type: 4, data: { content: 'This button belongs to an older version of me; ask again.', flags: EPHEMERAL } });
  });
});
