import { parseArgs as parseOptions } from 'node:util';
import { QUESTION_TYPES, type QuestionType } from '../answer/types.js';

export const COMMANDS = ['start', 'start-sharded', 'repl', 'ask', 'deploy', 'validate', 'index', 'stats'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArgs {
  command: Command;
  /** `--corpus DIR`: overrides CORPUS_DIR. */
  corpus?: string;
  json: boolean;
  /** `ask --type T`: fixes the expected answer type. */
  type?: QuestionType;
  /** `ask --explain`: also show what the answer rests on. */
  explain?: boolean;
  /** `--watch` (start, repl): reload the corpus when its files change. */
  watch?: boolean;
  /** `ask`'s question: every positional after the command, joined, so quoting is optional. */
  question?: string;
}

export type ParsedArgs =
  | { kind: 'run'; args: CliArgs }
  | { kind: 'help' }
  | { kind: 'error'; error: string };

export const USAGE = `Dossier: answers questions about a folder of documents, quoting the passage behind each answer.

Usage: dossier <command> [options]   (from the project folder: npm run <command> -- [options])

Commands
  start               run the Discord bot (without DISCORD_TOKEN: the local REPL instead)
  start-sharded       run the bot as several shard processes (DOSSIER_SHARDS=auto|N), sharing KEYV_URL's Redis
  repl                interactive question prompt (:help inside lists its commands)
  ask "QUESTION"      answer one question and exit
  deploy              register the slash commands with Discord
  validate            load the corpus, list documents and warnings; exit 1 on any warning
  index               build the index snapshot now (SNAPSHOT_DIR), so the next start maps it back
  stats               documents, passages, vocabulary size, snapshot size and build time

Options
  --corpus DIR        corpus folder (overrides CORPUS_DIR; default ./corpus)
  --json              JSON Lines: one answer object per line on stdout (repl, ask)
  --type T            ask only: fix the answer type (${QUESTION_TYPES.join(', ')})
  --watch             start, repl: reload the corpus when its files change (also WATCH=1)
  --explain           ask only: also show the features the answer rests on (JSON: a "why" field)
  -h, --help          show this help

Exit codes: 0 ok (also when the answer is not found), 1 failure, 2 usage error.`;

/** Accepts the slash-command spelling (`how-much`) as well as the contract's (`how_much`). */
export function parseQuestionType(raw: string): QuestionType | undefined {
  const t = raw.toLowerCase().replace(/-/g, '_');
  return (QUESTION_TYPES as readonly string[]).includes(t) ? (t as QuestionType) : undefined;
}

const OPTIONS = {
  corpus: { type: 'string' },
  json: { type: 'boolean' },
  type: { type: 'string' },
  explain: { type: 'boolean' },
  watch: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Pure: argv (without node and script) → what to run. Never throws, never exits. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  // Help wins over any other problem on the line, as it always has.
  const end = argv.indexOf('--');
  if ((end < 0 ? argv : argv.slice(0, end)).some((a) => a === '-h' || a === '--help')) return { kind: 'help' };

  let values: { corpus?: string; json?: boolean; type?: string; explain?: boolean; watch?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseOptions({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (err) {
    return { kind: 'error', error: describeParseError(err) };
  }

  const [name, ...rest] = positionals;
  if (name === undefined) return { kind: 'error', error: `missing command (one of ${COMMANDS.join(', ')})` };
  if (!(COMMANDS as readonly string[]).includes(name)) {
    return { kind: 'error', error: `unknown command "${name}" (expected one of ${COMMANDS.join(', ')})` };
  }
  const command = name as Command;
  for (const flag of ['corpus', 'type'] as const) {
    if (values[flag] === '') return { kind: 'error', error: `--${flag} needs a value` };
  }
  const corpus = values.corpus;
  const json = values.json ?? false;
  let type: QuestionType | undefined;
  if (values.type !== undefined) {
    type = parseQuestionType(values.type);
    if (!type) return { kind: 'error', error: `--type must be one of ${QUESTION_TYPES.join(', ')} (got "${values.type}")` };
  }

  if (values.watch && command === 'ask') return { kind: 'error', error: '--watch applies only to start, start-sharded and repl' };
  if (command === 'ask') {
    // Only whether a question was given at all: what it must be is the question gate's to say.
    if (rest.length === 0) return { kind: 'error', error: 'ask needs a question, e.g. ask "When was al-Zawahiri killed?"' };
    return { kind: 'run', args: { command, corpus, json, type, question: rest.join(' '), ...(values.explain ? { explain: true } : {}) } };
  }
  if (rest.length) return { kind: 'error', error: `${command} takes no arguments (got "${rest.join(' ')}")` };
  if (type) return { kind: 'error', error: '--type applies only to ask (in the REPL use :type)' };
  if (values.explain) return { kind: 'error', error: '--explain applies only to ask (in the REPL use :why)' };
  if (json && command !== 'repl') return { kind: 'error', error: '--json applies only to repl and ask' };
  if (values.watch && command !== 'start' && command !== 'repl' && command !== 'start-sharded') {
    return { kind: 'error', error: '--watch applies only to start, start-sharded and repl' };
  }
  return { kind: 'run', args: { command, corpus, json, ...(values.watch ? { watch: true } : {}) } };
}

/** node:util's messages are written for its own API ("place it after '--'"); ours name the flag and what it needs. */
function describeParseError(err: unknown): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const flag = /'(-{1,2}[^' =<]+)/.exec(message)?.[1] ?? 'an option';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${flag}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /does not take an argument/.test(message) ? `${flag} takes no value` : `${flag} needs a value`;
  }
  return message;
}
