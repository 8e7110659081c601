import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLIENT_SHARD_ENV, SETTING_NAMES } from '../../src/config.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The installed packages `npm start` runs with (package-lock's non-dev entries). */
function runtimePackages(): string[] {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  return Object.entries(lock.packages)
    .filter(([dir, meta]) => dir !== '' && !meta.dev)
    .map(([dir]) => path.join(ROOT, dir));
}

function* scripts(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // an optional dependency not installed on this platform
  }
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    // Nested node_modules are packages of their own, listed separately in the lock file.
    if (entry.isDirectory() && entry.name !== 'node_modules') yield* scripts(file);
    else if (entry.isFile() && /\.[cm]?js$/.test(entry.name)) yield file;
  }
}

/**
 * Names each runtime dependency may take from the environment: quoted or used as a property
 * (`process.env.X`, `'X' in data`, `data.X`) in a file that reads process.env. Redis's WATCH
 * command, say, sits in files that never touch the environment.
 */
function namesReadByDependencies(names: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const patterns = names.map((name) => [name, new RegExp(`[.'"\`\\[]${name}\\b`)] as const);
  for (const pkg of runtimePackages()) {
    for (const file of scripts(pkg)) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('process.env')) continue;
      for (const [name, pattern] of patterns) if (pattern.test(text)) found.set(name, [...(found.get(name) ?? []), path.relative(ROOT, file)]);
    }
  }
  return found;
}

describe('setting names', () => {
  it('no setting of ours is a name a runtime dependency reads from the environment', () => {
    const found = namesReadByDependencies([...SETTING_NAMES, ...CLIENT_SHARD_ENV]);
    // The check can see a collision: discord.js's Client JSON.parses SHARDS and reads SHARD_COUNT.
    expect(found.get('SHARDS')).toContain(path.join('node_modules', 'discord.js', 'src', 'client', 'Client.js'));
    expect(found.get('SHARD_COUNT')).toContain(path.join('node_modules', 'discord.js', 'src', 'client', 'Client.js'));
    // DISCORD_TOKEN is discord.js's default token: the same value with the same meaning.
    const collisions = SETTING_NAMES.filter((name) => name !== 'DISCORD_TOKEN' && found.has(name)).map((name) => `${name}: ${found.get(name)!.join(', ')}`);
    expect(collisions).toEqual([]);
  });

  it('.env.example lists every setting, and nothing else', () => {
    const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    const listed = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...SETTING_NAMES].sort());
  });
});
