// The type is fixed, so a few words are enough: /where gold mines.
import { answeringCommand, definitions, type Command } from '../src/discord/command-api.js';

export default answeringCommand(definitions.where, 'where') satisfies Command;
