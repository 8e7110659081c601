// The type is fixed, so a few words are enough: /when zawahiri killed.
import { answeringCommand, definitions, type Command } from '../src/discord/command-api.js';

export default answeringCommand(definitions.when, 'when') satisfies Command;
