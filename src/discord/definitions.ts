import {
  ApplicationIntegrationType,
  InteractionContextType,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

/**
 * Slash command definitions, apart from their handlers (as Yuudachi keeps them): deploy
 * reads only these, and each handler's argument type is derived from its definition, so
 * renaming an option here is a type error in the handler rather than a null at runtime.
 */
interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  required?: boolean;
  autocomplete?: boolean;
}
type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S['type'] extends 'string' ? string : boolean;
export type Args<O extends OptionSpecs> = {
  -readonly [K in keyof O]: O[K]['required'] extends true ? ValueOf<O[K]> : ValueOf<O[K]> | null;
};

export interface Definition<O extends OptionSpecs = OptionSpecs> {
  readonly options: O;
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
}

function define<const O extends OptionSpecs>(name: string, description: string, options: O): Definition<O> {
  const builder = new SlashCommandBuilder()
    .setName(name)
    .setDescription(description)
    // Servers and the bot's DMs; installed to servers only (no user installs).
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
  for (const [optionName, spec] of Object.entries(options)) {
    if (spec.type === 'string') {
      builder.addStringOption((o) =>
        o.setName(optionName).setDescription(spec.description).setRequired(spec.required ?? false).setAutocomplete(spec.autocomplete ?? false),
      );
    } else {
      builder.addBooleanOption((o) => o.setName(optionName).setDescription(spec.description).setRequired(spec.required ?? false));
    }
  }
  return { options, data: builder.toJSON() };
}

export function readArgs<O extends OptionSpecs>(definition: Definition<O>, interaction: ChatInputCommandInteraction): Args<O> {
  const args: Record<string, string | boolean | null> = {};
  for (const [name, spec] of Object.entries(definition.options)) {
    args[name] = spec.type === 'string' ? interaction.options.getString(name, spec.required ?? false) : interaction.options.getBoolean(name, spec.required ?? false);
  }
  return args as Args<O>;
}

const privateOption = { type: 'boolean', description: 'Show the answer only to you' } as const;
const question = (description: string) => ({ question: { type: 'string', description, required: true }, private: privateOption }) as const;

export const definitions = {
  ask: define('ask', 'Ask a question about the documents', question("Any question, e.g. Who is the Taliban's interior minister?")),
  who: define('who', 'Ask for a person or group: /who interior minister', question('Who… e.g. killed al-Zawahiri')),
  what: define('what', 'Ask for a thing or a name: /what group runs training camps', question('What… e.g. report says about gold mines')),
  howMuch: define('how-much', 'Ask for an amount: /how-much al qaeda earns from mines', question('How much / how many… e.g. gold mine proceeds')),
  when: define('when', 'Ask for a date: /when zawahiri killed', question('When… e.g. zawahiri killed')),
  where: define('where', 'Ask for a place: /where zawahiri killed', question('Where… e.g. gold mines')),
  source: define('source', 'Show a whole passage from the documents', {
    passage: { type: 'string', description: 'Start typing a title or passage id', required: true, autocomplete: true },
  }),
  corpus: define('corpus', 'List the documents I answer from', {}),
  help: define('help', 'How to ask, with examples', {}),
} as const;

export type AnsweringDefinition = typeof definitions.ask;
