/**
 * Where a community's documents send people: web addresses ("emberlight.gg/appeal"), email
 * addresses and channels ("#bug-reports"), and the user names they name ("pixel_dust99",
 * "@Mod_Team"). wink keeps a full URL or an email as one token but splits a bare domain and a
 * channel with a hyphen at their dots and hyphens, so those are put back together from the
 * tokens written without a space between them.
 */
import type { TextAnalysis, Token } from '../../nlp/analyse.js';
import type { Push } from './types.js';

/** A bare domain, perhaps with a path: a dotted name ending in a lower-case top-level domain ("discord.gg/abc123", "www.example.com"), never "U.S." or "e.g.". */
const DOMAIN = /^(?:[\p{L}\p{N}][\p{L}\p{N}-]*\.)+[a-z]{2,24}(?:\/[\p{L}\p{N}\-._~/?=&%+]*)?$/u;
/** Punctuation that closes a sentence or clause after an address, and is no part of it. */
const TRAILING = /[.,;:!?)\]'"’”]+$/u;

/** What may stand right before an address: "(see emberlight.gg)". */
const OPENING = /^[(\[<"'“‘]$/u;

/** The run of tokens from i on written with no space between them, up to `last`. */
function gluedRun(toks: readonly Token[], i: number, last: number): number {
  let j = i + 1;
  while (j < last && !toks[j]!.spaced) j++;
  return j;
}

export function links(a: TextAnalysis, first: number, last: number, push: Push): void {
  const toks = a.tokens;
  // An address is where a member goes online ("where do I appeal a ban?"), so it is a place as
  // well: the reader learned from SQuAD, which has no links, and weighs one as the place it is.
  const address = (i: number, j: number, extra?: Parameters<Push>[3]) => {
    push('link', i, j, extra);
    push('place', i, j, extra);
  };
  for (let i = first; i < last; i++) {
    const t = toks[i]!;
    if (t.kind === 'url' || t.kind === 'email') {
      const trailing = TRAILING.exec(t.text)?.[0].length ?? 0;
      address(i, i + 1, { end: t.end - trailing });
      continue;
    }
    if (t.kind === 'mention') {
      push('name', i, i + 1);
      continue;
    }
    // Runs start where a word does: "emberlight.gg" inside "x.emberlight.gg" is not offered.
    if (i > first && !t.spaced && !OPENING.test(toks[i - 1]!.text)) continue;
    const end = gluedRun(toks, i, last);
    if (end - i < 3) continue;
    if (t.kind === 'hashtag') {
      // "#bug-reports": the channel with its hyphened words.
      let j = i + 1;
      while (j + 1 < end && toks[j]!.text === '-' && toks[j + 1]!.kind === 'word') j += 2;
      if (j > i + 1) address(i, j);
      continue;
    }
    // The longest prefix of the run that reads as a domain, its closing punctuation left out.
    for (let j = end; j > i + 2; j--) {
      const text = a.text.slice(t.start, toks[j - 1]!.end);
      if (TRAILING.test(toks[j - 1]!.text) && toks[j - 1]!.kind === 'punctuation') continue;
      if (DOMAIN.test(text)) {
        address(i, j);
        break;
      }
    }
    // A user name of several parts joined by underscores, in lower case too ("pixel_dust99");
    // capitalised ones are found with the other names.
    if (toks[i + 1]!.text === '_' && /^\p{Ll}/u.test(t.text)) {
      let j = i + 1;
      while (j + 1 < end && toks[j]!.text === '_' && toks[j + 1]!.kind === 'word') j += 2;
      push('name', i, j);
    }
  }
}
