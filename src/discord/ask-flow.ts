import type { ChatInputCommandInteraction } from 'discord.js';
import { subjectOf } from '../answer/followup.js';
import { outcomeOf, type AskOutcome } from '../ask-outcome.js';
import { gateQuestion, type Question } from '../answer/input.js';
import type { QuestionType } from '../answer/types.js';
import { EngineBusyError, EngineTimeoutError } from '../pool/errors.js';
import type { Command, Context } from './command.js';
import { readArgs, type AnsweringDefinition } from './definitions.js';
import { busyNotice, cooldownNotice, notice, renderAnswer, tooLongNotice, tooManyWaitingNotice } from './render.js';
import { deliver, reply, type Outcome } from './respond.js';

/**
 * Asks on behalf of one person in one channel: cooldown, cache, engine, conversation
 * memory. Shared by every answering slash command and by DMs and mentions, so they can
 * only differ in how they send the result. Each question's outcome and time go to the
 * metrics, when they are on.
 */
export async function answerFor(ctx: Context, who: { userId: string; channelId: string }, question: Question): Promise<Outcome> {
  const started = performance.now();
  let kind: AskOutcome = 'error';
  try {
    const outcome = await ask(ctx, who, question);
    kind = outcome.answer ? outcomeOf(outcome.answer) : outcome.reason === 'timeout' ? 'too_long' : (outcome.reason ?? 'error');
    return outcome;
  } finally {
    ctx.metrics?.asked(kind, performance.now() - started);
  }
}

async function ask(ctx: Context, who: { userId: string; channelId: string }, question: Question): Promise<Outcome> {
  const gate = await ctx.cooldown.hit(who.userId);
  if (!gate.allowed) return { reply: cooldownNotice(new Date(ctx.now() + gate.retryAfterMs)), ephemeral: true, reason: 'cooldown' };
  const leave = ctx.waiting.enter(who.userId);
  if (!leave) return { reply: tooManyWaitingNotice(ctx.waiting.cap), ephemeral: true, reason: 'busy' };
  let looked;
  try {
    looked = await ctx.answers.get(question);
  } catch (error) {
    // The engine's own limits are answers for the asker, not failures to log as errors.
    if (error instanceof EngineTimeoutError) return { reply: tooLongNotice(error.limitMs), ephemeral: true, reason: 'timeout' };
    if (error instanceof EngineBusyError) return { reply: busyNotice(), ephemeral: true, reason: 'busy' };
    throw error;
  } finally {
    leave();
  }
  const { answer, key } = looked;
  // Which process answered and whether from the shared cache: what an operator of several shards looks for.
  ctx.logger.debug({ cached: looked.cached, key, found: answer.answer !== null }, 'answered');
  if (answer.error) return { reply: notice(answer.error), ephemeral: true, answer };
  // A question with no subject of its own ("and when?" that was not a follow-up) would
  // leave the next follow-up nothing to refer to: keep the earlier exchange instead.
  // Not awaited: only the next message needs it, and SafeStore never rejects.
  if (subjectOf(answer.question)) void ctx.conversations.remember(who.userId, who.channelId, { question: answer.question, type: answer.type });
  return { reply: renderAnswer(answer, { key }), ephemeral: false, answer };
}

/**
 * Questions already waiting per worker beyond which a new one is deferred on arrival. It could
 * not be answered before the deferral time anyway, and deferring now spreads the deferrals of
 * a burst over its arrival instead of sending them all when their timers fire together.
 */
export const DEFER_AT_ONCE_BACKLOG = 50;

/** /ask, /who, /what, /how-much, /when: one handler, differing only in the fixed type. */
export function answeringCommand(definition: AnsweringDefinition, type?: QuestionType): Command {
  return {
    data: definition.data,
    async execute(interaction: ChatInputCommandInteraction, ctx: Context) {
      const args = readArgs(definition, interaction);
      const isPrivate = args.private === true;
      // Bad input is answered at once and costs no cooldown.
      const gated = gateQuestion(args.question, { engine: ctx.engine, type });
      if (!gated.ok) return reply(interaction, { reply: notice(gated.error), ephemeral: true });

      const who = { userId: interaction.user.id, channelId: interaction.channelId };
      await deliver(
        interaction,
        async () => {
          const outcome = await answerFor(ctx, who, gated.question);
          return { ...outcome, ephemeral: outcome.ephemeral || isPrivate };
        },
        { ephemeral: isPrivate, deferAfterMs: ctx.deferAfterMs, now: ctx.now, deferNow: ctx.engine.backlog() >= DEFER_AT_ONCE_BACKLOG },
      );
    },
  };
}
