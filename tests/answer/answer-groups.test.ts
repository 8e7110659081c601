import { describe, expect, it } from 'vitest';
import { answerGroups } from '../../src/answer/answer-groups.js';
import { answerKey } from '../../src/answer/pipeline.js';

const group = (...surfaces: string[]) => answerGroups(surfaces.map((surface) => ({ key: answerKey(surface), surface })));

describe('answerGroups', () => {
  it('puts a name with the longer names it ends', () => {
    expect(group('Hans-Jakob Schindler', 'Jakob Schindler', 'Schindler', 'Berlin')).toEqual(['hans jakob schindler', 'hans jakob schindler', 'hans jakob schindler', 'berlin']);
    expect(group('2022', 'July 31, 2022')).toEqual(['july 31 2022', 'july 31 2022']);
  });

  it('keeps copies together and phrases apart', () => {
    expect(group('Kabul', 'kabul', 'expert on terrorism', 'terrorism')).toEqual(['kabul', 'kabul', 'expert on terrorism', 'terrorism']);
  });

  it('leaves a surname alone when it ends two different names', () => {
    expect(group('Adam Smith', 'John Smith', 'Smith')).toEqual(['adam smith', 'john smith', 'smith']);
  });

  it('reads name particles as part of a name, and "of" as not', () => {
    expect(group('al Qaeda', 'Qaeda', 'Bank of England', 'England')).toEqual(['al qaeda', 'al qaeda', 'bank of england', 'england']);
  });

  it('does not merge a word that only ends another word', () => {
    expect(group('New York', 'York', 'Ork')).toEqual(['new york', 'new york', 'ork']);
  });
});
