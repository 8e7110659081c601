/**
 * All that a module in commands/ may use: the Command shape and the helpers commands are made
 * of. It does not reach the loader (load-commands.ts), which imports commands/ by name, so the
 * two never import each other.
 */
export type { Command, Context } from './command.js';
export { answeringCommand } from './ask-flow.js';
export { definitions, readArgs } from './definitions.js';
export { escapeMarkdown, notice, renderCorpus, renderHelp, renderPassage, truncate } from './render.js';
export { reply, replyAll } from './respond.js';
