import { describe, expect, it } from 'vitest';
import { corpusFromDocuments } from '../../src/corpus/load.js';
import { createEngine } from '../../src/engine.js';

// A small invented corpus, unlike the shipped one, so these tests check mechanisms rather than
// memorised answers.
const corpus = corpusFromDocuments([
  {
    id: 'harbour',
    title: 'The Harbour Report',
    source: 'Coastal Gazette',
    paragraphs: [
      'The new harbour at Port Elm opened on March 3, 2019, after four years of work. It cost $312.5 million, of which the state paid 40 percent.',
      'The project was designed by Marta Lindqvist, the chief engineer of the Baltic Works Authority (BWA). She is also a professor at the Riga Technical Institute.',
      'About 1,200 workers were employed during construction. The harbour now handles tens of thousands of containers a year.',
      'Fishermen from Kesta and Varna protested in early 2018, saying the dredging had ruined their grounds.',
      'The harbour was renamed in 2021 by the city council, which voted seven to two for the change.',
    ],
  },
  {
    id: 'wire',
    title: 'Harbour news',
    paragraphs: [
      { text: 'Port Elm Harbour Wins Design Award - Coastal Gazette - May 2nd, 2022 [May 2nd, 2022]', source: 'Coastal Gazette', date: 'May 2nd, 2022' },
      { text: 'Dockers Strike Over Night Shifts At Port Elm - Baltic Wire - June 9th, 2023 [June 9th, 2023]', source: 'Baltic Wire', date: 'June 9th, 2023' },
      { text: 'Is Port Elm Too Big? Harbour Chief Oskar Berg Answers Critics - Harbour Weekly - July 1st, 2023 [July 1st, 2023]', source: 'Harbour Weekly', date: 'July 1st, 2023' },
      { text: 'Storm damages 40 Latvian ships and 3 Estonian ships near Port Elm - Baltic Wire - March 2nd, 2024 [March 2nd, 2024]', source: 'Baltic Wire', date: 'March 2nd, 2024' },
      'Ships from Kesta, Varna and Tallinn now call at the harbour every week.',
      'Lindqvist wrote a book about the project, "Stone Against the Sea", in 2020.',
      'Oskar Berg, the harbour master, said the port would double its traffic by 2030. The new cranes, he said, were bought from Finland.',
      'Estonia and Latvia signed a shipping agreement with the port authority in 2022.',
    ],
  },
]);
const engine = createEngine(corpus);

describe('answers by type, with verbatim citations', () => {
  it.each([
    ['When did the harbour at Port Elm open?', 'March 3, 2019', 'when'],
    ['How much did the harbour cost?', '$312.5 million', 'how_much'],
    ['What percentage did the state pay?', '40 percent', 'how_much'],
    ['How many workers were employed during construction?', '1,200', 'how_much'],
    ['Who designed the project?', 'Marta Lindqvist', 'who'],
    ['Who is the chief engineer of the Baltic Works Authority?', 'Marta Lindqvist', 'who'],
    ['What does BWA stand for?', 'Baltic Works Authority', 'what'],
    ['When did the fishermen protest?', 'early 2018', 'when'],
    ['Where were the protesting fishermen from?', 'Kesta and Varna', 'where'],
  ])('%s → %s', (q, expected, type) => {
    const a = engine.ask(q);
    expect(a.type).toBe(type);
    expect(a.answer).toContain(expected);
    const cite = a.citations[0]!;
    expect(cite.text).toBe(corpus.passages.find((p) => p.id === cite.id)!.text);
    const [s, e] = cite.highlight!;
    expect(a.answer!.startsWith(cite.text.slice(s, e)) || cite.text.slice(s, e).startsWith(a.answer!)).toBe(true);
    expect(a.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('resolves "She is also a professor" to the person named before', () => {
    expect(engine.ask('Who is a professor at the Riga Technical Institute?').answer).toContain('Lindqvist');
  });

  it('never answers with words the question already contains', () => {
    const a = engine.ask('Who renamed the harbour?');
    expect(a.answer?.toLowerCase() ?? '').not.toContain('harbour');
  });

  it('takes the expected type from the command, so terse input works', () => {
    expect(engine.ask('harbour open', { type: 'when' }).answer).toContain('2019');
  });

  it('tolerates spelling mistakes in the question', () => {
    expect(engine.ask('Who desinged the projetc?').answer).toContain('Lindqvist');
  });
});

describe('general mechanisms', () => {
  it('reads a headline date and a headline publisher', () => {
    expect(engine.ask('When did the dockers strike over night shifts?').answer).toContain('June 9th, 2023');
    expect(engine.ask('Which outlet reported that the harbour won a design award?').answer).toBe('Coastal Gazette');
  });

  it('answers with a whole list of places', () => {
    expect(engine.ask('Where do the ships that call at the harbour come from?').answer).toBe('Kesta, Varna and Tallinn');
  });

  it('offers quoted titles for "what book" questions', () => {
    expect(engine.ask('What book did Lindqvist write about the project?').answer).toBe('Stone Against the Sea');
  });

  it('describes a name for "Who is X?" and "What is ACRONYM?"', () => {
    expect(engine.ask('Who is Oskar Berg?').answer).toBe('harbour master');
    expect(engine.ask('What is BWA?').answer).toBe('Baltic Works Authority');
  });

  it('answers "Who said …?" with the speaker, also across "he said"', () => {
    expect(engine.ask('Who said the port would double its traffic?').answer).toBe('Oskar Berg');
    expect(engine.ask('Who said the new cranes were bought from Finland?').answer).toBe('Oskar Berg');
  });

  it('lets countries act in who-questions and answer where-questions', () => {
    expect(engine.ask('Who signed a shipping agreement with the port authority?').answer).toBe('Estonia and Latvia');
    expect(engine.ask('Where were the new cranes bought?').answer).toBe('Finland');
  });

  it('reads lower-case questions the way the corpus writes its names', () => {
    expect(engine.ask('who designed the project').answer).toBe('Marta Lindqvist');
    expect(engine.ask('what is bwa').answer).toBe('Baltic Works Authority');
    expect(engine.ask('who is oskar berg').answer).toBe('harbour master');
  });

  it('reads a headline and its byline as one statement, whatever its title punctuation', () => {
    expect(engine.ask('Which outlet asked whether Port Elm is too big?').answer).toBe('Harbour Weekly');
    expect(engine.ask('Who is Oskar Berg?').answer).toMatch(/harbour master|Harbour Chief/);
  });

  it('does not count the wrong kind of thing', () => {
    expect(engine.ask('How many Estonian ships did the storm damage?').answer).toBe('3');
  });

  it('does not "correct" real words into corpus words', () => {
    // "founded" is English, so it must not be read as "funded"; nothing here says who founded anything.
    expect(engine.ask('Who founded the Baltic Works Authority?').answer).toBeNull();
  });
});

describe('abstention', () => {
  it.each(['Who is the mayor of Port Elm?', 'When was the lighthouse built?', 'How much does a container ticket to Oslo cost?'])(
    '%s → null with related reading',
    (q) => {
      const a = engine.ask(q);
      expect(a.answer).toBeNull();
      expect(a.reason).toMatch(/not found|no passage/);
      for (const c of a.citations) expect(c.highlight).toBeNull();
    },
  );
});

describe('bad input never throws', () => {
  it.each([['empty', ''], ['empty', '   '], ['too long', 'x'.repeat(5000)], ['control', 'who\u0007 is'], ['no words', '🙂🙂']])('%#: rejected as %s', (why, q) => {
    const a = engine.ask(q);
    expect(a.answer).toBeNull();
    expect(a.error).toBeTruthy();
    expect(a.error!.toLowerCase()).toContain(why.split(' ')[0]!.slice(0, 4));
  });
});
