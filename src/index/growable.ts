/**
 * A Uint32Array that grows by doubling as values are pushed: the index writers (corpus-index,
 * analyses) push millions of ids whose count they learn only at the end, at 4 bytes each where
 * a number[] takes 8, and done() hands back an exact-length copy to keep.
 */
export class U32 {
  data = new Uint32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}
