import type { ChatInputCommandInteraction } from 'discord.js';
import { definitions, renderHelp, reply, type Command } from '../src/discord/command-api.js';

export default {
  data: definitions.help.data,
  // Only the person asking needs the manual; it would be noise in the channel.
  async execute(interaction: ChatInputCommandInteraction) {
    await reply(interaction, { reply: renderHelp(), ephemeral: true });
  },
} satisfies Command;
