/**
 * The "1 MB corpus" of the burst benchmark: the shipped corpus/ plus the 35 SQuAD v2.0 dev
 * articles written as .txt files (title line, one paragraph a line), so the bot loads it from a
 * folder the way it loads a user's documents, snapshot included. Also the questions a burst
 * on it asks: the shipped ones and the SQuAD questions of those articles, each distinct.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_SQUAD, loadSquad, ROOT } from '../src/learn/squad-corpus.js';

/** Where the folder is written (data/ is git-ignored); rewritten only when a file is missing. */
export const BURST_CORPUS_DIR = resolve(ROOT, 'data/bench/corpus-1mb');

/** Null, after saying why on stderr, when ../shared (the SQuAD data) is not there. */
export function burstCorpus(squadFile = DEFAULT_SQUAD): { dir: string; questions: string[] } | null {
  if (!existsSync(squadFile)) {
    console.error(`skipping the 1 MB corpus: ${squadFile} is missing (it ships beside the project in ../shared/data/squad-dev/)`);
    return null;
  }
  const { data } = loadSquad(squadFile);
  mkdirSync(BURST_CORPUS_DIR, { recursive: true });
  const seed = resolve(ROOT, 'corpus');
  // Copied only when changed: a fresh copy's new mtime would make every run rebuild the snapshot.
  for (const name of readdirSync(seed)) {
    const to = join(BURST_CORPUS_DIR, name);
    if (!existsSync(to) || !readFileSync(to).equals(readFileSync(join(seed, name)))) copyFileSync(join(seed, name), to);
  }
  data.articles.forEach((article, i) => {
    const file = join(BURST_CORPUS_DIR, `squad-${String(i + 1).padStart(2, '0')}.txt`);
    // Whitespace inside a paragraph is folded so that each stays one line, i.e. one passage.
    const lines = [article.title.replace(/_/g, ' '), ...article.paragraphs.map((p) => p.context.replace(/\s+/g, ' ').trim())];
    if (!existsSync(file)) writeFileSync(file, lines.join('\n') + '\n');
  });
  // Round-robin over the articles, so the first few hundred questions reach every one of them.
  const byArticle = data.articles.map((_, a) => data.questions.filter((q) => q.articleIndex === a).map((q) => q.question.trim()));
  const squad: string[] = [];
  const longest = Math.max(...byArticle.map((qs) => qs.length));
  for (let k = 0; k < longest; k++) for (const qs of byArticle) if (qs[k]) squad.push(qs[k]!);
  return { dir: BURST_CORPUS_DIR, questions: squad };
}
