import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../scripts/build.mjs';
import { fingerprint, status } from '../../scripts/freshness.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A tiny project with this one's build settings and node_modules. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'dossier-build-'));
  made.push(root);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const all: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'tiny', type: 'module', private: true }),
    'tsconfig.json': JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: ['node'] },
      include: ['src', 'commands'],
    }),
    'tsconfig.build.json': readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8'),
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const later = (file: string) => {
  const t = new Date(Date.now() + 5_000);
  utimesSync(file, t, t);
};

describe('fingerprint and status', () => {
  it('is missing without a stamp, fresh with a matching one, stale after an edit, an addition or a deletion', () => {
    const root = project({ 'src/a.ts': 'export const a = 1;\n', 'commands/b.ts': 'export default 2;\n' });
    expect(status(root)).toBe('missing');
    const stamp = () => {
      mkdirSync(path.join(root, 'dist'), { recursive: true });
      writeFileSync(path.join(root, 'dist/.stamp.json'), JSON.stringify({ inputs: fingerprint(root) }));
    };
    stamp();
    expect(status(root)).toBe('fresh');
    later(path.join(root, 'src/a.ts'));
    expect(status(root)).toBe('stale');
    stamp();
    writeFileSync(path.join(root, 'commands/c.ts'), 'export default 3;\n');
    expect(status(root)).toBe('stale');
    stamp();
    rmSync(path.join(root, 'commands/b.ts'));
    expect(status(root)).toBe('stale');
    stamp();
    later(path.join(root, 'tsconfig.json'));
    expect(status(root)).toBe('stale');
  });
});

describe('ensureBuilt', () => {
  it('compiles, bundles and stamps once, rebuilds after a change, and drops outputs whose source is gone', async () => {
    const root = project({
      'src/cli/main.ts': [
        "import { words } from '../data/words.js';",
        "process.stdout.write(words().join(' ') + '\\n');",
        "void import('../late.js').then(({ late }) => process.stdout.write(late + '\\n'));",
      ].join('\n'),
      'src/data/words.ts': "import { readFileSync } from 'node:fs';\nexport const words = (): string[] => JSON.parse(readFileSync(new URL('./words.json', import.meta.url), 'utf8'));\n",
      'src/data/words.json': '["read", "through", "import.meta.url"]',
      'src/late.ts': "export const late = 'loaded on demand';\n",
      'src/extra.ts': 'export const extra = 1;\n',
    });
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);

    expect(await ensureBuilt({ root, log })).toEqual({ ok: true, built: true });
    expect(lines.join('\n')).toMatch(/Building dist\//);
    expect(status(root)).toBe('fresh');
    for (const out of ['dist/src/cli/main.js', 'dist/src/cli/main.js.map', 'dist/src/data/words.json', 'dist/src/extra.js', 'dist/src/cli/main.bundle.cjs']) {
      expect(existsSync(path.join(root, out)), out).toBe(true);
    }
    // The module tree and the one-file CLI run the same program, data files and on-demand modules included.
    for (const entry of ['dist/src/cli/main.js', 'dist/src/cli/main.bundle.cjs']) {
      const run = spawnSync(process.execPath, [path.join(root, entry)], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('read through import.meta.url\nloaded on demand\n');
    }

    expect(await ensureBuilt({ root, log })).toEqual({ ok: true, built: false });

    rmSync(path.join(root, 'src/extra.ts'));
    expect(await ensureBuilt({ root, log })).toEqual({ ok: true, built: true });
    expect(lines.at(-1)).toMatch(/Sources changed/);
    expect(existsSync(path.join(root, 'dist/src/extra.js'))).toBe(false);
  }, 180_000);

  it('reports a compile error and leaves the last good dist/ in place', async () => {
    const root = project({ 'src/cli/main.ts': "export const ok = 'yes';\n" });
    expect((await ensureBuilt({ root, log: () => {} })).ok).toBe(true);
    writeFileSync(path.join(root, 'src/cli/main.ts'), 'export const ok: number = "no";\n');
    const lines: string[] = [];
    const result = await ensureBuilt({ root, log: (line) => lines.push(line) });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/could not compile/) });
    // The compiler's own message reaches the log (stderr by default), never stdout.
    expect(lines.join('\n')).toMatch(/src\/cli\/main\.ts.*TS2322/);
    expect(readFileSync(path.join(root, 'dist/src/cli/main.js'), 'utf8')).toContain("'yes'");
    expect(status(root)).toBe('stale');
  }, 180_000);

  it('says at once that it cannot build where it cannot write, instead of waiting for a lock', async () => {
    const root = path.join(tmpdir(), 'dossier-no-such-dir', 'checkout');
    const result = await ensureBuilt({ root, log: () => {} });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/not writable.*npm run build/) });
  });

  it('takes over a lock left by a build that died', async () => {
    const root = project({ 'src/cli/main.ts': 'export {};\n' });
    mkdirSync(path.join(root, 'dist.lock'));
    // Far above any real pid on Linux (pid_max is at most 2^22).
    writeFileSync(path.join(root, 'dist.lock/pid'), String(2 ** 30));
    expect(await ensureBuilt({ root, log: () => {} })).toEqual({ ok: true, built: true });
    expect(existsSync(path.join(root, 'dist.lock'))).toBe(false);
  }, 180_000);

  it('takes over a lock without a pid once it is old: its launcher was killed before writing one', async () => {
    const root = project({ 'src/cli/main.ts': 'export {};\n' });
    const lock = path.join(root, 'dist.lock');
    mkdirSync(lock);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);
    expect(await ensureBuilt({ root, log: () => {} })).toEqual({ ok: true, built: true });
    expect(existsSync(lock)).toBe(false);
  }, 180_000);

  it('removes what a build that died left beside dist/ (its half-built and its replaced folders)', async () => {
    const root = project({ 'src/cli/main.ts': 'export {};\n' });
    // A launcher killed mid-build (Ctrl-C on the first `npm start`) leaves these behind.
    for (const left of ['dist.building-1073741824/src', 'dist.old-1073741824/src']) mkdirSync(path.join(root, left), { recursive: true });
    expect(await ensureBuilt({ root, log: () => {} })).toEqual({ ok: true, built: true });
    expect(readdirSync(root).filter((name) => name.startsWith('dist')).sort()).toEqual(['dist']);
  }, 180_000);
});
