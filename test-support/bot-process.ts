/**
 * `npm start` as a real process (bot entry, worker pool, real engine) against a fake Discord in
 * this process: for tests of what only a whole process shows (exit codes, the compiled build).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETTING_NAMES } from '../src/config.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from './fake-discord/server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BotProcessOptions {
  /** How to run the CLI, before `start`: e.g. ['--import', 'tsx', 'src/cli/main.ts'] or ['bin/dossier.mjs']. */
  entry: string[];
  token: string;
  /** '' for the shipped corpus. */
  corpusDir: string;
  fake?: FakeDiscordOptions;
  /** The CLI command and its flags (default ['start']). */
  command?: string[];
  /** More environment, over the defaults below. */
  env?: Record<string, string>;
  /** The working directory (default: the checkout), where `.env` is read from. */
  cwd?: string;
  /**
   * 'env-file': no setting comes from the environment (not the defaults below, nor this process's
   * own), so the process runs on the `.env` in `cwd`, as a person's `npm start` does.
   */
  settings?: 'defaults' | 'env-file';
  /** Runs once the fake is listening, before the process starts: e.g. to write its URL into `.env`. */
  prepare?: (fake: FakeDiscord) => void | Promise<void>;
}

export interface BotProcess {
  fake: FakeDiscord;
  child: ChildProcess;
  /** The exit code, or the signal that ended it. */
  exited: Promise<number | string | null>;
  stderr(): string;
  /** Kills the process if it is still running, waits until it is gone, closes the fake and removes its temp folder. */
  dispose(): Promise<void>;
}

export async function startBotProcess(options: BotProcessOptions): Promise<BotProcess> {
  const fake = await startFakeDiscord(options.fake);
  try {
    await options.prepare?.(fake);
  } catch (err) {
    await fake.close();
    throw err;
  }
  const fromFile = options.settings === 'env-file';
  const inherited = { ...process.env };
  if (fromFile) for (const name of SETTING_NAMES) delete inherited[name];
  // The index snapshot goes to a folder of the process's own, never the checkout's data/.
  const scratch = mkdtempSync(path.join(tmpdir(), 'dossier-bot-'));
  const defaults = fromFile
    ? {}
    : {
        DISCORD_TOKEN: options.token,
        DISCORD_API_URL: fake.apiUrl,
        KEYV_URL: 'memory',
        CORPUS_DIR: options.corpusDir,
        SNAPSHOT_DIR: path.join(scratch, 'snapshots'),
        ENGINE_WORKERS: '1',
        LOG_LEVEL: 'info',
      };
  const child = spawn(process.execPath, [...options.entry, ...(options.command ?? ['start'])], {
    cwd: options.cwd ?? ROOT,
    env: { ...inherited, ...defaults, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise<number | string | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
  return {
    fake,
    child,
    exited,
    stderr: () => stderr,
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      await fake.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
