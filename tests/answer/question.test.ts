import { describe, expect, it } from 'vitest';
import { analyseQuestion, type Vocabulary } from '../../src/answer/question.js';
import { parseThesaurus } from '../../src/nlp/thesaurus.js';
import { termOf } from '../../src/nlp/terms.js';

// A vocabulary that knows every term except the deliberately misspelt ones, so spelling
// tolerance and type reading can be checked without an index.
const vocab = (known: string[] = []): Vocabulary => {
  const set = new Set(known);
  return {
    has: (t) => set.size === 0 || set.has(t),
    nearest: (t) => [...set].filter((k) => k.length > 3 && (k.includes(t.slice(0, 3)) && Math.abs(k.length - t.length) <= 1)),
  };
};

describe('question analysis', () => {
  it.each([
    ['Who was killed in a drone strike?', 'who', 'agent'],
    ['When did the mines begin operating?', 'when', 'date'],
    ['How much cash is sent each week?', 'how_much', 'money'],
    ['How many gold mines are there?', 'how_much', 'count'],
    ['What percentage share does the group get?', 'how_much', 'percent'],
    ['Which agency armed the leadership?', 'who', 'org'],
    ['Which former president negotiated the deal?', 'who', 'person'],
    ['What provinces are the mines in?', 'where', 'place'],
    ['Where were the leaders sheltered?', 'where', 'place'],
    ['In what year did the regime fall?', 'when', 'year'],
    ['What does SIGAR stand for?', 'what', 'acronym'],
    ['What have the routes been repurposed for?', 'what', 'thing'],
    ['Why did the talks collapse?', 'why', 'reason'],
    ['How did the group fund its fighters?', 'how', 'manner'],
    ['How long did the ceasefire last?', 'how_much', 'duration'],
    ['Which city hosted the talks?', 'where', 'place'],
    ['whats the max team size', 'how_much', 'quantity'],
    ['what is the price for members?', 'how_much', 'money'],
    ['What is the team doing?', 'what', 'thing'],
    ["What's the highest score a project can get?", 'how_much', 'quantity'],
    ['What does the cheapest monthly plan cost?', 'how_much', 'money'],
    ['what do members pay each month', 'how_much', 'money'],
    ["What's the entity cap on a single farm?", 'how_much', 'quantity'],
    ["What's the address of the space?", 'where', 'place'],
    // Typed as a bare phrase, without a wh-word: the head noun says what is asked.
    ['capital of badakhshan', 'where', 'place'],
    ['population of kabul', 'how_much', 'quantity'],
    ['leader of the taliban', 'who', 'person'],
    ['name of the founder', 'who', 'person'],
    ['deadline for submissions', 'when', 'date'],
    ['membership fee', 'how_much', 'money'],
    ['discord server rules', 'what', 'thing'],
  ])('%s → %s (%s)', (q, type, shape) => {
    const a = analyseQuestion(q, vocab());
    expect(a.type).toBe(type);
    expect(a.shape).toBe(shape);
  });

  it('lets a command fix the type, so terse input works', () => {
    const a = analyseQuestion('zawahiri killed', vocab(), 'when');
    expect(a.type).toBe('when');
    expect(a.focus.map((f) => f.term)).toEqual(['zawahiri', 'kill']);
  });

  it('drops wh-words, auxiliaries and stopwords from the focus', () => {
    const a = analyseQuestion('Who is the senior director of the Counter Extremism Project?', vocab());
    expect(a.focus.map((f) => f.surface)).toEqual(['senior', 'director', 'Counter', 'Extremism', 'Project']);
  });

  it('folds apostrophes so possessives meet the apostrophe-less corpus', () => {
    const a = analyseQuestion("Who leads the Taliban's Kandahar faction?", vocab());
    expect(a.focus.map((f) => f.term)).toContain('taliban');
  });

  it('maps misspelt words onto the corpus vocabulary', () => {
    const a = analyseQuestion('Who is teh taliban intrior minister?', vocab(['taliban', 'interior', 'minist']));
    const interior = a.focus.find((f) => f.surface === 'intrior');
    expect(interior?.variants.map((v) => v.term)).toContain('interior');
  });

  it('adds paraphrases at a discount: "die" reaches "kill", "take back" reaches "regain"', () => {
    const died = analyseQuestion('When did Zawahiri die?', vocab(['zawahiri', 'kill', 'die']));
    const kill = died.query.find((t) => t.term === 'kill');
    expect(kill).toBeDefined();
    expect(kill!.weight).toBeLessThan(died.query.find((t) => t.term === 'zawahiri')!.weight);
    const back = analyseQuestion('When did the Taliban take back power?', vocab(['taliban', 'regain', 'power']));
    expect(back.query.map((t) => t.term)).toContain('regain');
  });

  it('expands a common word with the thesaurus it is given, below the word itself and only to words the corpus has', () => {
    const synonyms = parseThesaurus('n club society|nine|\nv found establish,launch|plant|founder\n');
    const a = analyseQuestion('Who founded the club?', vocab(['found', 'establish', termOf('founder'), 'club', termOf('society')]), undefined, synonyms);
    const founded = a.focus.find((f) => f.surface === 'founded')!;
    const weight = (term: string) => founded.variants.find((v) => v.term === term)?.weight;
    expect(weight('establish')).toBeLessThan(weight('found')!);
    expect(weight(termOf('founder'))).toBeLessThan(weight('found')!);
    // "launch" and "plant" are synonyms the corpus never uses: no query term for them.
    expect(founded.variants.map((v) => v.term)).not.toContain('launch');
    expect(a.focus.find((f) => f.surface === 'club')!.variants.map((v) => v.term)).toContain(termOf('society'));
  });

  it('never expands a name: "Plant" as a surname stays itself', () => {
    const synonyms = parseThesaurus('n plant factory,works||\n');
    const a = analyseQuestion('Who met Robert Plant?', vocab(['robert', 'plant', termOf('factory')]), undefined, synonyms);
    expect(a.focus.find((f) => f.surface === 'Plant')!.variants.map((v) => v.term)).toEqual(['plant']);
  });
});
