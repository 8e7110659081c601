// The type comes from the question itself ("who…", "how much…").
import { answeringCommand, definitions, type Command } from '../src/discord/command-api.js';

export default answeringCommand(definitions.ask) satisfies Command;
