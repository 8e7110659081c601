import type { QuestionType } from '../../src/answer/types.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderAnswer } from '../../src/discord/render.js';
import { slashCommand } from '../../test-support/fake-discord/server.js';
import { keyFor } from './fixtures.js';
import { ask, type FakeEngine } from '../../test-support/fake-engine.js';
import { settle, useHarness, type Harness } from './harness.js';

const current = useHarness();
let h: Harness;
let engine: FakeEngine;
beforeEach(() => ({ h, engine } = current));

/** The body discord.js sends for message.reply(): the rendered answer, pinging nobody. */
function replyBody(question: string, type: QuestionType | undefined, replyTo: string) {
  const answer = ask(engine, question, type);
  const rendered = renderAnswer(answer, { key: keyFor(question, type) });
  return {
    tts: false,
    enforce_nonce: false,
    embeds: rendered.embeds,
    components: rendered.components,
    allowed_mentions: { parse: [], replied_user: false },
    message_reference: { message_id: replyTo, fail_if_not_exists: false },
  };
}

const botMessages = () => h.fake.requestsTo({ method: 'POST', path: '/channels/:channel/messages' });

describe('DMs', () => {
  it('a question in a DM gets the answer embed in the DM', async () => {
    const sent = h.fake.sendMessage({ content: 'Who is the interior minister?', dm: true });
    expect(sent.delivered).toBe(true);
    const req = await h.fake.waitForRequest({ method: 'POST', path: `/channels/${sent.channelId}/messages` });
    expect(req.body).toEqual(replyBody('Who is the interior minister?', undefined, sent.id));
    expect(req.status).toBe(200);
  });

  it('a follow-up in a DM reuses the previous subject: "who killed zawahiri?" then "and when?"', async () => {
    const first = h.fake.sendMessage({ content: 'who killed zawahiri?', dm: true });
    await h.fake.waitForRequest((r) => r.method === 'POST' && r.body?.message_reference?.message_id === first.id);
    const second = h.fake.sendMessage({ content: 'and when?', dm: true });
    const req = await h.fake.waitForRequest((r) => r.method === 'POST' && r.body?.message_reference?.message_id === second.id);
    expect(engine.asked).toEqual([{ question: 'who killed zawahiri?' }, { question: 'When killed zawahiri?', type: 'when' }]);
    engine.asked.length = 0;
    expect(req.body).toEqual(replyBody('When killed zawahiri?', 'when', second.id));
    expect(req.body.embeds[0].title).toBe('July 31, 2022');
  });

  it('a full question after a previous one is asked as typed', async () => {
    const first = h.fake.sendMessage({ content: 'who killed zawahiri?', dm: true });
    await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === first.id);
    const second = h.fake.sendMessage({ content: 'Who is the interior minister?', dm: true });
    await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === second.id);
    expect(engine.asked.at(-1)).toEqual({ question: 'Who is the interior minister?' });
  });

  it('a slash command answer in the DM also counts as the previous question', async () => {
    const { id } = h.fake.sendInteraction(slashCommand('who', { question: 'zawahiri killed' }), { dm: true });
    await h.callback(id);
    const sent = h.fake.sendMessage({ content: 'when?', dm: true });
    await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === sent.id);
    expect(engine.asked.at(-1)).toEqual({ question: 'When zawahiri killed?', type: 'when' });
  });
});

describe('mentions in a server', () => {
  it('a message mentioning the bot gets a reply, mention stripped, pinging nobody', async () => {
    const sent = h.fake.sendMessage({ content: `${h.fake.botMention} who is the interior minister?` });
    const req = await h.fake.waitForRequest({ method: 'POST', path: `/channels/${h.fake.channelId}/messages` });
    expect(req.body).toEqual(replyBody('who is the interior minister?', undefined, sent.id));
    expect(engine.asked[0]).toEqual({ question: 'who is the interior minister?' });
  });

  it('the mention may appear anywhere, even twice', async () => {
    h.fake.sendMessage({ content: `hey ${h.fake.botMention}, who is the interior minister? ${h.fake.botMention}` });
    await h.fake.waitForRequest({ method: 'POST', path: '/channels/:channel/messages' });
    expect(engine.asked[0]?.question).toBe('hey , who is the interior minister?');
  });

  it('a bare mention gets a hint', async () => {
    const sent = h.fake.sendMessage({ content: h.fake.botMention });
    const req = await h.fake.waitForRequest({ method: 'POST', path: '/channels/:channel/messages' });
    expect(req.body).toEqual({
      content: 'Ask me a question after the mention, e.g. "@Dossier who is the interior minister?" — or use /ask. /help lists everything.',
      tts: false,
      enforce_nonce: false,
      embeds: [],
      components: [],
      allowed_mentions: { parse: [], replied_user: false },
      message_reference: { message_id: sent.id, fail_if_not_exists: false },
    });
    expect(engine.asked).toEqual([]);
  });

  it('ignores server messages that do not mention the bot, and messages from bots', async () => {
    h.fake.sendMessage({ content: 'who is the interior minister?' });
    h.fake.sendMessage({ content: `${h.fake.botMention} who is the interior minister?`, author: { username: 'otherbot', bot: true } });
    h.fake.sendMessage({ content: `${h.fake.botMention} who is the interior minister?`, author: h.fake.botUser });
    await settle();
    expect(botMessages()).toEqual([]);
    expect(engine.asked).toEqual([]);
  });

  it('a reply to the bot\'s answer can follow up; a fresh mention cannot', async () => {
    const first = h.fake.sendMessage({ content: `${h.fake.botMention} who killed zawahiri?` });
    const answerReq = await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === first.id);
    const answerId = (answerReq.response as { id: string }).id;

    const fresh = h.fake.sendMessage({ content: `${h.fake.botMention} and when?` });
    await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === fresh.id);
    expect(engine.asked.at(-1)).toEqual({ question: 'and when?' });

    const reply = h.fake.sendMessage({ content: 'and when?', replyTo: answerId });
    const req = await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === reply.id);
    expect(engine.asked.at(-1)).toEqual({ question: 'When killed zawahiri?', type: 'when' });
    expect(req.body.embeds[0].title).toBe('July 31, 2022');
    // The reply pings the bot (so Discord delivers its content); the bot's answer pings nobody.
    expect(req.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('rejected input in a message gets the error text as a reply', async () => {
    const sent = h.fake.sendMessage({ content: `${h.fake.botMention} ???` });
    const req = await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === sent.id);
    expect(req.body.content).toBe('The question has no words in it; ask with words, e.g. "When was al-Zawahiri killed?"');
    expect(engine.asked).toEqual([]);
  });
});
