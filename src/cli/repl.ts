import { clearScreenDown, createInterface, cursorTo, moveCursor } from 'node:readline';
import { readFileSync, writeFileSync } from 'node:fs';
import { Writable, type Readable } from 'node:stream';
import type { Answer, QuestionType } from '../answer/types.js';
import { QUESTION_TYPES } from '../answer/types.js';
import { subjectOf, type Exchange } from '../answer/followup.js';
import { echoRejected, gateQuestion, rejectedAnswer, type Question } from '../answer/input.js';
import type { Engine } from '../engine.js';
import { parseQuestionType } from './args.js';
import { toJsonLine } from './jsonl.js';
import { inputLines, overLongError, writeWithBackpressure } from './lines.js';
import { createStyle, printable, renderAnswer, renderPassage, renderSources, renderWhy, type Style } from './terminal.js';

export const REPL_HELP = `Type a question and press Enter. Commands:
  :help                 this list
  :sources              documents in the corpus (title, source, date, passages, load time)
  :source ID            a whole passage, e.g. :source al-qaeda-afghanistan#3
  :type T QUESTION      ask with the answer type fixed; T is one of ${QUESTION_TYPES.join(', ')}
  :why                  why the last answer (or "not found"): the features that weighed most
  :quit                 leave (also Ctrl-D or Ctrl-C)`;

export interface SessionOptions {
  engine: Engine;
  /**
   * JSON Lines mode: every input line is a question of its own and yields exactly one JSON
   * line (no commands, no follow-ups, so each line's answer does not depend on the others).
   */
  json?: boolean;
  style?: Style;
  /** Wrap width in columns; a function is asked again for every answer, so a resized terminal is followed. */
  width?: number | (() => number);
  /** Corpus load + engine build time, shown by :sources; a function when a reload can change it. */
  loadMs?: number | (() => number | undefined);
  /** Told about engine failures, which are otherwise reported to the user as an error answer. */
  onError?: (err: unknown, question: string) => void;
}

export interface LineResult {
  output: string;
  quit?: boolean;
}

export interface Asked {
  answer: Answer;
  /** What was asked, when the line passed the gate: a follow-up's is the question it became. */
  question?: Question;
}

/**
 * The REPL's and the CLI's one way in: the line through the gate, then the engine. Never
 * throws: rejected input and engine failures both come back as an Answer with `error`, so a
 * JSON Lines consumer always gets one line per question.
 */
export function askSafely(
  engine: Engine,
  raw: string,
  options: { type?: QuestionType; previous?: Exchange; explain?: boolean } = {},
  onError?: SessionOptions['onError'],
): Asked {
  const t0 = performance.now();
  const gated = gateQuestion(raw, { engine, type: options.type, previous: options.previous });
  if (!gated.ok) return { answer: rejectedAnswer(gated.echo, options.type, gated.error, performance.now() - t0) };
  const { question } = gated;
  try {
    return { answer: engine.ask(question, options.explain ? { explain: true } : {}), question };
  } catch (err) {
    onError?.(err, question.text);
    const error = `Something went wrong while answering: ${err instanceof Error ? err.message : String(err)}`;
    return { answer: rejectedAnswer(question.text, question.type, error, performance.now() - t0), question };
  }
}

/** The REPL's behaviour without any streams: one input line in, text out. */
export function createSession(options: SessionOptions) {
  const { engine } = options;
  const style = options.style ?? createStyle(false);
  const widthOf = typeof options.width === 'function' ? options.width : () => (options.width as number | undefined) ?? 80;
  const render = () => ({ style, width: widthOf() });
  const loadMs = () => (typeof options.loadMs === 'function' ? options.loadMs() : options.loadMs);
  // The last question with a subject of its own, so "and when?" can borrow it, as on Discord.
  let previous: Exchange | undefined;
  // The last question answered, whatever its subject, for :why.
  let last: { question: string; type?: QuestionType } | undefined;

  const ask = (line: string, fixedType?: QuestionType): string => {
    if (options.json) return toJsonLine(askSafely(engine, line, { type: fixedType }, options.onError).answer) + '\n';
    const { answer, question } = askSafely(engine, line, { type: fixedType, previous }, options.onError);
    if (!answer.error && subjectOf(answer.question)) previous = { question: answer.question, type: answer.type };
    if (!answer.error) last = { question: answer.question, type: question?.type };
    // Say what was really asked, so a wrong guess about the subject is visible.
    const asked = question?.followUp && !answer.error ? style.dim(`→ ${printable(answer.question)}`) + '\n' : '';
    return asked + renderAnswer(answer, render()) + '\n';
  };

  function command(line: string): LineResult {
    const [name = '', ...rest] = line.slice(1).trim().split(/\s+/);
    const arg = rest.join(' ');
    switch (name.toLowerCase()) {
      case 'help':
      case 'h':
      case '?':
        return { output: REPL_HELP + '\n\n' };
      case 'sources':
        return { output: renderSources(engine.corpus, { loadMs: loadMs(), loadedAt: engine.loadedAt }, render()) + '\n' };
      case 'source': {
        if (!arg) return { output: style.error('Usage: :source ID (ids are shown in brackets, e.g. [doc#3])') + '\n' };
        const passage = engine.passage(arg);
        if (!passage) return { output: style.error(`No passage "${printable(arg)}". Ids look like doc#3; :sources lists the documents.`) + '\n' };
        return { output: renderPassage(passage, render()) + '\n' };
      }
      case 'type': {
        const [t = '', ...words] = rest;
        const type = parseQuestionType(t);
        if (!type) return { output: style.error(`Usage: :type ${QUESTION_TYPES.join('|')} QUESTION`) + '\n' };
        return { output: ask(words.join(' '), type) };
      }
      case 'why': {
        if (!last) return { output: style.error('Ask a question first; :why then shows what its answer rested on.') + '\n' };
        const again = askSafely(engine, last.question, { type: last.type, explain: true }, options.onError);
        return { output: renderWhy(again.answer, render()) + '\n' };
      }
      case 'quit':
      case 'q':
      case 'exit':
        return { output: '', quit: true };
      default:
        return { output: style.error(`Unknown command :${printable(name)}. :help lists the commands.`) + '\n' };
    }
  }

  return {
    banner(): string {
      const c = engine.corpus;
      const ms = loadMs();
      const load = ms !== undefined ? ` (loaded in ${Math.round(ms)} ms)` : '';
      return `${style.bold('Dossier')} · ${c.documents.length} document${c.documents.length === 1 ? '' : 's'}, ${c.passages.length} passages${load}\nAsk a question, :help for commands, :quit to leave.\n\n`;
    },
    handle(line: string): LineResult {
      if (options.json) return { output: ask(line) };
      const trimmed = line.trim();
      if (!trimmed) return { output: '' };
      if (trimmed.startsWith(':')) return command(trimmed);
      return { output: ask(line) };
    },
    /** A line too long to have been read whole (`head` is its start, `bytes` its length): rejected like a question too long. */
    overLong(head: string, bytes: number): LineResult {
      const rejected = rejectedAnswer(echoRejected(head), undefined, overLongError(bytes));
      return { output: options.json ? toJsonLine(rejected) + '\n' : renderAnswer(rejected, render()) + '\n' };
    },
  };
}

export interface ReplOptions extends SessionOptions {
  input: Readable;
  output: Writable;
  /** Prompt, banner, line editing and history. Default: both streams are TTYs and not JSON mode. */
  interactive?: boolean;
  historyFile?: string;
  /** Where the log writes while the REPL runs (a reload's lines): drawn above the prompt on a terminal. */
  logs?: LogRelay;
}

/**
 * The log's stream while a REPL may be on screen. Lines go to `target` (stderr); while an
 * interactive prompt is showing on the same terminal, the prompt and its half-typed line are
 * cleared first and drawn again after, as node's REPL does, so a line printed by a background
 * reload lands above the prompt instead of on top of it.
 */
export class LogRelay extends Writable {
  private around: { before(): void; after(): void } | undefined;

  constructor(private readonly target: Writable & { isTTY?: boolean }) {
    super({ decodeStrings: false });
  }

  /** Called by the REPL while its prompt is up; has no effect unless `target` is a terminal too. Returns the undo. */
  aroundPrompt(hooks: { before(): void; after(): void }): () => void {
    if (!this.target.isTTY) return () => undefined;
    this.around = hooks;
    return () => {
      if (this.around === hooks) this.around = undefined;
    };
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const around = this.around;
    around?.before();
    this.target.write(chunk);
    around?.after();
    done();
  }
}

const HISTORY_SIZE = 500;
/** Wider than this, lines of prose get hard to read, however wide the terminal. */
export const MAX_WIDTH = 100;

/**
 * Runs the loop until :quit, Ctrl-D, Ctrl-C on an empty line, or end of input. Resolves once
 * the input is closed. Lines end at \n, \r\n or a lone \r, each ending exactly one line, even
 * when a \r\n pair arrives split across two reads. On a terminal, readline edits the line;
 * otherwise lines are read by answerLines, with bounded memory.
 */
export function runRepl(options: ReplOptions): Promise<void> {
  const { input, output } = options;
  const interactive = !options.json && (options.interactive ?? Boolean((input as { isTTY?: boolean }).isTTY && (output as { isTTY?: boolean }).isTTY));
  // Read at every answer: the terminal may have been resized since the last one. A terminal
  // that reports no size (0 columns, as a fresh pty does) gets 80.
  const width = options.width ?? (() => Math.min(MAX_WIDTH, (output as { columns?: number }).columns || 80));
  const session = createSession({ ...options, width });
  if (!interactive) return answerLines(session, input, output);
  const historyFile = options.historyFile;

  const rl = createInterface({
    input,
    // A terminal session: readline echoes and draws the prompt there.
    output,
    terminal: true,
    history: historyFile ? readHistory(historyFile) : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    crlfDelay: Infinity,
    prompt: 'dossier> ',
  });

  return new Promise((resolve) => {
    let closed = false;
    const write = (s: string) => {
      if (s && !closed) output.write(s);
    };
    rl.on('line', (line) => {
      // Lines already buffered after :quit must not be answered.
      if (closed) return;
      const result = session.handle(line);
      write(result.output);
      if (result.quit) rl.close();
      else rl.prompt();
    });
    rl.on('SIGINT', () => {
      // Ctrl-C on an empty line leaves, as Ctrl-D does.
      if (!rl.line) return rl.close();
      // On a half-typed line it abandons the line, as in bash and the node REPL: the text stays
      // on screen marked ^C, and a fresh prompt opens below it.
      rl.write(null, { ctrl: true, name: 'e' });
      const { rows } = rl.getCursorPos();
      output.write('^C' + '\n'.repeat(rows + 1));
      rl.write(null, { ctrl: true, name: 'u' });
    });
    rl.on('history', (entries: string[]) => {
      if (historyFile) saveHistory(historyFile, entries);
    });
    // A reader that goes away (e.g. `| head`) ends the session instead of crashing it.
    output.on('error', () => rl.close());
    const release = options.logs?.aroundPrompt({
      // From the prompt's first row (a long line wraps onto several), everything below goes.
      before: () => {
        moveCursor(output, 0, -rl.getCursorPos().rows);
        cursorTo(output, 0);
        clearScreenDown(output);
      },
      // The prompt and the half-typed line, with the cursor where it was.
      after: () => rl.prompt(true),
    });
    rl.on('close', () => {
      release?.();
      if (!closed) output.write('\n');
      closed = true;
      resolve();
    });
    write(session.banner());
    rl.prompt();
  });
}

/**
 * A script's session (JSON Lines, or plain text on a pipe): one answer per line, in order, with
 * bounded memory whatever comes in. A line over MAX_LINE_BYTES is answered with an error without
 * being held, and the next line is read only once the last answer is written or the output has
 * room for it, so a reader that stops reading stops the input rather than filling memory.
 */
async function answerLines(session: ReturnType<typeof createSession>, input: Readable, output: Writable): Promise<void> {
  // A reader that goes away (e.g. `| head`) ends the session instead of crashing it.
  output.on('error', () => undefined);
  for await (const line of inputLines(input)) {
    const result = 'text' in line ? session.handle(line.text) : session.overLong(line.head, line.bytes);
    if (result.output && !(await writeWithBackpressure(output, result.output))) break;
    if (result.quit) break;
  }
}

/** History file: oldest first, one entry a line; readline wants newest first. */
function readHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function saveHistory(file: string, newestFirst: string[]): void {
  try {
    writeFileSync(file, [...newestFirst].reverse().join('\n') + '\n', { mode: 0o600 });
  } catch {
    // History is a convenience; a read-only checkout must not break the REPL.
  }
}
