import { answeringCommand } from '../src/discord/ask-flow.js';
import type { Command } from '../src/discord/command.js';
import { definitions } from '../src/discord/definitions.js';

export default answeringCommand(definitions.howMuch, 'how_much') satisfies Command;
