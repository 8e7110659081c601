import { describe, expect, it } from 'vitest';
import { parseArgs, parseQuestionType } from '../../src/cli/args.js';

describe('parseArgs', () => {
  it('parses each command with defaults', () => {
    for (const command of ['start', 'start-sharded', 'repl', 'deploy', 'validate', 'index', 'stats'] as const) {
      expect(parseArgs([command])).toEqual({ kind: 'run', args: { command, corpus: undefined, json: false } });
    }
  });

  it('reads --corpus in both spellings and --json', () => {
    expect(parseArgs(['repl', '--json', '--corpus', 'docs'])).toEqual({ kind: 'run', args: { command: 'repl', corpus: 'docs', json: true } });
    expect(parseArgs(['--corpus=some dir', 'validate'])).toMatchObject({ kind: 'run', args: { command: 'validate', corpus: 'some dir' } });
    expect(parseArgs(['index', '--corpus', 'docs'])).toMatchObject({ kind: 'run', args: { command: 'index', corpus: 'docs' } });
  });

  it('joins the words of an ask question so quoting is optional', () => {
    expect(parseArgs(['ask', 'When', 'was', 'Zawahiri', 'killed?'])).toMatchObject({ kind: 'run', args: { command: 'ask', question: 'When was Zawahiri killed?' } });
    expect(parseArgs(['ask', '--json', '--type', 'how-much', 'mine proceeds'])).toEqual({
      kind: 'run',
      args: { command: 'ask', corpus: undefined, json: true, type: 'how_much', question: 'mine proceeds' },
    });
    expect(parseArgs(['ask', '--', '--not-a-flag?'])).toMatchObject({ args: { question: '--not-a-flag?' } });
  });

  it('reads --watch for the commands that keep running, and only for them', () => {
    for (const command of ['start', 'start-sharded', 'repl'] as const) {
      expect(parseArgs([command, '--watch'])).toEqual({ kind: 'run', args: { command, corpus: undefined, json: false, watch: true } });
    }
    for (const argv of [['ask', '--watch', 'q'], ['index', '--watch'], ['validate', '--watch']]) {
      expect(parseArgs(argv)).toEqual({ kind: 'error', error: '--watch applies only to start, start-sharded and repl' });
    }
  });

  it('answers --help and -h anywhere', () => {
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['repl', '-h'])).toEqual({ kind: 'help' });
  });

  it('reports usage errors as values', () => {
    const error = (argv: string[]) => {
      const r = parseArgs(argv);
      expect(r.kind).toBe('error');
      return r.kind === 'error' ? r.error : '';
    };
    expect(error([])).toMatch(/missing command/);
    expect(error(['serve'])).toMatch(/unknown command "serve"/);
    expect(error(['repl', '--verbose'])).toMatch(/unknown option --verbose/);
    expect(error(['repl', '--corpus'])).toMatch(/--corpus needs a value/);
    expect(error(['repl', '--corpus', '--json'])).toMatch(/--corpus needs a value/);
    expect(error(['ask'])).toMatch(/ask needs a question/);
    // A blank question is given, just not askable: the question gate says why (exit 2 all the same).
    expect(parseArgs(['ask', '  '])).toMatchObject({ kind: 'run', args: { question: '  ' } });
    expect(error(['ask', '--type', 'whence', 'x'])).toMatch(/--type must be one of/);
    expect(error(['repl', 'extra'])).toMatch(/takes no arguments/);
    expect(error(['repl', '--type', 'who'])).toMatch(/only to ask/);
    expect(error(['validate', '--json'])).toMatch(/--json applies only/);
    expect(error(['repl', '--corpus='])).toBe('--corpus needs a value');
    expect(error(['repl', '--json=yes'])).toBe('--json takes no value');
    expect(error(['ask', '-x', 'q'])).toBe('unknown option -x');
  });

  it('answers help even when the rest of the line is wrong, but not after --', () => {
    expect(parseArgs(['serve', '--verbose', '-h'])).toEqual({ kind: 'help' });
    expect(parseArgs(['ask', '--', '-h'])).toMatchObject({ kind: 'run', args: { question: '-h' } });
  });
});

describe('parseQuestionType', () => {
  it('accepts contract and slash-command spellings, case-insensitively', () => {
    expect(parseQuestionType('WHO')).toBe('who');
    expect(parseQuestionType('how-much')).toBe('how_much');
    expect(parseQuestionType('how_much')).toBe('how_much');
    expect(parseQuestionType('whence')).toBeUndefined();
    expect(parseQuestionType('why')).toBe('why');
  });
});
