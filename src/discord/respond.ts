import {
  DiscordAPIError,
  MessageFlags,
  RateLimitError,
  RESTJSONErrorCodes,
  type Interaction,
  type RepliableInteraction,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Answer } from '../answer/types.js';
import { ERROR_TEXT, notice, type Reply } from './render.js';
import { RestGaveUpError } from './rest-policy.js';

/** What a handler decided to send; `ephemeral` wins over the deferral's visibility. */
export interface Outcome {
  reply: Reply;
  ephemeral: boolean;
  /** Set when the reply is a notice instead of an answer, saying why. */
  reason?: 'cooldown' | 'timeout' | 'busy';
  /** The engine's answer the reply shows (or turns down, for a rejected question). */
  answer?: Answer;
}

const flagsFor = (ephemeral: boolean) => (ephemeral ? MessageFlags.Ephemeral : undefined);

/** The interaction can no longer be answered: it expired (3 s) or was answered elsewhere. */
export function isGone(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.UnknownInteraction || error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged)
  );
}

/** Rate limits would have made the response late, so it was never sent (see rest-policy.ts). */
export const isRateLimitedOut = (error: unknown): boolean => error instanceof RestGaveUpError || error instanceof RateLimitError;

export async function reply(interaction: RepliableInteraction, outcome: Outcome): Promise<void> {
  await interaction.reply({ ...outcome.reply, flags: flagsFor(outcome.ephemeral) });
}

/**
 * Replies directly when `work` settles before the deferral point, otherwise defers and edits
 * the original response once it does. Discord's 3 s count from the interaction's creation
 * (its snowflake), not from when it reached the bot, so the deferral point is measured from
 * there too. It is clamped to `deferAfterMs` after receipt: a host clock running behind
 * Discord's must not push it later (one running ahead only makes the bot defer sooner).
 */
export async function deliver(
  interaction: RepliableInteraction,
  work: () => Promise<Outcome>,
  options: { ephemeral: boolean; deferAfterMs: number; now: () => number; deferNow?: boolean },
): Promise<void> {
  const pending = work();
  // If deferring fails, the work may still reject later with nobody awaiting it.
  pending.catch(() => undefined);
  const wait = options.deferNow ? 0 : untilDeferral(interaction.createdTimestamp, options.deferAfterMs, options.now);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), wait);
  });
  const first = await Promise.race([pending, late]).finally(() => clearTimeout(timer));
  if (first) return reply(interaction, first);
  await interaction.deferReply({ flags: flagsFor(options.ephemeral) });
  return finish(interaction, await pending, options.ephemeral);
}

/** Milliseconds from now until `deferAfterMs` past `createdAt`, within [0, deferAfterMs]. */
export function untilDeferral(createdAt: number, deferAfterMs: number, now: () => number): number {
  return Math.min(deferAfterMs, Math.max(0, createdAt + deferAfterMs - now()));
}

async function finish(interaction: RepliableInteraction, outcome: Outcome, deferredEphemeral: boolean): Promise<void> {
  if (outcome.ephemeral && !deferredEphemeral) {
    // A public "thinking…" cannot become ephemeral; replace it with a private follow-up.
    await interaction.deleteReply();
    await interaction.followUp({ ...outcome.reply, flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.editReply(outcome.reply);
}

/** Sends several replies in order: the first as the response, the rest as follow-ups. */
export async function replyAll(interaction: RepliableInteraction, replies: readonly Reply[], ephemeral: boolean): Promise<void> {
  const [first, ...rest] = replies;
  if (!first) return;
  await reply(interaction, { reply: first, ephemeral });
  for (const next of rest) await interaction.followUp({ ...next, flags: flagsFor(ephemeral) });
}

/**
 * The discord.js guide's error path: the stack goes to the log, the person gets a short
 * ephemeral message through whichever call is still allowed. Never throws: a failure to
 * respond (expired interaction, Discord down) is logged and dropped.
 */
export async function reportFailure(interaction: Interaction, error: unknown, logger: Logger): Promise<void> {
  const where = { interactionId: interaction.id, type: interaction.type, command: 'commandName' in interaction ? interaction.commandName : undefined };
  if (isGone(error)) {
    logger.warn({ ...where, err: error }, 'interaction expired or was already answered; nothing sent');
    return;
  }
  // Trying again would only meet the same rate limit, past the same deadline.
  if (isRateLimitedOut(error)) {
    logger.warn({ ...where, err: error }, 'Discord rate-limited the response past its deadline; nothing sent');
    return;
  }
  logger.error({ ...where, err: error }, 'interaction handler failed');
  if (!interaction.isRepliable()) return;
  const payload = { ...notice(ERROR_TEXT), flags: MessageFlags.Ephemeral } as const;
  try {
    if (interaction.replied || interaction.deferred) await interaction.followUp(payload);
    else await interaction.reply(payload);
  } catch (followError) {
    logger.warn({ ...where, err: followError }, 'could not tell the user that the interaction failed');
  }
}
