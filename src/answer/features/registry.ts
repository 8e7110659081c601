/**
 * How features are declared. A feature is a small pure function with a name and a one-line
 * doc with an example; a family is a set of yes/no features of which at most one holds
 * ("the token before the answer is a preposition"). The registry turns both into columns of
 * one vector, so the weights file can name every weight.
 */

export interface Feature<X> {
  name: string;
  /** One line, with an example. */
  doc: string;
  compute(x: X): number;
  /** Depends on nothing a question changes (see `fixed`). */
  fixed?: boolean;
}

export interface Family<X> {
  name: string;
  doc: string;
  values: readonly string[];
  /**
   * The value that holds for `x` (several for a span of several kinds), or null when none does:
   * by name, or by its index in `values` (a hot family skips building and looking up a string).
   */
  pick(x: X): string | number | readonly (string | number)[] | null;
  /** Depends on nothing a question changes (see `fixed`). */
  fixed?: boolean;
}

export type Declared<X> = Feature<X> | Family<X>;

export const feature = <X>(name: string, doc: string, compute: (x: X) => number): Feature<X> => ({ name, doc, compute });
export const family = <X>(name: string, doc: string, values: readonly string[], pick: Family<X>['pick']): Family<X> => ({ name, doc, values, pick });

/**
 * Marks a feature or family whose value depends only on what it is evaluated for and never on
 * the question (a candidate span's own words, say): `evaluate` given a memo computes it once and
 * copies its columns from the memo afterwards.
 */
export const fixed = <D extends Declared<never>>(d: D): D => ({ ...d, fixed: true });

/** Where `evaluate` keeps the columns of the fixed features of one thing evaluated again and again. */
export interface FixedMemo {
  cols: number[];
  vals: number[];
  done: boolean;
}
export const fixedMemo = (): FixedMemo => ({ cols: [], vals: [], done: false });

const isFamily = <X>(d: Declared<X>): d is Family<X> => 'pick' in d;

/** A sparse feature vector: column indices and values, in column order. */
export interface Sparse {
  cols: number[];
  vals: number[];
}

export interface Registry<X> {
  /** Column names: a feature's name, or `family=value`. */
  readonly names: readonly string[];
  /** Column docs, aligned with names. */
  readonly docs: readonly string[];
  /**
   * Evaluates every declared feature; zeros are left out. With a memo, the fixed features are
   * computed the first time only (the memo must belong to one `x`'s fixed part).
   */
  evaluate(x: X, memo?: FixedMemo): Sparse;
}

export function registry<X>(declared: readonly Declared<X>[], prefix = ''): Registry<X> {
  const names: string[] = [];
  const docs: string[] = [];
  // Per declared feature or family: its first column and the column after its last.
  const plan: Array<{ at: number; end: number; d: Declared<X>; slot?: Map<string, number>; fixed: boolean }> = [];
  const seen = new Set<string>();
  const add = (name: string, doc: string) => {
    const full = prefix + name;
    if (seen.has(full)) throw new Error(`feature declared twice: ${full}`);
    seen.add(full);
    names.push(full);
    docs.push(doc);
    return names.length - 1;
  };
  for (const d of declared) {
    if (isFamily(d)) {
      const slot = new Map<string, number>();
      const at = names.length;
      for (const v of d.values) slot.set(v, add(`${d.name}=${v}`, d.doc));
      plan.push({ at, end: names.length, d, slot, fixed: !!d.fixed });
    } else plan.push({ at: add(d.name, d.doc), end: names.length, d, fixed: !!d.fixed });
  }
  // A value's column: by name, or by its index in the family's values.
  const columnOf = (p: (typeof plan)[number], v: string | number): number | undefined =>
    typeof v === 'number' ? (Number.isInteger(v) && v >= 0 && p.at + v < p.end ? p.at + v : undefined) : p.slot!.get(v);
  // Columns and values are written into these (grown once to the most ever written) and copied
  // out at their final length: no array grows push by push for every vector evaluated.
  const sc: number[] = [];
  const sv: number[] = [];
  // Several values of a family hold: their columns, once each, in column order (a handful at
  // most, so an insertion sort), written from `n`; returns the new length.
  const emitMany = (i: number, v: readonly (string | number)[], n: number): number => {
    const p = plan[i]!;
    const from = n;
    for (const k of v) {
      const at = columnOf(p, k);
      if (at === undefined) continue;
      let j = n;
      while (j > from && sc[j - 1]! > at) j--;
      if (j > from && sc[j - 1] === at) continue;
      for (let m = n; m > j; m--) sc[m] = sc[m - 1]!;
      sc[j] = at;
      sv[n] = 1;
      n++;
    }
    return n;
  };
  return { names, docs, evaluate: compileEvaluate(plan, sc, sv, columnOf, emitMany, prefix) };
}

/**
 * The registry's `evaluate` as one function written out for its plan, entry after entry: each
 * feature is called from a call site of its own, which the JIT can inline, instead of every
 * feature from one site that sees some ninety functions. It computes what the plain loop would,
 * in the same order (columns ascending, the memo's columns copied at their place).
 */
function compileEvaluate<X>(
  plan: ReadonlyArray<{ at: number; end: number; d: Declared<X>; slot?: Map<string, number>; fixed: boolean }>,
  sc: number[],
  sv: number[],
  columnOf: (p: (typeof plan)[number], v: string | number) => number | undefined,
  emitMany: (i: number, v: readonly (string | number)[], n: number) => number,
  prefix: string,
): (x: X, memo?: FixedMemo) => Sparse {
  const fns = plan.map((p) => (p.slot ? (p.d as Family<X>).pick : (p.d as Feature<X>).compute));
  const emit = (p: (typeof plan)[number], i: number): string =>
    p.slot
      ? `v = f[${i}](x);
    if (v !== null) {
      if (typeof v === 'number') {
        if (Number.isInteger(v) && v >= 0 && ${p.at} + v < ${p.end}) { sc[n] = ${p.at} + v; sv[n] = 1; n++; }
      } else if (typeof v === 'string') {
        at = columnOf(plan[${i}], v);
        if (at !== undefined) { sc[n] = at; sv[n] = 1; n++; }
      } else n = emitMany(${i}, v, n);
    }`
      : `v = f[${i}](x);
    if (v !== 0 && Number.isFinite(v)) { sc[n] = ${p.at}; sv[n] = v; n++; }`;
  const body = plan
    .map((p, i) =>
      p.fixed
        ? `  if (!has) {
    ${emit(p, i)}
  } else if (reuse) {
    while (j < mc.length && mc[j] < ${p.end}) { sc[n] = mc[j]; sv[n] = mv[j]; n++; j++; }
  } else {
    from = n;
    ${emit(p, i)}
    for (let k = from; k < n; k++) { mc.push(sc[k]); mv.push(sv[k]); }
  }`
        : `  ${emit(p, i)}`,
    )
    .join('\n');
  const source = `return function evaluate(x, memo) {
  let n = 0, v, at, from = 0, j = 0;
  const has = !!memo;
  const reuse = has && memo.done === true;
  const mc = has ? memo.cols : undefined;
  const mv = has ? memo.vals : undefined;
${body}
  if (has) memo.done = true;
  return { cols: sc.slice(0, n), vals: sv.slice(0, n) };
};
//# sourceURL=features-${prefix.replace(/\W/g, '') || 'candidate'}-evaluate.js`;
  return new Function('f', 'plan', 'sc', 'sv', 'columnOf', 'emitMany', source)(fns, plan, sc, sv, columnOf, emitMany) as (x: X, memo?: FixedMemo) => Sparse;
}

/** A yes/no feature's value. */
export const yes = (b: boolean): number => (b ? 1 : 0);
