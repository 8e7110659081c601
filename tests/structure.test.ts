import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The import structure the README describes, checked from the source text: what imports what,
// static imports and dynamic ones with a literal name, and where a module is imported by a name
// computed at run time (which no picture of the imports can follow).
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return /\.(ts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

const FILES = [...sources('src'), ...sources('commands')];
const text = new Map(FILES.map((f) => [f, readFileSync(path.join(ROOT, f), 'utf8')]));

/** The files of this tree that `file` imports (relative names only; packages are not ours). */
function importsOf(file: string): string[] {
  const names = [...text.get(file)!.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return names
    .map((name) => path.normalize(path.join(path.dirname(file), name)).replace(/\.js$/, '.ts'))
    .filter((target) => text.has(target));
}

/** Everything `start` reaches through imports, itself excluded. */
function reach(start: string): Set<string> {
  const seen = new Set<string>();
  const todo = importsOf(start);
  for (let f = todo.pop(); f; f = todo.pop()) {
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...importsOf(f));
  }
  return seen;
}

/** Files with an `import(…)` whose name is not a literal: the imports no picture shows. */
const computedImports = FILES.filter((f) => /\bimport\(\s*[^'\s)]/.test(text.get(f)!.replace(/\/\/.*$/gm, '')));

describe('import structure', () => {
  it('computes an import only where the README says: the command loader, the pool\'s factory for tests, a thread\'s start', () => {
    // thread.ts starts a worker on a module beside its caller (pool/worker.ts, index/build-worker.ts).
    expect(computedImports.sort()).toEqual(['src/discord/load-commands.ts', 'src/pool/spec.ts', 'src/thread.ts']);
  });

  it('command modules use only the command API, which never reaches the loader that imports them', () => {
    for (const file of FILES.filter((f) => f.startsWith('commands/'))) {
      expect(importsOf(file), file).toEqual(['src/discord/command-api.ts']);
      const reached = reach(file);
      for (const above of ['src/discord/load-commands.ts', 'src/discord/bot.ts', 'src/discord/deploy.ts', 'src/cli/main.ts']) expect(reached.has(above), `${file} reaches ${above}`).toBe(false);
    }
  });

  it('no worker is told to import a module by URL: the program never sets an engine spec\'s factory', () => {
    const setters = FILES.filter((f) => /\bfactory\s*:/.test(text.get(f)!));
    expect(setters).toEqual([]);
  });

  it('the composition roots sit in src/cli, and nothing below imports them', () => {
    for (const root of ['src/cli/main.ts', 'src/cli/swap.ts', 'src/cli/reload.ts', 'src/cli/hot-reload.ts']) expect(text.has(root), root).toBe(true);
    const intoCli = FILES.filter((f) => !f.startsWith('src/cli/')).flatMap((f) => importsOf(f).filter((t) => t.startsWith('src/cli/')).map((t) => `${f} → ${t}`));
    expect(intoCli).toEqual([]);
  });

  it('no loop of imports among the program\'s files', () => {
    const loops = FILES.filter((f) => reach(f).has(f));
    expect(loops).toEqual([]);
  });
});
