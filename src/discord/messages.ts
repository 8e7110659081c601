import type { Message } from 'discord.js';
import { gateQuestion } from '../answer/input.js';
import { answerFor } from './ask-flow.js';
import type { Context } from './command.js';
import { ERROR_TEXT, notice, type Reply } from './render.js';
import { untilDeferral } from './respond.js';

const HINT = 'Ask me a question after the mention, e.g. "@Dossier who is the interior minister?" — or use /ask. /help lists everything.';

/** The message's text without mentions of the bot (a user may mention it anywhere). */
export function stripBotMentions(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').trim();
}

/**
 * DMs to the bot, and guild messages that mention it, get the same answer as /ask.
 * Follow-ups ("and when?") resolve against the last question in a DM, or when the
 * message replies to the bot; a mention out of the blue is always a fresh question.
 */
export async function handleMessage(message: Message, ctx: Context): Promise<void> {
  if (message.author.bot || message.system) return;
  const botId = message.client.user.id;
  const inDm = !message.inGuild();
  if (!inDm && !message.mentions.users.has(botId)) return;

  try {
    const text = stripBotMentions(message.content, botId);
    if (!text) return await send(message, notice(HINT));
    const who = { userId: message.author.id, channelId: message.channelId };
    const followsBot = inDm || message.mentions.repliedUser?.id === botId;
    const previous = followsBot ? await ctx.conversations.recall(who.userId, who.channelId) : undefined;
    const gated = gateQuestion(text, { engine: ctx.engine, previous });
    if (!gated.ok) return await send(message, notice(gated.error));
    const outcome = await withTyping(message, ctx, () => answerFor(ctx, who, gated.question));
    // In a server channel the notice is for the asker alone, as it is for slash commands.
    if (outcome.reason === 'cooldown' && !inDm) return await notifyPrivately(message, outcome.reply, ctx);
    await send(message, outcome.reply);
  } catch (error) {
    ctx.logger.error({ messageId: message.id, err: error }, 'message handler failed');
    await send(message, notice(ERROR_TEXT)).catch((sendError: unknown) =>
      ctx.logger.warn({ messageId: message.id, err: sendError }, 'could not tell the user that answering failed'),
    );
  }
}

/**
 * Messages have no deadline, but a silent bot looks broken: once an answer has taken the
 * deferral time since the message was sent, show "Dossier is typing…" until it comes.
 */
async function withTyping<T>(message: Message, ctx: Context, work: () => Promise<T>): Promise<T> {
  const timer = setTimeout(() => {
    if ('sendTyping' in message.channel) void message.channel.sendTyping().catch(() => undefined);
  }, untilDeferral(message.createdTimestamp, ctx.deferAfterMs, ctx.now));
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}

/** Reaction left on a mention that could not be answered privately: "slow down", pinging no one. */
export const COOLDOWN_REACTION = '⏳';

/**
 * A DM to the asker; if their DMs are closed to the bot, a reaction on their message instead.
 * Neither posts anything the rest of the channel reads, and neither pings.
 */
async function notifyPrivately(message: Message, reply: Reply, ctx: Context): Promise<void> {
  try {
    await message.author.send({ ...reply, allowedMentions: reply.allowedMentions });
    return;
  } catch (error) {
    ctx.logger.debug({ messageId: message.id, err: error }, 'could not DM the cooldown notice; reacting instead');
  }
  await message.react(COOLDOWN_REACTION).catch((error: unknown) => ctx.logger.debug({ messageId: message.id, err: error }, 'could not react with the cooldown notice either'));
}

async function send(message: Message, reply: Reply): Promise<void> {
  // A message reply must not ping the asker either; allowedMentions is set on every payload.
  await message.reply({ ...reply, allowedMentions: { ...reply.allowedMentions, repliedUser: false } });
}
