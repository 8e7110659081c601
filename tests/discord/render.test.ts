import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { decodeButton } from '../../src/discord/ids.js';
import {
  EXCERPT_CHARS,
  LIMITS,
  escapeMarkdown,
  quoteExcerpt,
  renderAnswer,
  renderCorpus,
  renderPassage,
  renderSources,
  splitEscaped,
  truncate,
} from '../../src/discord/render.js';
import { ask, cite, corpus, fakeEngine } from '../../test-support/fake-engine.js';

const engine = fakeEngine();
const key = 'k'.repeat(22);

function embedChars(e: { title?: string; description?: string; footer?: { text: string }; author?: { name: string } }): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
}

describe('renderAnswer', () => {
  it('renders the answer as title, the passage as a quote with the answer in bold, and the citation footer', () => {
    const answer = ask(engine, 'When was Zawahiri killed?');
    expect(renderAnswer(answer, { key })).toEqual({
      embeds: [
        {
          color: 0x3ba55d,
          author: { name: 'When was Zawahiri killed?' },
          title: 'July 31, 2022',
          description: '> Ayman al-Zawahiri was killed on **July 31, 2022** in a U.S. drone strike in Kabul.',
          footer: { text: 'Zawahiri killed in Kabul · Wire · 2022-08-01 · ¶ 1 · 82% confident' },
        },
      ],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, custom_id: 'p:zawahiri#1', label: 'Full passage' },
            // Neither other citation gives the answer: they are related reading, and the button says so.
            { type: 2, style: 2, custom_id: `s:${key}`, label: 'Related reading (2)' },
            { type: 2, style: 2, custom_id: `f+:${key}`, emoji: { name: '👍' } },
            { type: 2, style: 2, custom_id: `f-:${key}`, emoji: { name: '👎' } },
          ],
        },
      ],
      allowedMentions: { parse: [] },
    });
  });

  it('omits "Other sources" when there is only one citation, and null metadata from the footer', () => {
    const p = { ...corpus.passages[0]!, source: null, date: null };
    const answer: Answer = { question: 'q', type: 'when', answer: 'July 31, 2022', confidence: 0.456, citations: [cite(p, 'July 31, 2022')], ms: 1 };
    const out = renderAnswer(answer, { key });
    expect(out.embeds[0]!.footer).toEqual({ text: 'Zawahiri killed in Kabul · ¶ 1 · 46% confident' });
    expect(out.components[0]!.components.map((c) => ('custom_id' in c ? c.custom_id : ''))).toEqual(['p:zawahiri#1', `f+:${key}`, `f-:${key}`]);
  });

  it('says "Not found in the corpus" and lists related reading without presenting a guess', () => {
    const answer = ask(engine, 'What is the capital of Peru?');
    const out = renderAnswer(answer, { key });
    expect(out.embeds).toHaveLength(1);
    const embed = out.embeds[0]!;
    expect(embed.title).toBe('Not found in the corpus');
    expect(embed.description).toBe(
      [
        'There is no answer to this in the documents I have.',
        '',
        '**Closest passages** (related reading, not an answer):',
        '',
        '**1. Gold mines fund al Qaeda** · Foreign Policy · 2023-06-09 · ¶ 1',
        '> Al Qaeda takes a 25 percent share of the proceeds from gold mines in Badakhshan, tens of millions of dollars a week.',
        '',
        '**2. Gold mines fund al Qaeda** · Foreign Policy · 2023-06-09 · ¶ 3',
        '> Some \\*starred\\* \\_text\\_ and a \\<@&123> mention, plus @everyone, to test escaping.',
      ].join('\n'),
    );
    expect(embed.footer).toBeUndefined();
    // No feedback or "Other sources" on a non-answer: only buttons to read the related passages.
    expect(out.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 2, custom_id: 'p:mines#1', label: 'Read ¶ 1 · Gold mines fund al Qaeda' },
          { type: 2, style: 2, custom_id: 'p:mines#3', label: 'Read ¶ 3 · Gold mines fund al Qaeda' },
        ],
      },
    ]);
  });

  it('says "Not sure" and shows the likely span marked in its passage, never as the title, with no feedback buttons', () => {
    const p = corpus.passages.find((x) => x.id === 'zawahiri#1')!;
    const related = corpus.passages.find((x) => x.id === 'zawahiri#2')!;
    const maybe = cite(p, 'July 31, 2022');
    const answer: Answer = { question: 'When did it happen?', type: 'when', answer: null, confidence: 0.08, citations: [maybe, cite(related)], ms: 1, reason: 'not sure', suggestion: { text: 'July 31, 2022', confidence: 0.08, citation: maybe } };
    const out = renderAnswer(answer, { key });
    expect(out.embeds[0]).toEqual({
      color: 0xfaa61a,
      author: { name: 'When did it happen?' },
      title: 'Not sure — the passage below may answer it',
      description: 'Maybe: **July 31, 2022**\n> Ayman al-Zawahiri was killed on **July 31, 2022** in a U.S. drone strike in Kabul.',
      footer: { text: 'Zawahiri killed in Kabul · Wire · 2022-08-01 · ¶ 1 · 8% confident' },
    });
    expect(out.components[0]!.components.map((b) => ('label' in b ? b.label : ''))).toEqual(['Full passage', 'Read ¶ 2 · Zawahiri killed in Kabul']);
    expect(out.allowedMentions).toEqual({ parse: [] });
  });

  it('says not found plainly when there is no related reading either', () => {
    const out = renderAnswer({ question: 'q', type: 'what', answer: null, confidence: 0, citations: [], ms: 0 }, { key });
    expect(out.embeds[0]).toMatchObject({ title: 'Not found in the corpus', description: 'There is no answer to this in the documents I have.' });
    expect(out.components).toEqual([]);
  });

  it('turns a rejected question into a short text notice', () => {
    const out = renderAnswer({ question: '', type: 'what', answer: null, confidence: 0, citations: [], ms: 0, error: 'The question is empty.' }, { key });
    expect(out).toEqual({ content: 'The question is empty.', embeds: [], components: [], allowedMentions: { parse: [] } });
  });

  it('escapes markdown in the passage so source characters do not format', () => {
    const p = corpus.passages.find((x) => x.id === 'mines#3')!;
    const out = renderAnswer({ question: 'q', type: 'what', answer: 'starred', confidence: 1, citations: [cite(p, 'starred')], ms: 0 }, { key });
    expect(out.embeds[0]!.description).toBe('> Some \\***starred**\\* \\_text\\_ and a \\<@&123> mention, plus @everyone, to test escaping.');
  });

  it('keeps a huge passage within the description and embed limits, trimmed around the answer', () => {
    const filler = 'Lorem ipsum dolor sit amet, *consectetur* adipiscing elit. '.repeat(400);
    const text = `${filler}The deal was worth $194.4 million in total. ${filler}`;
    const p = { ...corpus.passages[0]!, text };
    const answer: Answer = { question: 'How much?', type: 'how_much', answer: '$194.4 million', confidence: 0.7, citations: [cite(p, '$194.4 million')], ms: 1 };
    const embed = renderAnswer(answer, { key }).embeds[0]!;
    expect(embed.description!.length).toBeLessThanOrEqual(EXCERPT_CHARS);
    expect(embed.description!.length).toBeGreaterThan(EXCERPT_CHARS * 0.6);
    expect(embed.description).toMatch(/^> …\S/);
    expect(embed.description).toMatch(/\S…$/);
    expect(embed.description).toContain('**$194.4 million**');
    expect(embedChars(embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
  });

  it('keeps a huge answer span and huge question within limits too', () => {
    const text = 'x'.repeat(20_000);
    const p = { ...corpus.passages[0]!, text };
    const answer: Answer = { question: 'q'.repeat(4_000), type: 'what', answer: text, confidence: 1, citations: [{ ...cite(p), highlight: [0, 20_000] }], ms: 1 };
    const embed = renderAnswer(answer, { key }).embeds[0]!;
    expect(embed.title!.length).toBeLessThanOrEqual(LIMITS.title);
    expect(embed.author!.name.length).toBeLessThanOrEqual(LIMITS.author);
    expect(embed.description!.length).toBeLessThanOrEqual(EXCERPT_CHARS);
    expect(embed.description).toMatch(/^> \*\*x+\*\*…$/);
  });
});

describe('quoteExcerpt', () => {
  it('never splits a surrogate pair or an escape when trimming', () => {
    const text = '😀'.repeat(3000) + ' ANSWER ' + '_'.repeat(3000);
    const start = text.indexOf('ANSWER');
    const out = quoteExcerpt(text, [start, start + 6], 300);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out).toContain('**ANSWER**');
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(out).not.toMatch(/(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    // Every underscore that survived is escaped.
    expect(out.replace(/\\_/g, '')).not.toContain('_');
  });

  it('quotes every line of a multi-line passage and bolds per line', () => {
    expect(quoteExcerpt('one\ntwo three\nfour', [4, 13], 100)).toBe('> one\n> **two three**\n> four');
  });

  it('escapes block markers at the start of lines', () => {
    expect(escapeMarkdown('# head\n- item\n1. first\n> quote\nmid-word # not')).toBe('\\# head\n\\- item\n1\\. first\n\\> quote\nmid-word # not');
  });
});

describe('renderPassage', () => {
  it('shows a short passage whole, with its citation', () => {
    const p = corpus.passages[1]!;
    expect(renderPassage(p)).toEqual([
      {
        embeds: [
          {
            color: 0x5865f2,
            title: 'Zawahiri killed in Kabul · ¶ 2',
            description: p.text,
            footer: { text: 'Zawahiri killed in Kabul · Wire · 2022-08-01 · ¶ 2 · zawahiri#2' },
          },
        ],
        components: [],
        allowedMentions: { parse: [] },
      },
    ]);
  });

  it('splits a long passage into replies that each fit one embed, losing nothing', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `word${i}*`).join(' ');
    const replies = renderPassage({ ...corpus.passages[0]!, text });
    expect(replies.length).toBeGreaterThan(1);
    for (const r of replies) {
      expect(r.embeds).toHaveLength(1);
      expect(r.embeds[0]!.description!.length).toBeLessThanOrEqual(LIMITS.description);
      expect(embedChars(r.embeds[0]!)).toBeLessThanOrEqual(LIMITS.embedTotal);
    }
    expect(replies[0]!.embeds[0]!.title).toBe(`Zawahiri killed in Kabul · ¶ 1 (1/${replies.length})`);
    const joined = replies.map((r) => r.embeds[0]!.description!.replace(/\\\*/g, '*')).join(' ');
    expect(joined.split(/\s+/)).toEqual(text.split(' '));
  });

  it('splitEscaped handles text with no spaces', () => {
    const parts = splitEscaped('*'.repeat(10_000), 4000);
    expect(parts.every((p) => p.length <= 4000)).toBe(true);
    expect(parts.join('').replace(/\\\*/g, '*')).toBe('*'.repeat(10_000));
  });
});

describe('renderSources', () => {
  it('passages giving the same answer are "Other sources"; the rest follow under their own heading', () => {
    const answer = ask(engine, 'When was Zawahiri killed?');
    const also = { ...cite(corpus.passages[0]!, 'July 31, 2022'), id: 'other#1', title: 'Another wire', source: 'Other Wire' };
    const both: Answer = { ...answer, citations: [answer.citations[0]!, also, answer.citations[1]!] };
    const buttons = renderAnswer(both, { key }).components[0]!.components.map((c) => ('label' in c ? c.label : ''));
    expect(buttons).toContain('Other sources (1)');
    const out = renderSources(both);
    expect(out.embeds[0]!.title).toBe('Other sources');
    expect(out.embeds[0]!.description).toBe(
      [
        '**1. Another wire** · Other Wire · 2022-08-01 · ¶ 1',
        '> Ayman al-Zawahiri was killed on **July 31, 2022** in a U.S. drone strike in Kabul.',
        '',
        '**Related reading** (these passages do not give this answer):',
        '',
        '**2. Zawahiri killed in Kabul** · Wire · 2022-08-01 · ¶ 2',
        '> The strike hit a safe house in the Sherpur district, owned by an aide to Sirajuddin Haqqani.',
      ].join('\n'),
    );
  });

  it('lists only related reading as such, with buttons to read each in full', () => {
    const out = renderSources(ask(engine, 'When was Zawahiri killed?'));
    expect(out.embeds[0]!.title).toBe('Related reading');
    expect(out.embeds[0]!.description).toBe(
      [
        '**1. Zawahiri killed in Kabul** · Wire · 2022-08-01 · ¶ 2',
        '> The strike hit a safe house in the Sherpur district, owned by an aide to Sirajuddin Haqqani.',
        '',
        '**2. Gold mines fund al Qaeda** · Foreign Policy · 2023-06-09 · ¶ 1',
        '> Al Qaeda takes a 25 percent share of the proceeds from gold mines in Badakhshan, tens of millions of dollars a week.',
      ].join('\n'),
    );
    expect(out.components[0]!.components.map((c) => ('custom_id' in c ? decodeButton(c.custom_id) : null))).toEqual([
      { kind: 'passage', ref: 'zawahiri#2' },
      { kind: 'passage', ref: 'mines#1' },
    ]);
  });
});

describe('renderCorpus', () => {
  it('lists documents with source, date and passage count, and when the corpus was loaded', () => {
    const out = renderCorpus(corpus, new Date('2025-01-02T03:04:05Z'));
    expect(out.embeds[0]).toEqual({
      color: 0x5865f2,
      title: 'Corpus',
      description: [
        `Version \`${corpus.hash.slice(0, 8)}\` · loaded <t:1735787045:f> (<t:1735787045:R>)`,
        '2 documents · 5 passages',
        '',
        '• **Zawahiri killed in Kabul** — Wire · 2022-08-01 · 2 passages',
        '• **Gold mines fund al Qaeda** — Foreign Policy · 2023-06-09 · 3 passages',
      ].join('\n'),
    });
  });

  it('stays within the description limit for a corpus of thousands of documents', () => {
    const docs = Array.from({ length: 3000 }, (_, i) => ({ ...corpus.documents[0]!, id: `d${i}`, title: `Document number ${i}` }));
    const out = renderCorpus({ ...corpus, documents: docs }, new Date(0));
    expect(out.embeds[0]!.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(out.embeds[0]!.description).toMatch(/…and \d+ more$/);
  });
});

describe('truncate', () => {
  it('does not split a surrogate pair', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });
});
