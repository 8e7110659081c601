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
}

export interface Family<X> {
  name: string;
  doc: string;
  values: readonly string[];
  /** The value that holds for `x` (several for a span of several kinds), or null when none does. */
  pick(x: X): string | readonly string[] | null;
}

export type Declared<X> = Feature<X> | Family<X>;

export const feature = <X>(name: string, doc: string, compute: (x: X) => number): Feature<X> => ({ name, doc, compute });
export const family = <X>(name: string, doc: string, values: readonly string[], pick: (x: X) => string | readonly string[] | null): Family<X> => ({ name, doc, values, pick });

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
  /** Evaluates every declared feature; zeros are left out. */
  evaluate(x: X): Sparse;
}

export function registry<X>(declared: readonly Declared<X>[], prefix = ''): Registry<X> {
  const names: string[] = [];
  const docs: string[] = [];
  const plan: Array<{ at: number; d: Declared<X>; slot?: Map<string, number> }> = [];
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
      for (const v of d.values) slot.set(v, add(`${d.name}=${v}`, d.doc));
      plan.push({ at: -1, d, slot });
    } else plan.push({ at: add(d.name, d.doc), d });
  }
  return {
    names,
    docs,
    evaluate(x) {
      const cols: number[] = [];
      const vals: number[] = [];
      for (const p of plan) {
        if (p.slot) {
          const v = (p.d as Family<X>).pick(x);
          if (v === null) continue;
          if (typeof v === 'string') {
            const at = p.slot.get(v);
            if (at !== undefined) {
              cols.push(at);
              vals.push(1);
            }
          } else {
            // Several values hold: their columns, once each, in column order (a handful at most, so an insertion sort).
            const from = cols.length;
            for (const k of v) {
              const at = p.slot.get(k);
              if (at === undefined) continue;
              let i = cols.length;
              while (i > from && cols[i - 1]! > at) i--;
              if (i > from && cols[i - 1] === at) continue;
              cols.splice(i, 0, at);
              vals.push(1);
            }
          }
        } else {
          const v = (p.d as Feature<X>).compute(x);
          if (v !== 0 && Number.isFinite(v)) {
            cols.push(p.at);
            vals.push(v);
          }
        }
      }
      return { cols, vals };
    },
  };
}
