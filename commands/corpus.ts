import type { ChatInputCommandInteraction } from 'discord.js';
import { definitions, renderCorpus, reply, type Command, type Context } from '../src/discord/command-api.js';

export default {
  data: definitions.corpus.data,
  async execute(interaction: ChatInputCommandInteraction, ctx: Context) {
    await reply(interaction, { reply: renderCorpus(ctx.engine.corpus, ctx.engine.loadedAt), ephemeral: false });
  },
} satisfies Command;
