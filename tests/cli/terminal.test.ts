import { styleText } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createStyle, excerpt, hanging, printable, renderAnswer, renderPassage, renderSources, renderWhy, shouldColor, wrapRanges } from '../../src/cli/terminal.js';
import type { Answer } from '../../src/answer/types.js';
import { corpusVersion } from '../../src/corpus/version.js';
import { ask, fakeEngine } from '../../test-support/fake-engine.js';

const ANSI = /\x1b\[[0-9;]*m/;
const plain = createStyle(false);
const color = createStyle(true);

function longAnswer(): Answer {
  const before = 'Earlier context words. '.repeat(30);
  const after = ' Later context words.'.repeat(30);
  const text = `${before}The strike killed him on July 31, 2022 in Kabul.${after}`;
  const start = text.indexOf('July 31, 2022');
  return {
    question: 'When?', type: 'when', answer: 'July 31, 2022', confidence: 0.9, ms: 3,
    citations: [{ id: 'd#4', doc: 'd', title: 'Doc title', source: 'Wire', date: '2022-08-01', passage: 4, text, highlight: [start, start + 13] }],
  };
}

describe('excerpt', () => {
  it('leaves short text alone', () => {
    expect(excerpt('short text', [0, 5], 100)).toEqual({ text: 'short text', highlight: [0, 5] });
  });

  it('trims around the highlight at word boundaries, marks cuts with … and re-bases offsets', () => {
    const a = longAnswer().citations[0]!;
    const ex = excerpt(a.text, a.highlight, 120);
    expect(ex.text.startsWith('…')).toBe(true);
    expect(ex.text.endsWith('…')).toBe(true);
    expect(ex.text.length).toBeLessThanOrEqual(122);
    expect(ex.text.slice(ex.highlight![0], ex.highlight![1])).toBe('July 31, 2022');
    // cut at spaces: no half words next to the ellipses
    expect(ex.text).toMatch(/^…\S+ /);
    expect(a.text).toContain(ex.text.slice(1, -1));
  });

  it('keeps a highlight near either end without an ellipsis on that side', () => {
    const text = 'Answer here then ' + 'filler '.repeat(60);
    const head = excerpt(text, [0, 6], 60);
    expect(head.text.startsWith('Answer')).toBe(true);
    expect(head.text.endsWith('…')).toBe(true);
    expect(head.highlight).toEqual([0, 6]);
    const tail = 'filler '.repeat(60) + 'the end';
    const t = excerpt(tail, [tail.length - 3, tail.length], 60);
    expect(t.text.endsWith('end')).toBe(true);
    expect(t.text.slice(t.highlight![0], t.highlight![1])).toBe('end');
  });

  it('cuts from the start without a highlight and ignores out-of-range highlights', () => {
    const text = 'word '.repeat(100);
    const ex = excerpt(text, null, 50);
    expect(ex.text.startsWith('word')).toBe(true);
    expect(ex.text.endsWith('…')).toBe(true);
    expect(excerpt('abc', [2, 9], 10).highlight).toBeNull();
    expect(excerpt('abc', [2, 2], 10).highlight).toBeNull();
  });
});

describe('wrapRanges', () => {
  it('wraps at spaces within the width and covers every word', () => {
    const text = 'alpha beta gamma delta epsilon zeta eta theta';
    const lines = wrapRanges(text, 16).map(([s, e]) => text.slice(s, e));
    expect(lines.every((l) => l.length <= 16)).toBe(true);
    expect(lines.join(' ')).toBe(text);
  });
});

describe('renderAnswer', () => {
  it('shows the answer, confidence, the cited passage with the answer highlighted, and the attribution', () => {
    const out = renderAnswer(ask(fakeEngine(), 'When was he killed?'), { style: plain });
    const lines = out.split('\n');
    expect(lines[0]).toBe('July 31, 2022');
    expect(lines[1]).toMatch(/confidence 82% · when · 1\.2 ms/);
    expect(out).toContain('killed on **July 31, 2022** in a U.S. drone strike');
    expect(out).toContain('— Zawahiri killed in Kabul · Wire · 2022-08-01 · ¶ 1  [zawahiri#1]');
    expect(out).not.toMatch(ANSI);
  });

  it('highlights with colour codes around exactly the answer span', () => {
    const out = renderAnswer(ask(fakeEngine(), 'When was he killed?'), { style: color });
    expect(out).toMatch(ANSI);
    expect(out).toContain(`killed on ${styleText(['bold', 'yellow'], 'July 31, 2022')} in a U.S.`);
    expect(styleText(['bold', 'yellow'], 'x')).toMatch(/^\x1b\[1m\x1b\[33mx\x1b/);
  });

  it('trims a long cited passage around the highlight and keeps the highlight when wrapped', () => {
    const out = renderAnswer(longAnswer(), { style: plain, width: 40, maxPassageChars: 160 });
    expect(out).toContain('…');
    expect(out).toMatch(/\*\*July 31,[\s\S]*2022\*\*/);
    const body = out.split('\n').filter((l) => l.startsWith('  ') && !l.startsWith('  —'));
    expect(body.length).toBeGreaterThan(2);
    expect(body.every((l) => l.replace(/\*\*/g, '').length <= 40)).toBe(true);
  });

  it('lays out "not sure" as a hedge with the likely span marked in its passage, never as an answer', () => {
    const a = longAnswer();
    const maybe = a.citations[0]!;
    const out = renderAnswer({ ...a, answer: null, confidence: 0.08, reason: 'not sure', suggestion: { text: 'July 31, 2022', confidence: 0.08, citation: maybe } }, { style: plain, width: 80 });
    const lines = out.split('\n');
    expect(lines[0]).toBe('Not sure — the passage below may answer it.');
    expect(lines[1]).toBe('maybe: July 31, 2022');
    expect(lines[2]).toMatch(/^confidence 8% · when/);
    expect(out).toContain('**July 31, 2022**');
    expect(out).toContain('— Doc title · Wire · 2022-08-01 · ¶ 4  [d#4]');
    expect(renderAnswer({ ...a, answer: null, suggestion: { text: 'July 31, 2022', confidence: 0.08, citation: maybe } }, { style: color, width: 80 })).toMatch(ANSI);
  });

  it('lays out a missing answer as "Not found" with trimmed related reading', () => {
    const long: Answer = {
      question: 'q', type: 'who', answer: null, confidence: 0.12, ms: 2, reason: 'nothing matched',
      citations: [{ id: 'x#2', doc: 'x', title: 'X', source: null, date: null, passage: 2, text: 'related words '.repeat(40), highlight: null }],
    };
    const out = renderAnswer(long, { style: plain, maxRelatedChars: 80 });
    expect(out.split('\n')[0]).toBe('Not found in the corpus.');
    expect(out).toContain('nothing matched');
    expect(out).toContain('Related reading:');
    expect(out).toContain('  1. X · ¶ 2  [x#2]');
    expect(out).toContain('…');
    expect(out.length).toBeLessThan(300);
  });

  it('wraps "see also" lines at the width, continuing under the text rather than at the margin', () => {
    const base = ask(fakeEngine(), 'When was he killed?');
    const long = { ...base.citations[0]!, id: 'mines#1', title: 'A very long headline about gold mines and who took a share of their proceeds', source: 'The Long Wire' };
    const out = renderAnswer({ ...base, citations: [...base.citations, long] }, { style: plain, width: 50 });
    const from = out.indexOf('  see also:');
    expect(from).toBeGreaterThan(0);
    const lines = out.slice(from).trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(50);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {12}\S/);
    const words = (t: string) => t.trim().split(/\s+/);
    expect(lines.flatMap(words)).toEqual(words(`see also: ${long.title} · The Long Wire · 2022-08-01 · ¶ 1  [mines#1]`));
  });

  it('"see also" only for passages giving the same answer; the others are "related"', () => {
    const base = ask(fakeEngine(), 'When was he killed?');
    const same = { ...base.citations[0]!, id: 'mines#1', title: 'Gold mines' };
    const out = renderAnswer({ ...base, citations: [base.citations[0]!, same, base.citations[1]!] }, { style: plain, width: 100 });
    expect(out).toContain('  see also: Gold mines · Wire · 2022-08-01 · ¶ 1  [mines#1]\n');
    expect(out).toContain('  related:  Zawahiri killed in Kabul · Wire · 2022-08-01 · ¶ 2  [zawahiri#2]\n');
  });

  it('says "Not found in the corpus" once, keeping a reason that adds something', () => {
    const notFound = (reason: string): Answer => ({ question: 'q', type: 'who', answer: null, confidence: 0.1, ms: 1, reason, citations: [] });
    const once = renderAnswer(notFound('not found in the corpus'), { style: plain });
    expect(once.match(/not found in the corpus/gi)).toHaveLength(1);
    expect(renderAnswer(notFound('no passage shares a word with the question'), { style: plain })).toContain('no passage shares a word with the question');
  });

  it('hanging() keeps every word and the width, with an empty text still one line', () => {
    const text = 'alpha beta gamma delta epsilon zeta eta theta iota kappa';
    const out = hanging(text, 20, '- ', '  ').split('\n');
    expect(out.every((l) => l.length <= 20)).toBe(true);
    expect(out.map((l) => l.slice(2)).join(' ')).toBe(text);
    expect(hanging('', 20, '> ', '  ')).toBe('> ');
  });

  it('shows a rejected question as its error message only', () => {
    const out = renderAnswer({ question: '', type: 'what', answer: null, confidence: 0, citations: [], ms: 0, error: 'The question is empty.' }, { style: plain });
    expect(out).toBe('The question is empty.\n');
  });
});

describe('NO_COLOR and TTY detection', () => {
  it('colours only a TTY, never with NO_COLOR, and FORCE_COLOR overrides a pipe', () => {
    expect(shouldColor({ isTTY: true }, {})).toBe(true);
    expect(shouldColor({ isTTY: false }, {})).toBe(false);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(shouldColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(shouldColor({}, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });

  it('plain style emits no escape codes anywhere', () => {
    const e = fakeEngine();
    const texts = [
      renderAnswer(ask(e, 'gold?'), { style: plain }),
      renderSources(e.corpus, { loadMs: 12, loadedAt: e.loadedAt }, { style: plain }),
      renderPassage(e.passage('zawahiri#2')!, { style: plain }),
    ];
    for (const t of texts) expect(t).not.toMatch(ANSI);
  });
});

describe('renderSources and renderPassage', () => {
  it('lists title, source, date, passage count and load time', () => {
    const e = fakeEngine();
    const out = renderSources(e.corpus, { loadMs: 12.4, loadedAt: e.loadedAt }, { style: plain });
    expect(out).toContain('1. Zawahiri killed in Kabul');
    expect(out).toContain('Wire · 2022-08-01 · 2 passages · zawahiri.txt  [zawahiri]');
    expect(out).toContain('Foreign Policy · 2023-06-09 · 3 passages · mines.md  [mines]');
    expect(out).toContain(`2 documents, 5 passages, version ${corpusVersion(e.corpus)}, loaded in 12 ms at 2025-01-02T03:04:05.000Z`);
  });

  it('names each warning\'s file and reason, not just how many there were', () => {
    const e = fakeEngine();
    const corpus = { ...e.corpus, warnings: [{ file: 'notes.txt.tmp', reason: 'an editor file' }, { file: 'a.jsonl:3', reason: 'not JSON' }] };
    const out = renderSources(corpus, { loadedAt: e.loadedAt }, { style: plain });
    expect(out).toContain(`version ${corpusVersion(e.corpus)} at 2025-01-02T03:04:05.000Z · 2 warnings:\n  notes.txt.tmp: an editor file\n  a.jsonl:3: not JSON\n`);
  });

  it('shows a whole passage with its attribution', () => {
    const e = fakeEngine();
    const out = renderPassage(e.passage('zawahiri#2')!, { style: plain });
    expect(out).toContain('Zawahiri killed in Kabul · Wire · 2022-08-01 · ¶ 2  [zawahiri#2]');
    expect(out).toContain('The strike hit a safe house in the Sherpur district');
  });
});

// A file can carry terminal escapes: OSC 52 writes the clipboard, OSC 0 sets the title, CSI 2J
// clears the screen, CSI 8m hides text, and a C1 CSI (U+009B) does the same without ESC.
const HOSTILE = 'The keeper\x1b]52;c;ZWNobyBoaQ==\x07 was\x1b[2J\x1b[8m appointed\x9b31m in\x1b]0;pwned\x07 1999.\r\x7f';
const hostileAnswer = (): Answer => {
  const start = HOSTILE.indexOf('1999');
  return {
    question: 'When\x1b[8m?',
    type: 'when',
    answer: '1999\x07',
    confidence: 0.9,
    ms: 1,
    citations: [
      { id: 'notes/x\x1b#1', doc: 'notes/x', title: 'Title\x1b]0;t\x07', source: 'Wire\x9b', date: '2024\x1b[2J', passage: 1, text: HOSTILE, highlight: [start, start + 4] },
      { id: 'y#2', doc: 'y', title: 'Other\x07', source: null, date: null, passage: 2, text: 'x', highlight: null },
    ],
  };
};

/** What a terminal would obey, once our own SGR styling (ESC [ … m) is set aside: raw ESC, BEL, CR, DEL or a C1 control. */
const foreign = (out: string) => out.replace(/\x1b\[[0-9;]*m/g, '').match(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g) ?? [];

describe('printable', () => {
  it('shows controls as visible symbols, one for one, and keeps tab and newline', () => {
    expect(printable('a\x1b[2Jb\x07c\x9bd\x7fe\r\tf\ng\x00')).toBe('a␛[2Jb␇c\ufffdd␡e␍\tf\ng␀');
    expect(printable(HOSTILE)).toHaveLength(HOSTILE.length);
    expect(foreign(printable(HOSTILE))).toEqual([]);
    expect(printable('plain café 東京 — “quoted”')).toBe('plain café 東京 — “quoted”');
  });
});

describe('rendering text from the corpus on a terminal', () => {
  it('lets only our own styling through: no raw ESC, BEL, CR, DEL or C1 from the passage, title, source, date, id or question', () => {
    for (const style of [color, plain]) {
      const out = renderAnswer(hostileAnswer(), { style, width: 60 });
      expect(foreign(out)).toEqual([]);
      expect(out).toContain('␛]52;c;ZWNobyBoaQ==␇');
      expect(foreign(renderAnswer({ ...hostileAnswer(), answer: null }, { style, width: 60 }))).toEqual([]);
      const h = hostileAnswer();
      expect(foreign(renderAnswer({ ...h, answer: null, suggestion: { text: 'x\x1b[2J', confidence: 0.1, citation: h.citations[0]! } }, { style, width: 60 }))).toEqual([]);
      expect(foreign(renderAnswer({ ...hostileAnswer(), error: 'bad\x1b[2J' }, { style }))).toEqual([]);
      expect(foreign(renderWhy({ ...hostileAnswer(), why: { probability: 0.5, noAnswer: 0.1, candidates: 2, kind: null, fitsType: true, passage: null, features: [], noAnswerFeatures: [], runnersUp: [{ text: 'r\x1b[8m', probability: 0.1 }] } } as Answer, { style }))).toEqual([]);
    }
    // Our styling still marks the answer inside the passage, where the highlight said.
    expect(renderAnswer(hostileAnswer(), { style: plain, width: 200 })).toContain('**1999**');
  });

  it('makes a whole passage and the source list printable too', () => {
    const passage = { id: 'x#1', doc: 'x', paragraph: 1, text: HOSTILE, title: 'T\x1b]0;t\x07', source: 'S\x9b', date: 'D\x1b[8m', url: 'https://e.org/\x1b[2J' };
    expect(foreign(renderPassage(passage, { style: color }))).toEqual([]);
    const corpus = { documents: [{ id: 'x', file: 'x\x1b[2J.txt', title: 'T\x07', source: 'S\x9b', date: null, url: null, passages: [passage] }], passages: [passage], warnings: [], hash: '0'.repeat(64) };
    expect(foreign(renderSources(corpus, {}, { style: color }))).toEqual([]);
  });
});
