/** Word lists and token tests the extractors share, so that names, titles and acronyms agree on what a capital or a connector is. */
import type { Token } from '../../nlp/analyse.js';

export const CONNECTORS = new Set(['of', 'for', 'de', 'del', 'da', 'di', 'du', 'la', 'le', 'van', 'von', 'der', 'den', 'bin', 'ibn', 'al', 'el', 'and', 'the', 'in', 'on', 'under', 'to']);
export const TITLE_TRIGGERS = new Set(['titled', 'entitled', 'called', 'named', 'dubbed']);

export const isCap = (t: Token) => /^\p{Lu}/u.test(t.text) || /^\p{Lu}/u.test(t.text.replace(/^(al|el|bin|ibn)$/i, 'X'));

/**
 * Whether token i is glued to its neighbour by a hyphen with no spaces ("al-Zawahiri"), or by an
 * underscore, as user names are ("Tobi_Wren": one name, never "Tobi" and "Wren").
 */
export function hyphenGlued(toks: Token[], i: number): boolean {
  const h = toks[i];
  return !!h && (h.text === '-' || h.text === '‐' || h.text === '_') && !h.spaced && !!toks[i + 1] && !toks[i + 1]!.spaced;
}
