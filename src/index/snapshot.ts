/**
 * The persisted index: the corpus (texts and metadata) and its CorpusIndex packed into one
 * buffer, saved to a file, and read back on the next start instead of re-reading and
 * re-indexing the corpus. The same buffer, a SharedArrayBuffer, is what worker threads get:
 * `openSnapshot(snapshot.buffer)` in a worker views the same memory, without a copy.
 *
 * A snapshot is keyed by a hash of the corpus files' bytes, of the code that turns files into
 * an index (src/corpus, src/nlp, src/index) and of the language model's version. A snapshot
 * whose key, format or checksum does not match is never used: the caller rebuilds it and
 * says why.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Corpus, Warning } from '../corpus/types.js';
import { buildCorpusIndexArrays, openCorpusIndex, type CorpusIndex, type CorpusIndexArrays } from './corpus-index.js';
import { DEFAULT_BM25_PARAMS, type Bm25Params } from './bm25.js';
import { buildPassageStore, openPassageStore, type PassageStoreArrays } from './passage-store.js';
import { pack, PREFIX_BYTES, readHeader, unpack, verify, type ArrayTree } from './pack.js';

/** Bump when the packed layout changes; older snapshots are then rebuilt. */
export const SNAPSHOT_FORMAT = 1;

export interface SnapshotInfo {
  /** Identifies the corpus files, index code and model the snapshot was built from. */
  key: string;
  builtAt: string;
  /** Reading and parsing the corpus files, when the builder measured it. */
  loadMs: number | null;
  /** Building the index and the passage store (copying them into the buffer aside). */
  indexMs: number;
  documents: number;
  passages: number;
  /** Distinct indexed terms. */
  vocabulary: number;
  /** Size of the buffer, which is also the size of the file. */
  bytes: number;
}

export interface Snapshot {
  /** Everything below, in one buffer: hand it to a worker thread and call openSnapshot() there. */
  readonly buffer: SharedArrayBuffer | ArrayBuffer;
  readonly corpus: Corpus;
  readonly index: CorpusIndex;
  readonly info: SnapshotInfo;
}

/** The parts of a snapshot's key, kept apart so that a stale snapshot can say what changed. */
export interface SnapshotKey {
  /** Hash of every corpus file's path, size and content hash. */
  files: string;
  code: string;
  model: string;
  /** Each file's content hash with the stat fields that prove it unchanged since (see hashFiles). */
  stamps: FileStamp[];
}

export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  sha256: string;
}

interface Header {
  key: SnapshotKey;
  info: Omit<SnapshotInfo, 'bytes' | 'key'>;
  params: Bm25Params;
  corpus: { hash: string; warnings: Warning[] };
}

const keyString = (k: Pick<SnapshotKey, 'files' | 'code' | 'model'>) => createHash('sha256').update(JSON.stringify([k.files, k.code, k.model])).digest('hex');

/** Builds the index of `corpus` and packs both into one shared buffer. */
export function buildSnapshot(corpus: Corpus, options: { key?: SnapshotKey; loadMs?: number | null; now?: () => Date } = {}): Snapshot {
  const t0 = performance.now();
  const params = DEFAULT_BM25_PARAMS;
  const index = buildCorpusIndexArrays(corpus.passages, params);
  const store = buildPassageStore(corpus);
  const header: Header = {
    key: options.key ?? { files: corpus.hash, code: '', model: '', stamps: [] },
    info: {
      builtAt: (options.now?.() ?? new Date()).toISOString(),
      loadMs: options.loadMs ?? null,
      indexMs: 0,
      documents: corpus.documents.length,
      passages: corpus.passages.length,
      vocabulary: index.terms.offsets.length - 1,
    },
    params,
    corpus: { hash: corpus.hash, warnings: corpus.warnings },
  };
  header.info.indexMs = Math.round(performance.now() - t0);
  const buffer = pack(SNAPSHOT_FORMAT, { index, corpus: store } as unknown as ArrayTree, header as unknown as Record<string, unknown>);
  return openSnapshot(buffer);
}

/**
 * Views a snapshot buffer (from buildSnapshot, a file, or another thread) as a corpus and its
 * index. Nothing is copied and the checksum is not checked again. Throws on a buffer that is
 * not a snapshot of this format.
 */
export function openSnapshot(buffer: SharedArrayBuffer | ArrayBuffer): Snapshot {
  const read = readHeader(new Uint8Array(buffer));
  if (!read.ok) throw new Error(`not a usable index snapshot: ${read.reason}`);
  if (read.version !== SNAPSHOT_FORMAT) throw new Error(`index snapshot format ${read.version}, expected ${SNAPSHOT_FORMAT}`);
  const header = read.header as unknown as Header & { sections: unknown };
  const tree = unpack(buffer, read.header, read.headerBytes) as unknown as { index: CorpusIndexArrays; corpus: PassageStoreArrays };
  if (!tree.index || !tree.corpus) throw new Error('index snapshot is missing sections');
  const index = openCorpusIndex(tree.index, header.params);
  const corpus = openPassageStore(tree.corpus, header.corpus);
  return { buffer, corpus, index, info: { ...header.info, key: keyString(header.key), bytes: buffer.byteLength } };
}

export type SnapshotRead = { ok: true; snapshot: Snapshot } | { ok: false; missing: boolean; reason: string; key?: SnapshotKey };

/**
 * Reads a snapshot file into a SharedArrayBuffer and opens it, if it was built from the
 * corpus files now in `dir` with this code and model. Never throws: a missing, stale,
 * truncated or corrupt file comes back as a reason (with the current key, when it was
 * computed, for the rebuild).
 */
export function readSnapshotFile(file: string, dir: string): SnapshotRead {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT' || code === 'ENOTDIR';
    return { ok: false, missing, reason: missing ? 'does not exist' : `cannot be read (${message(err)})` };
  }
  try {
    const size = fstatSync(fd).size;
    let start = readAt(fd, Math.min(size, 1 << 16));
    let head = readHeader(start);
    if (head.ok && PREFIX_BYTES + head.headerBytes > start.length) head = readHeader((start = readAt(fd, Math.min(size, PREFIX_BYTES + head.headerBytes))));
    if (!head.ok) return stale(head.reason);
    if (head.version !== SNAPSHOT_FORMAT) return stale(`was written in format ${head.version} (this version reads ${SNAPSHOT_FORMAT})`);
    const stored = (head.header as unknown as Header).key;
    const key = snapshotKey(dir, Array.isArray(stored?.stamps) ? stored.stamps : []);
    const changed = whatChanged(stored, key);
    if (changed) return { ...stale(`is stale (${changed})`), key };
    if (size !== head.totalBytes) return stale(`is truncated or padded (${size} bytes, expected ${head.totalBytes})`);
    const buffer = new SharedArrayBuffer(size);
    const bytes = new Uint8Array(buffer);
    for (let at = 0; at < size; ) {
      const n = readSync(fd, bytes, at, size - at, at);
      if (n === 0) return stale('is truncated');
      at += n;
    }
    if (!verify(bytes)) return stale('is corrupt (checksum mismatch)');
    return { ok: true, snapshot: openSnapshot(buffer) };
  } catch (err) {
    return stale(`cannot be used (${message(err)})`);
  } finally {
    closeSync(fd);
  }
}

/** Writes the snapshot through a temporary file and a rename, so no reader ever sees half a file. */
export function writeSnapshotFile(file: string, snapshot: Snapshot): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, new Uint8Array(snapshot.buffer));
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

const stale = (reason: string): SnapshotRead & { ok: false } => ({ ok: false, missing: false, reason });

function whatChanged(stored: SnapshotKey | undefined, current: SnapshotKey): string | null {
  // The stamps only spare re-reading unchanged files; the content hashes decide.
  if (!stored) return 'no key';
  const changes = [
    stored.files !== current.files && 'the corpus files changed',
    stored.code !== current.code && 'the indexing code changed',
    stored.model !== current.model && 'the language model changed',
  ].filter(Boolean);
  return changes.length ? changes.join(', ') : null;
}

function readAt(fd: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  while (at < length) {
    const n = readSync(fd, out, at, length - at, at);
    if (n === 0) break;
    at += n;
  }
  return out.subarray(0, at);
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

// ---------------------------------------------------------------------------------------
// Keys

/**
 * What a snapshot of the corpus in `dir` must have been built from. Every file under `dir` is
 * hashed (dotfiles and node_modules aside, as the loader skips them), whatever its extension:
 * hashing a file the loader ignores costs a needless rebuild at worst, while missing one it
 * reads would serve a stale index.
 *
 * Reading and hashing a large corpus costs most of a restart (about 0.3 s for 81 MB here), so a
 * file whose size, modification and change times and inode all equal those recorded in
 * `previous` keeps its recorded content hash, as git's index does. Any write to a file moves
 * its change time, which no tool can set back.
 */
export function snapshotKey(dir: string, previous: readonly FileStamp[] = []): SnapshotKey {
  const stamps = hashFiles(dir, new Map(previous.map((s) => [s.path, s])));
  const files = createHash('sha256');
  for (const s of stamps) files.update(`${JSON.stringify(s.path)} ${s.size} ${s.sha256}\n`);
  return { files: files.digest('hex'), code: codeHash(), model: modelVersion(), stamps };
}

function hashFiles(dir: string, previous: ReadonlyMap<string, FileStamp>): FileStamp[] {
  const stamps: FileStamp[] = [];
  const visited = new Set<string>();
  const walk = (abs: string, rel: string): void => {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let names: string[];
    try {
      names = readdirSync(abs).sort(compare);
    } catch {
      stamps.push({ path: rel, size: -1, mtimeMs: 0, ctimeMs: 0, ino: 0, sha256: 'unreadable folder' });
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const childAbs = path.join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      let stat;
      try {
        stat = statSync(childAbs);
      } catch {
        continue;
      }
      if (stat.isDirectory()) walk(childAbs, childRel);
      else if (stat.isFile()) {
        const { size, mtimeMs, ctimeMs, ino } = stat;
        const known = previous.get(childRel);
        const unchanged = known && known.size === size && known.mtimeMs === mtimeMs && known.ctimeMs === ctimeMs && known.ino === ino;
        stamps.push({ path: childRel, size, mtimeMs, ctimeMs, ino, sha256: unchanged ? known.sha256 : hashFile(childAbs) });
      }
    }
  };
  walk(dir, '');
  return stamps;
}

function hashFile(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return 'unreadable';
  }
}

let code: string | null = null;

/** Hash of the modules that turn files into an index, as they are on disk (sources, or a compiled build). */
function codeHash(): string {
  if (code) return code;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const hash = createHash('sha256');
  for (const dir of ['corpus', 'nlp', 'index']) {
    const abs = path.join(root, dir);
    for (const name of readdirSync(abs).sort(compare)) {
      if (!/\.[cm]?[jt]s$/.test(name)) continue;
      hash.update(`${dir}/${name}\n`);
      hash.update(readFileSync(path.join(abs, name)));
    }
  }
  return (code = hash.digest('hex'));
}

function modelVersion(): string {
  const require = createRequire(import.meta.url);
  const version = (pkg: string) => (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
  return `wink-nlp ${version('wink-nlp')}, wink-eng-lite-web-model ${version('wink-eng-lite-web-model')}`;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
