/**
 * Small, general English word lists the lite model lacks. Nothing here names a document's
 * content; every entry is ordinary vocabulary a question or passage may use.
 */

const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

/** Head nouns of "which X" / "what X" that ask for a person. */
export const PERSON_NOUNS = words(`person people man men woman women leader president minister director head chief king queen
  ruler founder author writer successor predecessor rapporteur official officer commander general secretary spokesman
  spokeswoman spokesperson editor ceo chairman chairwoman chair member player actor actress singer scientist emperor pope
  prince princess duke governor mayor senator judge poet artist composer architect inventor explorer saint bishop father
  mother son daughter wife husband brother sister deputy envoy ambassador expert analyst reporter journalist coach captain
  owner designer engineer philosopher physicist chemist mathematician economist historian professor teacher student
  pharaoh sultan caliph emir general soldier warlord militant terrorist operative lieutenant candidate winner
  individual character figure monarch dictator prime premier chancellor lawyer doctor physician priest king
  fiancee fiancée spouse widow widower cousin uncle aunt nephew niece grandson granddaughter grandfather grandmother
  heir ally rival enemy friend partner colleague mentor pupil despot tyrant regent viceroy envoy minister chief`);

/** Head nouns that ask for an organisation; answered like who-questions. */
export const ORG_NOUNS = words(`group organisation organization agency firm company institute institution faction network party
  government team army force forces movement council committee body service ministry department university college school
  bank band club outlet newspaper publisher union alliance tribe dynasty court church order regime administration
  corporation association society foundation league affiliate militia coalition federation brand label studio network
  channel broadcaster station enterprise business manufacturer authority bureau office commission board parliament
  congress senate assembly empire kingdom navy`);

export const PLACE_NOUNS = words(`place country city town province state region area location capital village continent
  island river mountain border district territory nation county site port street building neighborhood neighbourhood
  valley sea ocean lake desert peninsula planet airport stadium venue headquarters base camp destination route villa
  embassy palace compound hotel hospital prison mosque temple cathedral museum market square park bridge address
  room hall floor theatre theater foyer atrium lobby gym kitchen corridor entrance basement yard garage campus arena
  lab laboratory desk`);

export const TIME_NOUNS = words(`year date day month time century decade period era age season week hour moment night
  morning evening anniversary birthday deadline`);

/** Amount nouns that ask for a sum of money: "what is the membership fee?". */
export const MONEY_NOUNS = words('price cost fee fees salary budget revenue fare rent wage wages income subscription');

/** Amount nouns of any other measure (money has its own list above). */
export const AMOUNT_NOUNS = words(`percentage percent proportion amount number sum total quantity size population
  rate fraction figure value count length height width depth weight distance speed temperature
  area volume score majority average cap limit maximum minimum max min capacity`);

/** Words after "how" that ask for a quantity: how long, how old, how far … */
export const HOW_QUANTITY = words('much many long old far big large tall high deep wide heavy often fast');

/** Lower-case words inside names: "Osama bin Laden", "al Qaeda", "Vincent van Gogh". */
export const NAME_PARTICLES = words('al el bin ibn bint abu de del da di van von der den la le du');

/** Month names and seasons, for date spans the entity model misses. */
export const MONTHS = words(`january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec`);
export const WEEKDAYS = words('monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow');
export const DATE_MODIFIERS = words('early mid late end beginning start middle spring summer autumn fall winter');

export const NUMBER_WORDS = words(`one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
  sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million
  billion trillion dozen dozens hundreds thousands millions billions tens several few half quarter`);

export const SCALE_WORDS = words('hundred thousand million billion trillion percent per cent');

/** Units a measured amount is written in, as words: "136,000 square kilometres", "40 gigabytes". */
export const UNIT_WORDS = words(`metre metres meter meters kilometre kilometres kilometer kilometers centimetre centimetres
  centimeter centimeters millimetre millimetres millimeter millimeters mile miles foot feet inch inches yard yards acre acres
  hectare hectares gram grams kilogram kilograms milligram milligrams tonne tonnes ton tons ounce ounces litre litres liter
  liters millilitre millilitres gallon gallons byte bytes kilobyte kilobytes megabyte megabytes gigabyte gigabytes terabyte
  terabytes watt watts kilowatt kilowatts megawatt megawatts gigawatt gigawatts volt volts degree degrees kelvin hertz pixel
  pixels calorie calories kilocalorie kilocalories joule joules knot knots horsepower decibel decibels`);
/** Unit symbols, matched as written: "MB" is a unit, "mb" in a chat message maybe not. */
export const UNIT_SYMBOLS: ReadonlySet<string> = new Set(`km m cm mm mi ft yd kg g mg lb lbs oz l L ml mL ha KB kB MB GB TB PB
  Kbps Mbps Gbps Hz kHz MHz GHz W kW MW GW kWh MWh GWh V kV mAh Pa kPa MPa hPa psi mph kph km/h dB °C °F K`.split(/\s+/));
/** Words that make an area or a volume of the length unit after them: "square kilometres", "sq mi". */
export const UNIT_POWERS = words('square sq cubic cu');

/**
 * Paraphrase groups: words that ask about the same event. Matched at a discount so the
 * word actually asked still wins when the corpus has it.
 */
const SYNONYM_GROUPS: string[][] = [
  ['kill', 'die', 'death', 'dead', 'slay', 'slain', 'assassinate', 'murder', 'execute'],
  ['regain', 'retake', 'recapture', 'reclaim', 'return'],
  ['begin', 'start', 'commence', 'launch', 'open'],
  ['lead', 'leader', 'head', 'chief', 'command', 'commander', 'run'],
  ['found', 'establish', 'create', 'form'],
  ['release', 'publish', 'issue'],
  ['build', 'construct', 'erect'],
  ['buy', 'purchase', 'acquire'],
  ['fund', 'finance', 'bankroll', 'money', 'cash'],
  ['shelter', 'harbor', 'harbour', 'protect', 'house'],
  ['win', 'won', 'victory', 'beat', 'defeat', 'thrash'],
  ['withdraw', 'retreat', 'leave', 'exit'],
  ['provide', 'supply', 'give', 'offer'],
  ['benefit', 'profit', 'gain'],
  ['marry', 'wed', 'wife', 'husband'],
  ['write', 'author'],
  ['say', 'state', 'claim', 'tell'],
  ['threaten', 'threat', 'warn', 'warning'],
  ['country', 'nation', 'state'],
  ['big', 'large', 'great'],
  ['small', 'little'],
  ['show', 'display', 'exhibit'],
  ['employ', 'hire', 'work'],
  ['sponsor', 'back', 'support', 'fund'],
  ['invade', 'invasion', 'attack'],
  ['born', 'birth'],
];

/**
 * Word tables are Maps and Sets, never plain objects: a plain object answers look-ups of
 * "constructor" or "__proto__" with Object.prototype's members, and questions contain any word.
 */

/** Phrasal verbs folded to one verb before matching ("take back" ~ "regain"). */
export const PHRASAL: ReadonlyMap<string, string> = new Map(Object.entries({
  'take back': 'regain',
  'took back': 'regain',
  'taken back': 'regain',
  'win back': 'regain',
  'won back': 'regain',
  'set up': 'establish',
  'pull out': 'withdraw',
  'pulled out': 'withdraw',
  'pass away': 'die',
  'passed away': 'die',
  'come back': 'return',
  'came back': 'return',
  'find out': 'discover',
  'found out': 'discover',
  'stand for': 'stand',
  'take place': 'happen',
  'took place': 'happen',
  'taken place': 'happen',
  'takes place': 'happen',
}));

/** Common irregular verb forms, so "began" meets "begin" on both the index and question side. */
export const IRREGULAR: ReadonlyMap<string, string> = new Map(
  `began:begin begun:begin took:take taken:take gave:give given:give won:win led:lead fought:fight brought:bring
  bought:buy sold:sell built:build wrote:write written:write spoke:speak spoken:speak chose:choose chosen:choose
  drove:drive driven:drive fell:fall fallen:fall flew:fly flown:fly grew:grow grown:grow knew:know known:know
  threw:throw thrown:throw ran:run sent:send spent:spend went:go gone:go came:come became:become held:hold
  kept:keep left:leave lost:lose met:meet paid:pay sat:sit stood:stand struck:strike taught:teach thought:think
  told:tell understood:understand woke:wake worn:wear wore:wear slew:slay slain:slay rose:rise risen:rise
  sank:sink sunk:sink sang:sing sung:sing swore:swear sworn:swear forbade:forbid forgave:forgive froze:freeze
  hid:hide hidden:hide broke:break broken:break ate:eat eaten:eat drew:draw drawn:draw`
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => pair.split(':') as [string, string]),
);

const SYNONYMS = new Map<string, string[]>();
for (const group of SYNONYM_GROUPS) {
  for (const word of group) {
    const known = SYNONYMS.get(word) ?? [];
    SYNONYMS.set(word, [...new Set([...known, ...group.filter((w) => w !== word)])]);
  }
}

/** Every word of the paraphrase groups, for tests that ask questions made of them. */
export const SYNONYM_WORDS: ReadonlySet<string> = new Set(SYNONYMS.keys());

/** Synonyms of a folded base word, excluding itself. */
export function synonymsOf(base: string): readonly string[] {
  return SYNONYMS.get(base) ?? [];
}
