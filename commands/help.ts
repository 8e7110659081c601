import type { ChatInputCommandInteraction } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { definitions } from '../src/discord/definitions.js';
import { renderHelp } from '../src/discord/render.js';
import { reply } from '../src/discord/respond.js';

export default {
  data: definitions.help.data,
  // Only the person asking needs the manual; it would be noise in the channel.
  async execute(interaction: ChatInputCommandInteraction) {
    await reply(interaction, { reply: renderHelp(), ephemeral: true });
  },
} satisfies Command;
