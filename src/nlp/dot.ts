/**
 * Integer dot products of byte vectors (the quantised word vectors), 16 components at a time
 * with WebAssembly SIMD: the re-ranker's vector coverage compares each question word with
 * every distinct word of twenty passages, and the plain loop was a tenth of an ask. The sum is
 * the same integer either way (a product of two bytes fits 16 bits, a pair of them 32), so the
 * cosines built on it are identical. Without WebAssembly SIMD, the plain loop.
 */

/** A small hand-assembled module: memory "mem" and dot(a, b, chunks) over `chunks` 16-byte blocks at byte offsets a and b. */
// prettier-ignore
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  // type: (i32, i32, i32) -> i32
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f,
  // function 0 has type 0
  0x03, 0x02, 0x01, 0x00,
  // memory: at least 1 page
  0x05, 0x03, 0x01, 0x00, 0x01,
  // exports: "mem" (memory 0), "dot" (function 0)
  0x07, 0x0d, 0x02, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x03, 0x64, 0x6f, 0x74, 0x00, 0x00,
  // code
  0x0a, 0x6b, 0x01, 0x69,
  0x01, 0x03, 0x7b, // locals 3..5: acc, va, vb (v128)
  0x02, 0x40, 0x03, 0x40, // block, loop
  0x20, 0x02, 0x45, 0x0d, 0x01, // if chunks == 0 break
  0x20, 0x00, 0xfd, 0x00, 0x04, 0x00, 0x21, 0x04, // va = load(a)
  0x20, 0x01, 0xfd, 0x00, 0x04, 0x00, 0x21, 0x05, // vb = load(b)
  0x20, 0x03,
  0x20, 0x04, 0x20, 0x05, 0xfd, 0x9c, 0x01, 0xfd, 0x7e, 0xfd, 0xae, 0x01, // acc += pairwise(extmul_low(va, vb))
  0x20, 0x04, 0x20, 0x05, 0xfd, 0x9d, 0x01, 0xfd, 0x7e, 0xfd, 0xae, 0x01, // acc += pairwise(extmul_high(va, vb))
  0x21, 0x03,
  0x20, 0x00, 0x41, 0x10, 0x6a, 0x21, 0x00, // a += 16
  0x20, 0x01, 0x41, 0x10, 0x6a, 0x21, 0x01, // b += 16
  0x20, 0x02, 0x41, 0x01, 0x6b, 0x21, 0x02, // chunks -= 1
  0x0c, 0x00, 0x0b, 0x0b, // continue; end loop, end block
  0x20, 0x03, 0xfd, 0x1b, 0x00, 0x20, 0x03, 0xfd, 0x1b, 0x01, 0x6a,
  0x20, 0x03, 0xfd, 0x1b, 0x02, 0x6a, 0x20, 0x03, 0xfd, 0x1b, 0x03, 0x6a, // sum of the four lanes
  0x0b,
]);

/** dot(a, b): the integer dot product of rows a and b of `rows` (`dims` bytes each). */
export function rowDot(rows: Int8Array, dims: number): (a: number, b: number) => number {
  const wasm = simdDot(rows, dims);
  if (wasm) return wasm;
  return (a, b) => {
    let dot = 0;
    for (let j = 0, x = a * dims, y = b * dims; j < dims; j++) dot += rows[x + j]! * rows[y + j]!;
    return dot;
  };
}

// The project's type settings leave WebAssembly's own types out; what is used here, by hand.
interface Wasm {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: { mem: { buffer: ArrayBuffer; grow(pages: number): number }; dot(a: number, b: number, chunks: number): number } };
}

/** The WebAssembly dot product, or null where WebAssembly SIMD is missing. */
export function simdDot(rows: Int8Array, dims: number): ((a: number, b: number) => number) | null {
  const wasm = (globalThis as unknown as { WebAssembly?: Wasm }).WebAssembly;
  try {
    if (!wasm?.validate(MODULE)) return null;
    const { exports } = new wasm.Instance(new wasm.Module(MODULE));
    // Rows padded with zeros to whole 16-byte blocks, which add nothing to a dot product.
    const chunks = Math.ceil(dims / 16);
    const stride = chunks * 16;
    const count = rows.length / dims;
    const need = count * stride;
    const pages = Math.ceil(need / 65536);
    if (pages > 1) exports.mem.grow(pages - 1);
    const memory = new Int8Array(exports.mem.buffer, 0, need);
    for (let r = 0; r < count; r++) memory.set(rows.subarray(r * dims, (r + 1) * dims), r * stride);
    const dot = exports.dot;
    return (a, b) => dot(a * stride, b * stride, chunks);
  } catch {
    return null;
  }
}
