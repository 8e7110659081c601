import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { commandSchema, isCommand, type Command } from './command.js';

export const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

/**
 * Imports every command module in `dir`. A module that fails the predicate throws rather
 * than being skipped: deploying without it would silently delete the command from Discord.
 */
export async function loadCommands(dir: string = COMMANDS_DIR): Promise<Map<string, Command>> {
  const files = (await readdir(dir)).filter((f) => ['.ts', '.js', '.mjs'].includes(extname(f)) && !/\.(d|test)\.[mc]?[jt]s$/.test(f)).sort();
  const commands = new Map<string, Command>();
  for (const file of files) {
    const mod: { default?: unknown } = await import(pathToFileURL(join(dir, file)).href);
    if (!isCommand(mod.default)) {
      const issues = commandSchema.safeParse(mod.default).error?.issues.map((i) => `${i.path.join('.') || '(module)'}: ${i.message}`);
      throw new Error(`commands/${file} does not default-export a valid command (${issues?.join('; ') ?? 'no default export'})`);
    }
    const { name } = mod.default.data;
    if (commands.has(name)) throw new Error(`commands/${file}: a second command named "${name}"`);
    commands.set(name, mod.default);
  }
  return commands;
}
