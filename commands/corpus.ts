import type { ChatInputCommandInteraction } from 'discord.js';
import type { Command, Context } from '../src/discord/command.js';
import { definitions } from '../src/discord/definitions.js';
import { renderCorpus } from '../src/discord/render.js';
import { reply } from '../src/discord/respond.js';

export default {
  data: definitions.corpus.data,
  async execute(interaction: ChatInputCommandInteraction, ctx: Context) {
    await reply(interaction, { reply: renderCorpus(ctx.engine.corpus, ctx.engine.loadedAt), ephemeral: false });
  },
} satisfies Command;
