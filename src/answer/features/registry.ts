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
  // Every entry has the same fields (one hidden class), with its compute or pick read off the declaration.
  const plan: Array<{ at: number; end: number; slot: Map<string, number> | undefined; fixed: boolean; compute: Feature<X>['compute'] | undefined; pick: Family<X>['pick'] | undefined }> = [];
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
      plan.push({ at, end: names.length, slot, fixed: !!d.fixed, compute: undefined, pick: d.pick });
    } else plan.push({ at: add(d.name, d.doc), end: names.length, slot: undefined, fixed: !!d.fixed, compute: d.compute, pick: undefined });
  }
  // The entries a memo does not answer for, in plan order.
  const live = plan.filter((p) => !p.fixed);
  // A value's column: by name, or by its index in the family's values.
  const columnOf = (p: (typeof plan)[number], v: string | number): number | undefined =>
    typeof v === 'number' ? (Number.isInteger(v) && v >= 0 && p.at + v < p.end ? p.at + v : undefined) : p.slot!.get(v);
  // Columns and values are written into these (grown once to the most ever written) and copied
  // out at their final length: no array grows push by push for every vector evaluated.
  const sc: number[] = [];
  const sv: number[] = [];
  let n = 0;
  const put = (col: number, val: number) => {
    sc[n] = col;
    sv[n] = val;
    n++;
  };
  const emit = (p: (typeof plan)[number], x: X) => {
    if (p.slot) {
      const v = p.pick!(x);
      if (v === null) return;
      if (typeof v === 'string' || typeof v === 'number') {
        const at = columnOf(p, v);
        if (at !== undefined) put(at, 1);
      } else {
        // Several values hold: their columns, once each, in column order (a handful at most, so an insertion sort).
        const from = n;
        for (const k of v) {
          const at = columnOf(p, k);
          if (at === undefined) continue;
          let i = n;
          while (i > from && sc[i - 1]! > at) i--;
          if (i > from && sc[i - 1] === at) continue;
          for (let j = n; j > i; j--) sc[j] = sc[j - 1]!;
          sc[i] = at;
          sv[n] = 1;
          n++;
        }
      }
    } else {
      const v = p.compute!(x);
      if (v !== 0 && Number.isFinite(v)) put(p.at, v);
    }
  };
  return {
    names,
    docs,
    evaluate(x, memo) {
      n = 0;
      if (memo?.done === true) {
        // Columns grow along the plan, so the memo's columns below a live entry's first are
        // those of the fixed entries before it: copied in, then the live entry computed.
        const mc = memo.cols;
        const mv = memo.vals;
        const m = mc.length;
        let j = 0;
        for (let e = 0; e < live.length; e++) {
          const p = live[e]!;
          while (j < m && mc[j]! < p.at) {
            put(mc[j]!, mv[j]!);
            j++;
          }
          emit(p, x);
        }
        while (j < m) {
          put(mc[j]!, mv[j]!);
          j++;
        }
        return { cols: sc.slice(0, n), vals: sv.slice(0, n) };
      }
      for (const p of plan) {
        if (!memo || !p.fixed) emit(p, x);
        else {
          const from = n;
          emit(p, x);
          for (let k = from; k < n; k++) {
            memo.cols.push(sc[k]!);
            memo.vals.push(sv[k]!);
          }
        }
      }
      if (memo) memo.done = true;
      return { cols: sc.slice(0, n), vals: sv.slice(0, n) };
    },
  };
}

/** A yes/no feature's value. */
export const yes = (b: boolean): number => (b ? 1 : 0);
