/**
 * vitest's globalSetup: a test run must leave nothing behind. At the end, any process a test
 * started that is still alive (a redis-server a test restarted, a bot process, a shard) is
 * reported, then stopped, and so is any new file in the checkout (a snapshot written to
 * data/snapshots instead of a temp folder). Either sets a failing exit code. A process is known
 * as the run's by vitest's process group, or by a marker every process started during the run
 * inherits in its environment (DOSSIER_TEST_RUN, unique to the run).
 *
 * vitest runs this once per project (and once for the root) in its own process: the first
 * setup takes the picture, the last teardown compares.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEST_RUN_ENV = 'DOSSIER_TEST_RUN';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The build the launcher test makes on purpose (what `npm start` makes), and what is not ours to watch. */
const NOT_WATCHED = new Set(['.git', 'node_modules', 'dist', 'dist.lock']);
/** How long a process killed at the end of a test may take to go. */
const EXIT_GRACE_MS = 5_000;

interface RunState {
  users: number;
  marker: string;
  files: Set<string>;
}
const STATE = Symbol.for('dossier.leak-check');
const shared = globalThis as { [STATE]?: RunState };

/** Files in the checkout, relative to it (the build output, dependencies and git excepted). */
function checkoutFiles(dir = ROOT, out = new Set<string>()): Set<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (dir === ROOT && NOT_WATCHED.has(entry.name)) continue;
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) checkoutFiles(file, out);
    else out.add(path.relative(ROOT, file));
  }
  return out;
}

interface ProcStat {
  state: string;
  ppid: number;
  pgrp: number;
  /** Clock ticks after boot. */
  start: number;
}

function procStat(pid: number | 'self'): ProcStat {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields from the third on, after the command name (which may hold spaces) in parentheses.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: f[0]!, ppid: Number(f[1]), pgrp: Number(f[2]), start: Number(f[19]) };
}

/**
 * Live processes (not zombies) a test started: those carrying this run's marker, and those in
 * vitest's process group started after it (child processes stay in their parent's group; a
 * redis-server overwrites its environment with its process title, so the marker alone misses it).
 * This process and its direct children are vitest itself (its workers, esbuild); a test's
 * processes are started by a worker, so they are grandchildren, or orphans once it exits.
 */
function leftProcesses(marker: string): Map<number, string> {
  const found = new Map<number, string>();
  const needle = `${TEST_RUN_ENV}=${marker}`;
  const self = procStat('self');
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const p = procStat(pid);
      if (p.state === 'Z' || p.ppid === process.pid) continue;
      const inGroup = p.pgrp === self.pgrp && p.start > self.start;
      if (!inGroup && !readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(needle)) continue;
      found.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim());
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

export function setup(): void {
  const state = (shared[STATE] ??= { users: 0, marker: randomBytes(8).toString('hex'), files: checkoutFiles() });
  state.users++;
  process.env[TEST_RUN_ENV] = state.marker;
}

export async function teardown(): Promise<void> {
  const state = shared[STATE];
  if (!state || --state.users > 0) return;
  delete shared[STATE];
  const problems: string[] = [];

  if (existsSync('/proc/self/environ')) {
    let left = leftProcesses(state.marker);
    for (const deadline = Date.now() + EXIT_GRACE_MS; left.size && Date.now() < deadline; left = leftProcesses(state.marker)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const [pid, command] of left) {
      problems.push(`process ${pid} still running: ${command}`);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone at last.
      }
    }
  } else {
    console.warn('leak check: no /proc on this platform, so processes left behind are not looked for');
  }

  const created = [...checkoutFiles()].filter((file) => !state.files.has(file)).sort();
  for (const file of created) problems.push(`file left in the checkout: ${file} (tests write under a temp folder)`);

  if (problems.length) {
    console.error(`\nThe test run left things behind (the processes are stopped now; whatever started them must stop them itself):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}
