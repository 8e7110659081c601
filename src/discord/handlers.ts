import { Events, type Client, type Interaction } from 'discord.js';
import { handleButton } from './buttons.js';
import type { Command, Context } from './command.js';
import { handleMessage } from './messages.js';
import { reportFailure } from './respond.js';

/** Routes one interaction to its command, autocomplete or button handler. Never throws. */
export async function handleInteraction(interaction: Interaction, commands: ReadonlyMap<string, Command>, ctx: Context): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      if (!command) throw new Error(`no handler for /${interaction.commandName} (deployed commands are out of date?)`);
      await command.execute(interaction, ctx);
    } else if (interaction.isAutocomplete()) {
      const command = commands.get(interaction.commandName);
      await (command?.autocomplete ? command.autocomplete(interaction, ctx) : interaction.respond([]));
    } else if (interaction.isButton()) {
      await handleButton(interaction, ctx);
    }
  } catch (error) {
    await reportFailure(interaction, error, ctx.logger);
  }
}

/** Wires the client's events to the handlers; returns a function that unwires them. */
export function registerHandlers(client: Client, commands: ReadonlyMap<string, Command>, ctx: Context): () => void {
  const onInteraction = (interaction: Interaction) => void handleInteraction(interaction, commands, ctx);
  const onMessage = (message: Parameters<typeof handleMessage>[0]) =>
    void handleMessage(message, ctx).catch((error: unknown) => ctx.logger.error({ err: error }, 'message handler failed'));
  // Without an 'error' listener an emitted error would crash the process.
  const onError = (error: Error) => ctx.logger.error({ err: error }, 'discord client error');
  const onWarn = (warning: string) => ctx.logger.warn({ warning }, 'discord client warning');
  client.on(Events.InteractionCreate, onInteraction);
  client.on(Events.MessageCreate, onMessage);
  client.on(Events.Error, onError);
  client.on(Events.Warn, onWarn);
  return () => {
    client.off(Events.InteractionCreate, onInteraction);
    client.off(Events.MessageCreate, onMessage);
    client.off(Events.Error, onError);
    client.off(Events.Warn, onWarn);
  };
}
