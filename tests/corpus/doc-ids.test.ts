import { describe, expect, it } from 'vitest';
import { slugifyPath, uniqueIds } from '../../src/corpus/doc-ids.js';

describe('slugifyPath', () => {
  it('lowercases, folds accents and keeps only [a-z0-9-/]', () => {
    expect(slugifyPath('News/Café Report (2024)')).toBe('news/cafe-report-2024');
    expect(slugifyPath('a\\b//__c__')).toBe('a/b/c');
    expect(slugifyPath('日本')).toBe('doc');
  });
});

describe('uniqueIds', () => {
  it('suffixes later duplicates without stealing another document\'s natural id', () => {
    expect(uniqueIds(['a', 'a', 'a-2', 'b', 'a'])).toEqual(['a', 'a-3', 'a-2', 'b', 'a-4']);
  });
});
