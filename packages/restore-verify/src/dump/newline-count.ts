/**
 * Counting '\n' bytes is where a plain dump's time goes (one row per line of COPY data). JavaScript
 * manages ~1 GB/s at best (four bytes at a time); a 16-byte WebAssembly SIMD loop (compare with
 * '\n', take the 16-bit mask, popcount) runs at memory speed. The module below is hand-assembled
 * (no toolchain at build time) and exports its own fixed-size memory:
 *
 *   count(ptr, len) -> number of 0x0a bytes in mem[ptr, ptr + len)
 *
 * Buffers that readers fill directly (countableBuffer) live in that memory and are counted in
 * place; any other buffer (zlib output) is copied in through a scratch region first, which costs
 * far less than counting in JavaScript. Without WebAssembly SIMD the SWAR loop is used.
 */
const NL = 0x0a;

/** mem[0, 4) is scan's result; the scratch region for buffers not already in the memory follows. */
const DATA = 16;
const SCRATCH = 1024 * 1024;
/** 64 KB pages: 1 MB scratch + room for a few reader buffers (plain dumps use two of 4 MB). */
const PAGES = 16 + 160;

// ---- a minimal WebAssembly binary encoder (just what this one function needs) ----
const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
/** Signed LEB128 (i32.const): 64 is 0xc0 0x00, not 0x40 (which would be -64). */
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => [...uleb(s.length), ...Buffer.from(s, 'latin1')];
const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (d: number) => [0x0c, d],
  brIf: (d: number) => [0x0d, d],
  get: (l: number) => [0x20, l],
  set: (l: number) => [0x21, l],
  i32: (v: number) => [0x41, ...sleb(v)],
  i32Add: [0x6a],
  i32GtU: [0x4b],
  i32GeU: [0x4f],
  i32Eq: [0x46],
  i32And: [0x71],
  i32Popcnt: [0x69],
  i32Load8U: [0x2d, 0x00, 0x00],
  v128Load: [0xfd, 0x00, 0x00, 0x00], // align 1, offset 0
  i8x16Splat: [0xfd, 0x0f],
  i8x16Eq: [0xfd, 0x23],
  i8x16Bitmask: [0xfd, 0x64],
  v128LoadAt: (offset: number) => [0xfd, 0x00, 0x00, offset],
  v128And: [0xfd, 0x4e],
  v128AnyTrue: [0xfd, 0x53],
  i32Sub: [0x6b],
  i32LtS: [0x48],
  i32GtS: [0x4a],
  i32Ne: [0x47],
  i32Store: [0x36, 0x02, 0x00],
  i32Load8UAt: (offset: number) => [0x2d, 0x00, offset],
  if: [0x04, 0x40],
  return: [0x0f],
  select: [0x1b],
};

/** count(ptr, len): the number of '\n' in mem[ptr, ptr + len). */
function countBody(): number[] {
  // Locals: 0 ptr, 1 len (params), 2 end, 3 count (i32), 4 the '\n' vector (v128).
  const [P, N, END, ACC, NLV] = [0, 1, 2, 3, 4];
  const step16 = [
    ...op.get(ACC),
    ...op.get(P), ...op.v128Load, ...op.get(NLV), ...op.i8x16Eq, ...op.i8x16Bitmask, ...op.i32Popcnt,
    ...op.i32Add, ...op.set(ACC),
    ...op.get(P), ...op.i32(16), ...op.i32Add, ...op.set(P),
  ];
  return [
    ...[2, 2, I32, 1, V128], // locals: 2 x i32, 1 x v128
    ...op.get(P), ...op.get(N), ...op.i32Add, ...op.set(END),
    ...op.i32(NL), ...op.i8x16Splat, ...op.set(NLV),
    // 64 bytes per turn while they are there
    ...op.block, ...op.loop,
    ...op.get(P), ...op.i32(64), ...op.i32Add, ...op.get(END), ...op.i32GtU, ...op.brIf(1),
    ...step16, ...step16, ...step16, ...step16,
    ...op.br(0), ...op.end, ...op.end,
    // then 16 at a time
    ...op.block, ...op.loop,
    ...op.get(P), ...op.i32(16), ...op.i32Add, ...op.get(END), ...op.i32GtU, ...op.brIf(1),
    ...step16,
    ...op.br(0), ...op.end, ...op.end,
    // then the last bytes one by one
    ...op.block, ...op.loop,
    ...op.get(P), ...op.get(END), ...op.i32GeU, ...op.brIf(1),
    ...op.get(ACC), ...op.get(P), ...op.i32Load8U, ...op.i32(NL), ...op.i32Eq, ...op.i32Add, ...op.set(ACC),
    ...op.get(P), ...op.i32(1), ...op.i32Add, ...op.set(P),
    ...op.br(0), ...op.end, ...op.end,
    ...op.get(ACC),
    ...op.end,
  ];
}

/**
 * scan(ptr, len, avail): COPY data up to its terminator line in one pass. Counts the '\n' in
 * mem[ptr, ptr + len) up to and including the first one that starts "\n\\.\n" (the bytes after
 * it may run to ptr + avail), returns that count and stores at mem[0] the terminator's offset from
 * ptr, or -1 when there is none. Per 16 bytes: four shifted loads compared with '\n', '\\', '.',
 * '\n' and AND-ed; only a block where they all match drops to the byte loop that locates it.
 */
function scanBody(): number[] {
  // Locals: 0 ptr, 1 len, 2 avail (params); 3 end, 4 count, 5 limit, 6 start, 7 vector end (i32);
  // 8 '\n', 9 '\\', 10 '.' vectors, 11 this block's '\n' mask (v128).
  const [P, N, AVAIL, END, ACC, LIM, START, VEND, NLV, BSV, DOTV, E0] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const eqAt = (offset: number, v: number) => [...op.get(P), ...op.v128LoadAt(offset), ...op.get(v), ...op.i8x16Eq];
  const byteIs = (offset: number, value: number) => [...op.get(P), ...op.i32Load8UAt(offset), ...op.i32(value), ...op.i32Eq];
  return [
    ...[2, 5, I32, 4, V128],
    ...op.get(P), ...op.set(START),
    ...op.get(P), ...op.get(N), ...op.i32Add, ...op.set(END),
    ...op.get(P), ...op.get(AVAIL), ...op.i32Add, ...op.set(LIM),
    // Blocks of 16 need 3 bytes of lookahead: vector end = min(end, limit - 3).
    ...op.get(LIM), ...op.i32(3), ...op.i32Sub, ...op.set(VEND),
    ...op.get(END), ...op.get(VEND), ...op.get(END), ...op.get(VEND), ...op.i32LtS, ...op.select, ...op.set(VEND),
    ...op.i32(NL), ...op.i8x16Splat, ...op.set(NLV),
    ...op.i32(0x5c), ...op.i8x16Splat, ...op.set(BSV),
    ...op.i32(0x2e), ...op.i8x16Splat, ...op.set(DOTV),
    ...op.block, ...op.loop,
    ...op.get(P), ...op.i32(16), ...op.i32Add, ...op.get(VEND), ...op.i32GtS, ...op.brIf(1),
    ...eqAt(0, NLV), ...op.set(E0),
    ...op.get(E0), ...eqAt(1, BSV), ...op.v128And, ...eqAt(2, DOTV), ...eqAt(3, NLV), ...op.v128And, ...op.v128And,
    ...op.v128AnyTrue, ...op.brIf(1), // a terminator in this block: the byte loop finds it
    ...op.get(ACC), ...op.get(E0), ...op.i8x16Bitmask, ...op.i32Popcnt, ...op.i32Add, ...op.set(ACC),
    ...op.get(P), ...op.i32(16), ...op.i32Add, ...op.set(P),
    ...op.br(0), ...op.end, ...op.end,
    // Byte by byte: the block with the terminator, or the last bytes.
    ...op.block, ...op.loop,
    ...op.get(P), ...op.get(END), ...op.i32GeU, ...op.brIf(1),
    ...byteIs(0, NL), ...op.if,
    ...op.get(ACC), ...op.i32(1), ...op.i32Add, ...op.set(ACC),
    ...op.get(P), ...op.i32(3), ...op.i32Add, ...op.get(LIM), ...op.i32LtS, ...op.if,
    ...byteIs(1, 0x5c), ...byteIs(2, 0x2e), ...op.i32And, ...byteIs(3, NL), ...op.i32And, ...op.if,
    ...op.i32(0), ...op.get(P), ...op.get(START), ...op.i32Sub, ...op.i32Store,
    ...op.get(ACC), ...op.return,
    ...op.end, ...op.end, ...op.end,
    ...op.get(P), ...op.i32(1), ...op.i32Add, ...op.set(P),
    ...op.br(0), ...op.end, ...op.end,
    ...op.i32(0), ...op.i32(-1), ...op.i32Store,
    ...op.get(ACC),
    ...op.end,
  ];
}

function countModule(): Uint8Array<ArrayBuffer> {
  const count = countBody();
  const scan = scanBody();
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [2, 0x60, 2, I32, I32, 1, I32, 0x60, 3, I32, I32, I32, 1, I32]), // types: (i32, i32) -> i32, (i32, i32, i32) -> i32
    ...section(3, [2, 0, 1]), // count, scan
    ...section(5, [1, 0x01, ...uleb(PAGES), ...uleb(PAGES)]), // memory: fixed size, never grows
    ...section(7, [3, ...name('mem'), 0x02, 0, ...name('count'), 0x00, 0, ...name('scan'), 0x00, 1]),
    ...section(10, [2, ...uleb(count.length), ...count, ...uleb(scan.length), ...scan]),
  ]);
}

interface Simd {
  count: (ptr: number, len: number) => number;
  scan: (ptr: number, len: number, avail: number) => number;
  memory: ArrayBuffer;
  bytes: Buffer;
  words: Int32Array;
  /** Next free byte for countableBuffer. */
  next: number;
}

function loadSimd(): Simd | undefined {
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(countModule()));
    const memory = (instance.exports.mem as WebAssembly.Memory).buffer;
    const { count, scan } = instance.exports as { count: Simd['count']; scan: Simd['scan'] };
    return { count, scan, memory, bytes: Buffer.from(memory), words: new Int32Array(memory, 0, 4), next: DATA + SCRATCH + 64 };
  } catch {
    return undefined; // no WebAssembly SIMD here: the JavaScript loops count
  }
}

const simd = loadSimd();

/** Whether the SIMD counter is in use (tests check both paths). */
export const simdCounting = simd !== undefined;

/**
 * A buffer that countNewlines reads without copying (inside the WebAssembly memory while room is
 * left, else an ordinary one). For long-lived reader buffers; never freed.
 */
export function countableBuffer(size: number): Buffer {
  if (simd && simd.next + size <= simd.bytes.length) {
    const b = simd.bytes.subarray(simd.next, simd.next + size);
    simd.next += size;
    return b;
  }
  return Buffer.alloc(size);
}

/** Number of 0x0a bytes in buf[from, to). */
export function countNewlines(buf: Buffer, from: number, to: number): number {
  if (to - from < 64 || !simd) return countNewlinesSwar(buf, from, to);
  if (buf.buffer === simd.memory) return simd.count(buf.byteOffset + from, to - from);
  let n = 0;
  for (let at = from; at < to; at += SCRATCH) {
    const end = Math.min(to, at + SCRATCH);
    simd.bytes.set(buf.subarray(at, end), DATA);
    n += simd.count(DATA, end - at);
  }
  return n;
}

export interface CopyDataScan {
  /** '\n' bytes up to and including the one before the terminator (all of them when there is none). */
  newlines: number;
  /** Offset of the '\n' that starts "\n\\.\n" (the end of the last row), or -1. */
  terminator: number;
}

const TERMINATOR = Buffer.from('\n\\.\n');
const scanned: CopyDataScan = { newlines: 0, terminator: -1 };

/**
 * COPY data in buf[from, to), in one pass: its rows (newlines) up to the first "\n\\.\n", and
 * where that is. The returned object is reused by the next call.
 */
export function scanCopyData(buf: Buffer, from: number, to: number): CopyDataScan {
  if (!simd || to - from < 64) {
    const t = buf.subarray(from, to).indexOf(TERMINATOR);
    scanned.terminator = t === -1 ? -1 : from + t;
    scanned.newlines = countNewlinesSwar(buf, from, t === -1 ? to : from + t + 1);
    return scanned;
  }
  if (buf.buffer === simd.memory) {
    const ptr = buf.byteOffset + from;
    scanned.newlines = simd.scan(ptr, to - from, to - from);
    const t = simd.words[0];
    scanned.terminator = t === -1 ? -1 : from + t;
    return scanned;
  }
  // Through the scratch region; each piece carries 3 bytes of the next so a terminator that
  // straddles two pieces is still seen whole.
  let n = 0;
  for (let at = from; at < to; at += SCRATCH) {
    const len = Math.min(SCRATCH, to - at);
    const avail = Math.min(len + 3, to - at);
    simd.bytes.set(buf.subarray(at, at + avail), DATA);
    n += simd.scan(DATA, len, avail);
    const t = simd.words[0];
    if (t !== -1) {
      scanned.newlines = n;
      scanned.terminator = at + t;
      return scanned;
    }
  }
  scanned.newlines = n;
  scanned.terminator = -1;
  return scanned;
}

/** SWAR over 32-bit words (exact: no false positives); the fallback and the short-range path. */
export function countNewlinesSwar(buf: Buffer, from: number, to: number): number {
  let n = 0;
  let i = from;
  const base = buf.byteOffset;
  while (i < to && (base + i) & 3) if (buf[i++] === NL) n++;
  const words = (to - i) >>> 2;
  if (words > 0) {
    const u = new Uint32Array(buf.buffer, base + i, words);
    for (let w = 0; w < words; w++) {
      const y = u[w] ^ 0x0a0a0a0a;
      // High bit of each byte set where that byte of y is zero, i.e. where the byte was '\n'.
      let x = ~(((y & 0x7f7f7f7f) + 0x7f7f7f7f) | y | 0x7f7f7f7f);
      if (x !== 0) {
        x = x - ((x >>> 1) & 0x55555555);
        x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
        n += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
      }
    }
    i += words * 4;
  }
  while (i < to) if (buf[i++] === NL) n++;
  return n;
}
