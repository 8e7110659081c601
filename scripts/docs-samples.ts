/**
 * `npm run docs:samples`: the README's sample output, regenerated from real answers on the
 * shipped corpus, so the samples show what Dossier does today rather than what it did when
 * someone last pasted them. Each sample sits between `<!-- sample:NAME -->` and
 * `<!-- /sample:NAME -->` in README.md and is replaced whole. `--check` rewrites nothing and
 * exits 1 when a sample is out of date (timings aside, which differ at every run).
 *
 * The answers come from the same functions the commands run (askSafely, the REPL session, the
 * JSON line and the Discord embed renderers) over the corpus the commands load.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { askSafely, createSession } from '../src/cli/repl.js';
import { toJsonLine } from '../src/cli/jsonl.js';
import { createStyle } from '../src/cli/terminal.js';
import { loadCorpus } from '../src/corpus/load.js';
import { renderAnswer as renderEmbed } from '../src/discord/render.js';
import { createEngine, type Engine } from '../src/engine.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const README = path.join(ROOT, 'README.md');

const QUESTION = 'When was Ayman al-Zawahiri killed?';
const FOLLOW_UP = 'and where?';
/** The width a piped REPL wraps at (no terminal to ask). */
const WIDTH = 80;

/** Each sample's text, by name: what goes inside its fenced block. */
export async function renderSamples(engine?: Engine): Promise<Map<string, string>> {
  const e = engine ?? createEngine(await loadCorpus(path.join(ROOT, 'corpus')));
  const samples = new Map<string, string>();

  const session = createSession({ engine: e, style: createStyle(false), width: WIDTH });
  const transcript = [QUESTION, FOLLOW_UP].map((line) => session.handle(line).output).join('');
  samples.set('followup', `$ printf '${QUESTION}\\n${FOLLOW_UP}\\n' | npm run --silent repl\n${trimLines(transcript)}`);

  const { answer } = askSafely(e, QUESTION);
  samples.set('json-line', toJsonLine(answer));

  const reply = renderEmbed(answer, { key: 'sample' });
  const embed = reply.embeds[0]!;
  // Discord wraps the embed to the window; here it is wrapped to a readable width.
  const bar = (text: string) => text.split('\n').flatMap((l) => wrap(l, EMBED_WIDTH, l.startsWith('> ') ? '> ' : '').map((w) => `┃ ${w}`));
  const buttons = reply.components[0]!.components.map((c) => `[ ${('label' in c && c.label) || ('emoji' in c && c.emoji?.name) || ''} ]`);
  samples.set('embed', [...bar(embed.author!.name), ...bar(embed.title!), ...bar(embed.description!), ...bar(embed.footer!.text), buttons.join(' ')].join('\n'));
  return samples;
}

/** Columns of the drawn embed's text, inside its "┃ " bar. */
const EMBED_WIDTH = 86;

/** Words to lines of at most `width` columns; lines after the first start with `prefix`. */
function wrap(line: string, width: number, prefix: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = prefix + word;
    } else current = current ? `${current} ${word}` : word;
  }
  return [...out, current];
}

const trimLines = (text: string) => text.split('\n').map((l) => l.trimEnd()).join('\n').trimEnd();

const fence = (name: string) => new RegExp(`(<!-- sample:${name} -->\\n\`\`\`[a-z]*\\n)([\\s\\S]*?)(\`\`\`\\n<!-- /sample:${name} -->)`);

/** The README with every sample replaced; throws when a sample has no place in it. */
export function applySamples(readme: string, samples: ReadonlyMap<string, string>): string {
  let out = readme;
  for (const [name, text] of samples) {
    const pattern = fence(name);
    if (!pattern.test(out)) throw new Error(`README.md has no <!-- sample:${name} --> block around a fenced code block`);
    out = out.replace(pattern, (_, open: string, _old: string, close: string) => `${open}${text}\n${close}`);
  }
  return out;
}

/** Timings differ at every run, so they are not what makes a sample out of date. */
export function withoutTimings(text: string): string {
  return text.replace(/"ms":[\d.]+/g, '"ms":…').replace(/· [\d.]+ m?s\b/g, '· … ms');
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const readme = readFileSync(README, 'utf8');
  const next = applySamples(readme, await renderSamples());
  if (check) {
    if (withoutTimings(next) === withoutTimings(readme)) return 0;
    process.stderr.write('README.md samples are out of date: run npm run docs:samples\n');
    return 1;
  }
  if (next !== readme) writeFileSync(README, next);
  process.stderr.write(next === readme ? 'README.md samples are current\n' : 'README.md samples regenerated\n');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
