import { answeringCommand, definitions, type Command } from '../src/discord/command-api.js';

export default answeringCommand(definitions.howMuch, 'how_much') satisfies Command;
