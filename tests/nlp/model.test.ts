import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadCoreModel, loadModel } from '../../src/nlp/model.js';

const require = createRequire(import.meta.url);

describe('loadModel (fast wink-eng-lite-web-model)', () => {
  it('builds exactly the core model the package itself builds', () => {
    const theirs = (require('wink-eng-lite-web-model') as { core(): unknown }).core();
    const ours = loadCoreModel();
    // toStrictEqual compares typed arrays element by element and Sets by content.
    expect(ours).toStrictEqual(theirs);
  });

  it('has every part of the package model, with the same loaders and add-ons', () => {
    const theirs = require('wink-eng-lite-web-model') as Record<string, unknown> & { addons: Record<string, unknown> };
    const ours = loadModel() as unknown as Record<string, unknown> & { addons: Record<string, unknown> };
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    for (const key of Object.keys(theirs)) if (key !== 'core' && key !== 'addons') expect(ours[key], key).toBe(theirs[key]);
    expect(ours.addons).toEqual(theirs.addons);
  });
});
