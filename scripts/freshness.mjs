// @ts-check
/**
 * Is dist/ current? The one question the launcher asks on every start, so this module loads
 * nothing but fs and path; building (build.mjs) is loaded only when the answer is no.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What dist/ is built from. Any change to these (size or mtime, or a file added or removed) makes it stale. */
export const INPUTS = {
  dirs: ['src', 'commands'],
  files: ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs', 'scripts/freshness.mjs'],
};
export const OUT = 'dist';
export const STAMP = '.stamp.json';
/** Where the launcher looks for the one-file CLI: beside dist/src/cli/main.js, so relative imports mean the same. */
export const BUNDLE = 'src/cli/main.bundle.cjs';

/**
 * The inputs as one line per file: path, size and mtime. Cheap enough for every start (a
 * stat per file, no reads, no hashing), and it sees edits, deletions and additions.
 * @param {string} root
 * @param {{ dirs: string[], files: string[] }} inputs
 */
export function fingerprint(root, inputs = INPUTS) {
  /** @type {string[]} */
  const lines = [];
  const add = (/** @type {string} */ rel) => {
    try {
      const st = statSync(path.join(root, rel));
      lines.push(`${rel} ${st.size} ${st.mtimeMs}`);
    } catch {
      lines.push(`${rel} missing`);
    }
  };
  for (const dir of inputs.dirs) for (const rel of listFiles(root, dir)) add(rel);
  for (const file of inputs.files) add(file);
  return lines.join('\n');
}

/**
 * Every file under `dir` (relative to root, forward slashes, sorted).
 * @param {string} root
 * @param {string} dir
 * @returns {string[]}
 */
export function listFiles(root, dir) {
  /** @type {string[]} */
  const out = [];
  const walk = (/** @type {string} */ rel) => {
    let entries;
    try {
      entries = readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * @param {string} root
 * @returns {'missing' | 'stale' | 'fresh'}
 */
export function status(root = ROOT) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(root, OUT, STAMP), 'utf8'));
  } catch {
    return 'missing';
  }
  return stamp.inputs === fingerprint(root) ? 'fresh' : 'stale';
}
