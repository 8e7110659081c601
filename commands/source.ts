import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { definitions, escapeMarkdown, notice, readArgs, renderPassage, reply, replyAll, truncate, type Command, type Context } from '../src/discord/command-api.js';

const definition = definitions.source;

export default {
  data: definition.data,
  async execute(interaction: ChatInputCommandInteraction, ctx: Context) {
    const { passage: input } = readArgs(definition, interaction);
    const passage = ctx.passages.resolve(input);
    if (!passage) {
      const text = `No passage matches "${escapeMarkdown(truncate(input, 100))}". Start typing a title and pick one from the list.`;
      return reply(interaction, { reply: notice(text), ephemeral: true });
    }
    await replyAll(interaction, renderPassage(passage), false);
  },
  // Served from the in-memory index: Discord drops autocomplete answers after 3 s.
  async autocomplete(interaction: AutocompleteInteraction, ctx: Context) {
    await interaction.respond(ctx.passages.complete(interaction.options.getFocused()));
  },
} satisfies Command;
