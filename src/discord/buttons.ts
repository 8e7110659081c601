import type { ButtonInteraction } from 'discord.js';
import type { Context } from './command.js';
import type { SaveOutcome } from '../store/queue.js';
import { decodeButton } from './ids.js';
import { notice, renderPassage, renderSources } from './render.js';
import { reply, replyAll } from './respond.js';

export interface FeedbackRecord {
  vote: 'up' | 'down';
  /** The answer's key (see answer-cache.ts), so a vote can be traced to its question. */
  key: string;
  messageId: string;
  channelId: string;
  userId: string;
  at: string;
}

/** "Saved" is said only once the vote is in the store. */
const FEEDBACK_NOTE: Readonly<Record<SaveOutcome, string>> = {
  stored: '',
  queued: ' (Saved locally for now; it will be stored when the database is back.)',
  dropped: ' (I could not save it just now; please try again later.)',
};

/** Everything a button opens is for the person who clicked it, so every reply is ephemeral. */
export async function handleButton(interaction: ButtonInteraction, ctx: Context): Promise<void> {
  const action = decodeButton(interaction.customId);
  if (!action) return reply(interaction, { reply: notice('This button belongs to an older version of me; ask again.'), ephemeral: true });

  switch (action.kind) {
    case 'passage': {
      const passage = ctx.passages.resolve(action.ref);
      if (!passage) return reply(interaction, { reply: notice('That passage is no longer in the corpus.'), ephemeral: true });
      return replyAll(interaction, renderPassage(passage), true);
    }
    case 'sources': {
      const answer = await ctx.answers.stored(action.key);
      const out = answer ? renderSources(answer) : notice('I no longer have the sources for that answer; ask the question again to see them.');
      return reply(interaction, { reply: out, ephemeral: true });
    }
    case 'feedback': {
      const record: FeedbackRecord = {
        vote: action.vote,
        key: action.key,
        messageId: interaction.message.id,
        channelId: interaction.channelId,
        userId: interaction.user.id,
        at: new Date(ctx.now()).toISOString(),
      };
      // One vote per person per answer message: voting again replaces the earlier vote.
      const outcome = await ctx.stores.feedbackLog.save(`${record.messageId}:${record.userId}`, record);
      const thanks = action.vote === 'up' ? 'Thanks — glad it helped. 👍' : 'Thanks — noted that this answer missed. 👎';
      return reply(interaction, { reply: notice(`${thanks}${FEEDBACK_NOTE[outcome]}`), ephemeral: true });
    }
  }
}
