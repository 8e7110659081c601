import { ChannelType } from 'discord.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { sweepIdleDmChannels } from '../../src/discord/client.js';
import { slashCommand } from '../../test-support/fake-discord/server.js';
import { type FakeEngine } from '../../test-support/fake-engine.js';
import { useHarness, type Harness } from './harness.js';

const current = useHarness();
let h: Harness;
let engine: FakeEngine;
beforeEach(() => ({ h, engine } = current));

const dmChannels = () => h.bot.client.channels.cache.filter((c) => c.type === ChannelType.DM).size;

describe('bounded memory: discord.js caches do not grow with the people who ask', () => {
  it('200 distinct people asking by slash command, mention and DM leave no user, member or message behind', async () => {
    const client = h.bot.client;
    const guild = client.guilds.cache.get(h.fake.guildId)!;
    const usersBefore = client.users.cache.size;
    const waits: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) {
      const user = { username: `asker${i}` };
      const slash = h.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }), { user });
      waits.push(h.fake.waitForRequest({ method: 'POST', path: `/interactions/${slash.id}/:token/callback` }, 10_000));
      if (i % 2) {
        const mention = h.fake.sendMessage({ content: `${h.fake.botMention} who is the interior minister?`, author: user });
        waits.push(h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === mention.id, 10_000));
      } else {
        const dm = h.fake.sendMessage({ content: 'who is the interior minister?', dm: true, author: user });
        waits.push(h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === dm.id, 10_000));
      }
    }
    await Promise.all(waits);
    expect(client.users.cache.size).toBeLessThanOrEqual(Math.max(usersBefore, 1));
    expect(client.users.cache.has(client.user!.id)).toBe(true);
    expect([...guild.members.cache.keys()]).toEqual([client.user!.id]);
    expect(guild.members.me?.id).toBe(client.user!.id);
    for (const channel of client.channels.cache.values()) {
      if ('messages' in channel) expect(channel.messages.cache.size).toBe(0);
    }
    // DM channels are the one cache discord.js cannot bound; the sweep empties it.
    expect(dmChannels()).toBe(100);
    expect(sweepIdleDmChannels(client, 0)).toBe(100);
    expect(dmChannels()).toBe(0);
  }, 60_000);

  it('after the sweep, DMs and their follow-ups still work (Partials.Channel, memory in the store)', async () => {
    const first = h.fake.sendMessage({ content: 'who killed zawahiri?', dm: true });
    await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === first.id);
    expect(sweepIdleDmChannels(h.bot.client, 0)).toBe(1);
    const next = h.fake.sendMessage({ content: 'and when?', dm: true });
    const reply = await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === next.id);
    expect(engine.asked.at(-1)).toEqual({ question: 'When killed zawahiri?', type: 'when' });
    expect(reply.body.embeds[0].title).toBe('July 31, 2022');
  });

  it('a reply to the bot\'s answer in a server still follows up without any message cache', async () => {
    const first = h.fake.sendMessage({ content: `${h.fake.botMention} who killed zawahiri?` });
    const answer = await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === first.id);
    const reply = h.fake.sendMessage({ content: 'and when?', replyTo: (answer.response as { id: string }).id });
    const req = await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === reply.id);
    expect(req.body.embeds[0].title).toBe('July 31, 2022');
  });

  it('the sweep keeps DM channels used recently', async () => {
    const dm = h.fake.sendMessage({ content: 'who is the interior minister?', dm: true });
    await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === dm.id);
    expect(sweepIdleDmChannels(h.bot.client, 60 * 60_000)).toBe(0);
    expect(dmChannels()).toBe(1);
  });
});
