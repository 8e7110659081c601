// The type comes from the question itself ("who…", "how much…").
import { answeringCommand } from '../src/discord/ask-flow.js';
import type { Command } from '../src/discord/command.js';
import { definitions } from '../src/discord/definitions.js';

export default answeringCommand(definitions.ask) satisfies Command;
