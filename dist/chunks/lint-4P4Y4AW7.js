import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-NRNS3NRG.js";

// node_modules/@pgsql/types/types.js
var require_types = __commonJS({
  "node_modules/@pgsql/types/types.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: !0 });
  }
});

// node_modules/@pgsql/types/enums.js
var require_enums = __commonJS({
  "node_modules/@pgsql/types/enums.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: !0 });
  }
});

// node_modules/@pgsql/types/index.js
var require_types2 = __commonJS({
  "node_modules/@pgsql/types/index.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      k2 === void 0 && (k2 = k);
      var desc = Object.getOwnPropertyDescriptor(m, k);
      (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) && (desc = { enumerable: !0, get: function() {
        return m[k];
      } }), Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      k2 === void 0 && (k2 = k), o[k2] = m[k];
    })), __exportStar = exports && exports.__exportStar || function(m, exports2) {
      for (var p in m) p !== "default" && !Object.prototype.hasOwnProperty.call(exports2, p) && __createBinding(exports2, m, p);
    };
    Object.defineProperty(exports, "__esModule", { value: !0 });
    __exportStar(require_types(), exports);
    __exportStar(require_enums(), exports);
  }
});

// node_modules/libpg-query/wasm/libpg-query.js
var require_libpg_query = __commonJS({
  "node_modules/libpg-query/wasm/libpg-query.js"(exports, module) {
    var PgQueryModule = (() => {
      var _scriptName = globalThis.document?.currentScript?.src;
      return async function(moduleArg = {}) {
        var Module = moduleArg, ENVIRONMENT_IS_WEB = !!globalThis.window, ENVIRONMENT_IS_WORKER = !!globalThis.WorkerGlobalScope, ENVIRONMENT_IS_NODE = globalThis.process?.versions?.node && globalThis.process?.type != "renderer", programArgs = [], thisProgram = "./this.program", quit_ = (status, toThrow) => {
          throw toThrow;
        };
        typeof __filename < "u" ? _scriptName = __filename : ENVIRONMENT_IS_WORKER && (_scriptName = self.location.href);
        var scriptDirectory = "";
        function locateFile(path) {
          return Module.locateFile ? Module.locateFile(path, scriptDirectory) : scriptDirectory + path;
        }
        var readAsync, readBinary;
        if (ENVIRONMENT_IS_NODE) {
          var fs = __require("node:fs");
          scriptDirectory = __dirname + "/", readBinary = (filename) => {
            filename = isFileURI(filename) ? new URL(filename) : filename;
            var ret = fs.readFileSync(filename);
            return ret;
          }, readAsync = async (filename, binary = !0) => {
            filename = isFileURI(filename) ? new URL(filename) : filename;
            var ret = fs.readFileSync(filename, binary ? void 0 : "utf8");
            return ret;
          }, process.argv.length > 1 && (thisProgram = process.argv[1].replace(/\\/g, "/")), programArgs = process.argv.slice(2), quit_ = (status, toThrow) => {
            throw process.exitCode = status, toThrow;
          };
        } else if (ENVIRONMENT_IS_WEB || ENVIRONMENT_IS_WORKER) {
          try {
            scriptDirectory = new URL(".", _scriptName).href;
          } catch {
          }
          ENVIRONMENT_IS_WORKER && (readBinary = (url) => {
            var xhr = new XMLHttpRequest();
            return xhr.open("GET", url, !1), xhr.responseType = "arraybuffer", xhr.send(null), new Uint8Array(xhr.response);
          }), readAsync = async (url) => {
            var response = await fetch(url, { credentials: "same-origin" });
            if (response.ok)
              return response.arrayBuffer();
            throw new Error(response.status + " : " + response.url);
          };
        }
        var out = console.log.bind(console), err = console.error.bind(console), wasmBinary, ABORT = !1, EXITSTATUS, isFileURI = (filename) => filename.startsWith("file://");
        class EmscriptenEH {
        }
        class EmscriptenSjLj extends EmscriptenEH {
        }
        var runtimeInitialized = !1;
        function getMemoryBuffer() {
          return wasmMemory.buffer;
        }
        function updateMemoryViews() {
          if (!HEAP8?.buffer?.resizable) {
            var b = getMemoryBuffer();
            HEAP8 = new Int8Array(b), HEAP16 = new Int16Array(b), Module.HEAPU8 = HEAPU8 = new Uint8Array(b), HEAPU16 = new Uint16Array(b), HEAP32 = new Int32Array(b), Module.HEAPU32 = HEAPU32 = new Uint32Array(b), HEAPF32 = new Float32Array(b), HEAPF64 = new Float64Array(b), HEAP64 = new BigInt64Array(b), HEAPU64 = new BigUint64Array(b);
          }
        }
        function preRun() {
          var preRun2 = Module.preRun;
          preRun2 && (typeof preRun2 == "function" && (preRun2 = [preRun2]), onPreRuns.push(...preRun2)), callRuntimeCallbacks(onPreRuns);
        }
        function initRuntime() {
          runtimeInitialized = !0, !Module.noFSInit && !FS.initialized && FS.init(), TTY.init(), wasmExports.A(), FS.ignorePermissions = !1;
        }
        function postRun() {
          var postRun2 = Module.postRun;
          postRun2 && (typeof postRun2 == "function" && (postRun2 = [postRun2]), onPostRuns.push(...postRun2)), callRuntimeCallbacks(onPostRuns);
        }
        function abort(what) {
          Module.onAbort?.(what), what = `Aborted(${what})`, err(what), ABORT = !0, what += ". Build with -sASSERTIONS for more info.";
          var e = new WebAssembly.RuntimeError(what);
          throw e;
        }
        var wasmBinaryFile;
        function findWasmBinary() {
          return locateFile("libpg-query.wasm");
        }
        function getBinarySync(file) {
          if (readBinary)
            return readBinary(file);
          throw "both async and sync fetching of the wasm failed";
        }
        async function getWasmBinary(binaryFile) {
          if (!wasmBinary)
            try {
              var response = await readAsync(binaryFile);
              return new Uint8Array(response);
            } catch {
            }
          return getBinarySync(binaryFile);
        }
        async function instantiateArrayBuffer(binaryFile, imports) {
          try {
            var binary = await getWasmBinary(binaryFile), instance = await WebAssembly.instantiate(binary, imports);
            return instance;
          } catch (reason) {
            err(`failed to asynchronously prepare wasm: ${reason}`), abort(reason);
          }
        }
        async function instantiateAsync(binary, binaryFile, imports) {
          if (!binary && !ENVIRONMENT_IS_NODE)
            try {
              var response = fetch(binaryFile, { credentials: "same-origin" }), instantiationResult = await WebAssembly.instantiateStreaming(response, imports);
              return instantiationResult;
            } catch (reason) {
              err(`wasm streaming compile failed: ${reason}`), err("falling back to ArrayBuffer instantiation");
            }
          return instantiateArrayBuffer(binaryFile, imports);
        }
        function getWasmImports() {
          var imports = { a: wasmImports };
          return imports;
        }
        async function createWasm() {
          function receiveInstance(instance) {
            return wasmExports = instance.exports, assignWasmExports(wasmExports), updateMemoryViews(), wasmExports;
          }
          function receiveInstantiationResult(result2) {
            return receiveInstance(result2.instance);
          }
          var info = getWasmImports(), instantiateWasm = Module.instantiateWasm;
          if (instantiateWasm)
            return new Promise((resolve) => {
              instantiateWasm(info, (inst) => resolve(receiveInstance(inst)));
            });
          wasmBinaryFile ??= findWasmBinary();
          var result = await instantiateAsync(wasmBinary, wasmBinaryFile, info), exports2 = receiveInstantiationResult(result);
          return exports2;
        }
        class ExitStatus {
          name = "ExitStatus";
          constructor(status) {
            this.message = `Program terminated with exit(${status})`, this.status = status;
          }
        }
        var HEAP16, HEAP32, HEAP64, HEAP8, HEAPF32, HEAPF64, HEAPU16, HEAPU32, HEAPU64, HEAPU8, callRuntimeCallbacks = (callbacks) => {
          for (; callbacks.length > 0; )
            callbacks.shift()(Module);
        }, onPostRuns = [], onPreRuns = [];
        function getValue(ptr, type = "i8") {
          switch (type.endsWith("*") && (type = "*"), type) {
            case "i1":
              return HEAP8[ptr];
            case "i8":
              return HEAP8[ptr];
            case "i16":
              return HEAP16[ptr >> 1];
            case "i32":
              return HEAP32[ptr >> 2];
            case "i64":
              return HEAP64[ptr >> 3];
            case "float":
              return HEAPF32[ptr >> 2];
            case "double":
              return HEAPF64[ptr >> 3];
            case "*":
              return HEAPU32[ptr >> 2];
            default:
              abort(`invalid type for getValue: ${type}`);
          }
        }
        var noExitRuntime = !0, stackRestore = (val) => __emscripten_stack_restore(val), stackSave = () => _emscripten_stack_get_current(), UTF8Decoder = globalThis.TextDecoder && new TextDecoder(), findStringEnd = (heapOrArray, idx, maxBytesToRead, ignoreNul) => {
          var maxIdx = idx + maxBytesToRead;
          if (ignoreNul) return maxIdx;
          for (; heapOrArray[idx] && !(idx >= maxIdx); ) ++idx;
          return idx;
        }, UTF8ArrayToString = (heapOrArray, idx = 0, maxBytesToRead, ignoreNul) => {
          var endPtr = findStringEnd(heapOrArray, idx, maxBytesToRead, ignoreNul);
          if (endPtr - idx > 16 && heapOrArray.buffer && UTF8Decoder)
            return UTF8Decoder.decode(heapOrArray.subarray(idx, endPtr));
          for (var str = ""; idx < endPtr; ) {
            var u0 = heapOrArray[idx++];
            if (!(u0 & 128)) {
              str += String.fromCharCode(u0);
              continue;
            }
            var u1 = heapOrArray[idx++] & 63;
            if ((u0 & 224) == 192) {
              str += String.fromCharCode((u0 & 31) << 6 | u1);
              continue;
            }
            var u2 = heapOrArray[idx++] & 63;
            if ((u0 & 240) == 224 ? u0 = (u0 & 15) << 12 | u1 << 6 | u2 : u0 = (u0 & 7) << 18 | u1 << 12 | u2 << 6 | heapOrArray[idx++] & 63, u0 < 65536)
              str += String.fromCharCode(u0);
            else {
              var ch = u0 - 65536;
              str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
            }
          }
          return str;
        }, UTF8ToString = (ptr, maxBytesToRead, ignoreNul) => ptr ? UTF8ArrayToString(HEAPU8, ptr, maxBytesToRead, ignoreNul) : "", ___assert_fail = (condition, filename, line, func) => abort(`Assertion failed: ${UTF8ToString(condition)}, at: ` + [filename ? UTF8ToString(filename) : "unknown filename", line, func ? UTF8ToString(func) : "unknown function"]), __abort_js = () => abort(""), runtimeKeepaliveCounter = 0, __emscripten_runtime_keepalive_clear = () => {
          noExitRuntime = !1, runtimeKeepaliveCounter = 0;
        }, __emscripten_throw_longjmp = () => {
          throw new EmscriptenSjLj();
        }, timers = {}, handleException = (e) => {
          if (e instanceof ExitStatus || e == "unwind")
            return EXITSTATUS;
          quit_(1, e);
        }, keepRuntimeAlive = () => noExitRuntime || runtimeKeepaliveCounter > 0, _proc_exit = (code) => {
          EXITSTATUS = code, keepRuntimeAlive() || (Module.onExit?.(code), ABORT = !0), quit_(code, new ExitStatus(code));
        }, exitJS = (status, implicit) => {
          EXITSTATUS = status, _proc_exit(status);
        }, _exit = exitJS, maybeExit = () => {
          if (!keepRuntimeAlive())
            try {
              _exit(EXITSTATUS);
            } catch (e) {
              handleException(e);
            }
        }, callUserCallback = (func) => {
          if (!ABORT)
            try {
              return func();
            } catch (e) {
              handleException(e);
            } finally {
              maybeExit();
            }
        }, _emscripten_get_now = () => performance.now(), __setitimer_js = (which, timeout_ms) => {
          if (timers[which] && (clearTimeout(timers[which].id), delete timers[which]), !timeout_ms) return 0;
          var id = setTimeout(() => {
            delete timers[which], callUserCallback(() => __emscripten_timeout(which, _emscripten_get_now()));
          }, timeout_ms);
          return timers[which] = { id, timeout_ms }, 0;
        }, getHeapMax = () => 1073741824, alignMemory = (size, alignment) => Math.ceil(size / alignment) * alignment, growMemory = (size) => {
          var oldHeapSize = wasmMemory.buffer.byteLength, pages = (size - oldHeapSize + 65535) / 65536 | 0;
          try {
            return wasmMemory.grow(pages), updateMemoryViews(), 1;
          } catch {
          }
        }, _emscripten_resize_heap = (requestedSize) => {
          var oldSize = HEAPU8.length;
          requestedSize >>>= 0;
          var maxHeapSize = getHeapMax();
          if (requestedSize > maxHeapSize)
            return !1;
          for (var cutDown = 1; cutDown <= 4; cutDown *= 2) {
            var overGrownHeapSize = oldSize * (1 + 0.2 / cutDown);
            overGrownHeapSize = Math.min(overGrownHeapSize, requestedSize + 100663296);
            var newSize = Math.min(maxHeapSize, alignMemory(Math.max(requestedSize, overGrownHeapSize), 65536)), replacement = growMemory(newSize);
            if (replacement)
              return !0;
          }
          return !1;
        }, PATH = { isAbs: (path) => path.charAt(0) === "/", splitPath: (filename) => {
          var splitPathRe = /^(\/?|)([\s\S]*?)((?:\.{1,2}|[^\/]+?|)(\.[^.\/]*|))(?:[\/]*)$/;
          return splitPathRe.exec(filename).slice(1);
        }, normalizeArray: (parts, allowAboveRoot) => {
          for (var up = 0, i = parts.length - 1; i >= 0; i--) {
            var last = parts[i];
            last === "." ? parts.splice(i, 1) : last === ".." ? (parts.splice(i, 1), up++) : up && (parts.splice(i, 1), up--);
          }
          if (allowAboveRoot)
            for (; up; up--)
              parts.unshift("..");
          return parts;
        }, normalize: (path) => {
          var isAbsolute = PATH.isAbs(path), trailingSlash = path.slice(-1) === "/";
          return path = PATH.normalizeArray(path.split("/").filter((p) => !!p), !isAbsolute).join("/"), !path && !isAbsolute && (path = "."), path && trailingSlash && (path += "/"), (isAbsolute ? "/" : "") + path;
        }, dirname: (path) => {
          var result = PATH.splitPath(path), root = result[0], dir = result[1];
          return !root && !dir ? "." : (dir && (dir = dir.slice(0, -1)), root + dir);
        }, basename: (path) => path && path.match(/([^\/]+|\/)\/*$/)[1], join: (...paths) => PATH.normalize(paths.join("/")), join2: (l, r) => PATH.normalize(l + "/" + r) }, initRandomFill = () => {
          if (ENVIRONMENT_IS_NODE) {
            var nodeCrypto = __require("node:crypto");
            return (view) => (nodeCrypto.randomFillSync(view), 0);
          }
          return (view) => (crypto.getRandomValues(view), 0);
        }, randomFill = (view) => (randomFill = initRandomFill())(view), PATH_FS = { resolve: (...args) => {
          for (var resolvedPath = "", resolvedAbsolute = !1, i = args.length - 1; i >= -1 && !resolvedAbsolute; i--) {
            var path = i >= 0 ? args[i] : FS.cwd();
            if (typeof path != "string")
              throw new TypeError("Arguments to path.resolve must be strings");
            if (!path)
              return "";
            resolvedPath = path + "/" + resolvedPath, resolvedAbsolute = PATH.isAbs(path);
          }
          return resolvedPath = PATH.normalizeArray(resolvedPath.split("/").filter((p) => !!p), !resolvedAbsolute).join("/"), (resolvedAbsolute ? "/" : "") + resolvedPath || ".";
        }, relative: (from, to) => {
          from = PATH_FS.resolve(from).slice(1), to = PATH_FS.resolve(to).slice(1);
          function trim(arr) {
            for (var start = 0; start < arr.length && arr[start] === ""; start++)
              ;
            for (var end = arr.length - 1; end >= 0 && arr[end] === ""; end--)
              ;
            return start > end ? [] : arr.slice(start, end - start + 1);
          }
          for (var fromParts = trim(from.split("/")), toParts = trim(to.split("/")), length2 = Math.min(fromParts.length, toParts.length), samePartsLength = length2, i = 0; i < length2; i++)
            if (fromParts[i] !== toParts[i]) {
              samePartsLength = i;
              break;
            }
          for (var outputParts = [], i = samePartsLength; i < fromParts.length; i++)
            outputParts.push("..");
          return outputParts = outputParts.concat(toParts.slice(samePartsLength)), outputParts.join("/");
        } }, FS_stdin_getChar_buffer = [], lengthBytesUTF8 = (str) => {
          for (var len = 0, i = 0; i < str.length; ++i) {
            var c = str.charCodeAt(i);
            c <= 127 ? len++ : c <= 2047 ? len += 2 : c >= 55296 && c <= 57343 ? (len += 4, ++i) : len += 3;
          }
          return len;
        }, stringToUTF8Array = (str, heap, outIdx, maxBytesToWrite) => {
          if (!(maxBytesToWrite > 0)) return 0;
          for (var startIdx = outIdx, endIdx = outIdx + maxBytesToWrite - 1, i = 0; i < str.length; ++i) {
            var u = str.codePointAt(i);
            if (u <= 127) {
              if (outIdx >= endIdx) break;
              heap[outIdx++] = u;
            } else if (u <= 2047) {
              if (outIdx + 1 >= endIdx) break;
              heap[outIdx++] = 192 | u >> 6, heap[outIdx++] = 128 | u & 63;
            } else if (u <= 65535) {
              if (outIdx + 2 >= endIdx) break;
              heap[outIdx++] = 224 | u >> 12, heap[outIdx++] = 128 | u >> 6 & 63, heap[outIdx++] = 128 | u & 63;
            } else {
              if (outIdx + 3 >= endIdx) break;
              heap[outIdx++] = 240 | u >> 18, heap[outIdx++] = 128 | u >> 12 & 63, heap[outIdx++] = 128 | u >> 6 & 63, heap[outIdx++] = 128 | u & 63, i++;
            }
          }
          return heap[outIdx] = 0, outIdx - startIdx;
        }, intArrayFromString = (stringy, dontAddNull, length2) => {
          var len = length2 > 0 ? length2 : lengthBytesUTF8(stringy) + 1, u8array = new Array(len), numBytesWritten = stringToUTF8Array(stringy, u8array, 0, u8array.length);
          return dontAddNull && (u8array.length = numBytesWritten), u8array;
        }, FS_stdin_getChar = () => {
          if (!FS_stdin_getChar_buffer.length) {
            var result = null;
            if (ENVIRONMENT_IS_NODE) {
              var BUFSIZE = 256, buf = Buffer.alloc(BUFSIZE), bytesRead = 0, fd = process.stdin.fd;
              try {
                bytesRead = fs.readSync(fd, buf, 0, BUFSIZE);
              } catch (e) {
                if (e.toString().includes("EOF")) bytesRead = 0;
                else throw e;
              }
              bytesRead > 0 && (result = buf.slice(0, bytesRead).toString("utf-8"));
            } else globalThis.window?.prompt && (result = window.prompt("Input: "), result !== null && (result += `
`));
            if (!result)
              return null;
            FS_stdin_getChar_buffer = intArrayFromString(result, !0);
          }
          return FS_stdin_getChar_buffer.shift();
        }, TTY = { ttys: [], init() {
        }, shutdown() {
        }, register(dev, ops) {
          TTY.ttys[dev] = { input: [], output: [], ops }, FS.registerDevice(dev, TTY.stream_ops);
        }, stream_ops: { open(stream) {
          var tty = TTY.ttys[stream.node.rdev];
          if (!tty)
            throw new FS.ErrnoError(43);
          stream.tty = tty, stream.seekable = !1;
        }, close(stream) {
          stream.tty.ops.fsync(stream.tty);
        }, fsync(stream) {
          stream.tty.ops.fsync(stream.tty);
        }, read(stream, buffer, offset, length2, pos) {
          if (!stream.tty || !stream.tty.ops.get_char)
            throw new FS.ErrnoError(60);
          for (var bytesRead = 0, i = 0; i < length2; i++) {
            var result;
            try {
              result = stream.tty.ops.get_char(stream.tty);
            } catch {
              throw new FS.ErrnoError(29);
            }
            if (result === void 0 && bytesRead === 0)
              throw new FS.ErrnoError(6);
            if (result == null) break;
            bytesRead++, buffer[offset + i] = result;
          }
          return bytesRead && (stream.node.atime = Date.now()), bytesRead;
        }, write(stream, buffer, offset, length2, pos) {
          if (!stream.tty || !stream.tty.ops.put_char)
            throw new FS.ErrnoError(60);
          try {
            for (var i = 0; i < length2; i++)
              stream.tty.ops.put_char(stream.tty, buffer[offset + i]);
          } catch {
            throw new FS.ErrnoError(29);
          }
          return length2 && (stream.node.mtime = stream.node.ctime = Date.now()), i;
        } }, default_tty_ops: { get_char(tty) {
          return FS_stdin_getChar();
        }, put_char(tty, val) {
          val === null || val === 10 ? (out(UTF8ArrayToString(tty.output)), tty.output = []) : val != 0 && tty.output.push(val);
        }, fsync(tty) {
          tty.output?.length > 0 && (out(UTF8ArrayToString(tty.output)), tty.output = []);
        }, ioctl_tcgets(tty) {
          return { c_iflag: 25856, c_oflag: 5, c_cflag: 191, c_lflag: 35387, c_cc: [3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] };
        }, ioctl_tcsets(tty, optional_actions, data) {
          return 0;
        }, ioctl_tiocgwinsz(tty) {
          return [24, 80];
        } }, default_tty1_ops: { put_char(tty, val) {
          val === null || val === 10 ? (err(UTF8ArrayToString(tty.output)), tty.output = []) : val != 0 && tty.output.push(val);
        }, fsync(tty) {
          tty.output?.length > 0 && (err(UTF8ArrayToString(tty.output)), tty.output = []);
        } } }, mmapAlloc = (size) => {
          abort();
        }, MEMFS = { ops_table: null, mount(mount) {
          return MEMFS.createNode(null, "/", 16895, 0);
        }, createNode(parent, name, mode, dev) {
          if (FS.isBlkdev(mode) || FS.isFIFO(mode))
            throw new FS.ErrnoError(63);
          MEMFS.ops_table ||= { dir: { node: { getattr: MEMFS.node_ops.getattr, setattr: MEMFS.node_ops.setattr, lookup: MEMFS.node_ops.lookup, mknod: MEMFS.node_ops.mknod, rename: MEMFS.node_ops.rename, unlink: MEMFS.node_ops.unlink, rmdir: MEMFS.node_ops.rmdir, readdir: MEMFS.node_ops.readdir, symlink: MEMFS.node_ops.symlink }, stream: { llseek: MEMFS.stream_ops.llseek } }, file: { node: { getattr: MEMFS.node_ops.getattr, setattr: MEMFS.node_ops.setattr }, stream: { llseek: MEMFS.stream_ops.llseek, read: MEMFS.stream_ops.read, write: MEMFS.stream_ops.write, mmap: MEMFS.stream_ops.mmap, msync: MEMFS.stream_ops.msync } }, link: { node: { getattr: MEMFS.node_ops.getattr, setattr: MEMFS.node_ops.setattr, readlink: MEMFS.node_ops.readlink }, stream: {} }, chrdev: { node: { getattr: MEMFS.node_ops.getattr, setattr: MEMFS.node_ops.setattr }, stream: FS.chrdev_stream_ops } };
          var node = FS.createNode(parent, name, mode, dev);
          return FS.isDir(node.mode) ? (node.node_ops = MEMFS.ops_table.dir.node, node.stream_ops = MEMFS.ops_table.dir.stream, node.contents = {}) : FS.isFile(node.mode) ? (node.node_ops = MEMFS.ops_table.file.node, node.stream_ops = MEMFS.ops_table.file.stream, node.usedBytes = 0, node.contents = MEMFS.emptyFileContents ??= new Uint8Array(0)) : FS.isLink(node.mode) ? (node.node_ops = MEMFS.ops_table.link.node, node.stream_ops = MEMFS.ops_table.link.stream) : FS.isChrdev(node.mode) && (node.node_ops = MEMFS.ops_table.chrdev.node, node.stream_ops = MEMFS.ops_table.chrdev.stream), node.atime = node.mtime = node.ctime = Date.now(), parent && (parent.contents[name] = node, parent.atime = parent.mtime = parent.ctime = node.atime), node;
        }, getFileDataAsTypedArray(node) {
          return node.contents.subarray(0, node.usedBytes);
        }, expandFileStorage(node, newCapacity) {
          var prevCapacity = node.contents.length;
          if (!(prevCapacity >= newCapacity)) {
            var CAPACITY_DOUBLING_MAX = 1024 * 1024;
            newCapacity = Math.max(newCapacity, prevCapacity * (prevCapacity < CAPACITY_DOUBLING_MAX ? 2 : 1.125) >>> 0), prevCapacity && (newCapacity = Math.max(newCapacity, 256));
            var oldContents = MEMFS.getFileDataAsTypedArray(node);
            node.contents = new Uint8Array(newCapacity), node.contents.set(oldContents);
          }
        }, resizeFileStorage(node, newSize) {
          if (node.usedBytes != newSize) {
            var oldContents = node.contents;
            node.contents = new Uint8Array(newSize), node.contents.set(oldContents.subarray(0, Math.min(newSize, node.usedBytes))), node.usedBytes = newSize;
          }
        }, node_ops: { getattr(node) {
          var attr = {};
          return attr.dev = FS.isChrdev(node.mode) ? node.id : 1, attr.ino = node.id, attr.mode = node.mode, attr.nlink = 1, attr.uid = 0, attr.gid = 0, attr.rdev = node.rdev, FS.isDir(node.mode) ? attr.size = 4096 : FS.isFile(node.mode) ? attr.size = node.usedBytes : FS.isLink(node.mode) ? attr.size = node.link.length : attr.size = 0, attr.atime = new Date(node.atime), attr.mtime = new Date(node.mtime), attr.ctime = new Date(node.ctime), attr.blksize = 4096, attr.blocks = Math.ceil(attr.size / attr.blksize), attr;
        }, setattr(node, attr) {
          for (let key of ["mode", "atime", "mtime", "ctime"])
            attr[key] != null && (node[key] = attr[key]);
          attr.size !== void 0 && MEMFS.resizeFileStorage(node, attr.size);
        }, lookup(parent, name) {
          throw MEMFS.doesNotExistError || (MEMFS.doesNotExistError = new FS.ErrnoError(44), MEMFS.doesNotExistError.stack = "<generic error, no stack>"), MEMFS.doesNotExistError;
        }, mknod(parent, name, mode, dev) {
          return MEMFS.createNode(parent, name, mode, dev);
        }, rename(old_node, new_dir, new_name) {
          var new_node;
          try {
            new_node = FS.lookupNode(new_dir, new_name);
          } catch {
          }
          if (new_node) {
            if (FS.isDir(old_node.mode))
              for (var i in new_node.contents)
                throw new FS.ErrnoError(55);
            FS.hashRemoveNode(new_node);
          }
          delete old_node.parent.contents[old_node.name], new_dir.contents[new_name] = old_node, old_node.name = new_name, new_dir.ctime = new_dir.mtime = old_node.parent.ctime = old_node.parent.mtime = Date.now();
        }, unlink(parent, name) {
          delete parent.contents[name], parent.ctime = parent.mtime = Date.now();
        }, rmdir(parent, name) {
          var node = FS.lookupNode(parent, name);
          for (var i in node.contents)
            throw new FS.ErrnoError(55);
          delete parent.contents[name], parent.ctime = parent.mtime = Date.now();
        }, readdir(node) {
          return [".", "..", ...Object.keys(node.contents)];
        }, symlink(parent, newname, oldpath) {
          var node = MEMFS.createNode(parent, newname, 41471, 0);
          return node.link = oldpath, node;
        }, readlink(node) {
          if (!FS.isLink(node.mode))
            throw new FS.ErrnoError(28);
          return node.link;
        } }, stream_ops: { read(stream, buffer, offset, length2, position) {
          var contents = stream.node.contents;
          if (position >= stream.node.usedBytes) return 0;
          var size = Math.min(stream.node.usedBytes - position, length2);
          return buffer.set(contents.subarray(position, position + size), offset), size;
        }, write(stream, buffer, offset, length2, position, canOwn) {
          if (buffer.buffer === HEAP8.buffer && (canOwn = !1), !length2) return 0;
          var node = stream.node;
          return node.mtime = node.ctime = Date.now(), canOwn ? (node.contents = buffer.subarray(offset, offset + length2), node.usedBytes = length2) : node.usedBytes === 0 && position === 0 ? (node.contents = buffer.slice(offset, offset + length2), node.usedBytes = length2) : (MEMFS.expandFileStorage(node, position + length2), node.contents.set(buffer.subarray(offset, offset + length2), position), node.usedBytes = Math.max(node.usedBytes, position + length2)), length2;
        }, llseek(stream, offset, whence) {
          var position = offset;
          if (whence === 1 ? position += stream.position : whence === 2 && FS.isFile(stream.node.mode) && (position += stream.node.usedBytes), position < 0)
            throw new FS.ErrnoError(28);
          return position;
        }, mmap(stream, length2, position, prot, flags) {
          if (!FS.isFile(stream.node.mode))
            throw new FS.ErrnoError(43);
          var ptr, allocated, contents = stream.node.contents;
          if (!(flags & 2) && contents.buffer === HEAP8.buffer)
            allocated = !1, ptr = contents.byteOffset;
          else {
            if (allocated = !0, ptr = mmapAlloc(length2), !ptr)
              throw new FS.ErrnoError(48);
            contents && ((position > 0 || position + length2 < contents.length) && (contents.subarray ? contents = contents.subarray(position, position + length2) : contents = Array.prototype.slice.call(contents, position, position + length2)), HEAP8.set(contents, ptr));
          }
          return { ptr, allocated };
        }, msync(stream, buffer, offset, length2, mmapFlags) {
          return MEMFS.stream_ops.write(stream, buffer, 0, length2, offset, !1), 0;
        } } }, FS_modeStringToFlags = (str) => {
          if (typeof str != "string") return str;
          var flagModes = { r: 0, "r+": 2, w: 577, "w+": 578, a: 1089, "a+": 1090 }, flags = flagModes[str];
          if (typeof flags > "u")
            throw new Error(`Unknown file open mode: ${str}`);
          return flags;
        }, FS_fileDataToTypedArray = (data) => (typeof data == "string" && (data = intArrayFromString(data, !0)), data.subarray || (data = new Uint8Array(data)), data), FS_getMode = (canRead, canWrite) => {
          var mode = 0;
          return canRead && (mode |= 365), canWrite && (mode |= 146), mode;
        }, asyncLoad = async (url) => {
          var arrayBuffer = await readAsync(url);
          return new Uint8Array(arrayBuffer);
        }, FS_createDataFile = (...args) => FS.createDataFile(...args), getUniqueRunDependency = (id) => id, dependenciesPromise = null, resolveRunDependencies = async () => dependenciesPromise, runDependencies = 0, dependenciesPromiseResolve = null, removeRunDependency = (id) => {
          runDependencies--, Module.monitorRunDependencies?.(runDependencies), runDependencies || dependenciesPromiseResolve();
        }, addRunDependency = (id) => {
          runDependencies || (dependenciesPromise = new Promise((resolve) => dependenciesPromiseResolve = resolve)), runDependencies++, Module.monitorRunDependencies?.(runDependencies);
        }, preloadPlugins = [], FS_handledByPreloadPlugin = async (byteArray, fullname) => {
          typeof Browser < "u" && Browser.init();
          for (var plugin of preloadPlugins)
            if (plugin.canHandle(fullname))
              return plugin.handle(byteArray, fullname);
          return byteArray;
        }, FS_preloadFile = async (parent, name, url, canRead, canWrite, dontCreateFile, canOwn, preFinish) => {
          var fullname = name ? PATH_FS.resolve(PATH.join2(parent, name)) : parent, dep = getUniqueRunDependency(`cp ${fullname}`);
          addRunDependency(dep);
          try {
            var byteArray = url;
            typeof url == "string" && (byteArray = await asyncLoad(url)), byteArray = await FS_handledByPreloadPlugin(byteArray, fullname), preFinish?.(), dontCreateFile || FS_createDataFile(parent, name, byteArray, canRead, canWrite, canOwn);
          } finally {
            removeRunDependency(dep);
          }
        }, FS_createPreloadedFile = (parent, name, url, canRead, canWrite, onload, onerror, dontCreateFile, canOwn, preFinish) => {
          FS_preloadFile(parent, name, url, canRead, canWrite, dontCreateFile, canOwn, preFinish).then(onload).catch(onerror);
        }, FS = { root: null, mounts: [], devices: {}, streams: [], nextInode: 1, nameTable: null, currentPath: "/", initialized: !1, ignorePermissions: !0, filesystems: null, syncFSRequests: 0, ErrnoError: class {
          name = "ErrnoError";
          constructor(errno) {
            this.errno = errno;
          }
        }, FSStream: class {
          shared = {};
          get object() {
            return this.node;
          }
          set object(val) {
            this.node = val;
          }
          get isRead() {
            return (this.flags & 2097155) !== 1;
          }
          get isWrite() {
            return (this.flags & 2097155) !== 0;
          }
          get isAppend() {
            return this.flags & 1024;
          }
          get flags() {
            return this.shared.flags;
          }
          set flags(val) {
            this.shared.flags = val;
          }
          get position() {
            return this.shared.position;
          }
          set position(val) {
            this.shared.position = val;
          }
        }, FSNode: class {
          node_ops = {};
          stream_ops = {};
          readMode = 365;
          writeMode = 146;
          mounted = null;
          constructor(parent, name, mode, rdev) {
            parent || (parent = this), this.parent = parent, this.mount = parent.mount, this.id = FS.nextInode++, this.name = name, this.mode = mode, this.rdev = rdev, this.atime = this.mtime = this.ctime = Date.now();
          }
          get read() {
            return (this.mode & this.readMode) === this.readMode;
          }
          set read(val) {
            val ? this.mode |= this.readMode : this.mode &= ~this.readMode;
          }
          get write() {
            return (this.mode & this.writeMode) === this.writeMode;
          }
          set write(val) {
            val ? this.mode |= this.writeMode : this.mode &= ~this.writeMode;
          }
          get isFolder() {
            return FS.isDir(this.mode);
          }
          get isDevice() {
            return FS.isChrdev(this.mode);
          }
          addListener(cb, exclusive = !1) {
            var entry = { cb, exclusive }, listeners = this.listeners ??= /* @__PURE__ */ new Set();
            return listeners.add(entry), { listeners, entry };
          }
          notifyListeners(flags) {
            if (this.listeners) {
              var excl;
              for (var entry of this.listeners)
                entry.exclusive ? (excl ||= []).push(entry) : entry.cb(flags);
              if (excl) {
                var i = (this.exclTurn || 0) % excl.length;
                this.exclTurn = i + 1, excl[i].cb(flags);
              }
            }
          }
        }, lookupPath(path, opts = {}) {
          if (!path)
            throw new FS.ErrnoError(44);
          opts.follow_mount ??= !0, PATH.isAbs(path) || (path = FS.cwd() + "/" + path);
          linkloop: for (var nlinks = 0; nlinks < 40; nlinks++) {
            for (var parts = path.split("/").filter((p) => !!p), current = FS.root, current_path = "/", i = 0; i < parts.length; i++) {
              var islast = i === parts.length - 1;
              if (islast && opts.parent)
                break;
              if (parts[i] !== ".") {
                if (parts[i] === "..") {
                  if (current_path = PATH.dirname(current_path), FS.isRoot(current)) {
                    path = current_path + "/" + parts.slice(i + 1).join("/"), nlinks--;
                    continue linkloop;
                  } else
                    current = current.parent;
                  continue;
                }
                current_path = PATH.join2(current_path, parts[i]);
                try {
                  current = FS.lookupNode(current, parts[i]);
                } catch (e) {
                  if (e?.errno === 44 && islast && opts.noent_okay)
                    return { path: current_path };
                  throw e;
                }
                if (FS.isMountpoint(current) && (!islast || opts.follow_mount) && (current = current.mounted.root), FS.isLink(current.mode) && (!islast || opts.follow)) {
                  if (!current.node_ops.readlink)
                    throw new FS.ErrnoError(52);
                  var link = current.node_ops.readlink(current);
                  PATH.isAbs(link) || (link = PATH.dirname(current_path) + "/" + link), path = link + "/" + parts.slice(i + 1).join("/");
                  continue linkloop;
                }
              }
            }
            return { path: current_path, node: current };
          }
          throw new FS.ErrnoError(32);
        }, getPath(node) {
          for (var path; ; ) {
            if (FS.isRoot(node)) {
              var mount = node.mount.mountpoint;
              return path ? mount[mount.length - 1] !== "/" ? `${mount}/${path}` : mount + path : mount;
            }
            path = path ? `${node.name}/${path}` : node.name, node = node.parent;
          }
        }, hashName(parentid, name) {
          for (var hash = 0, i = 0; i < name.length; i++)
            hash = (hash << 5) - hash + name.charCodeAt(i) | 0;
          return (parentid + hash >>> 0) % FS.nameTable.length;
        }, hashAddNode(node) {
          var hash = FS.hashName(node.parent.id, node.name);
          node.name_next = FS.nameTable[hash], FS.nameTable[hash] = node;
        }, hashRemoveNode(node) {
          var hash = FS.hashName(node.parent.id, node.name);
          if (FS.nameTable[hash] === node)
            FS.nameTable[hash] = node.name_next;
          else
            for (var current = FS.nameTable[hash]; current; ) {
              if (current.name_next === node) {
                current.name_next = node.name_next;
                break;
              }
              current = current.name_next;
            }
        }, lookupNode(parent, name) {
          var errCode = FS.mayLookup(parent);
          if (errCode)
            throw new FS.ErrnoError(errCode);
          for (var hash = FS.hashName(parent.id, name), node = FS.nameTable[hash]; node; node = node.name_next) {
            var nodeName = node.name;
            if (node.parent.id === parent.id && nodeName === name)
              return node;
          }
          return FS.lookup(parent, name);
        }, createNode(parent, name, mode, rdev) {
          var node = new FS.FSNode(parent, name, mode, rdev);
          return FS.hashAddNode(node), node;
        }, destroyNode(node) {
          FS.hashRemoveNode(node);
        }, isRoot(node) {
          return node === node.parent;
        }, isMountpoint(node) {
          return !!node.mounted;
        }, isFile(mode) {
          return (mode & 61440) === 32768;
        }, isDir(mode) {
          return (mode & 61440) === 16384;
        }, isLink(mode) {
          return (mode & 61440) === 40960;
        }, isChrdev(mode) {
          return (mode & 61440) === 8192;
        }, isBlkdev(mode) {
          return (mode & 61440) === 24576;
        }, isFIFO(mode) {
          return (mode & 61440) === 4096;
        }, isSocket(mode) {
          return (mode & 49152) === 49152;
        }, flagsToPermissionString(flag) {
          var perms = ["r", "w", "rw"][flag & 3];
          return flag & 512 && (perms += "w"), perms;
        }, nodePermissions(node, perms) {
          return FS.ignorePermissions ? 0 : perms.includes("r") && !(node.mode & 292) || perms.includes("w") && !(node.mode & 146) || perms.includes("x") && !(node.mode & 73) ? 2 : 0;
        }, mayLookup(dir) {
          if (!FS.isDir(dir.mode)) return 54;
          var errCode = FS.nodePermissions(dir, "x");
          return errCode || (dir.node_ops.lookup ? 0 : 2);
        }, mayCreate(dir, name) {
          if (!FS.isDir(dir.mode))
            return 54;
          try {
            var node = FS.lookupNode(dir, name);
            return 20;
          } catch {
          }
          return FS.nodePermissions(dir, "wx");
        }, mayDelete(dir, name, isdir) {
          var node;
          try {
            node = FS.lookupNode(dir, name);
          } catch (e) {
            return e.errno;
          }
          var errCode = FS.nodePermissions(dir, "wx");
          if (errCode)
            return errCode;
          if (isdir) {
            if (!FS.isDir(node.mode))
              return 54;
            if (FS.isRoot(node) || FS.getPath(node) === FS.cwd())
              return 10;
          } else if (FS.isDir(node.mode))
            return 31;
          return 0;
        }, mayOpen(node, flags) {
          if (!node)
            return 44;
          if (FS.isLink(node.mode))
            return 32;
          var mode = FS.flagsToPermissionString(flags);
          return FS.isDir(node.mode) && (mode !== "r" || flags & 576) ? 31 : FS.nodePermissions(node, mode);
        }, checkOpExists(op, err2) {
          if (!op)
            throw new FS.ErrnoError(err2);
          return op;
        }, MAX_OPEN_FDS: 4096, nextfd() {
          for (var fd = 0; fd <= FS.MAX_OPEN_FDS; fd++)
            if (!FS.streams[fd])
              return fd;
          throw new FS.ErrnoError(33);
        }, getStreamChecked(fd) {
          var stream = FS.getStream(fd);
          if (!stream)
            throw new FS.ErrnoError(8);
          return stream;
        }, getStream: (fd) => FS.streams[fd], createStream(stream, fd = -1) {
          return stream = Object.assign(new FS.FSStream(), stream), fd == -1 && (fd = FS.nextfd()), stream.fd = fd, FS.streams[fd] = stream, stream;
        }, closeStream(fd) {
          FS.streams[fd] = null;
        }, dupStream(origStream, fd = -1) {
          var stream = FS.createStream(origStream, fd);
          return stream.stream_ops?.dup?.(stream), stream;
        }, doSetAttr(stream, node, attr) {
          var setattr = stream?.stream_ops.setattr, arg = setattr ? stream : node;
          setattr ??= node.node_ops.setattr, FS.checkOpExists(setattr, 63);
          try {
            setattr(arg, attr);
          } catch (e) {
            throw e instanceof RangeError ? new FS.ErrnoError(22) : e;
          }
        }, chrdev_stream_ops: { open(stream) {
          var device = FS.getDevice(stream.node.rdev);
          stream.stream_ops = device.stream_ops, stream.stream_ops.open?.(stream);
        }, llseek() {
          throw new FS.ErrnoError(70);
        } }, major: (dev) => dev >> 8, minor: (dev) => dev & 255, makedev: (ma, mi) => ma << 8 | mi, registerDevice(dev, ops) {
          FS.devices[dev] = { stream_ops: ops };
        }, getDevice: (dev) => FS.devices[dev], getMounts(mount) {
          for (var mounts = [], check = [mount]; check.length; ) {
            var m = check.pop();
            mounts.push(m), check.push(...m.mounts);
          }
          return mounts;
        }, syncfs(populate, callback) {
          typeof populate == "function" && (callback = populate, populate = !1), FS.syncFSRequests++, FS.syncFSRequests > 1 && err(`warning: ${FS.syncFSRequests} FS.syncfs operations in flight at once, probably just doing extra work`);
          var mounts = FS.getMounts(FS.root.mount), completed = 0;
          function doCallback(errCode) {
            return FS.syncFSRequests--, callback(errCode);
          }
          function done(errCode) {
            if (errCode)
              return done.errored ? void 0 : (done.errored = !0, doCallback(errCode));
            ++completed >= mounts.length && doCallback(null);
          }
          for (var mount of mounts)
            mount.type.syncfs ? mount.type.syncfs(mount, populate, done) : done(null);
        }, mount(type, opts, mountpoint) {
          var root = mountpoint === "/", pseudo = !mountpoint, node;
          if (root && FS.root)
            throw new FS.ErrnoError(10);
          if (!root && !pseudo) {
            var lookup = FS.lookupPath(mountpoint, { follow_mount: !1 });
            if (mountpoint = lookup.path, node = lookup.node, FS.isMountpoint(node))
              throw new FS.ErrnoError(10);
            if (!FS.isDir(node.mode))
              throw new FS.ErrnoError(54);
          }
          var mount = { type, opts, mountpoint, mounts: [] }, mountRoot = type.mount(mount);
          return mountRoot.mount = mount, mount.root = mountRoot, root ? FS.root = mountRoot : node && (node.mounted = mount, node.mount && node.mount.mounts.push(mount)), mountRoot;
        }, unmount(mountpoint) {
          var lookup = FS.lookupPath(mountpoint, { follow_mount: !1 });
          if (!FS.isMountpoint(lookup.node))
            throw new FS.ErrnoError(28);
          var node = lookup.node, mount = node.mounted, mounts = FS.getMounts(mount);
          for (var [hash, current] of Object.entries(FS.nameTable))
            for (; current; ) {
              var next = current.name_next;
              mounts.includes(current.mount) && FS.destroyNode(current), current = next;
            }
          node.mounted = null;
          var idx = node.mount.mounts.indexOf(mount);
          node.mount.mounts.splice(idx, 1);
        }, lookup(parent, name) {
          return parent.node_ops.lookup(parent, name);
        }, mknod(path, mode, dev) {
          var lookup = FS.lookupPath(path, { parent: !0 }), parent = lookup.node, name = PATH.basename(path);
          if (!name)
            throw new FS.ErrnoError(28);
          if (name === "." || name === "..")
            throw new FS.ErrnoError(20);
          var errCode = FS.mayCreate(parent, name);
          if (errCode)
            throw new FS.ErrnoError(errCode);
          if (!parent.node_ops.mknod)
            throw new FS.ErrnoError(63);
          return parent.node_ops.mknod(parent, name, mode, dev);
        }, statfs(path) {
          return FS.statfsNode(FS.lookupPath(path, { follow: !0 }).node);
        }, statfsStream(stream) {
          return FS.statfsNode(stream.node);
        }, statfsNode(node) {
          var rtn = { bsize: 4096, frsize: 4096, blocks: 1e6, bfree: 5e5, bavail: 5e5, files: FS.nextInode, ffree: FS.nextInode - 1, fsid: 42, flags: 2, namelen: 255 };
          return node.node_ops.statfs && Object.assign(rtn, node.node_ops.statfs(node.mount.opts.root)), rtn;
        }, create(path, mode = 438) {
          return mode &= 4095, mode |= 32768, FS.mknod(path, mode, 0);
        }, mkdir(path, mode = 511) {
          return mode &= 1023, mode |= 16384, FS.mknod(path, mode, 0);
        }, mkdirTree(path, mode) {
          var dirs = path.split("/"), d = "";
          for (var dir of dirs)
            if (dir) {
              (d || PATH.isAbs(path)) && (d += "/"), d += dir;
              try {
                FS.mkdir(d, mode);
              } catch (e) {
                if (e.errno != 20) throw e;
              }
            }
        }, mkdev(path, mode, dev) {
          return typeof dev > "u" && (dev = mode, mode = 438), mode |= 8192, FS.mknod(path, mode, dev);
        }, symlink(oldpath, newpath) {
          if (!PATH_FS.resolve(oldpath))
            throw new FS.ErrnoError(44);
          var lookup = FS.lookupPath(newpath, { parent: !0 }), parent = lookup.node;
          if (!parent)
            throw new FS.ErrnoError(44);
          var newname = PATH.basename(newpath), errCode = FS.mayCreate(parent, newname);
          if (errCode)
            throw new FS.ErrnoError(errCode);
          if (!parent.node_ops.symlink)
            throw new FS.ErrnoError(63);
          return parent.node_ops.symlink(parent, newname, oldpath);
        }, link(oldpath, newpath, flags) {
          var lookup = FS.lookupPath(newpath, { parent: !0 }), parent = lookup.node;
          if (!parent)
            throw new FS.ErrnoError(44);
          var newname = PATH.basename(newpath), errCode = FS.mayCreate(parent, newname);
          if (errCode)
            throw new FS.ErrnoError(errCode);
          if (!parent.node_ops.link)
            throw new FS.ErrnoError(34);
          return parent.node_ops.link(parent, newname, oldpath, flags);
        }, rename(old_path, new_path) {
          var old_dirname = PATH.dirname(old_path), new_dirname = PATH.dirname(new_path), old_name = PATH.basename(old_path), new_name = PATH.basename(new_path), lookup, old_dir, new_dir;
          if (lookup = FS.lookupPath(old_path, { parent: !0 }), old_dir = lookup.node, lookup = FS.lookupPath(new_path, { parent: !0 }), new_dir = lookup.node, !old_dir || !new_dir) throw new FS.ErrnoError(44);
          if (old_dir.mount !== new_dir.mount)
            throw new FS.ErrnoError(75);
          var old_node = FS.lookupNode(old_dir, old_name), relative = PATH_FS.relative(old_path, new_dirname);
          if (relative.charAt(0) !== ".")
            throw new FS.ErrnoError(28);
          if (relative = PATH_FS.relative(new_path, old_dirname), relative.charAt(0) !== ".")
            throw new FS.ErrnoError(55);
          var new_node;
          try {
            new_node = FS.lookupNode(new_dir, new_name);
          } catch {
          }
          if (old_node !== new_node) {
            var isdir = FS.isDir(old_node.mode), errCode = FS.mayDelete(old_dir, old_name, isdir);
            if (errCode)
              throw new FS.ErrnoError(errCode);
            if (errCode = new_node ? FS.mayDelete(new_dir, new_name, isdir) : FS.mayCreate(new_dir, new_name), errCode)
              throw new FS.ErrnoError(errCode);
            if (!old_dir.node_ops.rename)
              throw new FS.ErrnoError(63);
            if (FS.isMountpoint(old_node) || new_node && FS.isMountpoint(new_node))
              throw new FS.ErrnoError(10);
            if (new_dir !== old_dir && (errCode = FS.nodePermissions(old_dir, "w"), errCode))
              throw new FS.ErrnoError(errCode);
            FS.hashRemoveNode(old_node);
            try {
              old_dir.node_ops.rename(old_node, new_dir, new_name), old_node.parent = new_dir;
            } catch (e) {
              throw e;
            } finally {
              FS.hashAddNode(old_node);
            }
          }
        }, rmdir(path) {
          var lookup = FS.lookupPath(path, { parent: !0 }), parent = lookup.node, name = PATH.basename(path), node = FS.lookupNode(parent, name), errCode = FS.mayDelete(parent, name, !0);
          if (errCode)
            throw new FS.ErrnoError(errCode);
          if (!parent.node_ops.rmdir)
            throw new FS.ErrnoError(63);
          if (FS.isMountpoint(node))
            throw new FS.ErrnoError(10);
          parent.node_ops.rmdir(parent, name), FS.destroyNode(node);
        }, readdir(path) {
          var lookup = FS.lookupPath(path, { follow: !0 }), node = lookup.node, readdir = FS.checkOpExists(node.node_ops.readdir, 54);
          return readdir(node);
        }, unlink(path) {
          var lookup = FS.lookupPath(path, { parent: !0 }), parent = lookup.node;
          if (!parent)
            throw new FS.ErrnoError(44);
          var name = PATH.basename(path), node = FS.lookupNode(parent, name), errCode = FS.mayDelete(parent, name, !1);
          if (errCode)
            throw new FS.ErrnoError(errCode);
          if (!parent.node_ops.unlink)
            throw new FS.ErrnoError(63);
          if (FS.isMountpoint(node))
            throw new FS.ErrnoError(10);
          parent.node_ops.unlink(parent, name), FS.destroyNode(node);
        }, readlink(path) {
          var lookup = FS.lookupPath(path), link = lookup.node;
          if (!link)
            throw new FS.ErrnoError(44);
          if (!link.node_ops.readlink)
            throw new FS.ErrnoError(28);
          return link.node_ops.readlink(link);
        }, stat(path, dontFollow) {
          var lookup = FS.lookupPath(path, { follow: !dontFollow }), node = lookup.node, getattr = FS.checkOpExists(node.node_ops.getattr, 63);
          return getattr(node);
        }, fstat(fd) {
          var stream = FS.getStreamChecked(fd), node = stream.node, getattr = stream.stream_ops.getattr, arg = getattr ? stream : node;
          return getattr ??= node.node_ops.getattr, FS.checkOpExists(getattr, 63), getattr(arg);
        }, lstat(path) {
          return FS.stat(path, !0);
        }, doChmod(stream, node, mode, dontFollow) {
          FS.doSetAttr(stream, node, { mode: mode & 4095 | node.mode & -4096, ctime: Date.now(), dontFollow });
        }, chmod(path, mode, dontFollow) {
          var node;
          if (typeof path == "string") {
            var lookup = FS.lookupPath(path, { follow: !dontFollow });
            node = lookup.node;
          } else
            node = path;
          FS.doChmod(null, node, mode, dontFollow);
        }, lchmod(path, mode) {
          FS.chmod(path, mode, !0);
        }, fchmod(fd, mode) {
          var stream = FS.getStreamChecked(fd);
          FS.doChmod(stream, stream.node, mode, !1);
        }, doChown(stream, node, dontFollow) {
          FS.doSetAttr(stream, node, { timestamp: Date.now(), dontFollow });
        }, chown(path, uid, gid, dontFollow) {
          var node;
          if (typeof path == "string") {
            var lookup = FS.lookupPath(path, { follow: !dontFollow });
            node = lookup.node;
          } else
            node = path;
          FS.doChown(null, node, dontFollow);
        }, lchown(path, uid, gid) {
          FS.chown(path, uid, gid, !0);
        }, fchown(fd, uid, gid) {
          var stream = FS.getStreamChecked(fd);
          FS.doChown(stream, stream.node, !1);
        }, doTruncate(stream, node, len) {
          if (FS.isDir(node.mode))
            throw new FS.ErrnoError(31);
          if (!FS.isFile(node.mode))
            throw new FS.ErrnoError(28);
          var errCode = FS.nodePermissions(node, "w");
          if (errCode)
            throw new FS.ErrnoError(errCode);
          FS.doSetAttr(stream, node, { size: len, timestamp: Date.now() });
        }, truncate(path, len) {
          if (len < 0)
            throw new FS.ErrnoError(28);
          var node;
          if (typeof path == "string") {
            var lookup = FS.lookupPath(path, { follow: !0 });
            node = lookup.node;
          } else
            node = path;
          FS.doTruncate(null, node, len);
        }, ftruncate(fd, len) {
          var stream = FS.getStreamChecked(fd);
          if (len < 0 || (stream.flags & 2097155) === 0)
            throw new FS.ErrnoError(28);
          FS.doTruncate(stream, stream.node, len);
        }, utime(path, atime, mtime, dontFollow) {
          var lookup = FS.lookupPath(path, { follow: !dontFollow });
          FS.doSetAttr(null, lookup.node, { atime, mtime, dontFollow });
        }, open(path, flags, mode = 438) {
          if (path === "")
            throw new FS.ErrnoError(44);
          flags = FS_modeStringToFlags(flags), flags & 64 ? mode = mode & 4095 | 32768 : mode = 0;
          var node, isDirPath;
          if (typeof path == "object")
            node = path;
          else {
            isDirPath = path.endsWith("/");
            var lookup = FS.lookupPath(path, { follow: !(flags & 131072), noent_okay: !0 });
            node = lookup.node, path = lookup.path;
          }
          var created = !1;
          if (flags & 64)
            if (node) {
              if (flags & 128)
                throw new FS.ErrnoError(20);
            } else {
              if (isDirPath)
                throw new FS.ErrnoError(31);
              node = FS.mknod(path, mode | 511, 0), created = !0;
            }
          if (!node)
            throw new FS.ErrnoError(44);
          if (FS.isChrdev(node.mode) && (flags &= -513), flags & 65536 && !FS.isDir(node.mode))
            throw new FS.ErrnoError(54);
          if (!created) {
            var errCode = FS.mayOpen(node, flags);
            if (errCode)
              throw new FS.ErrnoError(errCode);
          }
          flags & 512 && !created && FS.truncate(node, 0), flags &= -131713;
          var stream = FS.createStream({ node, path: FS.getPath(node), flags, seekable: !0, position: 0, stream_ops: node.stream_ops, ungotten: [], error: !1 });
          return stream.stream_ops.open && stream.stream_ops.open(stream), created && FS.chmod(node, mode & 511), stream;
        }, close(stream) {
          if (FS.isClosed(stream))
            throw new FS.ErrnoError(8);
          stream.getdents && (stream.getdents = null), stream.node?.notifyListeners(32);
          try {
            stream.stream_ops.close && stream.stream_ops.close(stream);
          } catch (e) {
            throw e;
          } finally {
            FS.closeStream(stream.fd);
          }
          stream.fd = null;
        }, isClosed(stream) {
          return stream.fd === null;
        }, llseek(stream, offset, whence) {
          if (FS.isClosed(stream))
            throw new FS.ErrnoError(8);
          if (!stream.seekable || !stream.stream_ops.llseek)
            throw new FS.ErrnoError(70);
          if (whence != 0 && whence != 1 && whence != 2)
            throw new FS.ErrnoError(28);
          return stream.position = stream.stream_ops.llseek(stream, offset, whence), stream.ungotten = [], stream.position;
        }, read(stream, buffer, offset, length2, position) {
          if (length2 < 0 || position < 0)
            throw new FS.ErrnoError(28);
          if (FS.isClosed(stream))
            throw new FS.ErrnoError(8);
          if ((stream.flags & 2097155) === 1)
            throw new FS.ErrnoError(8);
          if (FS.isDir(stream.node.mode))
            throw new FS.ErrnoError(31);
          if (!stream.stream_ops.read)
            throw new FS.ErrnoError(28);
          var seeking = typeof position < "u";
          if (!seeking)
            position = stream.position;
          else if (!stream.seekable)
            throw new FS.ErrnoError(70);
          var bytesRead = stream.stream_ops.read(stream, buffer, offset, length2, position);
          return seeking || (stream.position += bytesRead), bytesRead;
        }, write(stream, buffer, offset, length2, position, canOwn) {
          if (length2 < 0 || position < 0)
            throw new FS.ErrnoError(28);
          if (FS.isClosed(stream))
            throw new FS.ErrnoError(8);
          if ((stream.flags & 2097155) === 0)
            throw new FS.ErrnoError(8);
          if (FS.isDir(stream.node.mode))
            throw new FS.ErrnoError(31);
          if (!stream.stream_ops.write)
            throw new FS.ErrnoError(28);
          stream.seekable && stream.flags & 1024 && FS.llseek(stream, 0, 2);
          var seeking = typeof position < "u";
          if (!seeking)
            position = stream.position;
          else if (!stream.seekable)
            throw new FS.ErrnoError(70);
          var bytesWritten = stream.stream_ops.write(stream, buffer, offset, length2, position, canOwn);
          return seeking || (stream.position += bytesWritten), bytesWritten;
        }, mmap(stream, length2, position, prot, flags) {
          if ((prot & 2) !== 0 && (flags & 2) === 0 && (stream.flags & 2097155) !== 2)
            throw new FS.ErrnoError(2);
          if ((stream.flags & 2097155) === 1)
            throw new FS.ErrnoError(2);
          if (!stream.stream_ops.mmap)
            throw new FS.ErrnoError(43);
          if (!length2)
            throw new FS.ErrnoError(28);
          return stream.stream_ops.mmap(stream, length2, position, prot, flags);
        }, msync(stream, buffer, offset, length2, mmapFlags) {
          return stream.stream_ops.msync ? stream.stream_ops.msync(stream, buffer, offset, length2, mmapFlags) : 0;
        }, ioctl(stream, cmd, arg) {
          if (!stream.stream_ops.ioctl)
            throw new FS.ErrnoError(59);
          return stream.stream_ops.ioctl(stream, cmd, arg);
        }, readFile(path, opts = {}) {
          opts.flags = opts.flags ?? 0, opts.encoding = opts.encoding ?? "binary", opts.encoding !== "utf8" && opts.encoding !== "binary" && abort(`Invalid encoding type "${opts.encoding}"`);
          var stream = FS.open(path, opts.flags), stat = FS.stat(path), length2 = stat.size, buf = new Uint8Array(length2);
          return FS.read(stream, buf, 0, length2, 0), opts.encoding === "utf8" && (buf = UTF8ArrayToString(buf)), FS.close(stream), buf;
        }, writeFile(path, data, opts = {}) {
          opts.flags = opts.flags ?? 577;
          var stream = FS.open(path, opts.flags, opts.mode);
          data = FS_fileDataToTypedArray(data), FS.write(stream, data, 0, data.byteLength, void 0, opts.canOwn), FS.close(stream);
        }, cwd: () => FS.currentPath, chdir(path) {
          var lookup = FS.lookupPath(path, { follow: !0 });
          if (lookup.node === null)
            throw new FS.ErrnoError(44);
          if (!FS.isDir(lookup.node.mode))
            throw new FS.ErrnoError(54);
          var errCode = FS.nodePermissions(lookup.node, "x");
          if (errCode)
            throw new FS.ErrnoError(errCode);
          FS.currentPath = lookup.path;
        }, createDefaultDirectories() {
          FS.mkdir("/tmp"), FS.mkdir("/home"), FS.mkdir("/home/web_user");
        }, createDefaultDevices() {
          FS.mkdir("/dev"), FS.registerDevice(FS.makedev(1, 3), { read: () => 0, write: (stream, buffer, offset, length2, pos) => length2, llseek: () => 0 }), FS.mkdev("/dev/null", FS.makedev(1, 3)), TTY.register(FS.makedev(5, 0), TTY.default_tty_ops), TTY.register(FS.makedev(6, 0), TTY.default_tty1_ops), FS.mkdev("/dev/tty", FS.makedev(5, 0)), FS.mkdev("/dev/tty1", FS.makedev(6, 0));
          var randomBuffer = new Uint8Array(1024), randomLeft = 0, randomByte = () => (randomLeft === 0 && (randomFill(randomBuffer), randomLeft = randomBuffer.byteLength), randomBuffer[--randomLeft]);
          FS.createDevice("/dev", "random", randomByte), FS.createDevice("/dev", "urandom", randomByte), FS.mkdir("/dev/shm"), FS.mkdir("/dev/shm/tmp");
        }, createSpecialDirectories() {
          FS.mkdir("/proc");
          var proc_self = FS.mkdir("/proc/self");
          FS.mkdir("/proc/self/fd"), FS.mount({ mount() {
            var node = FS.createNode(proc_self, "fd", 16895, 73);
            return node.stream_ops = { llseek: MEMFS.stream_ops.llseek }, node.node_ops = { lookup(parent, name) {
              var fd = +name, stream = FS.getStreamChecked(fd), ret = { parent: null, mount: { mountpoint: "fake" }, node_ops: { readlink: () => stream.path }, id: fd + 1 };
              return ret.parent = ret, ret;
            }, readdir() {
              return Array.from(FS.streams.entries()).filter(([k, v]) => v).map(([k, v]) => k.toString());
            } }, node;
          } }, {}, "/proc/self/fd");
        }, createStandardStreams(input, output, error) {
          input ? FS.createDevice("/dev", "stdin", input) : FS.symlink("/dev/tty", "/dev/stdin"), output ? FS.createDevice("/dev", "stdout", null, output) : FS.symlink("/dev/tty", "/dev/stdout"), error ? FS.createDevice("/dev", "stderr", null, error) : FS.symlink("/dev/tty1", "/dev/stderr");
          var stdin = FS.open("/dev/stdin", 0), stdout = FS.open("/dev/stdout", 1), stderr = FS.open("/dev/stderr", 1);
        }, staticInit() {
          FS.nameTable = new Array(4096), FS.mount(MEMFS, {}, "/"), FS.createDefaultDirectories(), FS.createDefaultDevices(), FS.createSpecialDirectories(), FS.filesystems = { MEMFS };
        }, init(input, output, error) {
          FS.initialized = !0, input ??= Module.stdin, output ??= Module.stdout, error ??= Module.stderr, FS.createStandardStreams(input, output, error);
        }, quit() {
          FS.initialized = !1;
          for (var stream of FS.streams)
            stream && FS.close(stream);
        }, findObject(path, dontResolveLastLink) {
          var ret = FS.analyzePath(path, dontResolveLastLink);
          return ret.exists ? ret.object : null;
        }, analyzePath(path, dontResolveLastLink) {
          try {
            var lookup = FS.lookupPath(path, { follow: !dontResolveLastLink });
            path = lookup.path;
          } catch {
          }
          var ret = { isRoot: !1, exists: !1, error: 0, name: null, path: null, object: null, parentExists: !1, parentPath: null, parentObject: null };
          try {
            var lookup = FS.lookupPath(path, { parent: !0 });
            ret.parentExists = !0, ret.parentPath = lookup.path, ret.parentObject = lookup.node, ret.name = PATH.basename(path), lookup = FS.lookupPath(path, { follow: !dontResolveLastLink }), ret.exists = !0, ret.path = lookup.path, ret.object = lookup.node, ret.name = lookup.node.name, ret.isRoot = lookup.path === "/";
          } catch (e) {
            ret.error = e.errno;
          }
          return ret;
        }, createPath(parent, path, canRead, canWrite) {
          parent = typeof parent == "string" ? parent : FS.getPath(parent);
          for (var parts = path.split("/").reverse(); parts.length; ) {
            var part = parts.pop();
            if (part) {
              var current = PATH.join2(parent, part);
              try {
                FS.mkdir(current);
              } catch (e) {
                if (e.errno != 20) throw e;
              }
              parent = current;
            }
          }
          return current;
        }, createFile(parent, name, properties, canRead, canWrite) {
          var path = PATH.join2(typeof parent == "string" ? parent : FS.getPath(parent), name), mode = FS_getMode(canRead, canWrite);
          return FS.create(path, mode);
        }, createDataFile(parent, name, data, canRead, canWrite, canOwn) {
          var path = name;
          parent && (parent = typeof parent == "string" ? parent : FS.getPath(parent), path = name ? PATH.join2(parent, name) : parent);
          var mode = FS_getMode(canRead, canWrite), node = FS.create(path, mode);
          if (data) {
            data = FS_fileDataToTypedArray(data), FS.chmod(node, mode | 146);
            var stream = FS.open(node, 577);
            FS.write(stream, data, 0, data.length, 0, canOwn), FS.close(stream), FS.chmod(node, mode);
          }
        }, createDevice(parent, name, input, output) {
          var path = PATH.join2(typeof parent == "string" ? parent : FS.getPath(parent), name), mode = FS_getMode(!!input, !!output);
          FS.createDevice.major ??= 64;
          var dev = FS.makedev(FS.createDevice.major++, 0);
          return FS.registerDevice(dev, { open(stream) {
            stream.seekable = !1;
          }, close(stream) {
            output?.buffer?.length && output(10);
          }, read(stream, buffer, offset, length2, pos) {
            for (var bytesRead = 0, i = 0; i < length2; i++) {
              var result;
              try {
                result = input();
              } catch {
                throw new FS.ErrnoError(29);
              }
              if (result === void 0 && bytesRead === 0)
                throw new FS.ErrnoError(6);
              if (result == null) break;
              bytesRead++, buffer[offset + i] = result;
            }
            return bytesRead && (stream.node.atime = Date.now()), bytesRead;
          }, write(stream, buffer, offset, length2, pos) {
            for (var i = 0; i < length2; i++)
              try {
                output(buffer[offset + i]);
              } catch {
                throw new FS.ErrnoError(29);
              }
            return length2 && (stream.node.mtime = stream.node.ctime = Date.now()), i;
          } }), FS.mkdev(path, mode, dev);
        }, forceLoadFile(obj) {
          if (obj.isDevice || obj.isFolder || obj.link || obj.contents) return !0;
          if (globalThis.XMLHttpRequest)
            abort("Lazy loading should have been performed (contents set) in createLazyFile, but it was not. Lazy loading only works in web workers. Use --embed-file or --preload-file in emcc on the main thread.");
          else
            try {
              obj.contents = readBinary(obj.url);
            } catch {
              throw new FS.ErrnoError(29);
            }
        }, createLazyFile(parent, name, url, canRead, canWrite) {
          class LazyUint8Array {
            lengthKnown = !1;
            chunks = [];
            get(idx) {
              if (!(idx > this.length - 1 || idx < 0)) {
                var chunkOffset = idx % this.chunkSize, chunkNum = idx / this.chunkSize | 0;
                return this.getter(chunkNum)[chunkOffset];
              }
            }
            setDataGetter(getter) {
              this.getter = getter;
            }
            cacheLength() {
              var xhr = new XMLHttpRequest();
              xhr.open("HEAD", url, !1), xhr.send(null), xhr.status >= 200 && xhr.status < 300 || xhr.status === 304 || abort("Couldn't load " + url + ". Status: " + xhr.status);
              var datalength = Number(xhr.getResponseHeader("Content-length")), header, hasByteServing = (header = xhr.getResponseHeader("Accept-Ranges")) && header === "bytes", usesGzip = (header = xhr.getResponseHeader("Content-Encoding")) && header === "gzip", chunkSize = 1024 * 1024;
              hasByteServing || (chunkSize = datalength);
              var doXHR = (from, to) => {
                from > to && abort(`invalid range (${from}, ${to}) or no bytes requested!`), to > datalength - 1 && abort(`only ${datalength} bytes available! programmer error!`);
                var xhr2 = new XMLHttpRequest();
                return xhr2.open("GET", url, !1), datalength !== chunkSize && xhr2.setRequestHeader("Range", "bytes=" + from + "-" + to), xhr2.responseType = "arraybuffer", xhr2.overrideMimeType && xhr2.overrideMimeType("text/plain; charset=x-user-defined"), xhr2.send(null), xhr2.status >= 200 && xhr2.status < 300 || xhr2.status === 304 || abort("Couldn't load " + url + ". Status: " + xhr2.status), xhr2.response !== void 0 ? new Uint8Array(xhr2.response || []) : intArrayFromString(xhr2.responseText ?? "", !0);
              }, lazyArray2 = this;
              lazyArray2.setDataGetter((chunkNum) => {
                var start = chunkNum * chunkSize, end = (chunkNum + 1) * chunkSize - 1;
                return end = Math.min(end, datalength - 1), typeof lazyArray2.chunks[chunkNum] > "u" && (lazyArray2.chunks[chunkNum] = doXHR(start, end)), typeof lazyArray2.chunks[chunkNum] > "u" && abort("doXHR failed!"), lazyArray2.chunks[chunkNum];
              }), (usesGzip || !datalength) && (chunkSize = datalength = 1, datalength = this.getter(0).length, chunkSize = datalength, out("LazyFiles on gzip forces download of the whole file when length is accessed")), this._length = datalength, this._chunkSize = chunkSize, this.lengthKnown = !0;
            }
            get length() {
              return this.lengthKnown || this.cacheLength(), this._length;
            }
            get chunkSize() {
              return this.lengthKnown || this.cacheLength(), this._chunkSize;
            }
          }
          if (globalThis.XMLHttpRequest) {
            ENVIRONMENT_IS_WORKER || abort("Cannot do synchronous binary XHRs outside webworkers in modern browsers. Use --embed-file or --preload-file in emcc");
            var lazyArray = new LazyUint8Array(), properties = { isDevice: !1, contents: lazyArray };
          } else
            var properties = { isDevice: !1, url };
          var node = FS.createFile(parent, name, properties, canRead, canWrite);
          properties.contents ? node.contents = properties.contents : properties.url && (node.contents = null, node.url = properties.url), Object.defineProperties(node, { usedBytes: { get: function() {
            return this.contents.length;
          } } });
          var stream_ops = {};
          for (let [key, fn] of Object.entries(node.stream_ops))
            stream_ops[key] = (...args) => (FS.forceLoadFile(node), fn(...args));
          function writeChunks(stream, buffer, offset, length2, position) {
            var contents = stream.node.contents;
            if (position >= contents.length) return 0;
            var size = Math.min(contents.length - position, length2);
            if (contents.slice)
              for (var i = 0; i < size; i++)
                buffer[offset + i] = contents[position + i];
            else
              for (var i = 0; i < size; i++)
                buffer[offset + i] = contents.get(position + i);
            return size;
          }
          return stream_ops.read = (stream, buffer, offset, length2, position) => (FS.forceLoadFile(node), writeChunks(stream, buffer, offset, length2, position)), stream_ops.mmap = (stream, length2, position, prot, flags) => {
            FS.forceLoadFile(node);
            var ptr = mmapAlloc(length2);
            if (!ptr)
              throw new FS.ErrnoError(48);
            return writeChunks(stream, HEAP8, ptr, length2, position), { ptr, allocated: !0 };
          }, node.stream_ops = stream_ops, node;
        } }, SYSCALLS = { currentUmask: 18, calculateAt(dirfd, path, allowEmpty) {
          if (PATH.isAbs(path))
            return path;
          var dir;
          if (dirfd === -100)
            dir = FS.cwd();
          else {
            var dirstream = SYSCALLS.getStreamFromFD(dirfd);
            dir = dirstream.path;
          }
          if (path.length == 0) {
            if (!allowEmpty)
              throw new FS.ErrnoError(44);
            return dir;
          }
          return dir + "/" + path;
        }, writeStat(buf, stat) {
          HEAPU32[buf >> 2] = stat.dev, HEAPU32[buf + 4 >> 2] = stat.mode, HEAPU32[buf + 8 >> 2] = stat.nlink, HEAPU32[buf + 12 >> 2] = stat.uid, HEAPU32[buf + 16 >> 2] = stat.gid, HEAPU32[buf + 20 >> 2] = stat.rdev, HEAP64[buf + 24 >> 3] = BigInt(stat.size), HEAP32[buf + 32 >> 2] = 4096, HEAP32[buf + 36 >> 2] = stat.blocks;
          var atime = stat.atime.getTime(), mtime = stat.mtime.getTime(), ctime = stat.ctime.getTime();
          return HEAP64[buf + 40 >> 3] = BigInt(Math.floor(atime / 1e3)), HEAPU32[buf + 48 >> 2] = atime % 1e3 * 1e3 * 1e3, HEAP64[buf + 56 >> 3] = BigInt(Math.floor(mtime / 1e3)), HEAPU32[buf + 64 >> 2] = mtime % 1e3 * 1e3 * 1e3, HEAP64[buf + 72 >> 3] = BigInt(Math.floor(ctime / 1e3)), HEAPU32[buf + 80 >> 2] = ctime % 1e3 * 1e3 * 1e3, HEAP64[buf + 88 >> 3] = BigInt(stat.ino), 0;
        }, writeStatFs(buf, stats) {
          HEAPU32[buf + 4 >> 2] = stats.bsize, HEAPU32[buf + 60 >> 2] = stats.bsize, HEAP64[buf + 8 >> 3] = BigInt(stats.blocks), HEAP64[buf + 16 >> 3] = BigInt(stats.bfree), HEAP64[buf + 24 >> 3] = BigInt(stats.bavail), HEAP64[buf + 32 >> 3] = BigInt(stats.files), HEAP64[buf + 40 >> 3] = BigInt(stats.ffree), HEAPU32[buf + 48 >> 2] = stats.fsid, HEAPU32[buf + 64 >> 2] = stats.flags, HEAPU32[buf + 56 >> 2] = stats.namelen;
        }, doMsync(addr, stream, len, flags, offset) {
          if (!FS.isFile(stream.node.mode))
            throw new FS.ErrnoError(43);
          if (flags & 2)
            return 0;
          var buffer = HEAPU8.subarray(addr, addr + len);
          FS.msync(stream, buffer, offset, len, flags);
        }, getStreamFromFD(fd) {
          var stream = FS.getStreamChecked(fd);
          return stream;
        }, varargs: void 0, getStr(ptr) {
          var ret = UTF8ToString(ptr);
          return ret;
        } };
        function _fd_close(fd) {
          try {
            var stream = SYSCALLS.getStreamFromFD(fd);
            return FS.close(stream), 0;
          } catch (e) {
            if (typeof FS > "u" || e.name !== "ErrnoError") throw e;
            return e.errno;
          }
        }
        var doReadv = (stream, iov, iovcnt, offset) => {
          for (var ret = 0, i = 0; i < iovcnt; i++) {
            var ptr = HEAPU32[iov >> 2], len = HEAPU32[iov + 4 >> 2];
            iov += 8;
            try {
              var curr = FS.read(stream, HEAP8, ptr, len, offset);
            } catch (e) {
              if (ret > 0 && e instanceof FS.ErrnoError && (e.errno == 6 || e.errno == 6))
                break;
              throw e;
            }
            if (curr < 0) return -1;
            if (ret += curr, curr < len) break;
            typeof offset < "u" && (offset += curr);
          }
          return ret;
        };
        function _fd_read(fd, iov, iovcnt, pnum) {
          try {
            var stream = SYSCALLS.getStreamFromFD(fd), num = doReadv(stream, iov, iovcnt);
            return HEAPU32[pnum >> 2] = num, 0;
          } catch (e) {
            if (typeof FS > "u" || e.name !== "ErrnoError") throw e;
            return e.errno;
          }
        }
        var INT53_MAX = 9007199254740992, INT53_MIN = -9007199254740992, bigintToI53Checked = (num) => num < INT53_MIN || num > INT53_MAX ? NaN : Number(num);
        function _fd_seek(fd, offset, whence, newOffset) {
          offset = bigintToI53Checked(offset);
          try {
            if (isNaN(offset)) return 22;
            var stream = SYSCALLS.getStreamFromFD(fd);
            return FS.llseek(stream, offset, whence), HEAP64[newOffset >> 3] = BigInt(stream.position), stream.getdents && offset === 0 && whence === 0 && (stream.getdents = null), 0;
          } catch (e) {
            if (typeof FS > "u" || e.name !== "ErrnoError") throw e;
            return e.errno;
          }
        }
        var doWritev = (stream, iov, iovcnt, offset) => {
          if (iovcnt == 1)
            return FS.write(stream, HEAP8, HEAPU32[iov >> 2], HEAPU32[iov + 4 >> 2], offset);
          for (var total = 0, i = 0, p = iov; i < iovcnt; i++, p += 8)
            total += HEAPU32[p + 4 >> 2];
          for (var view = new Uint8Array(total), voff = 0, i = 0; i < iovcnt; i++, iov += 8) {
            var ptr = HEAPU32[iov >> 2], len = HEAPU32[iov + 4 >> 2];
            view.set(HEAPU8.subarray(ptr, ptr + len), voff), voff += len;
          }
          return FS.write(stream, view, 0, total, offset);
        };
        function _fd_write(fd, iov, iovcnt, pnum) {
          try {
            var stream = SYSCALLS.getStreamFromFD(fd), num = doWritev(stream, iov, iovcnt);
            return HEAPU32[pnum >> 2] = num, 0;
          } catch (e) {
            if (typeof FS > "u" || e.name !== "ErrnoError") throw e;
            return e.errno;
          }
        }
        var wasmTableMirror = [], getWasmTableEntry = (funcPtr) => {
          var func = wasmTableMirror[funcPtr];
          return func || (wasmTableMirror[funcPtr] = func = wasmTable.get(funcPtr)), func;
        }, stringToUTF8 = (str, outPtr, maxBytesToWrite) => stringToUTF8Array(str, HEAPU8, outPtr, maxBytesToWrite);
        FS.createPreloadedFile = FS_createPreloadedFile, FS.preloadFile = FS_preloadFile, FS.staticInit();
        {
          Module.noExitRuntime && (noExitRuntime = Module.noExitRuntime), Module.print && (out = Module.print), Module.printErr && (err = Module.printErr), Module.arguments && (programArgs = Module.arguments), Module.thisProgram && (thisProgram = Module.thisProgram);
          var preInit = Module.preInit;
          if (preInit)
            for (typeof preInit == "function" && (Module.preInit = preInit = [preInit]); preInit.length > 0; )
              preInit.shift()();
        }
        Module.getValue = getValue, Module.UTF8ToString = UTF8ToString, Module.stringToUTF8 = stringToUTF8, Module.lengthBytesUTF8 = lengthBytesUTF8;
        var _wasm_parse_query, _malloc, _free, _wasm_parse_query_raw, _wasm_free_parse_result, _wasm_parse_plpgsql, _wasm_fingerprint, _wasm_normalize_query, _wasm_parse_query_detailed, _wasm_free_detailed_result, _wasm_scan, _wasm_free_string, __emscripten_timeout, _setThrew, __emscripten_stack_restore, _emscripten_stack_get_current, memory, __indirect_function_table, wasmMemory, wasmTable;
        function assignWasmExports(wasmExports2) {
          _wasm_parse_query = Module._wasm_parse_query = wasmExports2.B, _malloc = Module._malloc = wasmExports2.C, _free = Module._free = wasmExports2.E, _wasm_parse_query_raw = Module._wasm_parse_query_raw = wasmExports2.F, _wasm_free_parse_result = Module._wasm_free_parse_result = wasmExports2.G, _wasm_parse_plpgsql = Module._wasm_parse_plpgsql = wasmExports2.H, _wasm_fingerprint = Module._wasm_fingerprint = wasmExports2.I, _wasm_normalize_query = Module._wasm_normalize_query = wasmExports2.J, _wasm_parse_query_detailed = Module._wasm_parse_query_detailed = wasmExports2.K, _wasm_free_detailed_result = Module._wasm_free_detailed_result = wasmExports2.L, _wasm_scan = Module._wasm_scan = wasmExports2.M, _wasm_free_string = Module._wasm_free_string = wasmExports2.N, __emscripten_timeout = wasmExports2.O, _setThrew = wasmExports2.P, __emscripten_stack_restore = wasmExports2.Q, _emscripten_stack_get_current = wasmExports2.R, memory = wasmMemory = wasmExports2.z, __indirect_function_table = wasmTable = wasmExports2.D;
        }
        var wasmImports = { c: ___assert_fail, x: __abort_js, w: __emscripten_runtime_keepalive_clear, p: __emscripten_throw_longjmp, o: __setitimer_js, q: _emscripten_resize_heap, m: _exit, u: _fd_close, r: _fd_read, s: _fd_seek, t: _fd_write, g: invoke_i, b: invoke_ii, a: invoke_iii, d: invoke_iiii, k: invoke_iiiii, l: invoke_ji, e: invoke_v, f: invoke_vi, h: invoke_vii, j: invoke_viii, i: invoke_viiii, y: invoke_viiiii, n: invoke_viiiiiiiiiiiii, v: _proc_exit };
        function invoke_iii(index, a1, a2) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)(a1, a2);
          } catch (e) {
            if (stackRestore(sp), !(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_ii(index, a1) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)(a1);
          } catch (e) {
            if (stackRestore(sp), !(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_i(index) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)();
          } catch (e) {
            if (stackRestore(sp), !(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_v(index) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)();
          } catch (e) {
            if (stackRestore(sp), !(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_iiii(index, a1, a2, a3) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)(a1, a2, a3);
          } catch (e) {
            if (stackRestore(sp), !(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_viiii(index, a1, a2, a3, a4) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)(a1, a2, a3, a4);
          } catch (e) {
            if (stackRestore(sp), !(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_viiiiiiiiiiiii(index, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13);
          } catch (e) {
            if (stackRestore(sp), !(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_iiiii(index, a1, a2, a3, a4) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)(a1, a2, a3, a4);
          } catch (e) {
            if (stackRestore(sp), !(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_viii(index, a1, a2, a3) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)(a1, a2, a3);
          } catch (e) {
            if (stackRestore(sp), !(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_vi(index, a1) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)(a1);
          } catch (e) {
            if (stackRestore(sp), !(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_vii(index, a1, a2) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)(a1, a2);
          } catch (e) {
            if (stackRestore(sp), !(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_viiiii(index, a1, a2, a3, a4, a5) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)(a1, a2, a3, a4, a5);
          } catch (e) {
            if (stackRestore(sp), !(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_ji(index, a1) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)(a1);
          } catch (e) {
            if (stackRestore(sp), !(e instanceof EmscriptenEH)) throw e;
            return _setThrew(1, 0), 0n;
          }
        }
        async function run() {
          preRun(), runDependencies && await resolveRunDependencies();
          var setStatus = Module.setStatus;
          setStatus && (setStatus("Running..."), await new Promise((resolve) => setTimeout(resolve, 1)), setTimeout(setStatus, 1, "")), !ABORT && (initRuntime(), Module.onRuntimeInitialized?.(), postRun());
        }
        var wasmExports;
        return wasmExports = await createWasm(), await run(), Module;
      };
    })();
    typeof exports == "object" && typeof module == "object" ? (module.exports = PgQueryModule, module.exports.default = PgQueryModule) : typeof define == "function" && define.amd && define([], () => PgQueryModule);
  }
});

// node_modules/libpg-query/wasm/index.cjs
var require_wasm = __commonJS({
  "node_modules/libpg-query/wasm/index.cjs"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      k2 === void 0 && (k2 = k);
      var desc = Object.getOwnPropertyDescriptor(m, k);
      (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) && (desc = { enumerable: !0, get: function() {
        return m[k];
      } }), Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      k2 === void 0 && (k2 = k), o[k2] = m[k];
    })), __exportStar = exports && exports.__exportStar || function(m, exports2) {
      for (var p in m) p !== "default" && !Object.prototype.hasOwnProperty.call(exports2, p) && __createBinding(exports2, m, p);
    }, __importDefault = exports && exports.__importDefault || function(mod) {
      return mod && mod.__esModule ? mod : { default: mod };
    };
    Object.defineProperty(exports, "__esModule", { value: !0 });
    exports.scan = exports.normalize = exports.fingerprint = exports.parsePlPgSQL = exports.parse = exports.SqlError = void 0;
    exports.hasSqlDetails = hasSqlDetails;
    exports.formatSqlError = formatSqlError;
    exports.loadModule = loadModule2;
    exports.parseSync = parseSync2;
    exports.parsePlPgSQLSync = parsePlPgSQLSync;
    exports.fingerprintSync = fingerprintSync;
    exports.normalizeSync = normalizeSync;
    exports.scanSync = scanSync;
    __exportStar(require_types2(), exports);
    var SqlError = class extends Error {
      sqlDetails;
      constructor(message, details) {
        super(message), this.name = "SqlError", this.sqlDetails = details;
      }
    };
    exports.SqlError = SqlError;
    function hasSqlDetails(error) {
      return error instanceof SqlError && error.sqlDetails !== void 0;
    }
    function formatSqlError(error, query, options = {}) {
      let { showPosition = !0, showQuery = !0, color = !1, maxQueryLength } = options, lines = [], red = color ? "\x1B[31m" : "", yellow = color ? "\x1B[33m" : "", reset = color ? "\x1B[0m" : "";
      if (lines.push(`${red}Error: ${error.message}${reset}`), error.sqlDetails) {
        let { cursorPosition, fileName, functionName, lineNumber } = error.sqlDetails;
        if (cursorPosition !== void 0 && cursorPosition >= 0 && lines.push(`Position: ${cursorPosition}`), fileName || functionName || lineNumber) {
          let details = [];
          fileName && details.push(`file: ${fileName}`), functionName && details.push(`function: ${functionName}`), lineNumber && details.push(`line: ${lineNumber}`), lines.push(`Source: ${details.join(", ")}`);
        }
        if (showQuery && showPosition && cursorPosition !== void 0 && cursorPosition >= 0) {
          let displayQuery = query, adjustedPosition = cursorPosition;
          if (maxQueryLength && query.length > maxQueryLength) {
            let start = Math.max(0, cursorPosition - Math.floor(maxQueryLength / 2)), end = Math.min(query.length, start + maxQueryLength);
            displayQuery = (start > 0 ? "..." : "") + query.substring(start, end) + (end < query.length ? "..." : ""), adjustedPosition = cursorPosition - start + (start > 0 ? 3 : 0);
          }
          lines.push(displayQuery), lines.push(" ".repeat(adjustedPosition) + `${yellow}^${reset}`);
        }
      } else if (showQuery) {
        let displayQuery = query;
        maxQueryLength && query.length > maxQueryLength && (displayQuery = query.substring(0, maxQueryLength) + "..."), lines.push(`Query: ${displayQuery}`);
      }
      return lines.join(`
`);
    }
    var libpg_query_js_1 = __importDefault(require_libpg_query()), wasmModule, initPromise = (0, libpg_query_js_1.default)().then((module2) => {
      wasmModule = module2;
    });
    function ensureLoaded() {
      if (!wasmModule)
        throw new Error("WASM module not initialized. Call `loadModule()` first.");
    }
    async function loadModule2() {
      wasmModule || await initPromise;
    }
    function awaitInit(fn) {
      return (async (...args) => (await initPromise, fn(...args)));
    }
    function stringToPtr(str) {
      if (ensureLoaded(), typeof str != "string")
        throw new TypeError(`Expected a string, got ${typeof str}`);
      let len = wasmModule.lengthBytesUTF8(str) + 1, ptr = wasmModule._malloc(len);
      try {
        return wasmModule.stringToUTF8(str, ptr, len), ptr;
      } catch (error) {
        throw wasmModule._free(ptr), error;
      }
    }
    function ptrToString(ptr) {
      if (ensureLoaded(), typeof ptr != "number")
        throw new TypeError(`Expected a number, got ${typeof ptr}`);
      return wasmModule.UTF8ToString(ptr);
    }
    exports.parse = awaitInit(async (query) => {
      if (query == null)
        throw new Error("Query cannot be null or undefined");
      if (query === "")
        throw new Error("Query cannot be empty");
      let queryPtr = stringToPtr(query), resultPtr = 0;
      try {
        if (resultPtr = wasmModule._wasm_parse_query_raw(queryPtr), !resultPtr)
          throw new Error("Failed to parse query: memory allocation failed");
        let parseTreePtr = wasmModule.getValue(resultPtr, "i32"), stderrBufferPtr = wasmModule.getValue(resultPtr + 4, "i32"), errorPtr = wasmModule.getValue(resultPtr + 8, "i32");
        if (errorPtr) {
          let messagePtr = wasmModule.getValue(errorPtr, "i32"), funcnamePtr = wasmModule.getValue(errorPtr + 4, "i32"), filenamePtr = wasmModule.getValue(errorPtr + 8, "i32"), lineno = wasmModule.getValue(errorPtr + 12, "i32"), cursorpos = wasmModule.getValue(errorPtr + 16, "i32"), message = messagePtr ? wasmModule.UTF8ToString(messagePtr) : "Unknown error", funcname = funcnamePtr ? wasmModule.UTF8ToString(funcnamePtr) : void 0, filename = filenamePtr ? wasmModule.UTF8ToString(filenamePtr) : void 0;
          throw new SqlError(message, {
            message,
            cursorPosition: cursorpos > 0 ? cursorpos - 1 : 0,
            // Convert to 0-based
            fileName: filename,
            functionName: funcname,
            lineNumber: lineno > 0 ? lineno : void 0
          });
        }
        if (!parseTreePtr)
          throw new Error("No parse tree generated");
        let parseTreeStr = wasmModule.UTF8ToString(parseTreePtr);
        return JSON.parse(parseTreeStr);
      } finally {
        wasmModule._free(queryPtr), resultPtr && wasmModule._wasm_free_parse_result(resultPtr);
      }
    });
    exports.parsePlPgSQL = awaitInit(async (query) => {
      let queryPtr = stringToPtr(query), resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_parse_plpgsql(queryPtr);
        let resultStr = ptrToString(resultPtr);
        if (!resultStr.startsWith("{"))
          throw new Error(resultStr);
        return JSON.parse(resultStr);
      } finally {
        wasmModule._free(queryPtr), resultPtr && wasmModule._wasm_free_string(resultPtr);
      }
    });
    exports.fingerprint = awaitInit(async (query) => {
      let queryPtr = stringToPtr(query), resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_fingerprint(queryPtr);
        let resultStr = ptrToString(resultPtr);
        if (resultStr.startsWith("syntax error") || resultStr.startsWith("deparse error") || resultStr.startsWith("ERROR"))
          throw new Error(resultStr);
        return resultStr;
      } finally {
        wasmModule._free(queryPtr), resultPtr && wasmModule._wasm_free_string(resultPtr);
      }
    });
    exports.normalize = awaitInit(async (query) => {
      let queryPtr = stringToPtr(query), resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_normalize_query(queryPtr);
        let resultStr = ptrToString(resultPtr);
        if (resultStr.startsWith("syntax error") || resultStr.startsWith("deparse error") || resultStr.startsWith("ERROR"))
          throw new Error(resultStr);
        return resultStr;
      } finally {
        wasmModule._free(queryPtr), resultPtr && wasmModule._wasm_free_string(resultPtr);
      }
    });
    function parseSync2(query) {
      if (!wasmModule)
        throw new Error("WASM module not initialized. Call loadModule() first.");
      if (query == null)
        throw new Error("Query cannot be null or undefined");
      if (query === "")
        throw new Error("Query cannot be empty");
      let queryPtr = stringToPtr(query), resultPtr = 0;
      try {
        if (resultPtr = wasmModule._wasm_parse_query_raw(queryPtr), !resultPtr)
          throw new Error("Failed to parse query: memory allocation failed");
        let parseTreePtr = wasmModule.getValue(resultPtr, "i32"), stderrBufferPtr = wasmModule.getValue(resultPtr + 4, "i32"), errorPtr = wasmModule.getValue(resultPtr + 8, "i32");
        if (errorPtr) {
          let messagePtr = wasmModule.getValue(errorPtr, "i32"), funcnamePtr = wasmModule.getValue(errorPtr + 4, "i32"), filenamePtr = wasmModule.getValue(errorPtr + 8, "i32"), lineno = wasmModule.getValue(errorPtr + 12, "i32"), cursorpos = wasmModule.getValue(errorPtr + 16, "i32"), message = messagePtr ? wasmModule.UTF8ToString(messagePtr) : "Unknown error", funcname = funcnamePtr ? wasmModule.UTF8ToString(funcnamePtr) : void 0, filename = filenamePtr ? wasmModule.UTF8ToString(filenamePtr) : void 0;
          throw new SqlError(message, {
            message,
            cursorPosition: cursorpos > 0 ? cursorpos - 1 : 0,
            // Convert to 0-based
            fileName: filename,
            functionName: funcname,
            lineNumber: lineno > 0 ? lineno : void 0
          });
        }
        if (!parseTreePtr)
          throw new Error("No parse tree generated");
        let parseTreeStr = wasmModule.UTF8ToString(parseTreePtr);
        return JSON.parse(parseTreeStr);
      } finally {
        wasmModule._free(queryPtr), resultPtr && wasmModule._wasm_free_parse_result(resultPtr);
      }
    }
    function parsePlPgSQLSync(query) {
      if (!wasmModule)
        throw new Error("WASM module not initialized. Call loadModule() first.");
      let queryPtr = stringToPtr(query), resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_parse_plpgsql(queryPtr);
        let resultStr = ptrToString(resultPtr);
        if (!resultStr.startsWith("{"))
          throw new Error(resultStr);
        return JSON.parse(resultStr);
      } finally {
        wasmModule._free(queryPtr), resultPtr && wasmModule._wasm_free_string(resultPtr);
      }
    }
    function fingerprintSync(query) {
      if (!wasmModule)
        throw new Error("WASM module not initialized. Call loadModule() first.");
      let queryPtr = stringToPtr(query), resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_fingerprint(queryPtr);
        let resultStr = ptrToString(resultPtr);
        if (resultStr.startsWith("syntax error") || resultStr.startsWith("deparse error") || resultStr.startsWith("ERROR"))
          throw new Error(resultStr);
        return resultStr;
      } finally {
        wasmModule._free(queryPtr), resultPtr && wasmModule._wasm_free_string(resultPtr);
      }
    }
    function normalizeSync(query) {
      if (!wasmModule)
        throw new Error("WASM module not initialized. Call loadModule() first.");
      let queryPtr = stringToPtr(query), resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_normalize_query(queryPtr);
        let resultStr = ptrToString(resultPtr);
        if (resultStr.startsWith("syntax error") || resultStr.startsWith("deparse error") || resultStr.startsWith("ERROR"))
          throw new Error(resultStr);
        return resultStr;
      } finally {
        wasmModule._free(queryPtr), resultPtr && wasmModule._wasm_free_string(resultPtr);
      }
    }
    exports.scan = awaitInit(async (query) => {
      let queryPtr = stringToPtr(query), resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_scan(queryPtr);
        let resultStr = ptrToString(resultPtr);
        if (resultStr.startsWith("syntax error") || resultStr.startsWith("deparse error") || resultStr.startsWith("ERROR"))
          throw new Error(resultStr);
        return JSON.parse(resultStr);
      } finally {
        wasmModule._free(queryPtr), resultPtr && wasmModule._wasm_free_string(resultPtr);
      }
    });
    function scanSync(query) {
      if (!wasmModule)
        throw new Error("WASM module not initialized. Call loadModule() first.");
      let queryPtr = stringToPtr(query), resultPtr = 0;
      try {
        resultPtr = wasmModule._wasm_scan(queryPtr);
        let resultStr = ptrToString(resultPtr);
        if (resultStr.startsWith("syntax error") || resultStr.startsWith("deparse error") || resultStr.startsWith("ERROR"))
          throw new Error(resultStr);
        return JSON.parse(resultStr);
      } finally {
        wasmModule._free(queryPtr), resultPtr && wasmModule._wasm_free_string(resultPtr);
      }
    }
  }
});

// packages/migrate-direct/src/lint/index.ts
var import_libpg_query = __toESM(require_wasm(), 1);
import { setFlagsFromString } from "node:v8";

// packages/migrate-direct/src/lint/ast.ts
function qualifiedRelation(rangeVar) {
  return rangeVar ? `${rangeVar.schemaname ?? "public"}.${rangeVar.relname}` : "?";
}
function strings(list) {
  return (list ?? []).map((n) => n?.String?.sval).filter((s) => typeof s == "string");
}
function dropObjectName(obj, qualifyWith) {
  let parts = obj.List ? strings(obj.List.items) : obj.String ? [obj.String.sval] : [];
  return qualifyWith && parts.length === 1 && parts.unshift(qualifyWith), parts.join(".");
}
function typeInfo(typeName) {
  if (!typeName) return;
  let names = strings(typeName.names), name = names[names.length - 1];
  if (!name) return;
  let mods = (typeName.typmods ?? []).map((m) => m?.A_Const?.ival?.ival ?? (m?.A_Const?.ival ? 0 : void 0)).filter((n) => typeof n == "number");
  return { name, mods, array: Array.isArray(typeName.arrayBounds) && typeName.arrayBounds.length > 0 };
}
var sqlNames = {
  int2: "smallint",
  int4: "integer",
  int8: "bigint",
  bpchar: "char",
  float4: "real",
  float8: "double precision",
  bool: "boolean"
};
function formatType(t) {
  return `${sqlNames[t.name] ?? t.name}${t.mods.length ? `(${t.mods.join(",")})` : ""}${t.array ? "[]" : ""}`;
}
function functionCalls(node, out = []) {
  if (Array.isArray(node))
    for (let n of node) functionCalls(n, out);
  else if (node && typeof node == "object") {
    let fc = node.FuncCall;
    if (fc) {
      let names = strings(fc.funcname);
      names.length && out.push(names[names.length - 1].toLowerCase());
    }
    for (let v of Object.values(node)) functionCalls(v, out);
  }
  return out;
}
function alterCommands(stmt) {
  return (stmt.cmds ?? []).map((c) => c.AlterTableCmd).filter(Boolean);
}
function columnDefs(create) {
  return (create.tableElts ?? []).map((e) => e.ColumnDef).filter(Boolean);
}
function constraintsOf(def) {
  return (def?.constraints ?? []).map((c) => c.Constraint).filter(Boolean);
}

// packages/migrate-direct/src/lint/state.ts
function newFileState() {
  return { createdTables: /* @__PURE__ */ new Set(), columnTypes: /* @__PURE__ */ new Map(), notNullChecks: /* @__PURE__ */ new Map(), provenNotNull: /* @__PURE__ */ new Set() };
}
function notNullCheckColumn(constraint) {
  if (constraint.contype !== "CONSTR_CHECK") return;
  let test = constraint.raw_expr?.NullTest;
  if (!test || test.nulltesttype !== "IS_NOT_NULL") return;
  let fields = strings(test.arg?.ColumnRef?.fields);
  return fields.length === 1 ? fields[0] : void 0;
}
function recordColumns(state, table, defs) {
  for (let def of defs) {
    let t = typeInfo(def.typeName);
    def.colname && t && state.columnTypes.set(`${table}.${def.colname}`, t);
  }
}
function recordStatement(state, stmt) {
  let n = stmt.node;
  if (stmt.type === "CreateStmt") {
    let table = qualifiedRelation(n.relation);
    state.createdTables.add(table), recordColumns(state, table, columnDefs(n));
  } else if (stmt.type === "CreateTableAsStmt")
    state.createdTables.add(qualifiedRelation(n.into?.rel));
  else if (stmt.type === "RenameStmt" && n.renameType === "OBJECT_TABLE" && n.relation) {
    let from = qualifiedRelation(n.relation);
    state.createdTables.has(from) && state.createdTables.add(`${n.relation.schemaname ?? "public"}.${n.newname}`);
  } else if (stmt.type === "AlterTableStmt") {
    let table = qualifiedRelation(n.relation);
    for (let cmd of alterCommands(n)) {
      let def = cmd.def ?? {};
      if (cmd.subtype === "AT_AddColumn" && def.ColumnDef)
        recordColumns(state, table, [def.ColumnDef]);
      else if (cmd.subtype === "AT_AlterColumnType" && def.ColumnDef) {
        let t = typeInfo(def.ColumnDef.typeName);
        t && state.columnTypes.set(`${table}.${cmd.name}`, t);
      } else if (cmd.subtype === "AT_AddConstraint" && def.Constraint) {
        let c = def.Constraint, column = notNullCheckColumn(c);
        if (!column) continue;
        let name = c.conname ?? `${n.relation?.relname}_${column}_check`;
        c.skip_validation && state.notNullChecks.set(`${table}.${name}`, column);
      } else if (cmd.subtype === "AT_ValidateConstraint") {
        let column = state.notNullChecks.get(`${table}.${cmd.name}`);
        column && state.provenNotNull.add(`${table}.${column}`);
      }
    }
  }
}
function isNewTable(state, table) {
  return state.createdTables.has(table);
}

// packages/migrate-direct/src/lint/rules/add-foreign-key-without-not-valid.ts
var addForeignKeyWithoutNotValid = {
  id: "add-foreign-key-without-not-valid",
  title: "ADD FOREIGN KEY validates every row under a lock",
  severity: "warning",
  category: "locking",
  description: "Adding a foreign key checks every existing row while holding SHARE ROW EXCLUSIVE locks on both tables, blocking writes to both for the whole scan. Added NOT VALID, the constraint applies to new rows at once and the check of old rows runs later under a lock that lets writes continue.",
  example: "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);",
  fix: "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID; then, in a later statement or migration, VALIDATE CONSTRAINT.",
  check(stmt, file) {
    if (stmt.type !== "AlterTableStmt") return [];
    let table = qualifiedRelation(stmt.node.relation);
    if (isNewTable(file, table)) return [];
    let rel = stmt.node.relation?.relname;
    return alterCommands(stmt.node).filter((c) => c.subtype === "AT_AddConstraint" && c.def?.Constraint?.contype === "CONSTR_FOREIGN" && !c.def.Constraint.skip_validation).map((c) => {
      let fk = c.def.Constraint, cols = strings(fk.fk_attrs), refCols = strings(fk.pk_attrs), referenced = qualifiedRelation(fk.pktable), name = fk.conname ?? `${rel}_${cols.join("_")}_fkey`;
      return {
        object: `${table}.${name}`,
        message: `Adding foreign key ${name} on ${table} checks every existing row while blocking writes to ${table} and ${referenced}.`,
        fix: [
          `ALTER TABLE ${table} ADD CONSTRAINT ${name} FOREIGN KEY (${cols.join(", ")}) REFERENCES ${referenced}${refCols.length ? ` (${refCols.join(", ")})` : ""} NOT VALID;`,
          `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name};`
        ].join(`
`)
      };
    });
  }
};

// packages/migrate-direct/src/lint/rules/concurrently-in-transaction.ts
function outsideOnly(stmt) {
  let n = stmt.node;
  switch (stmt.type) {
    case "IndexStmt":
      return n.concurrent ? `CREATE INDEX CONCURRENTLY on ${qualifiedRelation(n.relation)}` : void 0;
    case "ReindexStmt":
      return (n.params ?? []).some((p) => p.DefElem?.defname === "concurrently") ? "REINDEX CONCURRENTLY" : void 0;
    case "DropStmt":
      return n.concurrent ? "DROP INDEX CONCURRENTLY" : void 0;
    case "VacuumStmt":
      return n.is_vacuumcmd ? "VACUUM" : void 0;
    case "AlterTableStmt":
      return alterCommands(n).some((c) => c.subtype === "AT_DetachPartition" && c.def?.PartitionCmd?.concurrent) ? "DETACH PARTITION ... CONCURRENTLY" : void 0;
    case "CreatedbStmt":
      return "CREATE DATABASE";
    case "DropdbStmt":
      return "DROP DATABASE";
    case "AlterSystemStmt":
      return "ALTER SYSTEM";
    case "CreateTableSpaceStmt":
      return "CREATE TABLESPACE";
    case "DropTableSpaceStmt":
      return "DROP TABLESPACE";
    default:
      return;
  }
}
var concurrentlyInTransaction = {
  id: "concurrently-in-transaction",
  title: "CONCURRENTLY (or VACUUM) inside a transaction",
  severity: "error",
  category: "transaction",
  description: "CREATE INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, VACUUM, CREATE/DROP DATABASE and similar statements cannot run inside a transaction block; a migration that runs in a transaction fails at deploy time, possibly after some of its statements already ran elsewhere.",
  example: "CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);",
  fix: "Make -- preflight:no-transaction the first line of the migration, and keep that migration to this one statement so a failure leaves nothing half-applied.",
  check(stmt, _file, ctx) {
    if (!ctx.inTransaction) return [];
    let what = outsideOnly(stmt);
    if (!what) return [];
    let n = stmt.node;
    return [
      {
        object: n.relation ? qualifiedRelation(n.relation) : n.dbname ? String(n.dbname) : stmt.type,
        message: `${what} cannot run inside a transaction block, and this migration runs in one, so it fails at deploy time.`,
        fix: `-- preflight:no-transaction (as the first line of the migration, which should hold only this statement)
${stmt.text};`
      }
    ];
  }
};

// packages/migrate-direct/src/lint/rules/delete-without-where.ts
var deleteWithoutWhere = {
  id: "delete-without-where",
  title: "DELETE without WHERE deletes every row",
  severity: "error",
  category: "destructive",
  description: "A DELETE with no WHERE clause removes every row of the table, usually by accident (a condition lost in editing). Blocked in production unless allow-destructive is set.",
  example: "DELETE FROM audit_log;",
  fix: "Add the WHERE clause that selects the rows to delete; if every row really must go, say so with allow-destructive.",
  check(stmt) {
    if (stmt.type !== "DeleteStmt" || stmt.node.whereClause) return [];
    let table = qualifiedRelation(stmt.node.relation);
    return [
      {
        object: table,
        message: `DELETE FROM ${table} has no WHERE clause, so it deletes every row of the table.`,
        fix: `DELETE FROM ${table} WHERE <condition>; (in batches for large tables), or deploy with allow-destructive if every row must go.`
      }
    ];
  }
};

// packages/migrate-direct/src/lint/rules/drop-column.ts
var dropColumn = {
  id: "drop-column",
  title: "DROP COLUMN deletes a column and its data",
  severity: "error",
  category: "destructive",
  description: "Dropping a column loses its data with no undo, and the app version still running during the deploy breaks on queries that name it (including ORMs that SELECT every mapped column). Blocked in production unless allow-destructive is set.",
  example: "ALTER TABLE users DROP COLUMN legacy_email;",
  fix: "Remove the column from the app (and ORM model) in one release, then drop it in a later migration deployed with allow-destructive.",
  check(stmt) {
    if (stmt.type !== "AlterTableStmt") return [];
    let table = qualifiedRelation(stmt.node.relation);
    return alterCommands(stmt.node).filter((c) => c.subtype === "AT_DropColumn").map((c) => ({
      object: `${table}.${c.name}`,
      message: `Dropping column ${table}.${c.name} deletes its data, and the app version still running fails on queries that use it.`,
      fix: `Stop reading and writing ${c.name} in a deployed release first, then run ALTER TABLE ${table} DROP COLUMN ${c.name}; in a later migration with allow-destructive.`
    }));
  }
};

// packages/migrate-direct/src/lint/rules/drop-database.ts
var dropDatabase = {
  id: "drop-database",
  title: "DROP DATABASE deletes a database",
  severity: "error",
  category: "destructive",
  description: "Dropping a database deletes everything in it. It has no place in an application migration; it cannot even run inside a transaction.",
  example: "DROP DATABASE analytics;",
  fix: "Remove it from the migration; drop databases by hand (after a backup), not from a deploy.",
  check(stmt) {
    if (stmt.type !== "DropdbStmt") return [];
    let db = String(stmt.node.dbname);
    return [
      {
        object: db,
        message: `DROP DATABASE ${db} deletes the whole database.`,
        fix: `Remove the statement from the migration; if ${db} really must go, back it up (pg_dump) and drop it by hand.`
      }
    ];
  }
};

// packages/migrate-direct/src/lint/rules/drop-schema.ts
var dropSchema = {
  id: "drop-schema",
  title: "DROP SCHEMA deletes a schema",
  severity: "error",
  category: "destructive",
  description: "Dropping a schema (with CASCADE: every table, view and function in it) loses all of it with no undo. Blocked in production unless allow-destructive is set.",
  example: "DROP SCHEMA reporting CASCADE;",
  fix: "Move what must stay out of the schema, back it up (pg_dump -n), and drop it in a migration deployed with allow-destructive.",
  check(stmt) {
    if (stmt.type !== "DropStmt" || stmt.node.removeType !== "OBJECT_SCHEMA") return [];
    let cascade = stmt.node.behavior === "DROP_CASCADE";
    return (stmt.node.objects ?? []).map((o) => {
      let schema = dropObjectName(o);
      return {
        object: schema,
        message: `DROP SCHEMA ${schema}${cascade ? " CASCADE deletes the schema and every table, view and function in it" : " deletes the schema"}.`,
        fix: `Back up the schema (pg_dump -n ${schema}) and drop it in a migration deployed with allow-destructive, after no release uses it.`
      };
    });
  }
};

// packages/migrate-direct/src/lint/rules/drop-table.ts
var dropTable = {
  id: "drop-table",
  title: "DROP TABLE deletes a table and its rows",
  severity: "error",
  category: "destructive",
  description: "Dropping a table loses every row with no undo, and the app version still running during the deploy may still read or write it. Blocked in production unless allow-destructive is set.",
  example: "DROP TABLE legacy_invoices;",
  fix: "Ship a release that no longer uses the table, back it up (pg_dump -t), and drop it in a later migration deployed with allow-destructive.",
  check(stmt) {
    return stmt.type !== "DropStmt" || stmt.node.removeType !== "OBJECT_TABLE" ? [] : (stmt.node.objects ?? []).map((o) => {
      let table = dropObjectName(o, "public");
      return {
        object: table,
        message: `DROP TABLE ${table} deletes the table and all its rows, and the app version still running may be using it.`,
        fix: `Stop using ${table} in a deployed release first, back it up (pg_dump -t ${table}), then drop it in a later migration with allow-destructive; or rename it first (ALTER TABLE ${table} RENAME TO ${table.split(".").pop()}_deprecated) and drop it in a later release.`
      };
    });
  }
};

// packages/migrate-direct/src/lint/rules/index-without-concurrently.ts
function concurrentVersion(text) {
  return text.replace(/^(\s*CREATE\s+(?:UNIQUE\s+)?INDEX)\b/i, "$1 CONCURRENTLY");
}
var indexWithoutConcurrently = {
  id: "index-without-concurrently",
  title: "CREATE INDEX without CONCURRENTLY blocks writes",
  severity: "warning",
  category: "locking",
  description: "CREATE INDEX holds a SHARE lock on the table until the index is built: every INSERT, UPDATE and DELETE waits, for minutes on a large table. Tables created earlier in the same migration are empty and exempt.",
  example: "CREATE INDEX orders_customer_id_idx ON orders (customer_id);",
  fix: "CREATE INDEX CONCURRENTLY in its own migration whose first line is -- preflight:no-transaction (CONCURRENTLY cannot run inside a transaction).",
  check(stmt, file) {
    if (stmt.type !== "IndexStmt" || stmt.node.concurrent) return [];
    let table = qualifiedRelation(stmt.node.relation);
    if (isNewTable(file, table)) return [];
    let name = stmt.node.idxname ? `index ${stmt.node.idxname}` : "an index";
    return [
      {
        object: table,
        message: `Creating ${name} on ${table} without CONCURRENTLY blocks every write to the table until the index is built.`,
        fix: `-- preflight:no-transaction (first line of a migration of its own)
${concurrentVersion(stmt.text)};`
      }
    ];
  }
};

// packages/migrate-direct/src/lint/rules/rename-column.ts
var renameColumn = {
  id: "rename-column",
  title: "RENAME COLUMN breaks the running app version",
  severity: "warning",
  category: "compatibility",
  description: "During a deploy the old app version keeps running; the moment the rename commits, every query it sends with the old column name fails.",
  example: "ALTER TABLE users RENAME COLUMN name TO full_name;",
  fix: "Expand and contract: add the new column, write both, backfill, switch reads, and drop the old column in a later release.",
  check(stmt, file) {
    if (stmt.type !== "RenameStmt" || stmt.node.renameType !== "OBJECT_COLUMN") return [];
    let table = qualifiedRelation(stmt.node.relation);
    if (isNewTable(file, table)) return [];
    let { subname: from, newname: to } = stmt.node;
    return [
      {
        object: `${table}.${from}`,
        message: `Renaming ${table}.${from} to ${to} breaks every query of the app version still running that uses the old name.`,
        fix: `ALTER TABLE ${table} ADD COLUMN ${to} <type>; write both columns from the app, backfill ${to} from ${from} in batches, switch reads to ${to}, and drop ${from} in a later release.`
      }
    ];
  }
};

// packages/migrate-direct/src/lint/rules/rename-table.ts
var renameTable = {
  id: "rename-table",
  title: "RENAME TABLE breaks the running app version",
  severity: "warning",
  category: "compatibility",
  description: "During a deploy the old app version keeps running; the moment the rename commits, every query it sends to the old table name fails.",
  example: "ALTER TABLE customers RENAME TO accounts;",
  fix: "Rename, then leave a view under the old name (CREATE VIEW old AS SELECT * FROM new) until no running release uses it.",
  check(stmt, file) {
    if (stmt.type !== "RenameStmt" || stmt.node.renameType !== "OBJECT_TABLE") return [];
    let table = qualifiedRelation(stmt.node.relation);
    if (isNewTable(file, table)) return [];
    let to = `${stmt.node.relation?.schemaname ?? "public"}.${stmt.node.newname}`;
    return [
      {
        object: table,
        message: `Renaming ${table} to ${stmt.node.newname} breaks every query of the app version still running that uses the old name.`,
        fix: `ALTER TABLE ${table} RENAME TO ${stmt.node.newname}; CREATE VIEW ${table} AS SELECT * FROM ${to}; (a simple view stays writable) and drop the view once no running release uses ${table}.`
      }
    ];
  }
};

// packages/migrate-direct/src/lint/rules/set-not-null-without-check.ts
var setNotNullWithoutCheck = {
  id: "set-not-null-without-check",
  title: "SET NOT NULL scans the table under an exclusive lock",
  severity: "warning",
  category: "locking",
  description: "ALTER COLUMN ... SET NOT NULL scans the whole table while holding an ACCESS EXCLUSIVE lock, so reads and writes stop. Since PostgreSQL 12 the scan is skipped when a validated CHECK (col IS NOT NULL) already exists, and that check can be added without the long lock.",
  example: "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
  fix: "ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT (takes only a SHARE UPDATE EXCLUSIVE lock); then SET NOT NULL (no scan); then drop the check.",
  check(stmt, file) {
    if (stmt.type !== "AlterTableStmt") return [];
    let table = qualifiedRelation(stmt.node.relation);
    if (isNewTable(file, table)) return [];
    let rel = stmt.node.relation?.relname;
    return alterCommands(stmt.node).filter((c) => c.subtype === "AT_SetNotNull" && !file.provenNotNull.has(`${table}.${c.name}`)).map((c) => {
      let check = `${rel}_${c.name}_not_null`;
      return {
        object: `${table}.${c.name}`,
        message: `SET NOT NULL on ${table}.${c.name} scans the whole table while holding an exclusive lock that blocks reads and writes.`,
        fix: [
          `ALTER TABLE ${table} ADD CONSTRAINT ${check} CHECK (${c.name} IS NOT NULL) NOT VALID;`,
          `ALTER TABLE ${table} VALIDATE CONSTRAINT ${check};`,
          `ALTER TABLE ${table} ALTER COLUMN ${c.name} SET NOT NULL;`,
          `ALTER TABLE ${table} DROP CONSTRAINT ${check};`
        ].join(`
`)
      };
    });
  }
};

// packages/migrate-direct/src/lint/rules/truncate.ts
var truncate = {
  id: "truncate",
  title: "TRUNCATE deletes every row",
  severity: "error",
  category: "destructive",
  description: "TRUNCATE empties a table (and with CASCADE, every table referencing it) under an ACCESS EXCLUSIVE lock, with no undo once committed. Blocked in production unless allow-destructive is set.",
  example: "TRUNCATE sessions;",
  fix: "Delete only the rows you mean to, in batches with a WHERE clause, or run the cleanup as a one-off job outside the migration.",
  check(stmt) {
    return stmt.type !== "TruncateStmt" ? [] : (stmt.node.relations ?? []).map((r) => {
      let table = qualifiedRelation(r.RangeVar);
      return {
        object: table,
        message: `TRUNCATE ${table} deletes every row of the table${stmt.node.behavior === "DROP_CASCADE" ? " and of every table that references it" : ""}.`,
        fix: `Delete only the rows you mean to, in batches: DELETE FROM ${table} WHERE <condition> (repeat with LIMIT via a ctid/id subquery), or run it as a one-off job with allow-destructive.`
      };
    });
  }
};

// packages/migrate-direct/src/lint/rules/type-narrowing.ts
var intRank = { int2: 1, int4: 2, int8: 3 }, intDigits = { int2: 5, int4: 10, int8: 19 }, textual = /* @__PURE__ */ new Set(["text", "varchar", "bpchar"]);
function length(t) {
  if (t.name === "text" || t.name === "varchar" && t.mods.length === 0) return 1 / 0;
  if (t.name === "varchar" || t.name === "bpchar") return t.mods[0] ?? 1;
}
function digits(t) {
  if (t.name === "numeric") return t.mods.length ? [t.mods[0] - (t.mods[1] ?? 0), t.mods[1] ?? 0] : [1 / 0, 1 / 0];
  if (t.name in intDigits) return [intDigits[t.name], 0];
  if (t.name === "float4" || t.name === "float8") return [1 / 0, 1 / 0];
}
function bounded(t) {
  return t.name === "varchar" && t.mods.length > 0 || t.name === "bpchar" || t.name === "int4" || t.name === "int2" || t.name === "numeric" && t.mods.length > 0;
}
function narrows(from, to) {
  if (from.array !== to.array) return !1;
  let lf = length(from), lt = length(to);
  if (lf !== void 0 && lt !== void 0) return lt < lf;
  if (to.name in intRank)
    return from.name in intRank ? intRank[to.name] < intRank[from.name] : from.name === "numeric" || from.name === "float4" || from.name === "float8" || textual.has(from.name);
  let df = digits(from), dt = digits(to);
  return df && dt ? dt[0] < df[0] || dt[1] < df[1] : from.name === "float8" && to.name === "float4";
}
var typeNarrowing = {
  id: "type-narrowing",
  title: "ALTER COLUMN TYPE to a smaller type",
  severity: "error",
  category: "destructive",
  description: "Changing a column to a type that holds less (varchar(255) to varchar(50), text to varchar(n), bigint to integer, numeric(12,4) to numeric(10,2)) fails on existing values that no longer fit, silently rounds numeric scale, and rewrites the table under an ACCESS EXCLUSIVE lock. When the old type is not in the same file, any change to varchar(n), char(n), integer, smallint or numeric(p,s) is reported as a possible narrowing.",
  example: "ALTER TABLE users ALTER COLUMN email TYPE varchar(50);",
  fix: "Keep the wider type and enforce the limit with a CHECK constraint added NOT VALID, then VALIDATE CONSTRAINT; fix the rows that do not fit before any type change.",
  check(stmt, file) {
    if (stmt.type !== "AlterTableStmt") return [];
    let table = qualifiedRelation(stmt.node.relation), hits = [];
    for (let cmd of alterCommands(stmt.node)) {
      if (cmd.subtype !== "AT_AlterColumnType") continue;
      let to = typeInfo(cmd.def?.ColumnDef?.typeName);
      if (!to) continue;
      let column = `${table}.${cmd.name}`, from = file.columnTypes.get(column);
      if (from ? !narrows(from, to) : !bounded(to)) continue;
      let check = length(to) !== void 0 ? `char_length(${cmd.name}) <= ${length(to)}` : `<${cmd.name} fits ${formatType(to)}>`;
      hits.push({
        object: column,
        message: from ? `Changing ${column} from ${formatType(from)} to ${formatType(to)} narrows it: existing values that do not fit make the migration fail or lose precision, and the table is rewritten under an exclusive lock.` : `Changing ${column} to ${formatType(to)} may narrow it (its current type is not in this file): values that do not fit make the migration fail or lose precision, and the table is rewritten under an exclusive lock.`,
        fix: `Keep the current type and enforce the limit instead: ALTER TABLE ${table} ADD CONSTRAINT ${stmt.node.relation?.relname}_${cmd.name}_fits CHECK (${check}) NOT VALID; then ALTER TABLE ${table} VALIDATE CONSTRAINT ${stmt.node.relation?.relname}_${cmd.name}_fits; (fix the rows that fail first).`
      });
    }
    return hits;
  }
};

// packages/migrate-direct/src/lint/rules/update-without-where.ts
var updateWithoutWhere = {
  id: "update-without-where",
  title: "UPDATE without WHERE overwrites every row",
  severity: "error",
  category: "destructive",
  description: "An UPDATE with no WHERE clause overwrites a column in every row, losing the old values, and on a large table locks every row for the whole migration. Blocked in production unless allow-destructive is set.",
  example: "UPDATE users SET plan = 'free';",
  fix: "Add the WHERE clause that selects the rows to change; backfills of a new column go in batches (WHERE id BETWEEN ... AND ...).",
  check(stmt) {
    if (stmt.type !== "UpdateStmt" || stmt.node.whereClause) return [];
    let table = qualifiedRelation(stmt.node.relation);
    return [
      {
        object: table,
        message: `UPDATE ${table} has no WHERE clause, so it overwrites every row of the table and locks them all until the migration commits.`,
        fix: `UPDATE ${table} SET ... WHERE <condition>; for a backfill, update in batches (WHERE id > $last ORDER BY id LIMIT 10000) outside the migration's transaction.`
      }
    ];
  }
};

// packages/migrate-direct/src/lint/rules/volatile-default.ts
var volatileFunctions = /* @__PURE__ */ new Set([
  "random",
  "random_normal",
  "gen_random_uuid",
  "uuidv4",
  "uuidv7",
  "uuid_generate_v1",
  "uuid_generate_v1mc",
  "uuid_generate_v4",
  "gen_random_bytes",
  "clock_timestamp",
  "timeofday",
  "nextval"
]), serialBase = { serial: "int4", serial4: "int4", bigserial: "int8", serial8: "int8", smallserial: "int2", serial2: "int2" }, volatileDefault = {
  id: "volatile-default",
  title: "ADD COLUMN with a volatile default rewrites the table",
  severity: "warning",
  category: "locking",
  description: "Adding a column whose default differs per row (random(), gen_random_uuid(), clock_timestamp(), uuid_generate_v4(), nextval(), a serial or identity column) rewrites the whole table under an ACCESS EXCLUSIVE lock. Constant and stable defaults such as 0 or now() are instant since PostgreSQL 11.",
  example: "ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid();",
  fix: "Add the column without a default, backfill it in batches, then SET DEFAULT for new rows.",
  check(stmt, file) {
    if (stmt.type !== "AlterTableStmt") return [];
    let table = qualifiedRelation(stmt.node.relation);
    if (isNewTable(file, table)) return [];
    let hits = [];
    for (let cmd of alterCommands(stmt.node)) {
      let def = cmd.def?.ColumnDef;
      if (cmd.subtype !== "AT_AddColumn" || !def) continue;
      let type = typeInfo(def.typeName), serial = type !== void 0 && type.name in serialBase, constraints = constraintsOf(def), identity = constraints.some((c) => c.contype === "CONSTR_IDENTITY"), volatileCall = constraints.filter((c) => c.contype === "CONSTR_DEFAULT").flatMap((c) => functionCalls(c.raw_expr)).find((f) => volatileFunctions.has(f));
      if (!serial && !identity && !volatileCall) continue;
      let what = volatileCall ? `the volatile default ${volatileCall}()` : serial ? `type ${type.name} (a sequence default)` : "an identity (sequence) default", column = `${table}.${def.colname}`, plainType = type ? formatType(serial ? { ...type, name: serialBase[type.name] } : type) : "<type>", newDefault = volatileCall && volatileCall !== "nextval" ? `${volatileCall}()` : "nextval('<sequence>')";
      hits.push({
        object: column,
        message: `Adding ${column} with ${what} rewrites every row of ${table} under an exclusive lock that blocks reads and writes.`,
        fix: [
          `ALTER TABLE ${table} ADD COLUMN ${def.colname} ${plainType};`,
          "-- backfill in batches, outside the migration's transaction:",
          `UPDATE ${table} SET ${def.colname} = ${newDefault} WHERE ${def.colname} IS NULL AND id BETWEEN $1 AND $2;`,
          `ALTER TABLE ${table} ALTER COLUMN ${def.colname} SET DEFAULT ${newDefault};`
        ].join(`
`)
      });
    }
    return hits;
  }
};

// packages/migrate-direct/src/lint/rules/syntax-error.ts
var syntaxError = {
  id: "syntax-error",
  title: "The migration does not parse",
  severity: "error",
  category: "syntax",
  description: "PostgreSQL's own parser (libpg-query, PostgreSQL 18 grammar) rejects the file, so it would fail at deploy time and none of the other rules can look at it.",
  example: "ALTER TABLE users ADD COLUMN email txt NOT NULL DEFALT '';",
  fix: "Fix the SQL at the reported line; psql against a scratch database reports the same error with more context."
};

// packages/migrate-direct/src/lint/rules/index.ts
var statementRules = [
  dropTable,
  dropColumn,
  truncate,
  deleteWithoutWhere,
  updateWithoutWhere,
  typeNarrowing,
  dropSchema,
  dropDatabase,
  indexWithoutConcurrently,
  setNotNullWithoutCheck,
  volatileDefault,
  addForeignKeyWithoutNotValid,
  renameColumn,
  renameTable,
  concurrentlyInTransaction
];

// packages/migrate-direct/src/lint/source.ts
function sourceText(sql) {
  let bytes = Buffer.from(sql, "utf8"), newlines = [];
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) newlines.push(i);
  return { sql, bytes, newlines };
}
function lineOfByte(src, offset) {
  let lo = 0, hi = src.newlines.length;
  for (; lo < hi; ) {
    let mid = lo + hi >> 1;
    src.newlines[mid] < offset ? lo = mid + 1 : hi = mid;
  }
  return lo;
}
function lineOfCodePoint(sql, cursor) {
  let line = 0, i = 0;
  for (let ch of sql) {
    if (i++ >= cursor) break;
    ch === `
` && line++;
  }
  return line;
}
function skipTrivia(bytes, offset, end) {
  let i = offset;
  for (; i < end; ) {
    let c = bytes[i];
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12)
      i++;
    else if (c === 45 && bytes[i + 1] === 45)
      for (; i < end && bytes[i] !== 10; ) i++;
    else if (c === 47 && bytes[i + 1] === 42) {
      let depth = 1;
      for (i += 2; i < end && depth > 0; )
        bytes[i] === 47 && bytes[i + 1] === 42 ? (depth++, i += 2) : bytes[i] === 42 && bytes[i + 1] === 47 ? (depth--, i += 2) : i++;
    } else
      break;
  }
  return i;
}

// packages/migrate-direct/src/lint/index.ts
var lintRules = [
  ...statementRules.map(({ id, title, severity, category, description, example, fix }) => ({ id, title, severity, category, description, example, fix })),
  syntaxError
], loading;
function parserReady() {
  return loading || (setFlagsFromString("--liftoff-only"), loading = (0, import_libpg_query.loadModule)()), loading;
}
function isProduction(environment) {
  return environment?.trim().toLowerCase() === "production";
}
function syntaxFinding(error, sql, opts) {
  let details = error?.sqlDetails, message = details?.message ?? (error instanceof Error ? error.message : String(error));
  if (!details && sql.trim() === "") return [];
  let line = (opts.startLine ?? 1) + (typeof details?.cursorPosition == "number" ? lineOfCodePoint(sql, details.cursorPosition) : 0);
  return [
    {
      rule: syntaxError.id,
      severity: "error",
      object: opts.file,
      message: `Line ${line} of ${opts.file} does not parse as PostgreSQL: ${message}.`,
      file: opts.file,
      line,
      fix: syntaxError.fix
    }
  ];
}
async function lintMigrationSql(sql, opts) {
  await parserReady();
  let stmts;
  try {
    stmts = (0, import_libpg_query.parseSync)(sql).stmts ?? [];
  } catch (error) {
    return syntaxFinding(error, sql, opts);
  }
  let src = sourceText(sql), startLine = opts.startLine ?? 1, destructiveSeverity = isProduction(opts.environment) && !opts.allowDestructive ? "error" : "warning", ctx = { inTransaction: opts.inTransaction }, state = newFileState(), findings = [];
  for (let raw of stmts) {
    let entry = Object.entries(raw.stmt ?? {})[0];
    if (!entry) continue;
    let end = raw.stmt_len ? (raw.stmt_location ?? 0) + raw.stmt_len : src.bytes.length, start = skipTrivia(src.bytes, raw.stmt_location ?? 0, end), stmt = {
      type: entry[0],
      node: entry[1],
      text: src.bytes.subarray(start, end).toString("utf8").trimEnd(),
      line: startLine + lineOfByte(src, start)
    };
    for (let rule of statementRules)
      for (let hit of rule.check(stmt, state, ctx))
        findings.push({
          rule: rule.id,
          severity: rule.category === "destructive" ? destructiveSeverity : rule.severity,
          object: hit.object,
          message: hit.message,
          file: opts.file,
          line: stmt.line,
          fix: hit.fix
        });
    recordStatement(state, stmt);
  }
  return findings;
}
export {
  lintMigrationSql,
  lintRules,
  parserReady
};
