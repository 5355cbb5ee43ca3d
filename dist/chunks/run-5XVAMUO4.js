import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  connectClient,
  ledgerTableNames,
  quoteIdent
} from "./chunk-I72KYDSH.js";
import {
  parseConnection
} from "./chunk-DTPCLYKG.js";
import {
  displayTable,
  parseMinRows,
  parseQualifiedName,
  tableKey
} from "./chunk-7DOQEL5K.js";
import {
  CouldNotRunError,
  UsageError,
  writeUnmaskedFileAtomic
} from "./chunk-KNCBXDSL.js";
import "./chunk-NRNS3NRG.js";

// packages/restore-verify/src/count-format.ts
function formatCount(n2) {
  if (typeof n2 == "number" && !Number.isSafeInteger(n2)) return n2.toLocaleString("en-US");
  let negative = n2 < 0, digits = String(negative ? -n2 : n2).replace(/\B(?=(\d{3})+$)/g, ",");
  return negative ? `-${digits}` : digits;
}

// packages/restore-verify/src/compare.ts
var ESTIMATE_TOLERANCE = 0.1, n = formatCount;
function compareSides(restored, ref, opts = {}) {
  let findings = [], rows = [];
  for (let [key, { table, count: refCount }] of ref.tables) {
    let object = displayTable(table), got = restored.tables.get(key), row = { table: object, reference: ref.label, referenceRows: show(refCount), restoredRows: got ? show(got.count) : "missing", status: "ok" };
    if (rows.push(row), "error" in refCount) {
      row.status = "unknown", findings.push({ rule: "count-failed", severity: "error", object, message: `${object}: the count in ${ref.label} could not be read (${refCount.error}), so the restore cannot be shown complete.` });
      continue;
    }
    if (!got) {
      row.status = "missing table", findings.push({ rule: "table-missing", severity: "error", object, message: `${object} is in ${ref.label} (${n(refCount.rows)} rows) but missing in ${restored.label}.` });
      continue;
    }
    let have = got.count;
    if ("error" in have) {
      row.status = "unknown", findings.push({ rule: "count-failed", severity: "error", object, message: `${object}: the count in ${restored.label} could not be read (${have.error}).` });
      continue;
    }
    let estimated = have.estimated || refCount.estimated;
    (estimated ? have.rows < Math.floor(refCount.rows * (1 - ESTIMATE_TOLERANCE)) : have.rows < refCount.rows) ? (row.status = "missing rows", findings.push({
      rule: "rows-missing",
      severity: "error",
      object,
      message: `${object}: ${n(have.rows)} of ${n(refCount.rows)} rows${estimated ? " (estimated)" : ""} (${restored.label} vs ${ref.label}).`,
      ...opts.file ? { file: opts.file } : {}
    })) : !estimated && have.rows > refCount.rows && (row.status = "extra rows", findings.push({ rule: "extra-rows", severity: "warning", object, message: `${object}: ${n(have.rows)} rows in ${restored.label}, ${ref.label} has ${n(refCount.rows)}.` }));
  }
  let known = [...ref.tables.values()].filter((t) => !("error" in t.count));
  return known.length === ref.tables.size && known.every((t) => t.count.rows === 0) && findings.push({
    rule: "empty-reference",
    severity: "error",
    object: ref.label.replace(/^the /, ""),
    message: `${capitalize(ref.label)} holds 0 rows in ${ref.tables.size} table${ref.tables.size === 1 ? "" : "s"}: nothing shows the restore is complete.`
  }), { findings, rows };
}
function show(c) {
  return "error" in c ? "n/a" : `${c.estimated ? "~" : ""}${n(c.rows)}`;
}
function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
function sideFrom(label, entries) {
  let tables = /* @__PURE__ */ new Map();
  for (let e of entries) tables.set(tableKey(e.table), e);
  return { label, tables };
}

// packages/restore-verify/src/db-counts.ts
async function listTables(client) {
  let { rows } = await client.query(
    `SELECT n.nspname AS schema, c.relname AS name, c.reltuples::float8 AS reltuples, s.n_live_tup
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid
      WHERE c.relkind IN ('r', 'p')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                         WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`
  ), out = /* @__PURE__ */ new Map();
  for (let r of rows) out.set(tableKey(r), { schema: r.schema, name: r.name, reltuples: Number(r.reltuples), liveTuples: r.n_live_tup === null ? null : Number(r.n_live_tup) });
  return out;
}
async function countTables(target, tables, opts, first) {
  let out = /* @__PURE__ */ new Map();
  if (opts.estimate) {
    for (let t of tables) out.set(tableKey(t), estimateOf(t));
    return out;
  }
  let queue = [...tables], workers = Math.max(1, Math.min(opts.parallel, queue.length)), clients = [];
  try {
    for (first && clients.push(first); clients.length < workers; ) clients.push(await connectClient(target, { applicationName: "preflight restore-verify" }));
    for (let c of clients) await c.query(`SET statement_timeout = ${Math.max(1, Math.round(opts.statementTimeoutMs))}`);
    await Promise.all(
      clients.map(async (client) => {
        for (let t = queue.shift(); t; t = queue.shift())
          try {
            let r = await client.query(`SELECT count(*) AS n FROM ONLY ${quoteIdent(t.schema)}.${quoteIdent(t.name)}`);
            out.set(tableKey(t), { rows: Number(r.rows[0].n) });
          } catch (error) {
            let message = error.message.replace(/\s+/g, " ");
            if (!fromServer(error))
              throw queue.length = 0, new CouldNotRunError(`Counting the rows of ${displayTable(t)} in ${opts.label ?? target.display} failed: ${message}; the connection to the server was lost, run again.`);
            out.set(tableKey(t), { error: message });
          }
      })
    );
  } finally {
    for (let c of clients) c !== first && await c.end().catch(() => {
    });
  }
  return out;
}
function fromServer(error) {
  let e = error;
  return typeof e?.code == "string" && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity == "string";
}
function estimateOf(t) {
  return t.reltuples >= 0 && !(t.reltuples === 0 && (t.liveTuples ?? 0) > 0) ? { rows: Math.round(t.reltuples), estimated: !0 } : t.liveTuples !== null && t.liveTuples > 0 ? { rows: t.liveTuples, estimated: !0 } : { error: "no statistics yet (the table was never analyzed); run ANALYZE or count exactly without --estimate" };
}

// packages/restore-verify/src/dump/archive-toc.ts
var ARCHIVE_FORMAT = { custom: 1, files: 2, tar: 3, null: 4, directory: 5 }, ArchiveFormatError = class extends Error {
}, v = (maj, min, rev = 0) => maj * 1e4 + min * 100 + rev, K_VERS_1_14 = v(1, 14), K_VERS_1_15 = v(1, 15), K_VERS_1_16 = v(1, 16), NEWEST = K_VERS_1_16, ArchiveReader = class {
  constructor(r) {
    this.r = r;
  }
  r;
  header;
  async int() {
    let sign = await this.r.byte(), bytes = await this.r.bytes(this.header.intSize), value = 0;
    for (let i = bytes.length - 1; i >= 0; i--) value = value * 256 + bytes[i];
    return sign ? -value : value;
  }
  async str() {
    let len = await this.int();
    if (!(len < 0)) {
      if (len > 64 * 1024 * 1024) throw new ArchiveFormatError(`a string of ${len} bytes in the table of contents`);
      return (await this.r.bytes(len)).toString("utf8");
    }
  }
  async offset() {
    let flag = await this.r.byte(), bytes = await this.r.bytes(this.header.offSize), value = 0;
    for (let i = bytes.length - 1; i >= 0; i--) value = value * 256 + bytes[i];
    return { flag, value };
  }
  /** ReadHead. */
  async readHeader() {
    if ((await this.r.bytes(5)).toString("latin1") !== "PGDMP") throw new ArchiveFormatError("the file does not start with PGDMP");
    let [maj, min, rev] = [await this.r.byte(), await this.r.byte(), await this.r.byte()], version = v(maj, min, rev), intSize = await this.r.byte(), offSize = await this.r.byte(), format = await this.r.byte();
    if (maj !== 1 || version < v(1, 10)) throw new ArchiveFormatError(`archive version ${maj}.${min} is older than pg_dump 9.0's 1.10; restore it with a pg_restore of its time`);
    if (version > NEWEST + 99) throw new UnsupportedArchive(`archive version ${maj}.${min} is newer than this reader knows (up to 1.16, pg_dump 17)`);
    if (intSize < 1 || intSize > 8 || offSize < 1 || offSize > 8) throw new ArchiveFormatError(`impossible integer sizes (${intSize}, ${offSize}) in the header`);
    if (this.header = { version, intSize, offSize, format, archiveVersion: `${maj}.${min}` }, version >= K_VERS_1_15) {
      let algo = await this.r.byte();
      if (this.header.compression = ["none", "gzip", "lz4", "zstd"][algo], !this.header.compression) throw new ArchiveFormatError(`unknown compression algorithm ${algo}`);
    } else {
      let level = await this.int();
      this.header.compression = level === 0 ? "none" : "gzip";
    }
    let tm = [];
    for (let i = 0; i < 7; i++) tm.push(await this.int());
    let [sec, minute, hour, mday, mon, year] = tm, at = new Date(Date.UTC(1900 + year, mon, mday, hour, minute, sec));
    return Number.isNaN(at.getTime()) || (this.header.takenAt = at), this.header.dbname = await this.str(), this.header.serverVersion = await this.str(), this.header.dumpVersion = await this.str(), this.header;
  }
  /** ReadToc, with the format's extra TOC data (ReadExtraToc). */
  async readToc() {
    let count = await this.int();
    if (count < 0 || count > 1e7) throw new ArchiveFormatError(`a table of contents with ${count} entries`);
    let out = [], vers = this.header.version;
    for (let i = 0; i < count; i++) {
      let dumpId = await this.int(), hadDumper = await this.int() !== 0;
      await this.str(), await this.str();
      let tag = await this.str() ?? "", desc = await this.str() ?? "";
      await this.int(), await this.str(), await this.str();
      let copyStmt = await this.str() ?? "", namespace = await this.str() ?? "";
      await this.str(), vers >= K_VERS_1_14 && await this.str(), vers >= K_VERS_1_16 && await this.int(), await this.str(), await this.str();
      for (let d = 0; d < 1e6 && await this.str() !== void 0; d++) ;
      let entry = { dumpId, hadDumper, tag, desc, namespace, copyStmt };
      if (this.header.format === ARCHIVE_FORMAT.custom) {
        let o = await this.offset();
        entry.offsetFlag = o.flag, entry.offset = o.value;
      } else
        entry.fileName = await this.str();
      out.push(entry);
    }
    return out;
  }
}, UnsupportedArchive = class extends Error {
};
function unsupportedCompression(algorithm, subject) {
  return `${subject} ${algorithm}-compressed (pg_dump -Z ${algorithm}), which restore-verify cannot decompress; dump with -Z gzip or -Z none for it to count the rows, or verify the restored database without the dump (--database-url with --manifest or --min-rows)`;
}
function copyColumns(copyStmt) {
  let m = /\(([^)]*)\)\s+FROM\s+stdin/i.exec(copyStmt);
  return m ? m[1].split(",").map((c) => c.trim().replace(/^"(.*)"$/, "$1").replace(/""/g, '"')) : void 0;
}

// packages/restore-verify/src/dump/custom.ts
import { open } from "node:fs/promises";

// packages/restore-verify/src/dump/byte-reader.ts
var EndOfArchive = class extends Error {
  constructor(at) {
    super(`unexpected end of file at byte ${at}`);
    this.at = at;
  }
  at;
}, ByteReader = class {
  constructor(fh, from, limit) {
    this.fh = fh;
    this.limit = limit;
    this.base = from;
  }
  fh;
  limit;
  buf = Buffer.alloc(1048576);
  start = 0;
  end = 0;
  /** Absolute file position of buf[0]. */
  base;
  get position() {
    return this.base + this.start;
  }
  /** Ensures n bytes are buffered (n <= buffer size); false at the end of the region. */
  async fill(n2) {
    if (this.end - this.start >= n2) return !0;
    for (this.start > 0 && (this.buf.copy(this.buf, 0, this.start, this.end), this.base += this.start, this.end -= this.start, this.start = 0); this.end < n2; ) {
      let want = Math.min(this.buf.length - this.end, this.limit - (this.base + this.end));
      if (want <= 0) return !1;
      let { bytesRead } = await this.fh.read(this.buf, this.end, want, this.base + this.end);
      if (bytesRead === 0) return !1;
      this.end += bytesRead;
    }
    return !0;
  }
  /** At the end of the region (no byte left). */
  async atEnd() {
    return !await this.fill(1);
  }
  async byte() {
    if (!await this.fill(1)) throw new EndOfArchive(this.position);
    return this.buf[this.start++];
  }
  async bytes(n2) {
    if (n2 > this.buf.length) {
      let out2 = Buffer.alloc(n2), at = 0;
      return await this.pipe(n2, (piece) => {
        piece.copy(out2, at), at += piece.length;
      }), out2;
    }
    if (!await this.fill(n2)) throw new EndOfArchive(this.limit);
    let out = Buffer.from(this.buf.subarray(this.start, this.start + n2));
    return this.start += n2, out;
  }
  /**
   * Streams the next n bytes to fn in buffer-sized pieces (views into the buffer, valid only during
   * the call). Throws EndOfArchive, after passing what there was, when the region is shorter.
   */
  async pipe(n2, fn) {
    let left = n2;
    for (; left > 0; ) {
      if (!await this.fill(1)) throw new EndOfArchive(this.position);
      let take = Math.min(left, this.end - this.start), piece = this.buf.subarray(this.start, this.start + take);
      this.start += take, left -= take, await fn(piece);
    }
  }
};

// packages/restore-verify/src/dump/archive-data.ts
function tablesFromToc(out, toc) {
  let data = /* @__PURE__ */ new Map();
  for (let e of toc) {
    let table = { schema: e.namespace, name: e.tag };
    e.desc === "TABLE" ? out.declareTable(table) : e.desc === "TABLE DATA" && (out.declareTable(table), e.hadDumper && e.offsetFlag !== 3 && data.set(e.dumpId, { entry: e, table, columns: copyColumns(e.copyStmt), seen: !1 }));
  }
  return data;
}
function reportUnseen(out, data, why) {
  for (let d of data.values())
    d.seen || (out.addRows(d.table, 0, !1), out.problem("dump-truncated", displayTable(d.table), `The table of contents lists data for this table (dump id ${d.entry.dumpId}) but ${why}.`), out.complete = !1);
}

// packages/restore-verify/src/dump/newline-count.ts
var uleb = (n2) => {
  let out = [];
  do {
    let b = n2 & 127;
    n2 >>>= 7, n2 !== 0 && (b |= 128), out.push(b);
  } while (n2 !== 0);
  return out;
}, sleb = (n2) => {
  let out = [];
  for (; ; ) {
    let b = n2 & 127;
    if (n2 >>= 7, n2 === 0 && (b & 64) === 0 || n2 === -1 && (b & 64) !== 0) return [...out, b];
    out.push(b | 128);
  }
}, section = (id, body) => [id, ...uleb(body.length), ...body], name = (s) => [...uleb(s.length), ...Buffer.from(s, "latin1")];
var op = {
  block: [2, 64],
  loop: [3, 64],
  end: [11],
  br: (d) => [12, d],
  brIf: (d) => [13, d],
  get: (l) => [32, l],
  set: (l) => [33, l],
  i32: (v2) => [65, ...sleb(v2)],
  i32Add: [106],
  i32GtU: [75],
  i32GeU: [79],
  i32Eq: [70],
  i32And: [113],
  i32Popcnt: [105],
  i32Load8U: [45, 0, 0],
  v128Load: [253, 0, 0, 0],
  // align 1, offset 0
  i8x16Splat: [253, 15],
  i8x16Eq: [253, 35],
  i8x16Bitmask: [253, 100],
  v128LoadAt: (offset) => [253, 0, 0, offset],
  v128And: [253, 78],
  v128AnyTrue: [253, 83],
  i32Sub: [107],
  i32LtS: [72],
  i32GtS: [74],
  i32Ne: [71],
  i32Store: [54, 2, 0],
  i32Load8UAt: (offset) => [45, 0, offset],
  if: [4, 64],
  return: [15],
  select: [27]
};
function countBody() {
  let [P, N, END, ACC, NLV] = [0, 1, 2, 3, 4], step16 = [
    ...op.get(ACC),
    ...op.get(P),
    ...op.v128Load,
    ...op.get(NLV),
    ...op.i8x16Eq,
    ...op.i8x16Bitmask,
    ...op.i32Popcnt,
    ...op.i32Add,
    ...op.set(ACC),
    ...op.get(P),
    ...op.i32(16),
    ...op.i32Add,
    ...op.set(P)
  ];
  return [
    2,
    2,
    127,
    1,
    123,
    // locals: 2 x i32, 1 x v128
    ...op.get(P),
    ...op.get(N),
    ...op.i32Add,
    ...op.set(END),
    ...op.i32(10),
    ...op.i8x16Splat,
    ...op.set(NLV),
    // 64 bytes per turn while they are there
    ...op.block,
    ...op.loop,
    ...op.get(P),
    ...op.i32(64),
    ...op.i32Add,
    ...op.get(END),
    ...op.i32GtU,
    ...op.brIf(1),
    ...step16,
    ...step16,
    ...step16,
    ...step16,
    ...op.br(0),
    ...op.end,
    ...op.end,
    // then 16 at a time
    ...op.block,
    ...op.loop,
    ...op.get(P),
    ...op.i32(16),
    ...op.i32Add,
    ...op.get(END),
    ...op.i32GtU,
    ...op.brIf(1),
    ...step16,
    ...op.br(0),
    ...op.end,
    ...op.end,
    // then the last bytes one by one
    ...op.block,
    ...op.loop,
    ...op.get(P),
    ...op.get(END),
    ...op.i32GeU,
    ...op.brIf(1),
    ...op.get(ACC),
    ...op.get(P),
    ...op.i32Load8U,
    ...op.i32(10),
    ...op.i32Eq,
    ...op.i32Add,
    ...op.set(ACC),
    ...op.get(P),
    ...op.i32(1),
    ...op.i32Add,
    ...op.set(P),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.get(ACC),
    ...op.end
  ];
}
function scanBody() {
  let [P, N, AVAIL, END, ACC, LIM, START, VEND, NLV, BSV, DOTV, E0] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], eqAt = (offset, v2) => [...op.get(P), ...op.v128LoadAt(offset), ...op.get(v2), ...op.i8x16Eq], byteIs = (offset, value) => [...op.get(P), ...op.i32Load8UAt(offset), ...op.i32(value), ...op.i32Eq];
  return [
    2,
    5,
    127,
    4,
    123,
    ...op.get(P),
    ...op.set(START),
    ...op.get(P),
    ...op.get(N),
    ...op.i32Add,
    ...op.set(END),
    ...op.get(P),
    ...op.get(AVAIL),
    ...op.i32Add,
    ...op.set(LIM),
    // Blocks of 16 need 3 bytes of lookahead: vector end = min(end, limit - 3).
    ...op.get(LIM),
    ...op.i32(3),
    ...op.i32Sub,
    ...op.set(VEND),
    ...op.get(END),
    ...op.get(VEND),
    ...op.get(END),
    ...op.get(VEND),
    ...op.i32LtS,
    ...op.select,
    ...op.set(VEND),
    ...op.i32(10),
    ...op.i8x16Splat,
    ...op.set(NLV),
    ...op.i32(92),
    ...op.i8x16Splat,
    ...op.set(BSV),
    ...op.i32(46),
    ...op.i8x16Splat,
    ...op.set(DOTV),
    ...op.block,
    ...op.loop,
    ...op.get(P),
    ...op.i32(16),
    ...op.i32Add,
    ...op.get(VEND),
    ...op.i32GtS,
    ...op.brIf(1),
    ...eqAt(0, NLV),
    ...op.set(E0),
    ...op.get(E0),
    ...eqAt(1, BSV),
    ...op.v128And,
    ...eqAt(2, DOTV),
    ...eqAt(3, NLV),
    ...op.v128And,
    ...op.v128And,
    ...op.v128AnyTrue,
    ...op.brIf(1),
    // a terminator in this block: the byte loop finds it
    ...op.get(ACC),
    ...op.get(E0),
    ...op.i8x16Bitmask,
    ...op.i32Popcnt,
    ...op.i32Add,
    ...op.set(ACC),
    ...op.get(P),
    ...op.i32(16),
    ...op.i32Add,
    ...op.set(P),
    ...op.br(0),
    ...op.end,
    ...op.end,
    // Byte by byte: the block with the terminator, or the last bytes.
    ...op.block,
    ...op.loop,
    ...op.get(P),
    ...op.get(END),
    ...op.i32GeU,
    ...op.brIf(1),
    ...byteIs(0, 10),
    ...op.if,
    ...op.get(ACC),
    ...op.i32(1),
    ...op.i32Add,
    ...op.set(ACC),
    ...op.get(P),
    ...op.i32(3),
    ...op.i32Add,
    ...op.get(LIM),
    ...op.i32LtS,
    ...op.if,
    ...byteIs(1, 92),
    ...byteIs(2, 46),
    ...op.i32And,
    ...byteIs(3, 10),
    ...op.i32And,
    ...op.if,
    ...op.i32(0),
    ...op.get(P),
    ...op.get(START),
    ...op.i32Sub,
    ...op.i32Store,
    ...op.get(ACC),
    ...op.return,
    ...op.end,
    ...op.end,
    ...op.end,
    ...op.get(P),
    ...op.i32(1),
    ...op.i32Add,
    ...op.set(P),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.i32(0),
    ...op.i32(-1),
    ...op.i32Store,
    ...op.get(ACC),
    ...op.end
  ];
}
function countModule() {
  let count = countBody(), scan = scanBody();
  return new Uint8Array([
    0,
    97,
    115,
    109,
    1,
    0,
    0,
    0,
    ...section(1, [2, 96, 2, 127, 127, 1, 127, 96, 3, 127, 127, 127, 1, 127]),
    // types: (i32, i32) -> i32, (i32, i32, i32) -> i32
    ...section(3, [2, 0, 1]),
    // count, scan
    ...section(5, [1, 1, ...uleb(176), ...uleb(176)]),
    // memory: fixed size, never grows
    ...section(7, [3, ...name("mem"), 2, 0, ...name("count"), 0, 0, ...name("scan"), 0, 1]),
    ...section(10, [2, ...uleb(count.length), ...count, ...uleb(scan.length), ...scan])
  ]);
}
function loadSimd() {
  try {
    let instance = new WebAssembly.Instance(new WebAssembly.Module(countModule())), memory = instance.exports.mem.buffer, { count, scan } = instance.exports;
    return { count, scan, memory, bytes: Buffer.from(memory), words: new Int32Array(memory, 0, 4), next: 1048656 };
  } catch {
    return;
  }
}
var simd = loadSimd();
function countableBuffer(size) {
  if (simd && simd.next + size <= simd.bytes.length) {
    let b = simd.bytes.subarray(simd.next, simd.next + size);
    return simd.next += size, b;
  }
  return Buffer.alloc(size);
}
var TERMINATOR = Buffer.from(`
\\.
`), scanned = { newlines: 0, terminator: -1 };
function scanCopyData(buf, from, to) {
  if (!simd || to - from < 64) {
    let t = buf.subarray(from, to).indexOf(TERMINATOR);
    return scanned.terminator = t === -1 ? -1 : from + t, scanned.newlines = countNewlinesSwar(buf, from, t === -1 ? to : from + t + 1), scanned;
  }
  if (buf.buffer === simd.memory) {
    let ptr = buf.byteOffset + from;
    scanned.newlines = simd.scan(ptr, to - from, to - from);
    let t = simd.words[0];
    return scanned.terminator = t === -1 ? -1 : from + t, scanned;
  }
  let n2 = 0;
  for (let at = from; at < to; at += 1048576) {
    let len = Math.min(1048576, to - at), avail = Math.min(len + 3, to - at);
    simd.bytes.set(buf.subarray(at, at + avail), 16), n2 += simd.scan(16, len, avail);
    let t = simd.words[0];
    if (t !== -1)
      return scanned.newlines = n2, scanned.terminator = at + t, scanned;
  }
  return scanned.newlines = n2, scanned.terminator = -1, scanned;
}
function countNewlinesSwar(buf, from, to) {
  let n2 = 0, i = from, base = buf.byteOffset;
  for (; i < to && base + i & 3; ) buf[i++] === 10 && n2++;
  let words = to - i >>> 2;
  if (words > 0) {
    let u = new Uint32Array(buf.buffer, base + i, words);
    for (let w = 0; w < words; w++) {
      let y = u[w] ^ 168430090, x = ~((y & 2139062143) + 2139062143 | y | 2139062143);
      x !== 0 && (x = x - (x >>> 1 & 1431655765), x = (x & 858993459) + (x >>> 2 & 858993459), n2 += (x + (x >>> 4) & 252645135) * 16843009 >>> 24);
    }
    i += words * 4;
  }
  for (; i < to; ) buf[i++] === 10 && n2++;
  return n2;
}

// packages/restore-verify/src/dump/copy-counter.ts
var NL = 10, BACKSLASH = 92, DOT = 46, CR = 13, MAX_CAPTURED_LINE = 64 * 1024, MAX_CAPTURED_ROWS = 1e5, TERMINATOR_LINE = Buffer.from(`\\.
`), CopyCounter = class {
  rows = 0;
  terminated = !1;
  /** Bytes of the current, unfinished line seen in earlier chunks. */
  carryLen = 0;
  carryHead = [];
  carryText = [];
  captured;
  constructor(capture = !1) {
    this.captured = capture ? [] : void 0;
  }
  /**
   * Feeds data; returns the offset just after the terminator line when it is in this chunk (the
   * caller resumes SQL there), or -1 when the whole chunk was data. Data after the terminator is
   * not counted (archives pad with blank lines).
   */
  feed(chunk) {
    return this.terminated ? 0 : this.captured ? this.feedLines(chunk) : this.feedFast(chunk);
  }
  /**
   * The hot path (every table but the ledgers): one pass counts the newlines and finds
   * "\n\\.\n" sixteen bytes at a time (newline-count.ts); the terminator's two other places are
   * checked here: the chunk's start, and split across the previous chunk.
   */
  feedFast(chunk) {
    let len = chunk.length;
    if (len === 0) return -1;
    if (this.carryLen > 0 && this.carryLen <= 2 && this.carryHead[0] === BACKSLASH && (this.carryLen === 1 || this.carryHead[1] === DOT)) {
      let need = TERMINATOR_LINE.subarray(this.carryLen);
      if (len >= need.length && chunk.compare(need, 0, need.length, 0, need.length) === 0) return this.terminate(need.length);
    }
    if (this.carryLen === 0 && len >= 3 && chunk[0] === BACKSLASH && chunk[1] === DOT && chunk[2] === NL) return this.terminate(3);
    let scan = scanCopyData(chunk, 0, len);
    if (this.rows += scan.newlines, scan.terminator !== -1) return this.terminate(scan.terminator + 4);
    let last = chunk.lastIndexOf(NL);
    return last === -1 ? this.carry(chunk, 0, len) : (this.resetCarry(), last + 1 < len && this.carry(chunk, last + 1, len)), -1;
  }
  terminate(after) {
    return this.terminated = !0, this.resetCarry(), after;
  }
  /** Line by line, keeping each row's text (ledger tables: their versions are compared). */
  feedLines(chunk) {
    let pos = 0, len = chunk.length;
    for (; pos < len; ) {
      let nl = chunk.indexOf(NL, pos);
      if (nl === -1)
        return this.carry(chunk, pos, len), -1;
      if (this.isTerminator(chunk, pos, nl))
        return this.terminated = !0, this.resetCarry(), nl + 1;
      this.captured && this.capture(chunk, pos, nl), this.rows++, this.resetCarry(), pos = nl + 1;
    }
    return -1;
  }
  /** True when the stream ended in the middle of a line (a row without its newline). */
  get partialLine() {
    return this.carryLen > 0;
  }
  isTerminator(chunk, start, nl) {
    if (this.carryLen === 0) {
      let n2 = nl - start;
      return (n2 === 2 || n2 === 3 && chunk[start + 2] === CR) && chunk[start] === BACKSLASH && chunk[start + 1] === DOT;
    }
    let total = this.carryLen + (nl - start);
    if (total !== 2 && total !== 3) return !1;
    let bytes = [...this.carryHead, ...chunk.subarray(start, nl)];
    return bytes[0] === BACKSLASH && bytes[1] === DOT && (total === 2 || bytes[2] === CR);
  }
  carry(chunk, start, end) {
    for (let i = start; i < end && this.carryHead.length < 3; i++) this.carryHead.push(chunk[i]);
    this.captured && this.carryLen < MAX_CAPTURED_LINE && this.carryText.push(Buffer.from(chunk.subarray(start, Math.min(end, start + MAX_CAPTURED_LINE)))), this.carryLen += end - start;
  }
  resetCarry() {
    this.carryLen !== 0 && (this.carryLen = 0, this.carryHead = [], this.carryText = []);
  }
  capture(chunk, start, nl) {
    if (this.captured.length >= MAX_CAPTURED_ROWS) return;
    let line = Buffer.concat([...this.carryText, chunk.subarray(start, Math.min(nl, start + MAX_CAPTURED_LINE))]).toString("utf8");
    this.captured.push(line.replace(/\r$/, "").split("	").map(unescapeCopyField));
  }
};
function unescapeCopyField(field) {
  return field === "\\N" ? "" : field.replace(/\\(.)/g, (_, c) => ({ n: `
`, t: "	", r: "\r", b: "\b", f: "\f", v: "\v" })[c] ?? c);
}

// packages/restore-verify/src/dump/collector.ts
var LEDGERS = new Set(ledgerTableNames), DumpCollector = class {
  tables = /* @__PURE__ */ new Map();
  ledgerColumns = /* @__PURE__ */ new Map();
  problems = [];
  ledgers = [];
  header = {};
  searchPath = [];
  complete = !0;
  /** A table the dump creates: it exists after restore even when the dump has no rows for it. */
  declareTable(t, line, columns) {
    let key = tableKey(t);
    this.tables.has(key) || this.tables.set(key, { schema: t.schema, name: t.name, rows: 0, complete: !0, line }), columns && LEDGERS.has(t.name) && this.ledgerColumns.set(key, columns);
  }
  addRows(t, rows, complete, line) {
    this.declareTable(t, line);
    let entry = this.tables.get(tableKey(t));
    entry.rows += rows, entry.complete &&= complete, line !== void 0 && entry.line === void 0 && (entry.line = line);
  }
  isLedger(t) {
    return LEDGERS.has(t.name);
  }
  newCopyCounter(t) {
    return new CopyCounter(this.isLedger(t));
  }
  /** Records a finished (or cut) COPY stream; a cut one is a dump-truncated problem. */
  finishCopy(t, counter, columns, line, where) {
    this.addRows(t, counter.rows, counter.terminated, line), counter.terminated || this.problem("dump-truncated", displayTable(t), `${where} ends after ${formatCount(counter.rows)} rows without its \\. terminator: the data was cut short.`, line), counter.captured && this.addLedgerRows(t, columns, counter.captured);
  }
  addLedgerRows(t, columns, rows) {
    let cols = columns ?? this.ledgerColumns.get(tableKey(t)) ?? [], existing = this.ledgers.find((l) => l.schema === t.schema && l.name === t.name);
    existing ? existing.rows.push(...rows) : this.ledgers.push({ schema: t.schema, name: t.name, columns: cols, rows: [...rows] });
  }
  problem(rule, object, message, line) {
    this.problems.some((p) => p.rule === rule && p.object === object) || this.problems.length >= 100 || this.problems.push({ rule, object, message, ...line !== void 0 ? { line } : {} });
  }
  summary(format) {
    return {
      format,
      header: this.header,
      tables: [...this.tables.values()],
      problems: this.problems,
      searchPath: this.searchPath,
      ledgers: this.ledgers,
      complete: this.complete
    };
  }
};

// packages/restore-verify/src/dump/inflate.ts
import { createGunzip, createInflate } from "node:zlib";
var STAGE = 512 * 1024, OUTPUT_CHUNK = 256 * 1024, WRITES_IN_FLIGHT = 2, QUEUE_LIMIT = 4 * OUTPUT_CHUNK, stagePool = [], POOLED_STAGES = 12, takeStage = () => stagePool.pop() ?? Buffer.allocUnsafe(STAGE), returnStage = (b) => {
  stagePool.length < POOLED_STAGES && stagePool.push(b);
}, Decompressor = class {
  constructor(kind, onData) {
    this.onData = onData;
    this.z = kind === "zlib" ? createInflate({ chunkSize: OUTPUT_CHUNK }) : createGunzip({ chunkSize: OUTPUT_CHUNK }), this.z.on("data", (chunk) => this.enqueue(chunk)), this.ended = new Promise((resolve) => {
      this.z.once("end", resolve), this.z.once("error", (e) => {
        this.error = e, resolve();
      });
    });
  }
  onData;
  z;
  error;
  ended;
  queue = [];
  queued = 0;
  scheduled = !1;
  paused = !1;
  get failed() {
    return this.error;
  }
  enqueue(chunk) {
    this.queue.push(chunk), this.queued += chunk.length, this.queued > QUEUE_LIMIT && !this.paused && (this.paused = !0, this.z.pause()), this.scheduled || (this.scheduled = !0, setImmediate(() => {
      this.scheduled = !1, this.settle();
    }));
  }
  /**
   * Hands every queued chunk to the consumer now. Called before anyone reads the consumer's state
   * (end, destroy), so what was inflated is always counted, as when it was consumed at once.
   */
  settle() {
    let q = this.queue;
    this.queue = [], this.queued = 0;
    for (let i = 0; i < q.length; i++) this.onData(q[i]);
    this.paused && (this.paused = !1, this.z.resume());
  }
  /**
   * Buffers small pieces (custom-format chunks are ~4 KB of compressed data each) and hands zlib
   * one large buffer at a time: each write is a trip to zlib's thread pool.
   */
  push(piece) {
    if (this.staged + piece.length > this.stage.length) {
      let flushing = this.flushStage();
      return piece.length >= this.stage.length ? flushing.then(() => this.write(piece)) : flushing.then(() => {
        this.stagePiece(piece);
      });
    }
    this.stagePiece(piece);
  }
  stage = takeStage();
  staged = 0;
  /** Completion of each write zlib has not finished, oldest first. */
  writes = [];
  stagePiece(piece) {
    piece.copy(this.stage, this.staged), this.staged += piece.length;
  }
  async flushStage() {
    if (this.staged === 0) return;
    let full = this.stage;
    this.stage = takeStage();
    let data = full.subarray(0, this.staged);
    this.staged = 0, await this.give(data, full);
  }
  async write(piece) {
    await this.give(Buffer.from(piece));
  }
  /** Hands zlib a buffer it may keep until that write completes (then `reuse` is recycled). */
  async give(owned, reuse) {
    this.error || (this.writes.push(
      new Promise(
        (resolve) => this.z.write(owned, () => {
          reuse && returnStage(reuse), resolve();
        })
      )
    ), this.writes.length >= WRITES_IN_FLIGHT && await Promise.race([this.writes.shift(), this.ended]));
  }
  /** Ends the stream; returns the zlib error, if any (a missing end of stream is Z_BUF_ERROR). */
  async end() {
    return await this.flushStage(), this.error || this.z.end(), await this.ended, this.settle(), returnStage(this.stage), this.error;
  }
  /**
   * The input stops here (the archive ends mid-block): what was handed to zlib is inflated and
   * reaches the consumer, the bytes still staged do not, and zlib is stopped. Waiting for the
   * writes in flight keeps the rows counted in a cut file the same from run to run.
   */
  async abandon() {
    for (let w of this.writes.splice(0)) await Promise.race([w, this.ended]);
    this.settle(), this.z.destroy();
  }
};

// packages/restore-verify/src/dump/inflate-thread.ts
import { Worker } from "node:worker_threads";
import { createInflate as createInflate2 } from "node:zlib";
var STAGE2 = 512 * 1024, INPUT_IN_FLIGHT = 3, OUTPUT = 1024 * 1024, OUTPUT_BUFFERS = 4, CALL_OUTPUT = 256 * 1024, WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const zlib = require('node:zlib');
const { Z_NO_FLUSH, Z_FINISH } = zlib.constants;
const OUTPUT = ${OUTPUT}, OUTPUT_BUFFERS = ${OUTPUT_BUFFERS}, CALL_OUTPUT = ${CALL_OUTPUT};
const free = [];
let made = 0;
const streams = new Map();
// Each open stream may hold one partly filled buffer while it waits for input: one more per stream,
// so streams read side by side can never all wait for a buffer another one holds.
const takeOutput = () => free.pop() || (made < OUTPUT_BUFFERS + streams.size ? (made++, Buffer.allocUnsafe(OUTPUT)) : undefined);
const empty = Buffer.alloc(0);

function stream(id) {
  let s = streams.get(id);
  if (!s) {
    const z = zlib.createInflate();
    // errors reach us through z.destroyed / z.errored, checked after each call
    z.on('error', () => {});
    s = { id, z, jobs: [], out: undefined, outLen: 0, error: undefined };
    streams.set(id, s);
  }
  return s;
}

function post(s) {
  if (!s.out) return;
  if (s.outLen === 0) {
    // nothing in it: back to the pool, never left with a finished stream
    free.push(s.out);
    s.out = undefined;
    return;
  }
  const buf = s.out.buffer;
  parentPort.postMessage({ type: 'out', id: s.id, buf, len: s.outLen }, [buf]);
  s.out = undefined;
  s.outLen = 0;
}

/** One zlib call into the stream's output buffer; false when no output buffer is free. */
function step(s, flush, input, job) {
  if (!s.out) { s.out = takeOutput(); s.outLen = 0; if (!s.out) return false; }
  // At most up to the next CALL_OUTPUT boundary per call, as node's zlib stream calls zlib: on
  // damaged data both then drop the same bytes (the failing call's), so counts are the same.
  const room = CALL_OUTPUT - (s.outLen % CALL_OUTPUT);
  s.z._handle.writeSync(flush, input, job.at, job.len - job.at, s.out, s.outLen, room);
  if (s.z.destroyed) {
    // zlib failed (damaged data, or Z_FINISH before the end of the stream): the write state is not
    // updated then, and what this call wrote is dropped, as node's zlib stream drops it.
    s.error = (s.z.errored && s.z.errored.message) || 'zlib error';
    job.done = true;
    return true;
  }
  const [availOut, availIn] = s.z._writeState;
  s.outLen += room - availOut;
  job.at = job.len - availIn;
  if (availOut > 0) job.done = true;
  else if (s.outLen === OUTPUT) post(s);
  return true;
}

/** Runs a stream's queued jobs until done or out of output buffers (then a 'free' resumes it). */
function work(s) {
  while (s.jobs.length) {
    const job = s.jobs[0];
    if (s.error) job.done = true;
    while (!job.done) if (!step(s, job.kind === 'end' ? Z_FINISH : Z_NO_FLUSH, job.input || empty, job)) return false;
    s.jobs.shift();
    if (job.kind === 'data') parentPort.postMessage({ type: 'consumed', id: s.id, buf: job.input.buffer }, [job.input.buffer]);
    else {
      post(s);
      streams.delete(s.id);
      s.z.close();
      parentPort.postMessage({ type: 'done', id: s.id, error: s.error });
    }
  }
  return true;
}

function pump() {
  for (const s of streams.values()) work(s);
}

parentPort.on('message', (m) => {
  if (m.type === 'free') free.push(Buffer.from(m.buf));
  else if (m.type === 'data') stream(m.id).jobs.push({ kind: 'data', input: Buffer.from(m.buf, 0, m.len), at: 0, len: m.len, done: false });
  else stream(m.id).jobs.push({ kind: m.type, at: 0, len: 0, done: m.type === 'abandon' });
  pump();
});
`;
function inflateThreadAvailable() {
  let z = createInflate2(), ok = typeof z._handle?.writeSync == "function" && z._writeState instanceof Uint32Array;
  return z.close(), ok;
}
var InflateWorker = class {
  worker;
  sinks = /* @__PURE__ */ new Map();
  nextId = 1;
  crashed;
  open(sink) {
    if (this.crashed) throw this.crashed;
    let w = this.start(), id = this.nextId++;
    return this.sinks.set(id, sink), this.sinks.size === 1 && w.ref(), id;
  }
  send(m, transfer) {
    this.start().postMessage(m, transfer);
  }
  /** Starts the worker ahead of its first stream (its start-up then overlaps reading the TOC). */
  start() {
    if (this.worker) return this.worker;
    let w = new Worker(WORKER_SOURCE, { eval: !0 });
    return w.unref(), w.on("message", (m) => this.receive(m)), w.on("error", (e) => this.crash(e)), w.on("exit", () => this.crash(new Error("the inflate worker exited"))), this.worker = w, w;
  }
  receive(m) {
    let sink = this.sinks.get(m.id);
    if (m.type === "out")
      try {
        sink?.onData(Buffer.from(m.buf, 0, m.len));
      } finally {
        this.send({ type: "free", buf: m.buf }, [m.buf]);
      }
    else m.type === "consumed" ? sink?.inputReturned(m.buf) : (this.sinks.delete(m.id), this.sinks.size === 0 && this.worker?.unref(), sink?.finished(m.error));
  }
  crash(e) {
    this.crashed ??= e, this.worker = void 0;
    let sinks = [...this.sinks.values()];
    this.sinks.clear();
    for (let s of sinks) s.finished(`the inflate worker failed (${e.message})`);
  }
}, shared = new InflateWorker(), stagePool2 = [], POOLED_STAGES2 = INPUT_IN_FLIGHT + 2, takeStage2 = () => {
  let pooled = stagePool2.pop();
  return pooled ? Buffer.from(pooled) : Buffer.allocUnsafe(STAGE2);
}, returnStage2 = (buf) => {
  stagePool2.length < POOLED_STAGES2 && stagePool2.push(buf);
};
function warmInflateThread() {
  shared.start();
}
var ThreadDecompressor = class {
  constructor(onData) {
    this.onData = onData;
    this.done = new Promise((resolve) => this.resolveDone = resolve), this.id = shared.open({
      onData: (chunk) => this.onData(chunk),
      inputReturned: (buf) => {
        this.inFlight--, returnStage2(buf), this.wake();
      },
      finished: (error) => {
        error && (this.error = new Error(error)), this.finished = !0, this.wake(), this.resolveDone();
      }
    });
  }
  onData;
  id;
  stage = takeStage2();
  staged = 0;
  inFlight = 0;
  waiting;
  error;
  done;
  resolveDone;
  finished = !1;
  released = !1;
  get failed() {
    return this.error;
  }
  wake() {
    let w = this.waiting;
    this.waiting = void 0, w?.();
  }
  /**
   * Copies a piece (a view into a reused read buffer) into the stage, sending the stage first when
   * the piece does not fit: the same stages as inflate.ts's Decompressor, so zlib is called on the
   * same input boundaries (see CALL_OUTPUT).
   */
  push(piece) {
    if (this.staged + piece.length <= STAGE2) {
      piece.copy(this.stage, this.staged), this.staged += piece.length;
      return;
    }
    return this.pushAfterSend(piece);
  }
  async pushAfterSend(piece) {
    if (await this.send(), piece.length < STAGE2) {
      piece.copy(this.stage, 0), this.staged = piece.length;
      return;
    }
    for (let at = 0; at < piece.length; at += STAGE2) {
      let n2 = Math.min(STAGE2, piece.length - at);
      piece.copy(this.stage, 0, at, at + n2), this.staged = n2, await this.send();
    }
  }
  /** Hands the stage to the worker, first waiting while INPUT_IN_FLIGHT stages are with it. */
  async send() {
    if (this.staged === 0) return;
    for (; this.inFlight >= INPUT_IN_FLIGHT && !this.finished; ) await new Promise((resolve) => this.waiting = resolve);
    if (this.finished) {
      this.staged = 0;
      return;
    }
    let buf = this.stage.buffer;
    shared.send({ type: "data", id: this.id, buf, len: this.staged }, [buf]), this.inFlight++, this.stage = takeStage2(), this.staged = 0;
  }
  /** Ends the stream; returns the zlib error, if any (a missing end of stream is Z_BUF_ERROR). */
  async end() {
    return await this.send(), this.finished || shared.send({ type: "end", id: this.id }), await this.done, this.release(), this.error;
  }
  /**
   * The input stops here (the archive ends mid-block): what was handed to the worker is inflated
   * and reaches the consumer, the bytes still staged do not (as in inflate.ts's Decompressor).
   */
  async abandon() {
    this.finished || shared.send({ type: "abandon", id: this.id }), await this.done, this.release();
  }
  /** The stream is over: its stage goes back to the pool for the next table's. */
  release() {
    this.released || (this.released = !0, returnStage2(this.stage.buffer), this.stage = Buffer.alloc(0), this.staged = 0);
  }
};

// packages/restore-verify/src/dump/data-block.ts
var BLK_DATA = 1, BLK_BLOBS = 3;
async function readBlockData(archive, counter, compressed, started) {
  if (!compressed)
    return await eachChunk(archive, (piece) => {
      counter.feed(piece);
    }), { inflated: Promise.resolve(void 0) };
  let feed = (chunk) => {
    counter.feed(chunk);
  }, dz = useInflateThread() ? new ThreadDecompressor(feed) : new Decompressor("zlib", feed);
  started?.(dz);
  try {
    await eachChunk(archive, (piece) => dz.push(piece));
  } catch (error) {
    throw await dz.abandon(), error;
  }
  return { inflated: dz.end() };
}
async function eachChunk(archive, fn) {
  for (let len = await archive.int(); len !== 0; len = await archive.int()) {
    if (len < 0) throw new ArchiveFormatError(`a data chunk of negative length at byte ${archive.r.position}`);
    await archive.r.pipe(len, fn);
  }
}
function skipChunks(archive) {
  return eachChunk(archive, () => {
  });
}
var threadAvailable;
function useInflateThread() {
  return threadAvailable ??= inflateThreadAvailable(), threadAvailable;
}
function warmInflater() {
  useInflateThread() && warmInflateThread();
}

// packages/restore-verify/src/dump/custom.ts
async function readCustomDump(path) {
  let out = new DumpCollector(), fh = await open(path, "r");
  try {
    let size = (await fh.stat()).size, archive = new ArchiveReader(new ByteReader(fh, 0, size)), data;
    try {
      let header = await archive.readHeader();
      Object.assign(out.header, pickHeader(header)), data = tablesFromToc(out, await archive.readToc());
    } catch (error) {
      if (!(error instanceof EndOfArchive)) throw error;
      return out.problem("dump-truncated", "dump", `The archive ends at byte ${size} inside its header or table of contents: the file was cut short and holds no data.`), out.complete = !1, out.summary("custom");
    }
    if (out.header.compression === "lz4" || out.header.compression === "zstd")
      throw new UnsupportedArchive(unsupportedCompression(out.header.compression, "its data is"));
    out.header.compression === "gzip" && data.size > 0 && warmInflater();
    for (let d of data.values())
      d.entry.offsetFlag === 2 && d.entry.offset >= size && out.problem("dump-truncated", displayTable(d.table), `The table of contents puts this table's data at byte ${formatCount(d.entry.offset)}, past the end of the ${formatCount(size)}-byte file: the file was cut short.`);
    await readBlocks(archive, out, data), reportUnseen(out, data, "the archive ends before its data block");
  } finally {
    await fh.close();
  }
  return out.summary("custom");
}
function pickHeader(h) {
  return { dbname: h.dbname, serverVersion: h.serverVersion, dumpVersion: h.dumpVersion, takenAt: h.takenAt, archiveVersion: h.archiveVersion, compression: h.compression };
}
async function readBlocks(archive, out, data) {
  let previous = Promise.resolve();
  try {
    await readEachBlock(archive, out, data, (finish) => previous = previous.then(finish), () => previous);
  } finally {
    await previous;
  }
}
async function readEachBlock(archive, out, data, thenFinish, finished) {
  let r = archive.r, compressed = out.header.compression === "gzip";
  for (; ; ) {
    if (await r.atEnd()) return;
    let blockAt = r.position, current, counter, z;
    try {
      let type = await r.byte(), id = await archive.int();
      if (type !== BLK_DATA && type !== BLK_BLOBS) {
        await finished(), out.problem("dump-corrupt", "dump", `Unknown data block type ${type} at byte ${blockAt}: the archive is damaged from there on.`), out.complete = !1;
        return;
      }
      if (type === BLK_BLOBS) {
        for (let oid = await archive.int(); oid !== 0; oid = await archive.int()) await skipChunks(archive);
        continue;
      }
      if (current = data.get(id), !current || current.seen) {
        await finished(), out.problem("dump-corrupt", "dump", `A data block at byte ${blockAt} belongs to dump id ${id}, which the table of contents does not list as table data: the archive is damaged.`), out.complete = !1;
        return;
      }
      current.seen = !0;
      let c = out.newCopyCounter(current.table);
      counter = c;
      let { inflated } = await readBlockData(archive, c, compressed, (dz) => z = dz), entry = current;
      thenFinish(async () => {
        let err = await inflated;
        err && out.problem("dump-corrupt", displayTable(entry.table), `The compressed data of this table (data block at byte ${blockAt}) cannot be inflated (${err.message}).`), out.finishCopy(entry.table, c, entry.columns, void 0, `The data block at byte ${blockAt}`);
      });
    } catch (error) {
      if (!(error instanceof EndOfArchive)) throw error;
      await z?.abandon(), await finished(), out.complete = !1, current && counter ? (out.addRows(current.table, counter.rows, !1), out.problem("dump-truncated", displayTable(current.table), `The archive ends inside this table's data block (at byte ${blockAt}) after ${formatCount(counter.rows)} rows: the file was cut short.`)) : out.problem("dump-truncated", "dump", `The archive ends inside a data block header at byte ${blockAt}: the file was cut short.`);
      return;
    }
  }
}

// packages/restore-verify/src/dump/detect.ts
import { open as open2, stat } from "node:fs/promises";
import { join } from "node:path";
async function detectFormat(path, label = "--dump") {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UsageError(`${label} ${path} does not exist or cannot be read; give the path of a pg_dump file or -Fd directory.`);
  }
  if (info.isDirectory())
    try {
      return await stat(join(path, "toc.dat")), "directory";
    } catch {
      throw new UsageError(`${label} ${path} is a directory without toc.dat, so it is not a pg_dump -Fd directory; give the dump file or the directory pg_dump -Fd wrote.`);
    }
  let head = Buffer.alloc(512), n2 = 0, fh = await open2(path, "r").catch(() => {
    throw new UsageError(`${label} ${path} cannot be opened for reading; check the path and its permissions.`);
  });
  try {
    n2 = (await fh.read(head, 0, 512, 0)).bytesRead;
  } finally {
    await fh.close();
  }
  let bytes = head.subarray(0, n2);
  if (n2 >= 5 && bytes.subarray(0, 5).toString("latin1") === "PGDMP") return "custom";
  if (n2 >= 2 && bytes[0] === 31 && bytes[1] === 139) return "gzip";
  if (n2 >= 262 && bytes.subarray(257, 262).toString("latin1") === "ustar") return "tar";
  if (looksLikeSql(bytes)) return "plain";
  throw n2 === 0 ? new UsageError(`${label} ${path} is empty: a dump holds at least pg_dump's header; check that the backup job wrote it.`) : new UsageError(`${label} ${path} is not a pg_dump file (plain SQL, gzip'd SQL, custom, tar) or -Fd directory; check that it is the dump and not, e.g., a zip or a partial download.`);
}
function looksLikeSql(bytes) {
  if (bytes.length === 0 || bytes.includes(0)) return !1;
  let text = bytes.toString("utf8").replace(/^\uFEFF/, "").trimStart();
  return /^(--|\/\*|\\|(SET|SELECT|CREATE|COPY|INSERT|BEGIN|ALTER|DROP|COMMENT|GRANT|REVOKE|START|DO|WITH)\b)/i.test(text);
}

// packages/restore-verify/src/dump/directory.ts
import { createReadStream, existsSync } from "node:fs";
import { open as open3 } from "node:fs/promises";
import { join as join2 } from "node:path";
async function readDirectoryDump(dir) {
  let out = new DumpCollector(), fh = await open3(join2(dir, "toc.dat"), "r"), data;
  try {
    let archive = new ArchiveReader(new ByteReader(fh, 0, (await fh.stat()).size));
    try {
      let h = await archive.readHeader();
      Object.assign(out.header, { dbname: h.dbname, serverVersion: h.serverVersion, dumpVersion: h.dumpVersion, takenAt: h.takenAt, archiveVersion: h.archiveVersion, compression: h.compression }), data = tablesFromToc(out, await archive.readToc());
    } catch (error) {
      if (!(error instanceof EndOfArchive)) throw error;
      return out.problem("dump-truncated", "dump", "toc.dat ends inside its header or table of contents: the directory dump was not completely written or copied."), out.complete = !1, out.summary("directory");
    }
  } finally {
    await fh.close();
  }
  if (out.header.compression === "lz4" || out.header.compression === "zstd")
    throw new UnsupportedArchive(unsupportedCompression(out.header.compression, "its data files are"));
  for (let d of data.values()) {
    let name2 = d.entry.fileName ?? `${d.entry.dumpId}.dat`, plainPath = join2(dir, name2), gzPath = `${plainPath}.gz`, path = existsSync(plainPath) ? plainPath : existsSync(gzPath) ? gzPath : void 0;
    path && (d.seen = !0, await countFile(out, d, path, path.endsWith(".gz")));
  }
  return reportUnseen(out, data, "its data file is missing from the directory"), out.summary("directory");
}
async function countFile(out, d, path, gzip) {
  let counter = out.newCopyCounter(d.table), file = createReadStream(path, { highWaterMark: 1024 * 1024 }), name2 = path.split("/").pop();
  if (!gzip) {
    for await (let chunk of file) counter.feed(chunk);
    out.finishCopy(d.table, counter, d.columns, void 0, `Data file ${name2}`);
    return;
  }
  let z = new Decompressor("gzip", (chunk) => {
    counter.feed(chunk);
  });
  try {
    for await (let chunk of file) await z.write(chunk);
  } finally {
    file.destroy();
  }
  let err = await z.end();
  if (err) {
    out.complete = !1;
    let truncated = err.code === "Z_BUF_ERROR";
    out.problem(truncated ? "dump-truncated" : "dump-corrupt", displayTable(d.table), truncated ? `Data file ${name2} ends before its gzip trailer: the file was cut short.` : `Data file ${name2} is damaged (${err.message}).`);
  }
  out.finishCopy(d.table, counter, d.columns, void 0, `Data file ${name2}`);
}

// packages/restore-verify/src/dump/plain.ts
import { open as open4 } from "node:fs/promises";

// packages/restore-verify/src/dump/sql-scanner.ts
var HEAD_CAP = 64 * 1024, COMMENT_CAP = 300, isWordByte = (c) => c >= 97 && c <= 122 || c >= 65 && c <= 90 || c >= 48 && c <= 57 || c === 95 || c >= 128, isTagStart = (c) => c >= 97 && c <= 122 || c >= 65 && c <= 90 || c === 95 || c >= 128, isSpace = (c) => c === 32 || c === 10 || c === 9 || c === 13 || c === 12, QN = String.raw`((?:"(?:[^"]|"")+"|[^\s."(),;]+)(?:\.(?:"(?:[^"]|"")+"|[^\s."(),;]+))?)`, COPY_RE = new RegExp(String.raw`^COPY\s+${QN}\s*(?:\(([^)]*)\))?\s+FROM\s+stdin\b`, "is"), INSERT_RE = new RegExp(String.raw`^INSERT\s+INTO\s+${QN}\s*(?:\(([^)]*)\))?`, "is"), CREATE_TABLE_RE = new RegExp(String.raw`^CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${QN}\s*\(`, "is"), SET_CONFIG_RE = /set_config\(\s*'search_path'\s*,\s*'([^']*)'/i, SET_PATH_RE = /^SET\s+(?:SESSION\s+|LOCAL\s+)?search_path\s*(?:=|TO)\s*(.+)$/is, SqlDumpScanner = class {
  constructor(out) {
    this.out = out;
  }
  out;
  state = 0 /* Normal */;
  line = 1;
  head = Buffer.alloc(HEAD_CAP);
  headLen = 0;
  stmtLine = 0;
  depth = 0;
  word = "";
  afterValues = !1;
  tuples = 0;
  isInsert;
  eString = !1;
  prevByte = 32;
  dollarTag = [];
  dollarMatch = 0;
  blockDepth = 0;
  comment = [];
  copy;
  footer = !1;
  feed(chunk) {
    let i = 0, n2 = chunk.length;
    for (; i < n2; ) {
      if (this.state === 16 /* CopyData */) {
        let c = this.copy, rest = i === 0 ? chunk : chunk.subarray(i), before = c.counter.rows, end = c.counter.feed(rest);
        if (this.line += c.counter.rows - before, end === -1) return;
        this.line += 1, i += end, this.out.finishCopy(c.table, c.counter, c.columns, c.line, `COPY data for this table (line ${c.line})`), this.copy = void 0, this.state = 0 /* Normal */, this.resetStatement();
        continue;
      }
      this.step(chunk[i]), i++;
    }
  }
  /** End of input: whatever is still open was cut. */
  end() {
    if (this.state === 16 /* CopyData */ && this.copy) {
      let c = this.copy;
      this.out.finishCopy(c.table, c.counter, c.columns, c.line, `COPY data for this table (line ${c.line})`), this.copy = void 0, this.out.complete = !1;
    } else this.endOpenStatement();
    this.footer || (this.out.complete = !1, this.out.problem("dump-truncated", "dump", 'The dump has no "-- PostgreSQL database dump complete" footer: pg_dump did not finish writing it, or the file was cut short.', this.line));
  }
  endOpenStatement() {
    if (this.state === 8 /* LineComment */ && this.endComment(), this.headLen > 0 && this.head.subarray(0, this.headLen).toString("latin1").trim() !== "" || this.state !== 0 /* Normal */ && this.state !== 8 /* LineComment */ && this.state !== 14 /* MetaLine */ && this.state !== 10 /* Dash */) {
      let what = this.isInsert && this.tuples > 0 ? `an INSERT with ${this.tuples} rows so far` : "a statement";
      this.out.problem("dump-truncated", "dump", `The dump ends inside ${what} that starts at line ${this.stmtLine || this.line}: the file was cut short.`, this.stmtLine || this.line), this.out.complete = !1;
    }
  }
  step(c) {
    switch (c === 10 && this.line++, this.state) {
      case 0 /* Normal */:
        return this.normal(c);
      case 1 /* SQuote */:
        this.keep(c), c === 39 ? this.state = 2 /* SQuoteEnd */ : c === 92 && this.eString && (this.state = 3 /* SQuoteEscape */);
        return;
      case 3 /* SQuoteEscape */:
        this.keep(c), this.state = 1 /* SQuote */;
        return;
      case 2 /* SQuoteEnd */:
        if (c === 39) {
          this.keep(c), this.state = 1 /* SQuote */;
          return;
        }
        return this.state = 0 /* Normal */, this.normal(c);
      case 4 /* DQuote */:
        this.keep(c), c === 34 && (this.state = 5 /* DQuoteEnd */);
        return;
      case 5 /* DQuoteEnd */:
        if (c === 34) {
          this.keep(c), this.state = 4 /* DQuote */;
          return;
        }
        return this.state = 0 /* Normal */, this.normal(c);
      case 6 /* DollarOpen */:
        if (c === 36) {
          this.keep(c), this.state = 7 /* DollarBody */, this.dollarMatch = 0;
          return;
        }
        if (this.dollarTag.length === 0 ? isTagStart(c) : isWordByte(c)) {
          this.keep(c), this.dollarTag.push(c);
          return;
        }
        return this.state = 0 /* Normal */, this.normal(c);
      case 7 /* DollarBody */:
        return this.keep(c), this.dollarBody(c);
      case 8 /* LineComment */:
        c === 10 ? (this.endComment(), this.state = 0 /* Normal */) : this.comment.length < COMMENT_CAP && this.comment.push(c);
        return;
      case 10 /* Dash */:
        if (c === 45) {
          this.state = 8 /* LineComment */, this.comment = [];
          return;
        }
        return this.keep(45), this.state = 0 /* Normal */, this.normal(c);
      case 11 /* Slash */:
        if (c === 42) {
          this.state = 9 /* BlockComment */, this.blockDepth = 1;
          return;
        }
        return this.keep(47), this.state = 0 /* Normal */, this.normal(c);
      case 9 /* BlockComment */:
        c === 42 ? this.state = 12 /* BlockStar */ : c === 47 && (this.state = 13 /* BlockSlash */);
        return;
      case 12 /* BlockStar */:
        if (c === 47) {
          if (--this.blockDepth === 0) {
            this.state = 0 /* Normal */, this.prevByte = 32;
            return;
          }
          this.state = 9 /* BlockComment */;
        } else this.state = c === 42 ? 12 /* BlockStar */ : 9 /* BlockComment */;
        return;
      case 13 /* BlockSlash */:
        c === 42 && this.blockDepth++, this.state = c === 47 ? 13 /* BlockSlash */ : 9 /* BlockComment */;
        return;
      case 14 /* MetaLine */:
        c === 10 && (this.state = 0 /* Normal */, this.resetStatement());
        return;
      case 15 /* CopyPendingNewline */:
        c === 10 && (this.state = 16 /* CopyData */);
        return;
      default:
        return;
    }
  }
  normal(c) {
    let prev = this.prevByte;
    switch (this.prevByte = c, this.isInsert !== !1 && isWordByte(c) && c < 128 ? this.word += String.fromCharCode(c) : this.word && this.endWord(), c) {
      case 59:
        return this.keep(c), this.endStatement();
      case 39:
        this.eString = (prev === 69 || prev === 101) && this.headLen >= 1 && !isWordByte(this.head[this.headLen - 2] ?? 32), this.keep(c), this.state = 1 /* SQuote */;
        return;
      case 34:
        this.keep(c), this.state = 4 /* DQuote */;
        return;
      case 36:
        if (isWordByte(prev)) {
          this.keep(c);
          return;
        }
        this.keep(c), this.dollarTag = [], this.state = 6 /* DollarOpen */;
        return;
      case 45:
        this.state = 10 /* Dash */;
        return;
      case 47:
        this.state = 11 /* Slash */;
        return;
      case 92:
        if (this.headLen === 0 || this.head.subarray(0, this.headLen).toString("latin1").trim() === "") {
          this.state = 14 /* MetaLine */;
          return;
        }
        this.keep(c);
        return;
      case 40:
        this.depth === 0 && this.afterValues && this.tuples++, this.depth++, this.keep(c);
        return;
      case 41:
        this.depth > 0 && this.depth--, this.keep(c);
        return;
      default:
        if (this.headLen === 0 && isSpace(c)) return;
        this.headLen === 0 && (this.stmtLine = this.line), this.keep(c);
    }
  }
  endWord() {
    let w = this.word;
    if (this.word = "", this.isInsert === void 0) {
      this.isInsert = /^insert$/i.test(w);
      return;
    }
    this.isInsert && this.depth === 0 && /^values$/i.test(w) && (this.afterValues = !0);
  }
  dollarBody(c) {
    let tag = this.dollarTag, m = this.dollarMatch;
    if (m === 0) {
      c === 36 && (this.dollarMatch = 1);
      return;
    }
    if (m <= tag.length) {
      c === tag[m - 1] ? this.dollarMatch = m + 1 : this.dollarMatch = c === 36 ? 1 : 0;
      return;
    }
    if (c === 36) {
      this.state = 0 /* Normal */, this.prevByte = 32;
      return;
    }
    this.dollarMatch = 0;
  }
  keep(c) {
    this.headLen === 0 && (this.stmtLine = this.line), this.headLen < HEAD_CAP && (this.head[this.headLen++] = c);
  }
  endComment() {
    let text = Buffer.from(this.comment).toString("utf8").trim();
    this.comment = [];
    let m;
    if (m = /^Dumped from database version (.+)$/.exec(text)) this.out.header.serverVersion = m[1].trim();
    else if (m = /^Dumped by pg_dump version (.+)$/.exec(text)) this.out.header.dumpVersion = m[1].trim();
    else if (m = /^Started on (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\s*(\S+)?/.exec(text)) {
      let at = parseStartedOn(m[1], m[2]);
      at && (this.out.header.takenAt = at);
    } else /^PostgreSQL database (cluster )?dump complete$/.test(text) && (this.footer = !0);
    this.word && this.endWord(), this.prevByte = 32;
  }
  endStatement() {
    this.word && this.endWord();
    let text = this.head.subarray(0, this.headLen).toString("utf8").trim(), first = /^[A-Za-z]+/.exec(text)?.[0].toUpperCase(), m;
    if (first === "COPY" && (m = COPY_RE.exec(text))) {
      let table = toTable(m[1], this.out.searchPath);
      if (table) {
        this.copy = { table, columns: columnsOf(m[2]), counter: this.out.newCopyCounter(table), line: this.stmtLine }, this.state = 15 /* CopyPendingNewline */, this.resetStatement();
        return;
      }
    } else if (first === "INSERT" && (m = INSERT_RE.exec(text))) {
      let table = toTable(m[1], this.out.searchPath);
      table && (this.out.addRows(table, this.tuples, !0, this.stmtLine), this.out.isLedger(table) && this.headLen < HEAD_CAP && this.out.addLedgerRows(table, columnsOf(m[2]), insertTuples(text)));
    } else if (first === "CREATE" && (m = CREATE_TABLE_RE.exec(text))) {
      let table = toTable(m[1], this.out.searchPath);
      table && this.out.declareTable(table, this.stmtLine, this.out.isLedger(table) ? createTableColumns(text) : void 0);
    } else first === "SELECT" && (m = SET_CONFIG_RE.exec(text)) ? this.out.searchPath = splitPath(m[1]) : first === "SET" && (m = SET_PATH_RE.exec(text.replace(/;$/, ""))) && (this.out.searchPath = splitPath(m[1]));
    this.resetStatement();
  }
  resetStatement() {
    this.headLen = 0, this.depth = 0, this.word = "", this.afterValues = !1, this.tuples = 0, this.isInsert = void 0, this.prevByte = 32;
  }
};
function toTable(qualified, searchPath) {
  let parts = parseQualifiedName(qualified);
  if (parts)
    return parts.length === 2 ? { schema: parts[0], name: parts[1] } : { schema: searchPath[0] ?? "public", name: parts[0] };
}
function columnsOf(list) {
  if (list !== void 0)
    return list.split(",").map((c) => parseQualifiedName(c)?.[0] ?? c.trim());
}
function splitPath(text) {
  return text.split(",").map((p) => p.trim().replace(/^'(.*)'$/, "$1")).filter((p) => p !== "" && p !== '"$user"' && p !== "pg_catalog").map((p) => parseQualifiedName(p)?.[0] ?? p);
}
function createTableColumns(text) {
  let body = text.slice(text.indexOf("(") + 1, text.lastIndexOf(")")), out = [], depth = 0, item = "";
  for (let ch of body + ",")
    if (ch === "(" && depth++, ch === ")" && depth--, ch === "," && depth === 0) {
      let first = /^\s*("(?:[^"]|"")+"|\S+)/.exec(item)?.[1];
      first && !/^(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|EXCLUDE|LIKE)$/i.test(first) && out.push(parseQualifiedName(first)?.[0] ?? first), item = "";
    } else item += ch;
  return out;
}
function insertTuples(text) {
  let at = /\bVALUES\b/i.exec(text);
  if (!at) return [];
  let rows = [], row, i = at.index + 6;
  for (; i < text.length; ) {
    let ch = text[i];
    if (ch === "(" && !row)
      row = [], i++;
    else if (ch === ")" && row)
      rows.push(row), row = void 0, i++;
    else if (row && (ch === "'" || (ch === "E" || ch === "e") && text[i + 1] === "'")) {
      let escapes = ch !== "'";
      i += escapes ? 2 : 1;
      let v2 = "";
      for (; i < text.length; )
        if (escapes && text[i] === "\\")
          v2 += text[i + 1] ?? "", i += 2;
        else if (text[i] === "'" && text[i + 1] === "'")
          v2 += "'", i += 2;
        else if (text[i] === "'") {
          i++;
          break;
        } else v2 += text[i++];
      row.push(v2);
    } else if (row && /[^\s,]/.test(ch)) {
      let m = /^[^\s,)]+/.exec(text.slice(i));
      row.push(/^null$/i.test(m[0]) ? "" : m[0]), i += m[0].length;
    } else i++;
  }
  return rows;
}
function parseStartedOn(when, zone) {
  let iso = when.replace(" ", "T"), z = !zone || /^(UTC|GMT)$/i.test(zone) ? "Z" : /^[+-]\d\d(:?\d\d)?$/.test(zone) ? zone : "Z", d = new Date(iso + z);
  return Number.isNaN(d.getTime()) ? void 0 : d;
}

// packages/restore-verify/src/dump/plain.ts
var GZIP_READ = 512 * 1024, PLAIN_CHUNK = 2 * 1024 * 1024, PLAIN_BUFFERS = 4;
async function readPlainDump(path, gzip) {
  let out = new DumpCollector(), scanner = new SqlDumpScanner(out);
  if (!gzip)
    return await readInTurns(path, (chunk) => scanner.feed(chunk)), scanner.end(), out.summary("plain");
  let z = new Decompressor("gzip", (chunk) => scanner.feed(chunk)), fh = await open4(path, "r");
  try {
    let buf = Buffer.allocUnsafe(GZIP_READ);
    for (; ; ) {
      let { bytesRead } = await fh.read(buf, 0, GZIP_READ, null);
      if (bytesRead === 0 || z.failed) break;
      await z.push(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  let error = await z.end();
  if (error) {
    let code = error.code;
    if (!code?.startsWith("Z_")) throw error;
    code === "Z_BUF_ERROR" ? out.problem("dump-truncated", "dump", "The gzip stream ends before its trailer: the file was cut short (an interrupted upload or copy).") : out.problem("dump-corrupt", "dump", `The gzip stream is damaged (${error.message}): the data after that point cannot be read.`), out.complete = !1;
  }
  return scanner.end(), out.summary("gzip");
}
var spare = [];
async function readInTurns(path, fn) {
  let fh = await open4(path, "r"), buffers = Array.from({ length: PLAIN_BUFFERS }, () => spare.pop() ?? countableBuffer(PLAIN_CHUNK)), reads = [];
  try {
    let size = (await fh.stat()).size, position = 0, issue = (k) => {
      let at = position, want = Math.min(PLAIN_CHUNK, size - at);
      position += want, reads[k] = want > 0 ? fill(fh, buffers[k], want, at) : Promise.resolve(0);
    };
    for (let k = 0; k < PLAIN_BUFFERS; k++) issue(k);
    for (let k = 0; ; k = (k + 1) % PLAIN_BUFFERS) {
      let got = await reads[k];
      if (got === 0 || (fn(got === PLAIN_CHUNK ? buffers[k] : buffers[k].subarray(0, got)), got < PLAIN_CHUNK)) break;
      issue(k);
    }
  } finally {
    await Promise.allSettled(reads), await fh.close(), spare.push(...buffers);
  }
}
async function fill(fh, buf, want, at) {
  let got = 0;
  for (; got < want; ) {
    let { bytesRead } = await fh.read(buf, got, want - got, at + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

// packages/restore-verify/src/dump/tar.ts
import { open as open5 } from "node:fs/promises";
async function readTarDump(path) {
  let out = new DumpCollector(), fh = await open5(path, "r");
  try {
    let fileSize = (await fh.stat()).size, data, byName = /* @__PURE__ */ new Map();
    for await (let m of members(fh, fileSize, out)) {
      let cut = m.offset + m.size > fileSize;
      if (m.name === "toc.dat") {
        let archive = new ArchiveReader(new ByteReader(fh, m.offset, Math.min(fileSize, m.offset + m.size)));
        try {
          let h = await archive.readHeader();
          Object.assign(out.header, { dbname: h.dbname, serverVersion: h.serverVersion, dumpVersion: h.dumpVersion, takenAt: h.takenAt, archiveVersion: h.archiveVersion, compression: h.compression }), data = tablesFromToc(out, await archive.readToc());
          for (let d2 of data.values()) byName.set(d2.entry.fileName ?? `${d2.entry.dumpId}.dat`, d2);
        } catch (error) {
          if (!(error instanceof EndOfArchive)) throw error;
          return out.problem("dump-truncated", "dump", "The tar archive ends inside toc.dat: the file was cut short and holds no data."), out.complete = !1, out.summary("tar");
        }
        continue;
      }
      let d = byName.get(m.name);
      if (!d || d.seen) continue;
      d.seen = !0;
      let counter = out.newCopyCounter(d.table), reader = new ByteReader(fh, m.offset, Math.min(fileSize, m.offset + m.size));
      try {
        await reader.pipe(m.size, (piece) => {
          counter.feed(piece);
        });
      } catch (error) {
        if (!(error instanceof EndOfArchive)) throw error;
      }
      cut ? (out.complete = !1, out.addRows(d.table, counter.rows, !1), out.problem("dump-truncated", displayTable(d.table), `The tar archive ends inside member ${m.name} after ${formatCount(counter.rows)} rows: the file was cut short.`), counter.captured && out.addLedgerRows(d.table, d.columns, counter.captured)) : out.finishCopy(d.table, counter, d.columns, void 0, `Tar member ${m.name}`);
    }
    if (!data)
      return out.problem("dump-truncated", "dump", "The tar archive has no toc.dat member: it is not a complete pg_dump -Ft archive."), out.complete = !1, out.summary("tar");
    reportUnseen(out, data, "the tar archive has no member with it");
  } finally {
    await fh.close();
  }
  return out.summary("tar");
}
async function* members(fh, fileSize, out) {
  let header = Buffer.alloc(512), at = 0;
  for (; at + 512 <= fileSize; ) {
    if (await fh.read(header, 0, 512, at), header.every((b) => b === 0)) return;
    let name2 = cString(header.subarray(0, 100)), sizeText = cString(header.subarray(124, 136)).trim(), size = /^[0-7]+$/.test(sizeText) ? parseInt(sizeText, 8) : NaN;
    if (!Number.isFinite(size) || !verifyChecksum(header)) {
      out.problem("dump-corrupt", "dump", `The tar header at byte ${at} is damaged (bad size or checksum): the archive cannot be read from there on.`), out.complete = !1;
      return;
    }
    String.fromCharCode(header[156] || 48) === "0" && (yield { name: name2, offset: at + 512, size }), at += 512 + Math.ceil(size / 512) * 512;
  }
  (at < fileSize || at > fileSize) && (out.complete = !1);
}
function cString(b) {
  let nul = b.indexOf(0);
  return b.subarray(0, nul === -1 ? b.length : nul).toString("utf8");
}
function verifyChecksum(h) {
  let stored = parseInt(cString(h.subarray(148, 156)).trim(), 8), sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return sum === stored;
}

// packages/restore-verify/src/dump/read-dump.ts
async function readDump(path, label = "--dump") {
  let format = await detectFormat(path, label);
  try {
    return await readAs(format, path);
  } catch (error) {
    if (error instanceof UnsupportedArchive) throw new UsageError(`${label} ${path} is a pg_dump archive, but ${error.message}.`);
    if (error instanceof ArchiveFormatError)
      return {
        format,
        header: {},
        tables: [],
        problems: [{ rule: "dump-corrupt", object: "dump", message: `The archive's layout is damaged (${error.message}): its tables and rows cannot be read.` }],
        searchPath: [],
        ledgers: [],
        complete: !1
      };
    throw error;
  }
}
function readAs(format, path) {
  switch (format) {
    case "plain":
      return readPlainDump(path, !1);
    case "gzip":
      return readPlainDump(path, !0);
    case "custom":
      return readCustomDump(path);
    case "directory":
      return readDirectoryDump(path);
    case "tar":
      return readTarDump(path);
  }
}

// packages/restore-verify/src/ledger.ts
var VERSION_COLUMN = {
  alembic_version: { column: "version_num" },
  schema_migrations: { column: "version" },
  flyway_schema_history: { column: "version", applied: (r) => r.success === "t" || r.success === "true", sql: "success" },
  _prisma_migrations: { column: "migration_name", applied: (r) => r.finished_at !== "" && (r.rolled_back_at ?? "") === "", sql: "finished_at IS NOT NULL AND rolled_back_at IS NULL" },
  django_migrations: { column: "name" }
};
function isVersionLedger(name2) {
  return name2 in VERSION_COLUMN;
}
function ledgerVersionsFromDump(ledgers) {
  let out = [];
  for (let l of ledgers) {
    let spec = VERSION_COLUMN[l.name];
    if (!spec) continue;
    let at = l.columns.indexOf(spec.column);
    if (at === -1) continue;
    let versions = l.rows.filter((row) => !spec.applied || spec.applied(Object.fromEntries(l.columns.map((c, i) => [c, row[i] ?? ""])))).map((row) => row[at] ?? "").filter((v2) => v2 !== "");
    out.push({ schema: l.schema, name: l.name, versions: sortNatural(versions) });
  }
  return out;
}
async function ledgerVersionsFromDb(client, t) {
  let spec = VERSION_COLUMN[t.name];
  if (spec)
    try {
      let where = spec.sql ? ` WHERE ${spec.sql}` : "", r = await client.query(`SELECT ${quoteIdent(spec.column)}::text AS v FROM ${quoteIdent(t.schema)}.${quoteIdent(t.name)}${where}`);
      return sortNatural(r.rows.map((x) => x.v ?? "").filter((v2) => v2 !== ""));
    } catch (error) {
      let code = error.code;
      return code === "42P01" || code === "42703" ? void 0 : { error: error.message };
    }
}
function sortNatural(values) {
  return [...values].sort((a, b) => a.localeCompare(b, "en", { numeric: !0 }));
}
function versionsAhead(ref, got, ledger) {
  let newer = got.filter((v2) => !ref.includes(v2));
  if (newer.length === 0) return;
  if (ref.every((v2) => got.includes(v2))) return newer;
  let numbered = (v2) => /^\d/.test(v2);
  if (ledger === "alembic_version" && ref.length === 1 && got.length === 1 && numbered(ref[0]) && numbered(got[0]) && sortNatural([ref[0], got[0]])[1] === got[0]) return newer;
}
function describeVersions(v2) {
  return v2.length === 0 ? "no version" : v2.length <= 3 ? v2.join(", ") : `${v2.length} versions up to ${v2[v2.length - 1]}`;
}

// packages/restore-verify/src/manifest.ts
import { readFile } from "node:fs/promises";
var MANIFEST_FORMAT = "preflight-restore-manifest/1";
async function writeManifest(path, m) {
  writeUnmaskedFileAtomic(path, JSON.stringify(m, null, 2) + `
`, "write-manifest");
}
async function readManifest(path) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new UsageError(`--manifest ${path} cannot be read; give the file written by --write-manifest.`);
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`--manifest ${path} is not JSON; give the file written by --write-manifest.`);
  }
  let m = data && typeof data == "object" && !Array.isArray(data) ? data : {}, tablesOk = Array.isArray(m.tables) && m.tables.every((t) => t && typeof t.schema == "string" && typeof t.name == "string" && Number.isInteger(t.rows) && t.rows >= 0);
  if (m.format !== MANIFEST_FORMAT || !tablesOk || typeof m.takenAt != "string")
    throw new UsageError(`--manifest ${path} is not a restore-verify manifest (format ${MANIFEST_FORMAT} with tables of schema, name and rows); write one with --write-manifest.`);
  return { ...m, ledgers: Array.isArray(m.ledgers) ? m.ledgers : [], estimated: m.estimated === !0 };
}

// packages/restore-verify/src/min-rows.ts
function checkMinRows(thresholds, side, searchPath) {
  let out = [], path = searchPath.length > 0 ? searchPath : ["public"];
  for (let t of thresholds) {
    let candidates = t.parts.length === 2 ? [{ schema: t.parts[0], name: t.parts[1] }] : path.map((schema) => ({ schema, name: t.parts[0] })), hit = candidates.find((c) => side.tables.has(tableKey(c))), object = displayTable(hit ?? candidates[0]), given = `--min-rows ${t.text}=${t.min}`;
    if (!hit) {
      out.push({ rule: "min-rows", severity: "error", object, message: `${object}: no such table in ${side.label} (searched ${path.join(", ")}), at least ${formatCount(t.min)} rows expected (${given}).` });
      continue;
    }
    let count = side.tables.get(tableKey(hit)).count;
    "error" in count ? out.push({ rule: "count-failed", severity: "error", object, message: `${object}: the count in ${side.label} could not be read (${count.error}), so ${given} is not met.` }) : count.rows < t.min && out.push({ rule: "min-rows", severity: "error", object, message: `${object}: ${formatCount(count.rows)} rows${count.estimated ? " (estimated)" : ""} in ${side.label}, at least ${formatCount(t.min)} expected (${given}).` });
  }
  return out;
}

// packages/restore-verify/src/sequences.ts
async function sequenceFindings(client) {
  let { rows } = await client.query(
    `SELECT sn.nspname AS seq_schema, s.relname AS seq_name, tn.nspname AS tbl_schema, t.relname AS tbl_name, a.attname AS col,
            q.last_value::text, q.start_value::text, q.increment_by::text,
            pg_catalog.has_sequence_privilege(s.oid, 'SELECT') AS readable
       FROM pg_catalog.pg_class s
       JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
       JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.oid
                                  AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
       JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
       JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
       JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
       JOIN pg_catalog.pg_sequences q ON q.schemaname = sn.nspname AND q.sequencename = s.relname
      WHERE s.relkind = 'S' AND t.relkind IN ('r', 'p')
      ORDER BY 1, 2`
  ), out = [];
  for (let r of rows) {
    let seq = displayTable({ schema: r.seq_schema, name: r.seq_name }), table = displayTable({ schema: r.tbl_schema, name: r.tbl_name });
    if (!r.readable) {
      out.push({ rule: "count-failed", severity: "error", object: seq, message: `${seq}: the role may not read this sequence, so whether it is behind ${table}.${r.col} is unknown.`, fix: `GRANT SELECT ON SEQUENCE ${seq} TO <role>;` });
      continue;
    }
    let increment = BigInt(r.increment_by), next = r.last_value === null ? BigInt(r.start_value) : BigInt(r.last_value) + increment, max;
    try {
      let m = await client.query(`SELECT max(${quoteIdent(r.col)})::text AS m FROM ${quoteIdent(r.tbl_schema)}.${quoteIdent(r.tbl_name)}`);
      max = m.rows[0].m === null ? null : BigInt(m.rows[0].m);
    } catch (error) {
      out.push({ rule: "count-failed", severity: "error", object: seq, message: `${seq}: max(${r.col}) of ${table} could not be read (${error.message}).` });
      continue;
    }
    max === null || !(increment > 0n ? next <= max : next >= max) || out.push({
      rule: "sequence-behind",
      severity: "error",
      object: seq,
      message: `${seq}: next value ${fmt(next)} but ${table}.${r.col} is already ${fmt(max)}: the next INSERT fails with a duplicate key.`,
      fix: `SELECT pg_catalog.setval('${seq.replace(/'/g, "''")}', (SELECT max(${quoteIdent(r.col)}) FROM ${table}));`
    });
  }
  return out;
}
function fmt(n2) {
  return formatCount(n2);
}

// packages/restore-verify/src/summary-table.ts
var rank = { "missing table": 0, "missing rows": 1, truncated: 2, unknown: 3, "extra rows": 4, ok: 5 };
function summaryTable(rows, findings) {
  if (rows.length === 0) return;
  let truncated = new Set(findings.filter((f) => f.rule === "dump-truncated").map((f) => f.object)), out = rows.map((r) => ({ ...r, status: r.status === "ok" && truncated.has(r.table) ? "truncated" : r.status }));
  return out.sort((a, b) => rank[a.status] - rank[b.status] || a.table.localeCompare(b.table) || a.reference.localeCompare(b.reference)), {
    title: "Tables",
    header: ["table", "reference", "reference rows", "restored rows", "status"],
    rows: out.map((r) => [r.table, r.reference, r.referenceRows, r.restoredRows, r.status === "ok" ? "ok" : `**${r.status}**`])
  };
}

// packages/restore-verify/src/run.ts
var COUNT_PARALLELISM = 4;
async function runRestoreVerify(inputs, ctx) {
  let restoredTarget = inputs["database-url"] ? parseConnection(inputs["database-url"], { inputName: "database-url", ...timeouts(inputs) }) : void 0, restoreStarted = !1;
  try {
    let result = await verify(inputs, ctx, restoredTarget, () => restoreStarted = !0);
    return restoreStarted && inputs["drop-after"] && (result.stats = { ...result.stats, dropped: !0 }), result;
  } finally {
    if (restoreStarted && inputs["drop-after"] && restoredTarget) {
      let { dropDatabase } = await import("./restore-TSQQJ5YT.js");
      await dropDatabase(restoredTarget, ctx);
    }
  }
}
function timeouts(inputs) {
  let statement = inputs["statement-timeout"];
  return { connectTimeoutMs: inputs["connect-timeout"], answerTimeoutMs: statement > 0 ? statement + inputs["connect-timeout"] : void 0 };
}
async function verify(inputs, ctx, restoredTarget, onRestore) {
  let findings = [], stats = {}, minRows = parseMinRows(inputs["min-rows"]), sourceTarget = inputs["source-url"] ? parseConnection(inputs["source-url"], { inputName: "source-url", ...timeouts(inputs) }) : void 0, countOpts = { statementTimeoutMs: inputs["statement-timeout"], parallel: Math.max(COUNT_PARALLELISM, inputs.jobs), estimate: inputs.estimate }, dump;
  if (inputs.dump) {
    let path = inputs.dump;
    dump = await ctx.log.group("Reading the dump", () => readDump(path)), findings.push(...dumpFindings(dump, path)), Object.assign(stats, dumpStats(dump)), inputs["max-age"] !== void 0 && findings.push(...ageFindings(dump, inputs["max-age"], path));
  }
  if (inputs.restore && dump && restoredTarget) {
    let { restoreDump } = await import("./restore-TSQQJ5YT.js");
    findings.push(...await ctx.log.group("Restoring the dump", () => restoreDump(inputs.dump, dump, restoredTarget, inputs, ctx, onRestore)));
  }
  if (inputs["check-schema"] && dump && restoredTarget) {
    let { checkSchema } = await import("./check-schema-MY43NWDI.js");
    findings.push(...await ctx.log.group("Comparing the restored schema with the dump's", () => checkSchema(inputs.dump, dump, restoredTarget, { timeoutMs: inputs["restore-timeout"], ctx })));
  }
  let references = [];
  if (sourceTarget) {
    let source = await ctx.log.group("Counting the source database", () => readLive(sourceTarget, "the source database", countOpts));
    findings.push(...source.findings), references.push({ side: source.side, ledgers: source.ledgers }), stats.sourceTables = source.side.tables.size, inputs["write-manifest"] && (await writeManifest(inputs["write-manifest"], {
      format: MANIFEST_FORMAT,
      takenAt: (/* @__PURE__ */ new Date()).toISOString(),
      source: sourceTarget.display,
      estimated: inputs.estimate,
      tables: [...source.side.tables.values()].flatMap(({ table: table2, count }) => "error" in count ? [] : [{ schema: table2.schema, name: table2.name, rows: count.rows }]),
      ledgers: source.ledgers
    }), stats.manifestWritten = inputs["write-manifest"]);
  }
  if (inputs.manifest) {
    let m = await readManifest(inputs.manifest);
    references.push({ side: sideFrom(`the manifest (${m.takenAt})`, m.tables.map((t) => ({ table: t, count: { rows: t.rows, estimated: m.estimated || void 0 } }))), ledgers: m.ledgers });
  }
  let restored, restoredLedgers = /* @__PURE__ */ new Map();
  if (restoredTarget) {
    let wanted = /* @__PURE__ */ new Map();
    for (let r of references) for (let [k, v2] of r.side.tables) wanted.set(k, v2.table);
    for (let t of dump?.tables ?? []) wanted.set(tableKey(t), t);
    let live = await ctx.log.group(
      "Counting the restored database",
      () => readLive(restoredTarget, "the restored database", countOpts, async (client, tables) => {
        findings.push(...await sequenceFindings(client));
        let ledgerTables = [...tables.values()].filter((t) => isVersionLedger(t.name));
        for (let t of ledgerTables) restoredLedgers.set(tableKey(t), await ledgerVersionsFromDb(client, t));
        return wanted.size > 0 ? [...tables.values()].filter((t) => wanted.has(tableKey(t))) : [...tables.values()];
      })
    );
    findings.push(...live.findings), restored = live.side, stats.restoredTables = restored.tables.size, dump && references.unshift({ side: sideFrom("the dump", dump.tables.map((t) => ({ table: t, count: { rows: t.rows } }))), ledgers: ledgerVersionsFromDump(dump.ledgers) });
  } else dump && (restored = sideFrom("the dump", dump.tables.map((t) => ({ table: t, count: { rows: t.rows } }))), restoredLedgers = new Map(ledgerVersionsFromDump(dump.ledgers).map((l) => [tableKey(l), l.versions])));
  let rows = [];
  if (restored) {
    for (let ref of references) {
      if (ref.side === void 0 || ref.side.label === restored.label) continue;
      let result = compareSides(restored, ref.side);
      findings.push(...result.findings), rows.push(...result.rows), findings.push(...ledgerFindings(restored.label, restoredLedgers, ref.side.label, ref.ledgers));
    }
    findings.push(...checkMinRows(minRows, restored, dump?.searchPath ?? []));
  }
  !(sourceTarget || inputs.manifest || minRows.length > 0) && (dump || restoredTarget) && findings.push({
    rule: "no-reference",
    severity: "warning",
    object: inputs.dump ?? restoredTarget?.display ?? "restore",
    message: `Only ${dump ? "the dump" : "the restored database itself"} was the reference: a restore of a partial dump matches that dump exactly. Give --source-url (the live source), --manifest (written at backup time with --write-manifest) or --min-rows TABLE=N.`
  });
  let table = summaryTable(rows, findings);
  return { findings, stats, summary: summaryLine(dump, restored, findings), ...table ? { tables: [table] } : {} };
}
async function readLive(target, label, opts, pick) {
  let client = await connectClient(target, { applicationName: "preflight restore-verify" });
  try {
    await client.query(`SET statement_timeout = ${Math.max(1, Math.round(opts.statementTimeoutMs))}`);
    let tables = await listTables(client), toCount = pick ? await pick(client, tables) : [...tables.values()], ledgers = [];
    if (!pick)
      for (let t of tables.values()) {
        if (!isVersionLedger(t.name)) continue;
        let v2 = await ledgerVersionsFromDb(client, t);
        Array.isArray(v2) && ledgers.push({ schema: t.schema, name: t.name, versions: v2 });
      }
    let counts = await countTables(target, toCount, { ...opts, label }, client), entries = [...tables.values()].map((t) => ({ table: t, count: counts.get(tableKey(t)) ?? { error: "not counted" } }));
    return { side: sideFrom(label, entries.filter((e) => counts.has(tableKey(e.table)) || !pick)), ledgers, findings: [] };
  } catch (error) {
    throw error instanceof CouldNotRunError || error instanceof UsageError ? error : new CouldNotRunError(`Reading ${label} (${target.display}) failed: ${error.message ?? String(error)}.`);
  } finally {
    await client.end().catch(() => {
    });
  }
}
function dumpFindings(dump, path) {
  return dump.problems.map((p) => ({
    rule: p.rule,
    severity: "error",
    object: p.object === "dump" ? path : p.object,
    message: p.message,
    file: path,
    ...p.line !== void 0 && dump.format === "plain" ? { line: p.line } : {}
  }));
}
function dumpStats(dump) {
  let s = {
    dumpFormat: dump.format,
    dumpTables: dump.tables.length,
    dumpRows: dump.tables.reduce((a, t) => a + t.rows, 0),
    dumpComplete: dump.complete && dump.problems.length === 0
  };
  return dump.header.takenAt && (s.dumpTakenAt = dump.header.takenAt.toISOString()), dump.header.dbname && (s.dumpDatabase = dump.header.dbname), dump.header.serverVersion && (s.dumpServerVersion = dump.header.serverVersion), dump.header.dumpVersion && (s.pgDumpVersion = dump.header.dumpVersion), dump.header.archiveVersion && (s.archiveVersion = dump.header.archiveVersion), s;
}
function ageFindings(dump, maxAgeMs, path) {
  let at = dump.header.takenAt;
  if (!at)
    return [{ rule: "dump-age-unknown", severity: "error", object: path, file: path, message: `The dump has no timestamp in its header, so --max-age ${formatAge(maxAgeMs)} cannot be checked (plain dumps carry one only with pg_dump --verbose; custom, directory and tar always do).` }];
  let age = Date.now() - at.getTime();
  return age <= maxAgeMs ? [] : [{ rule: "dump-too-old", severity: "error", object: path, file: path, message: `The dump was taken ${at.toISOString().replace("T", " ").slice(0, 16)} UTC${dump.header.dbname ? ` from database ${dump.header.dbname}` : ""}, ${formatAge(age)} ago (max-age ${formatAge(maxAgeMs)}).` }];
}
function formatAge(ms) {
  let h = ms / 36e5;
  return h >= 48 ? `${Math.floor(h / 24)} days` : h >= 1 ? `${Math.floor(h)}h` : `${Math.max(1, Math.round(ms / 6e4))}m`;
}
function ledgerFindings(restoredLabel, restored, refLabel, refLedgers) {
  let out = [];
  for (let l of refLedgers) {
    let object = displayTable(l), got = restored.get(tableKey(l));
    if (got === void 0) continue;
    if (!Array.isArray(got)) {
      out.push({ rule: "count-failed", severity: "error", object, message: `${object}: the ledger in ${restoredLabel} could not be read (${got.error}).` });
      continue;
    }
    if (got.join(`
`) === l.versions.join(`
`)) continue;
    let newer = versionsAhead(l.versions, got, l.name);
    if (newer) {
      out.push({ rule: "ledger-ahead", severity: "warning", object, message: `${object}: ${restoredLabel} records every version of ${refLabel} and ${newer.length} more (${describeVersions(newer)}): migrations applied after it was taken.` });
      continue;
    }
    out.push({ rule: "ledger-mismatch", severity: "error", object, message: `${object}: ${refLabel} records ${describeVersions(l.versions)}, ${restoredLabel} ${describeVersions(got)}.` });
  }
  return out;
}
function summaryLine(dump, restored, findings) {
  let parts = [];
  dump && parts.push(`${dump.format} dump: ${dump.tables.length} tables, ${formatCount(dump.tables.reduce((a, t) => a + t.rows, 0))} rows`), restored && restored.label !== "the dump" && parts.push(`${restored.tables.size} tables counted in the restored database`);
  let short = findings.filter((f) => f.rule === "rows-missing" || f.rule === "table-missing").length;
  short && parts.push(`${short} table${short === 1 ? "" : "s"} incomplete`);
  let errors = findings.filter((f) => f.severity === "error").length;
  return parts.push(errors ? `${errors} blocking finding${errors === 1 ? "" : "s"}` : "complete"), parts.join("; ");
}
export {
  runRestoreVerify
};
