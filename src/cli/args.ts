import { QUESTION_TYPES, type QuestionType } from '../answer/types.js';

export const COMMANDS = ['start', 'repl', 'ask', 'deploy', 'validate'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArgs {
  command: Command;
  /** `--corpus DIR`: overrides CORPUS_DIR. */
  corpus?: string;
  json: boolean;
  /** `ask --type T`: fixes the expected answer type. */
  type?: QuestionType;
  /** `ask`'s question: every positional after the command, joined, so quoting is optional. */
  question?: string;
}

export type ParsedArgs =
  | { kind: 'run'; args: CliArgs }
  | { kind: 'help' }
  | { kind: 'error'; error: string };

export const USAGE = `Dossier: answers questions about a folder of documents, quoting the passage behind each answer.

Usage: tsx src/cli/main.ts <command> [options]   (or: npm run <command> -- [options])

Commands
  start               run the Discord bot (without DISCORD_TOKEN: the local REPL instead)
  repl                interactive question prompt (:help inside lists its commands)
  ask "QUESTION"      answer one question and exit
  deploy              register the slash commands with Discord
  validate            load the corpus, list documents and warnings; exit 1 on any warning

Options
  --corpus DIR        corpus folder (overrides CORPUS_DIR; default ./corpus)
  --json              JSON Lines: one answer object per line on stdout (repl, ask)
  --type T            ask only: fix the answer type (${QUESTION_TYPES.join(', ')})
  -h, --help          show this help

Exit codes: 0 ok (also when the answer is not found), 1 failure, 2 usage error.`;

/** Accepts the slash-command spelling (`how-much`) as well as the contract's (`how_much`). */
export function parseQuestionType(raw: string): QuestionType | undefined {
  const t = raw.toLowerCase().replace(/-/g, '_');
  return (QUESTION_TYPES as readonly string[]).includes(t) ? (t as QuestionType) : undefined;
}

/** Pure: argv (without node and script) → what to run. Never throws, never exits. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  let command: Command | undefined;
  let corpus: string | undefined;
  let json = false;
  let help = false;
  let type: QuestionType | undefined;
  const positionals: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (arg === '--json') {
      json = true;
      continue;
    }
    const [flag, inline] = splitInline(arg);
    if (flag === '--corpus' || flag === '--type') {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
        return { kind: 'error', error: `${flag} needs a value` };
      }
      if (flag === '--corpus') corpus = value;
      else {
        type = parseQuestionType(value);
        if (!type) return { kind: 'error', error: `--type must be one of ${QUESTION_TYPES.join(', ')} (got "${value}")` };
      }
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') return { kind: 'error', error: `unknown option ${arg}` };
    if (command === undefined) {
      if (!(COMMANDS as readonly string[]).includes(arg)) {
        return { kind: 'error', error: `unknown command "${arg}" (expected one of ${COMMANDS.join(', ')})` };
      }
      command = arg as Command;
      continue;
    }
    positionals.push(arg);
  }

  if (help) return { kind: 'help' };
  if (!command) return { kind: 'error', error: `missing command (one of ${COMMANDS.join(', ')})` };
  if (command === 'ask') {
    const question = positionals.join(' ').trim();
    if (!question) return { kind: 'error', error: 'ask needs a question, e.g. ask "When was al-Zawahiri killed?"' };
    return { kind: 'run', args: { command, corpus, json, type, question } };
  }
  if (positionals.length) return { kind: 'error', error: `${command} takes no arguments (got "${positionals.join(' ')}")` };
  if (type) return { kind: 'error', error: '--type applies only to ask (in the REPL use :type)' };
  if (json && command !== 'repl') return { kind: 'error', error: '--json applies only to repl and ask' };
  return { kind: 'run', args: { command, corpus, json } };
}

function splitInline(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}
