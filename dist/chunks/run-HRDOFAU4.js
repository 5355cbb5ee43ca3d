import { createRequire as __preflightRequire } from 'node:module'; const require = __preflightRequire(import.meta.url);
import {
  $ZodAny,
  $ZodArray,
  $ZodBase64,
  $ZodBase64URL,
  $ZodBigInt,
  $ZodBigIntFormat,
  $ZodBoolean,
  $ZodCIDRv4,
  $ZodCIDRv6,
  $ZodCUID,
  $ZodCUID2,
  $ZodCatch,
  $ZodCheck,
  $ZodCodec,
  $ZodCreditCard,
  $ZodCustom,
  $ZodCustomStringFormat,
  $ZodDate,
  $ZodDefault,
  $ZodDiscriminatedUnion,
  $ZodE164,
  $ZodEmail,
  $ZodEmoji,
  $ZodEncodeError,
  $ZodEnum,
  $ZodError,
  $ZodExactOptional,
  $ZodFile,
  $ZodFunction,
  $ZodGUID,
  $ZodIBAN,
  $ZodIPv4,
  $ZodIPv6,
  $ZodISODate,
  $ZodISODateTime,
  $ZodISODuration,
  $ZodISOTime,
  $ZodIntersection,
  $ZodJWT,
  $ZodKSUID,
  $ZodLazy,
  $ZodLiteral,
  $ZodMAC,
  $ZodMap,
  $ZodNaN,
  $ZodNanoID,
  $ZodNever,
  $ZodNonOptional,
  $ZodNull,
  $ZodNullable,
  $ZodNumber,
  $ZodNumberFormat,
  $ZodObjectJIT,
  $ZodOptional,
  $ZodPipe,
  $ZodPrefault,
  $ZodPreprocess,
  $ZodPromise,
  $ZodReadonly,
  $ZodRecord,
  $ZodSet,
  $ZodString,
  $ZodStringFormat,
  $ZodSuccess,
  $ZodSymbol,
  $ZodTemplateLiteral,
  $ZodTransform,
  $ZodTuple,
  $ZodType,
  $ZodULID,
  $ZodURL,
  $ZodUUID,
  $ZodUndefined,
  $ZodUnion,
  $ZodUnknown,
  $ZodVoid,
  $ZodXID,
  $ZodXor,
  $brand,
  $constructor,
  $input,
  $output,
  CouldNotRunError,
  INVALID,
  NEVER,
  REDACTED,
  TimePrecision,
  UsageError,
  ZodCompileAsyncError,
  ZodCompileUnsupportedError,
  __commonJS,
  __export,
  __require,
  __toESM,
  _any,
  _array,
  _base64,
  _base64url,
  _bigint,
  _boolean,
  _cidrv4,
  _cidrv6,
  _coercedBigint,
  _coercedBoolean,
  _coercedDate,
  _coercedNumber,
  _coercedString,
  _creditCard,
  _cuid,
  _cuid2,
  _custom,
  _date,
  _decode,
  _decodeAsync,
  _e164,
  _email,
  _emoji,
  _encode,
  _encodeAsync,
  _endsWith,
  _file,
  _float32,
  _float64,
  _gt,
  _gte,
  _guid,
  _iban,
  _includes,
  _int,
  _int32,
  _int64,
  _ipv4,
  _ipv6,
  _isoDate,
  _isoDateTime,
  _isoDuration,
  _isoTime,
  _jwt,
  _ksuid,
  _length,
  _lowercase,
  _lt,
  _lte,
  _mac,
  _maxLength,
  _maxSize,
  _mime,
  _minLength,
  _minSize,
  _multipleOf,
  _nan,
  _nanoid,
  _negative,
  _never,
  _nonnegative,
  _nonpositive,
  _normalize,
  _null,
  _number,
  _overwrite,
  _parse,
  _parseAsync,
  _positive,
  _properties,
  _property,
  _refine,
  _regex,
  _safeDecode,
  _safeDecodeAsync,
  _safeEncode,
  _safeEncodeAsync,
  _safeParse,
  _safeParseAsync,
  _size,
  _slugify,
  _startsWith,
  _string,
  _stringFormat,
  _stringbool,
  _superRefine,
  _symbol,
  _toLowerCase,
  _toUpperCase,
  _trim,
  _uint32,
  _uint64,
  _ulid,
  _undefined,
  _unknown,
  _uppercase,
  _url,
  _uuid,
  _uuidv4,
  _uuidv6,
  _uuidv7,
  _void,
  _xid,
  aggregateChecks,
  anyProcessor,
  arrayProcessor,
  assignProp,
  bigintProcessor,
  booleanProcessor,
  catchProcessor,
  clone,
  compile,
  config,
  core_exports,
  createStandardJSONSchemaMethod,
  createToJSONSchemaMethod,
  currencyCode,
  customProcessor,
  dateProcessor,
  defaultProcessor,
  describe,
  domain,
  en_default,
  enumProcessor,
  fileProcessor,
  flattenError,
  formatError,
  functionProcessor,
  getDiscriminatedOption,
  globalConfig,
  globalRegistry,
  hex,
  hostname,
  httpProtocol,
  intersectionProcessor,
  isPlainObject,
  jsonStringifyReplacer,
  labelOf,
  lazyProcessor,
  literalProcessor,
  locales_exports,
  mapProcessor,
  memoizer,
  mergeDefs,
  messageOf,
  meta,
  nanProcessor,
  neverProcessor,
  nonoptionalProcessor,
  nullProcessor,
  nullableProcessor,
  numberProcessor,
  objectProcessor,
  optionalProcessor,
  pipeProcessor,
  prefaultProcessor,
  prettifyError,
  promiseProcessor,
  readonlyProcessor,
  recordProcessor,
  redact,
  regexes_exports,
  registerSecret,
  registry,
  setProcessor,
  standardProps,
  stringProcessor,
  successProcessor,
  symbolProcessor,
  templateLiteralProcessor,
  toJSONSchema,
  toZod,
  transformProcessor,
  treeifyError,
  tupleProcessor,
  undefinedProcessor,
  unionProcessor,
  unknownProcessor,
  util_exports,
  validate,
  validateAsync,
  voidProcessor,
  withParser,
  writeFileAtomic
} from "./chunk-IJ3CBIXY.js";

// node_modules/postgres-array/index.js
var require_postgres_array = __commonJS({
  "node_modules/postgres-array/index.js"(exports) {
    "use strict";
    exports.parse = function(source, transform2) {
      return new ArrayParser(source, transform2).parse();
    };
    var ArrayParser = class _ArrayParser {
      constructor(source, transform2) {
        this.source = source, this.transform = transform2 || identity, this.position = 0, this.entries = [], this.recorded = [], this.dimension = 0;
      }
      isEof() {
        return this.position >= this.source.length;
      }
      nextCharacter() {
        var character = this.source[this.position++];
        return character === "\\" ? {
          value: this.source[this.position++],
          escaped: !0
        } : {
          value: character,
          escaped: !1
        };
      }
      record(character) {
        this.recorded.push(character);
      }
      newEntry(includeEmpty) {
        var entry;
        (this.recorded.length > 0 || includeEmpty) && (entry = this.recorded.join(""), entry === "NULL" && !includeEmpty && (entry = null), entry !== null && (entry = this.transform(entry)), this.entries.push(entry), this.recorded = []);
      }
      consumeDimensions() {
        if (this.source[0] === "[")
          for (; !this.isEof(); ) {
            var char = this.nextCharacter();
            if (char.value === "=") break;
          }
      }
      parse(nested) {
        var character, parser, quote;
        for (this.consumeDimensions(); !this.isEof(); )
          if (character = this.nextCharacter(), character.value === "{" && !quote)
            this.dimension++, this.dimension > 1 && (parser = new _ArrayParser(this.source.substr(this.position - 1), this.transform), this.entries.push(parser.parse(!0)), this.position += parser.position - 2);
          else if (character.value === "}" && !quote) {
            if (this.dimension--, !this.dimension && (this.newEntry(), nested))
              return this.entries;
          } else character.value === '"' && !character.escaped ? (quote && this.newEntry(!0), quote = !quote) : character.value === "," && !quote ? this.newEntry() : this.record(character.value);
        if (this.dimension !== 0)
          throw new Error("array dimension not balanced");
        return this.entries;
      }
    };
    function identity(value) {
      return value;
    }
  }
});

// node_modules/pg-types/lib/arrayParser.js
var require_arrayParser = __commonJS({
  "node_modules/pg-types/lib/arrayParser.js"(exports, module) {
    var array2 = require_postgres_array();
    module.exports = {
      create: function(source, transform2) {
        return {
          parse: function() {
            return array2.parse(source, transform2);
          }
        };
      }
    };
  }
});

// node_modules/postgres-date/index.js
var require_postgres_date = __commonJS({
  "node_modules/postgres-date/index.js"(exports, module) {
    "use strict";
    var DATE_TIME = /(\d{1,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,})?.*?( BC)?$/, DATE = /^(\d{1,})-(\d{2})-(\d{2})( BC)?$/, TIME_ZONE = /([Z+-])(\d{2})?:?(\d{2})?:?(\d{2})?/, INFINITY = /^-?infinity$/;
    module.exports = function(isoDate) {
      if (INFINITY.test(isoDate))
        return Number(isoDate.replace("i", "I"));
      var matches = DATE_TIME.exec(isoDate);
      if (!matches)
        return getDate(isoDate) || null;
      var isBC = !!matches[8], year = parseInt(matches[1], 10);
      isBC && (year = bcYearToNegativeYear(year));
      var month = parseInt(matches[2], 10) - 1, day = matches[3], hour = parseInt(matches[4], 10), minute = parseInt(matches[5], 10), second = parseInt(matches[6], 10), ms = matches[7];
      ms = ms ? 1e3 * parseFloat(ms) : 0;
      var date4, offset = timeZoneOffset(isoDate);
      return offset != null ? (date4 = new Date(Date.UTC(year, month, day, hour, minute, second, ms)), is0To99(year) && date4.setUTCFullYear(year), offset !== 0 && date4.setTime(date4.getTime() - offset)) : (date4 = new Date(year, month, day, hour, minute, second, ms), is0To99(year) && date4.setFullYear(year)), date4;
    };
    function getDate(isoDate) {
      var matches = DATE.exec(isoDate);
      if (matches) {
        var year = parseInt(matches[1], 10), isBC = !!matches[4];
        isBC && (year = bcYearToNegativeYear(year));
        var month = parseInt(matches[2], 10) - 1, day = matches[3], date4 = new Date(year, month, day);
        return is0To99(year) && date4.setFullYear(year), date4;
      }
    }
    function timeZoneOffset(isoDate) {
      if (isoDate.endsWith("+00"))
        return 0;
      var zone = TIME_ZONE.exec(isoDate.split(" ")[1]);
      if (zone) {
        var type = zone[1];
        if (type === "Z")
          return 0;
        var sign = type === "-" ? -1 : 1, offset = parseInt(zone[2], 10) * 3600 + parseInt(zone[3] || 0, 10) * 60 + parseInt(zone[4] || 0, 10);
        return offset * sign * 1e3;
      }
    }
    function bcYearToNegativeYear(year) {
      return -(year - 1);
    }
    function is0To99(num) {
      return num >= 0 && num < 100;
    }
  }
});

// node_modules/xtend/mutable.js
var require_mutable = __commonJS({
  "node_modules/xtend/mutable.js"(exports, module) {
    module.exports = extend;
    var hasOwnProperty = Object.prototype.hasOwnProperty;
    function extend(target) {
      for (var i = 1; i < arguments.length; i++) {
        var source = arguments[i];
        for (var key in source)
          hasOwnProperty.call(source, key) && (target[key] = source[key]);
      }
      return target;
    }
  }
});

// node_modules/postgres-interval/index.js
var require_postgres_interval = __commonJS({
  "node_modules/postgres-interval/index.js"(exports, module) {
    "use strict";
    var extend = require_mutable();
    module.exports = PostgresInterval;
    function PostgresInterval(raw) {
      if (!(this instanceof PostgresInterval))
        return new PostgresInterval(raw);
      extend(this, parse3(raw));
    }
    var properties = ["seconds", "minutes", "hours", "days", "months", "years"];
    PostgresInterval.prototype.toPostgres = function() {
      var filtered = properties.filter(this.hasOwnProperty, this);
      return this.milliseconds && filtered.indexOf("seconds") < 0 && filtered.push("seconds"), filtered.length === 0 ? "0" : filtered.map(function(property) {
        var value = this[property] || 0;
        return property === "seconds" && this.milliseconds && (value = (value + this.milliseconds / 1e3).toFixed(6).replace(/\.?0+$/, "")), value + " " + property;
      }, this).join(" ");
    };
    var propertiesISOEquivalent = {
      years: "Y",
      months: "M",
      days: "D",
      hours: "H",
      minutes: "M",
      seconds: "S"
    }, dateProperties = ["years", "months", "days"], timeProperties = ["hours", "minutes", "seconds"];
    PostgresInterval.prototype.toISOString = PostgresInterval.prototype.toISO = function() {
      var datePart = dateProperties.map(buildProperty, this).join(""), timePart = timeProperties.map(buildProperty, this).join("");
      return "P" + datePart + "T" + timePart;
      function buildProperty(property) {
        var value = this[property] || 0;
        return property === "seconds" && this.milliseconds && (value = (value + this.milliseconds / 1e3).toFixed(6).replace(/0+$/, "")), value + propertiesISOEquivalent[property];
      }
    };
    var NUMBER = "([+-]?\\d+)", YEAR = NUMBER + "\\s+years?", MONTH = NUMBER + "\\s+mons?", DAY = NUMBER + "\\s+days?", TIME = "([+-])?([\\d]*):(\\d\\d):(\\d\\d)\\.?(\\d{1,6})?", INTERVAL = new RegExp([YEAR, MONTH, DAY, TIME].map(function(regexString) {
      return "(" + regexString + ")?";
    }).join("\\s*")), positions = {
      years: 2,
      months: 4,
      days: 6,
      hours: 9,
      minutes: 10,
      seconds: 11,
      milliseconds: 12
    }, negatives = ["hours", "minutes", "seconds", "milliseconds"];
    function parseMilliseconds(fraction) {
      var microseconds = fraction + "000000".slice(fraction.length);
      return parseInt(microseconds, 10) / 1e3;
    }
    function parse3(interval) {
      if (!interval) return {};
      var matches = INTERVAL.exec(interval), isNegative = matches[8] === "-";
      return Object.keys(positions).reduce(function(parsed, property) {
        var position = positions[property], value = matches[position];
        return !value || (value = property === "milliseconds" ? parseMilliseconds(value) : parseInt(value, 10), !value) || (isNegative && ~negatives.indexOf(property) && (value *= -1), parsed[property] = value), parsed;
      }, {});
    }
  }
});

// node_modules/postgres-bytea/index.js
var require_postgres_bytea = __commonJS({
  "node_modules/postgres-bytea/index.js"(exports, module) {
    "use strict";
    var bufferFrom = Buffer.from || Buffer;
    module.exports = function(input2) {
      if (/^\\x/.test(input2))
        return bufferFrom(input2.substr(2), "hex");
      for (var output2 = "", i = 0; i < input2.length; )
        if (input2[i] !== "\\")
          output2 += input2[i], ++i;
        else if (/[0-7]{3}/.test(input2.substr(i + 1, 3)))
          output2 += String.fromCharCode(parseInt(input2.substr(i + 1, 3), 8)), i += 4;
        else {
          for (var backslashes = 1; i + backslashes < input2.length && input2[i + backslashes] === "\\"; )
            backslashes++;
          for (var k = 0; k < Math.floor(backslashes / 2); ++k)
            output2 += "\\";
          i += Math.floor(backslashes / 2) * 2;
        }
      return bufferFrom(output2, "binary");
    };
  }
});

// node_modules/pg-types/lib/textParsers.js
var require_textParsers = __commonJS({
  "node_modules/pg-types/lib/textParsers.js"(exports, module) {
    var array2 = require_postgres_array(), arrayParser = require_arrayParser(), parseDate = require_postgres_date(), parseInterval = require_postgres_interval(), parseByteA = require_postgres_bytea();
    function allowNull(fn) {
      return function(value) {
        return value === null ? value : fn(value);
      };
    }
    function parseBool(value) {
      return value === null ? value : value === "TRUE" || value === "t" || value === "true" || value === "y" || value === "yes" || value === "on" || value === "1";
    }
    function parseBoolArray(value) {
      return value ? array2.parse(value, parseBool) : null;
    }
    function parseBaseTenInt(string3) {
      return parseInt(string3, 10);
    }
    function parseIntegerArray(value) {
      return value ? array2.parse(value, allowNull(parseBaseTenInt)) : null;
    }
    function parseBigIntegerArray(value) {
      return value ? array2.parse(value, allowNull(function(entry) {
        return parseBigInteger(entry).trim();
      })) : null;
    }
    var parsePointArray = function(value) {
      if (!value)
        return null;
      var p = arrayParser.create(value, function(entry) {
        return entry !== null && (entry = parsePoint(entry)), entry;
      });
      return p.parse();
    }, parseFloatArray = function(value) {
      if (!value)
        return null;
      var p = arrayParser.create(value, function(entry) {
        return entry !== null && (entry = parseFloat(entry)), entry;
      });
      return p.parse();
    }, parseStringArray = function(value) {
      if (!value)
        return null;
      var p = arrayParser.create(value);
      return p.parse();
    }, parseDateArray = function(value) {
      if (!value)
        return null;
      var p = arrayParser.create(value, function(entry) {
        return entry !== null && (entry = parseDate(entry)), entry;
      });
      return p.parse();
    }, parseIntervalArray = function(value) {
      if (!value)
        return null;
      var p = arrayParser.create(value, function(entry) {
        return entry !== null && (entry = parseInterval(entry)), entry;
      });
      return p.parse();
    }, parseByteAArray = function(value) {
      return value ? array2.parse(value, allowNull(parseByteA)) : null;
    }, parseInteger = function(value) {
      return parseInt(value, 10);
    }, parseBigInteger = function(value) {
      var valStr = String(value);
      return /^\d+$/.test(valStr) ? valStr : value;
    }, parseJsonArray = function(value) {
      return value ? array2.parse(value, allowNull(JSON.parse)) : null;
    }, parsePoint = function(value) {
      return value[0] !== "(" ? null : (value = value.substring(1, value.length - 1).split(","), {
        x: parseFloat(value[0]),
        y: parseFloat(value[1])
      });
    }, parseCircle = function(value) {
      if (value[0] !== "<" && value[1] !== "(")
        return null;
      for (var point = "(", radius = "", pointParsed = !1, i = 2; i < value.length - 1; i++) {
        if (pointParsed || (point += value[i]), value[i] === ")") {
          pointParsed = !0;
          continue;
        } else if (!pointParsed)
          continue;
        value[i] !== "," && (radius += value[i]);
      }
      var result = parsePoint(point);
      return result.radius = parseFloat(radius), result;
    }, init = function(register) {
      register(20, parseBigInteger), register(21, parseInteger), register(23, parseInteger), register(26, parseInteger), register(700, parseFloat), register(701, parseFloat), register(16, parseBool), register(1082, parseDate), register(1114, parseDate), register(1184, parseDate), register(600, parsePoint), register(651, parseStringArray), register(718, parseCircle), register(1e3, parseBoolArray), register(1001, parseByteAArray), register(1005, parseIntegerArray), register(1007, parseIntegerArray), register(1028, parseIntegerArray), register(1016, parseBigIntegerArray), register(1017, parsePointArray), register(1021, parseFloatArray), register(1022, parseFloatArray), register(1231, parseFloatArray), register(1014, parseStringArray), register(1015, parseStringArray), register(1008, parseStringArray), register(1009, parseStringArray), register(1040, parseStringArray), register(1041, parseStringArray), register(1115, parseDateArray), register(1182, parseDateArray), register(1185, parseDateArray), register(1186, parseInterval), register(1187, parseIntervalArray), register(17, parseByteA), register(114, JSON.parse.bind(JSON)), register(3802, JSON.parse.bind(JSON)), register(199, parseJsonArray), register(3807, parseJsonArray), register(3907, parseStringArray), register(2951, parseStringArray), register(791, parseStringArray), register(1183, parseStringArray), register(1270, parseStringArray);
    };
    module.exports = {
      init
    };
  }
});

// node_modules/pg-int8/index.js
var require_pg_int8 = __commonJS({
  "node_modules/pg-int8/index.js"(exports, module) {
    "use strict";
    var BASE = 1e6;
    function readInt8(buffer) {
      var high = buffer.readInt32BE(0), low = buffer.readUInt32BE(4), sign = "";
      high < 0 && (high = ~high + (low === 0), low = ~low + 1 >>> 0, sign = "-");
      var result = "", carry, t, digits, pad, l, i;
      {
        if (carry = high % BASE, high = high / BASE >>> 0, t = 4294967296 * carry + low, low = t / BASE >>> 0, digits = "" + (t - BASE * low), low === 0 && high === 0)
          return sign + digits + result;
        for (pad = "", l = 6 - digits.length, i = 0; i < l; i++)
          pad += "0";
        result = pad + digits + result;
      }
      {
        if (carry = high % BASE, high = high / BASE >>> 0, t = 4294967296 * carry + low, low = t / BASE >>> 0, digits = "" + (t - BASE * low), low === 0 && high === 0)
          return sign + digits + result;
        for (pad = "", l = 6 - digits.length, i = 0; i < l; i++)
          pad += "0";
        result = pad + digits + result;
      }
      {
        if (carry = high % BASE, high = high / BASE >>> 0, t = 4294967296 * carry + low, low = t / BASE >>> 0, digits = "" + (t - BASE * low), low === 0 && high === 0)
          return sign + digits + result;
        for (pad = "", l = 6 - digits.length, i = 0; i < l; i++)
          pad += "0";
        result = pad + digits + result;
      }
      return carry = high % BASE, t = 4294967296 * carry + low, digits = "" + t % BASE, sign + digits + result;
    }
    module.exports = readInt8;
  }
});

// node_modules/pg-types/lib/binaryParsers.js
var require_binaryParsers = __commonJS({
  "node_modules/pg-types/lib/binaryParsers.js"(exports, module) {
    var parseInt64 = require_pg_int8(), parseBits = function(data, bits, offset, invert, callback) {
      offset = offset || 0, invert = invert || !1, callback = callback || function(lastValue, newValue, bits2) {
        return lastValue * Math.pow(2, bits2) + newValue;
      };
      var offsetBytes = offset >> 3, inv = function(value) {
        return invert ? ~value & 255 : value;
      }, mask = 255, firstBits = 8 - offset % 8;
      bits < firstBits && (mask = 255 << 8 - bits & 255, firstBits = bits), offset && (mask = mask >> offset % 8);
      var result = 0;
      offset % 8 + bits >= 8 && (result = callback(0, inv(data[offsetBytes]) & mask, firstBits));
      for (var bytes = bits + offset >> 3, i = offsetBytes + 1; i < bytes; i++)
        result = callback(result, inv(data[i]), 8);
      var lastBits = (bits + offset) % 8;
      return lastBits > 0 && (result = callback(result, inv(data[bytes]) >> 8 - lastBits, lastBits)), result;
    }, parseFloatFromBits = function(data, precisionBits, exponentBits) {
      var bias = Math.pow(2, exponentBits - 1) - 1, sign = parseBits(data, 1), exponent = parseBits(data, exponentBits, 1);
      if (exponent === 0)
        return 0;
      var precisionBitsCounter = 1, parsePrecisionBits = function(lastValue, newValue, bits) {
        lastValue === 0 && (lastValue = 1);
        for (var i = 1; i <= bits; i++)
          precisionBitsCounter /= 2, (newValue & 1 << bits - i) > 0 && (lastValue += precisionBitsCounter);
        return lastValue;
      }, mantissa = parseBits(data, precisionBits, exponentBits + 1, !1, parsePrecisionBits);
      return exponent == Math.pow(2, exponentBits + 1) - 1 ? mantissa === 0 ? sign === 0 ? 1 / 0 : -1 / 0 : NaN : (sign === 0 ? 1 : -1) * Math.pow(2, exponent - bias) * mantissa;
    }, parseInt16 = function(value) {
      return parseBits(value, 1) == 1 ? -1 * (parseBits(value, 15, 1, !0) + 1) : parseBits(value, 15, 1);
    }, parseInt32 = function(value) {
      return parseBits(value, 1) == 1 ? -1 * (parseBits(value, 31, 1, !0) + 1) : parseBits(value, 31, 1);
    }, parseFloat32 = function(value) {
      return parseFloatFromBits(value, 23, 8);
    }, parseFloat64 = function(value) {
      return parseFloatFromBits(value, 52, 11);
    }, parseNumeric = function(value) {
      var sign = parseBits(value, 16, 32);
      if (sign == 49152)
        return NaN;
      for (var weight = Math.pow(1e4, parseBits(value, 16, 16)), result = 0, digits = [], ndigits = parseBits(value, 16), i = 0; i < ndigits; i++)
        result += parseBits(value, 16, 64 + 16 * i) * weight, weight /= 1e4;
      var scale = Math.pow(10, parseBits(value, 16, 48));
      return (sign === 0 ? 1 : -1) * Math.round(result * scale) / scale;
    }, parseDate = function(isUTC, value) {
      var sign = parseBits(value, 1), rawValue = parseBits(value, 63, 1), result = new Date((sign === 0 ? 1 : -1) * rawValue / 1e3 + 9466848e5);
      return isUTC || result.setTime(result.getTime() + result.getTimezoneOffset() * 6e4), result.usec = rawValue % 1e3, result.getMicroSeconds = function() {
        return this.usec;
      }, result.setMicroSeconds = function(value2) {
        this.usec = value2;
      }, result.getUTCMicroSeconds = function() {
        return this.usec;
      }, result;
    }, parseArray = function(value) {
      for (var dim = parseBits(value, 32), flags = parseBits(value, 32, 32), elementType = parseBits(value, 32, 64), offset = 96, dims = [], i = 0; i < dim; i++)
        dims[i] = parseBits(value, 32, offset), offset += 32, offset += 32;
      var parseElement = function(elementType2) {
        var length = parseBits(value, 32, offset);
        if (offset += 32, length == 4294967295)
          return null;
        var result;
        if (elementType2 == 23 || elementType2 == 20)
          return result = parseBits(value, length * 8, offset), offset += length * 8, result;
        if (elementType2 == 25)
          return result = value.toString(this.encoding, offset >> 3, (offset += length << 3) >> 3), result;
        console.log("ERROR: ElementType not implemented: " + elementType2);
      }, parse3 = function(dimension, elementType2) {
        var array2 = [], i2;
        if (dimension.length > 1) {
          var count = dimension.shift();
          for (i2 = 0; i2 < count; i2++)
            array2[i2] = parse3(dimension, elementType2);
          dimension.unshift(count);
        } else
          for (i2 = 0; i2 < dimension[0]; i2++)
            array2[i2] = parseElement(elementType2);
        return array2;
      };
      return parse3(dims, elementType);
    }, parseText = function(value) {
      return value.toString("utf8");
    }, parseBool = function(value) {
      return value === null ? null : parseBits(value, 8) > 0;
    }, init = function(register) {
      register(20, parseInt64), register(21, parseInt16), register(23, parseInt32), register(26, parseInt32), register(1700, parseNumeric), register(700, parseFloat32), register(701, parseFloat64), register(16, parseBool), register(1114, parseDate.bind(null, !1)), register(1184, parseDate.bind(null, !0)), register(1e3, parseArray), register(1007, parseArray), register(1016, parseArray), register(1008, parseArray), register(1009, parseArray), register(25, parseText);
    };
    module.exports = {
      init
    };
  }
});

// node_modules/pg-types/lib/builtins.js
var require_builtins = __commonJS({
  "node_modules/pg-types/lib/builtins.js"(exports, module) {
    module.exports = {
      BOOL: 16,
      BYTEA: 17,
      CHAR: 18,
      INT8: 20,
      INT2: 21,
      INT4: 23,
      REGPROC: 24,
      TEXT: 25,
      OID: 26,
      TID: 27,
      XID: 28,
      CID: 29,
      JSON: 114,
      XML: 142,
      PG_NODE_TREE: 194,
      SMGR: 210,
      PATH: 602,
      POLYGON: 604,
      CIDR: 650,
      FLOAT4: 700,
      FLOAT8: 701,
      ABSTIME: 702,
      RELTIME: 703,
      TINTERVAL: 704,
      CIRCLE: 718,
      MACADDR8: 774,
      MONEY: 790,
      MACADDR: 829,
      INET: 869,
      ACLITEM: 1033,
      BPCHAR: 1042,
      VARCHAR: 1043,
      DATE: 1082,
      TIME: 1083,
      TIMESTAMP: 1114,
      TIMESTAMPTZ: 1184,
      INTERVAL: 1186,
      TIMETZ: 1266,
      BIT: 1560,
      VARBIT: 1562,
      NUMERIC: 1700,
      REFCURSOR: 1790,
      REGPROCEDURE: 2202,
      REGOPER: 2203,
      REGOPERATOR: 2204,
      REGCLASS: 2205,
      REGTYPE: 2206,
      UUID: 2950,
      TXID_SNAPSHOT: 2970,
      PG_LSN: 3220,
      PG_NDISTINCT: 3361,
      PG_DEPENDENCIES: 3402,
      TSVECTOR: 3614,
      TSQUERY: 3615,
      GTSVECTOR: 3642,
      REGCONFIG: 3734,
      REGDICTIONARY: 3769,
      JSONB: 3802,
      REGNAMESPACE: 4089,
      REGROLE: 4096
    };
  }
});

// node_modules/pg-types/index.js
var require_pg_types = __commonJS({
  "node_modules/pg-types/index.js"(exports) {
    var textParsers = require_textParsers(), binaryParsers = require_binaryParsers(), arrayParser = require_arrayParser(), builtinTypes = require_builtins();
    exports.getTypeParser = getTypeParser;
    exports.setTypeParser = setTypeParser;
    exports.arrayParser = arrayParser;
    exports.builtins = builtinTypes;
    var typeParsers = {
      text: {},
      binary: {}
    };
    function noParse(val) {
      return String(val);
    }
    function getTypeParser(oid, format) {
      return format = format || "text", typeParsers[format] && typeParsers[format][oid] || noParse;
    }
    function setTypeParser(oid, format, parseFn) {
      typeof format == "function" && (parseFn = format, format = "text"), typeParsers[format][oid] = parseFn;
    }
    textParsers.init(function(oid, converter) {
      typeParsers.text[oid] = converter;
    });
    binaryParsers.init(function(oid, converter) {
      typeParsers.binary[oid] = converter;
    });
  }
});

// node_modules/pg/lib/defaults.js
var require_defaults = __commonJS({
  "node_modules/pg/lib/defaults.js"(exports, module) {
    "use strict";
    var user;
    try {
      user = process.platform === "win32" ? process.env.USERNAME : process.env.USER;
    } catch {
    }
    module.exports = {
      // database host. defaults to localhost
      host: "localhost",
      // database user's name
      user,
      // name of database to connect
      database: void 0,
      // database user's password
      password: null,
      // a Postgres connection string to be used instead of setting individual connection items
      // NOTE:  Setting this value will cause it to override any other value (such as database or user) defined
      // in the defaults object.
      connectionString: void 0,
      // database port
      port: 5432,
      // number of rows to return at a time from a prepared statement's
      // portal. 0 will return all rows at once
      rows: 0,
      // binary result mode
      binary: !1,
      // Connection pool options - see https://github.com/brianc/node-pg-pool
      // number of connections to use in connection pool
      // 0 will disable connection pooling
      max: 10,
      // max milliseconds a client can go unused before it is removed
      // from the pool and destroyed
      idleTimeoutMillis: 3e4,
      client_encoding: "",
      ssl: !1,
      // SSL negotiation style: 'postgres' (traditional SSLRequest) or 'direct'
      sslnegotiation: void 0,
      application_name: void 0,
      fallback_application_name: void 0,
      options: void 0,
      parseInputDatesAsUTC: !1,
      // max milliseconds any query using this connection will execute for before timing out in error.
      // false=unlimited
      statement_timeout: !1,
      // Abort any statement that waits longer than the specified duration in milliseconds while attempting to acquire a lock.
      // false=unlimited
      lock_timeout: !1,
      // Terminate any session with an open transaction that has been idle for longer than the specified duration in milliseconds
      // false=unlimited
      idle_in_transaction_session_timeout: !1,
      // max milliseconds to wait for query to complete (client side)
      query_timeout: !1,
      connect_timeout: 0,
      keepalives: 1,
      keepalives_idle: 0
    };
    var pgTypes = require_pg_types(), parseBigInteger = pgTypes.getTypeParser(20, "text"), parseBigIntegerArray = pgTypes.getTypeParser(1016, "text");
    module.exports.__defineSetter__("parseInt8", function(val) {
      pgTypes.setTypeParser(20, "text", val ? pgTypes.getTypeParser(23, "text") : parseBigInteger), pgTypes.setTypeParser(1016, "text", val ? pgTypes.getTypeParser(1007, "text") : parseBigIntegerArray);
    });
  }
});

// node_modules/pg/lib/utils.js
var require_utils = __commonJS({
  "node_modules/pg/lib/utils.js"(exports, module) {
    "use strict";
    var defaults2 = require_defaults(), nodeUtils = __require("util"), { isDate } = __require("util/types"), invalidDateDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Sending an invalid date to Postgres is deprecated and will throw an error in the next major version of pg. Ensure any Date object passed as a query parameter is valid.",
      "PG_INVALID_DATE"
    );
    function escapeElement(elementRepresentation) {
      return '"' + elementRepresentation.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
    }
    function arrayString(val) {
      let result = "{";
      for (let i = 0; i < val.length; i++) {
        i > 0 && (result += ",");
        let item = val[i];
        item == null ? result += "NULL" : Array.isArray(item) ? result += arrayString(item) : ArrayBuffer.isView(item) ? (item instanceof Buffer || (item = Buffer.from(item.buffer, item.byteOffset, item.byteLength)), result += "\\\\x" + item.toString("hex")) : result += escapeElement(prepareValue(item));
      }
      return result += "}", result;
    }
    var prepareValue = function(val, seen) {
      return val == null ? null : typeof val == "object" ? val instanceof Buffer ? val : ArrayBuffer.isView(val) ? Buffer.from(val.buffer, val.byteOffset, val.byteLength) : isDate(val) ? (isNaN(val.getTime()) && invalidDateDeprecationNotice(), defaults2.parseInputDatesAsUTC ? dateToStringUTC(val) : dateToString(val)) : Array.isArray(val) ? arrayString(val) : prepareObject(val, seen) : val.toString();
    };
    function prepareObject(val, seen) {
      if (val && typeof val.toPostgres == "function") {
        if (seen = seen || [], seen.indexOf(val) !== -1)
          throw new Error('circular reference detected while preparing "' + val + '" for query');
        return seen.push(val), prepareValue(val.toPostgres(prepareValue), seen);
      }
      return JSON.stringify(val);
    }
    function dateToString(date4) {
      let offset = -date4.getTimezoneOffset(), year = date4.getFullYear(), isBCYear = year < 1;
      isBCYear && (year = Math.abs(year) + 1);
      let ret = String(year).padStart(4, "0") + "-" + String(date4.getMonth() + 1).padStart(2, "0") + "-" + String(date4.getDate()).padStart(2, "0") + "T" + String(date4.getHours()).padStart(2, "0") + ":" + String(date4.getMinutes()).padStart(2, "0") + ":" + String(date4.getSeconds()).padStart(2, "0") + "." + String(date4.getMilliseconds()).padStart(3, "0");
      return offset < 0 ? (ret += "-", offset *= -1) : ret += "+", ret += String(Math.floor(offset / 60)).padStart(2, "0") + ":" + String(offset % 60).padStart(2, "0"), isBCYear && (ret += " BC"), ret;
    }
    function dateToStringUTC(date4) {
      let year = date4.getUTCFullYear(), isBCYear = year < 1;
      isBCYear && (year = Math.abs(year) + 1);
      let ret = String(year).padStart(4, "0") + "-" + String(date4.getUTCMonth() + 1).padStart(2, "0") + "-" + String(date4.getUTCDate()).padStart(2, "0") + "T" + String(date4.getUTCHours()).padStart(2, "0") + ":" + String(date4.getUTCMinutes()).padStart(2, "0") + ":" + String(date4.getUTCSeconds()).padStart(2, "0") + "." + String(date4.getUTCMilliseconds()).padStart(3, "0");
      return ret += "+00:00", isBCYear && (ret += " BC"), ret;
    }
    function normalizeQueryConfig(config2, values, callback) {
      return config2 = typeof config2 == "string" ? { text: config2 } : cloneQueryConfig(config2), values && (typeof values == "function" ? config2.callback = values : config2.values = values), callback && (config2.callback = callback), config2;
    }
    function cloneQueryConfig(config2) {
      return config2 == null ? config2 : Object.defineProperties(Object.create(Object.getPrototypeOf(config2)), Object.getOwnPropertyDescriptors(config2));
    }
    var escapeIdentifier2 = function(str2) {
      return '"' + str2.replace(/"/g, '""') + '"';
    }, escapeLiteral2 = function(str2) {
      let hasBackslash = !1, escaped = "'";
      if (str2 == null || typeof str2 != "string")
        return "''";
      for (let i = 0; i < str2.length; i++) {
        let c = str2[i];
        c === "'" ? escaped += c + c : c === "\\" ? (escaped += c + c, hasBackslash = !0) : escaped += c;
      }
      return escaped += "'", hasBackslash === !0 && (escaped = " E" + escaped), escaped;
    };
    module.exports = {
      prepareValue: function(value) {
        return prepareValue(value);
      },
      normalizeQueryConfig,
      escapeIdentifier: escapeIdentifier2,
      escapeLiteral: escapeLiteral2
    };
  }
});

// node_modules/pg/lib/crypto/utils.js
var require_utils2 = __commonJS({
  "node_modules/pg/lib/crypto/utils.js"(exports, module) {
    var nodeCrypto = __require("crypto");
    module.exports = {
      postgresMd5PasswordHash,
      randomBytes: randomBytes2,
      deriveKey,
      sha256,
      hashByName,
      hmacSha256,
      md5
    };
    var webCrypto = nodeCrypto.webcrypto || globalThis.crypto, subtleCrypto = webCrypto.subtle, textEncoder = new TextEncoder();
    function randomBytes2(length) {
      return webCrypto.getRandomValues(Buffer.alloc(length));
    }
    async function md5(string3) {
      try {
        return nodeCrypto.createHash("md5").update(string3, "utf-8").digest("hex");
      } catch {
        let data = typeof string3 == "string" ? textEncoder.encode(string3) : string3, hash2 = await subtleCrypto.digest("MD5", data);
        return Array.from(new Uint8Array(hash2)).map((b) => b.toString(16).padStart(2, "0")).join("");
      }
    }
    async function postgresMd5PasswordHash(user, password, salt) {
      let inner = await md5(password + user);
      return "md5" + await md5(Buffer.concat([Buffer.from(inner), salt]));
    }
    async function sha256(text) {
      return await subtleCrypto.digest("SHA-256", text);
    }
    async function hashByName(hashName, text) {
      return await subtleCrypto.digest(hashName, text);
    }
    async function hmacSha256(keyBuffer, msg) {
      let key = await subtleCrypto.importKey("raw", keyBuffer, { name: "HMAC", hash: "SHA-256" }, !1, ["sign"]);
      return await subtleCrypto.sign("HMAC", key, textEncoder.encode(msg));
    }
    async function deriveKey(password, salt, iterations) {
      let key = await subtleCrypto.importKey("raw", textEncoder.encode(password), "PBKDF2", !1, ["deriveBits"]), params = { name: "PBKDF2", hash: "SHA-256", salt, iterations };
      return await subtleCrypto.deriveBits(params, key, 256, ["deriveBits"]);
    }
  }
});

// node_modules/pg/lib/crypto/cert-signatures.js
var require_cert_signatures = __commonJS({
  "node_modules/pg/lib/crypto/cert-signatures.js"(exports, module) {
    function x509Error(msg, cert) {
      return new Error("SASL channel binding: " + msg + " when parsing public certificate " + cert.toString("base64"));
    }
    function readASN1Length(data, index) {
      let length = data[index++];
      if (length < 128) return { length, index };
      let lengthBytes = length & 127;
      if (lengthBytes > 4) throw x509Error("bad length", data);
      length = 0;
      for (let i = 0; i < lengthBytes; i++)
        length = length << 8 | data[index++];
      return { length, index };
    }
    function readASN1OID(data, index) {
      if (data[index++] !== 6) throw x509Error("non-OID data", data);
      let { length: OIDLength, index: indexAfterOIDLength } = readASN1Length(data, index);
      index = indexAfterOIDLength;
      let lastIndex = index + OIDLength, byte1 = data[index++], oid = (byte1 / 40 >> 0) + "." + byte1 % 40;
      for (; index < lastIndex; ) {
        let value = 0;
        for (; index < lastIndex; ) {
          let nextByte = data[index++];
          if (value = value << 7 | nextByte & 127, nextByte < 128) break;
        }
        oid += "." + value;
      }
      return { oid, index };
    }
    function expectASN1Seq(data, index) {
      if (data[index++] !== 48) throw x509Error("non-sequence data", data);
      return readASN1Length(data, index);
    }
    function signatureAlgorithmHashFromCertificate(data, index) {
      index === void 0 && (index = 0), index = expectASN1Seq(data, index).index;
      let { length: certInfoLength, index: indexAfterCertInfoLength } = expectASN1Seq(data, index);
      index = indexAfterCertInfoLength + certInfoLength, index = expectASN1Seq(data, index).index;
      let { oid, index: indexAfterOID } = readASN1OID(data, index);
      switch (oid) {
        // RSA
        case "1.2.840.113549.1.1.4":
          return "MD5";
        case "1.2.840.113549.1.1.5":
          return "SHA-1";
        case "1.2.840.113549.1.1.11":
          return "SHA-256";
        case "1.2.840.113549.1.1.12":
          return "SHA-384";
        case "1.2.840.113549.1.1.13":
          return "SHA-512";
        case "1.2.840.113549.1.1.14":
          return "SHA-224";
        case "1.2.840.113549.1.1.15":
          return "SHA512-224";
        case "1.2.840.113549.1.1.16":
          return "SHA512-256";
        // ECDSA
        case "1.2.840.10045.4.1":
          return "SHA-1";
        case "1.2.840.10045.4.3.1":
          return "SHA-224";
        case "1.2.840.10045.4.3.2":
          return "SHA-256";
        case "1.2.840.10045.4.3.3":
          return "SHA-384";
        case "1.2.840.10045.4.3.4":
          return "SHA-512";
        // RSASSA-PSS: hash is indicated separately
        case "1.2.840.113549.1.1.10": {
          if (index = indexAfterOID, index = expectASN1Seq(data, index).index, data[index++] !== 160) throw x509Error("non-tag data", data);
          index = readASN1Length(data, index).index, index = expectASN1Seq(data, index).index;
          let { oid: hashOID } = readASN1OID(data, index);
          switch (hashOID) {
            // standalone hash OIDs
            case "1.2.840.113549.2.5":
              return "MD5";
            case "1.3.14.3.2.26":
              return "SHA-1";
            case "2.16.840.1.101.3.4.2.1":
              return "SHA-256";
            case "2.16.840.1.101.3.4.2.2":
              return "SHA-384";
            case "2.16.840.1.101.3.4.2.3":
              return "SHA-512";
          }
          throw x509Error("unknown hash OID " + hashOID, data);
        }
        // Ed25519 -- see https://github.com/openssl/openssl/issues/15477
        case "1.3.101.110":
        case "1.3.101.112":
          return "SHA-512";
        // Ed448 -- still not in pg 17.2 (if supported, digest would be SHAKE256 x 64 bytes)
        case "1.3.101.111":
        case "1.3.101.113":
          throw x509Error("Ed448 certificate channel binding is not currently supported by Postgres");
      }
      throw x509Error("unknown OID " + oid, data);
    }
    module.exports = { signatureAlgorithmHashFromCertificate };
  }
});

// node_modules/pg/lib/crypto/sasl.js
var require_sasl = __commonJS({
  "node_modules/pg/lib/crypto/sasl.js"(exports, module) {
    "use strict";
    var crypto = require_utils2(), { signatureAlgorithmHashFromCertificate } = require_cert_signatures();
    function saslprep(password) {
      let nonAsciiSpace = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g, mappedToNothing = /[\u00AD\u034F\u1806\u180B\u180C\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g;
      return password.replace(nonAsciiSpace, " ").replace(mappedToNothing, "").normalize("NFKC");
    }
    var DEFAULT_MAX_SCRAM_ITERATIONS = 1e5;
    function startSession(mechanisms, stream, scramMaxIterations = DEFAULT_MAX_SCRAM_ITERATIONS) {
      let candidates = ["SCRAM-SHA-256"];
      stream && candidates.unshift("SCRAM-SHA-256-PLUS");
      let mechanism = candidates.find((candidate) => mechanisms.includes(candidate));
      if (!mechanism)
        throw new Error("SASL: Only mechanism(s) " + candidates.join(" and ") + " are supported");
      if (mechanism === "SCRAM-SHA-256-PLUS" && typeof stream.getPeerCertificate != "function")
        throw new Error("SASL: Mechanism SCRAM-SHA-256-PLUS requires a certificate");
      let clientNonce = crypto.randomBytes(18).toString("base64");
      return {
        mechanism,
        clientNonce,
        response: (mechanism === "SCRAM-SHA-256-PLUS" ? "p=tls-server-end-point" : stream ? "y" : "n") + ",,n=*,r=" + clientNonce,
        message: "SASLInitialResponse",
        scramMaxIterations
      };
    }
    async function continueSession(session, password, serverData, stream) {
      if (session.message !== "SASLInitialResponse")
        throw new Error("SASL: Last message was not SASLInitialResponse");
      if (typeof password != "string")
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string");
      if (password === "")
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a non-empty string");
      if (typeof serverData != "string")
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: serverData must be a string");
      let sv = parseServerFirstMessage(serverData);
      if (sv.nonce.startsWith(session.clientNonce)) {
        if (sv.nonce.length === session.clientNonce.length)
          throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: server nonce is too short");
      } else throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: server nonce does not start with client nonce");
      let scramMaxIterations = typeof session.scramMaxIterations == "number" ? session.scramMaxIterations : DEFAULT_MAX_SCRAM_ITERATIONS;
      if (scramMaxIterations !== 0 && sv.iteration > scramMaxIterations)
        throw new Error(
          "SASL: SCRAM-SERVER-FIRST-MESSAGE: iteration count " + sv.iteration + " exceeds scramMaxIterations of " + scramMaxIterations
        );
      let clientFirstMessageBare = "n=*,r=" + session.clientNonce, serverFirstMessage = "r=" + sv.nonce + ",s=" + sv.salt + ",i=" + sv.iteration, channelBinding = stream ? "eSws" : "biws";
      if (session.mechanism === "SCRAM-SHA-256-PLUS") {
        let peerCert = stream.getPeerCertificate().raw, hashName = signatureAlgorithmHashFromCertificate(peerCert);
        (hashName === "MD5" || hashName === "SHA-1") && (hashName = "SHA-256");
        let certHash = await crypto.hashByName(hashName, peerCert);
        channelBinding = Buffer.concat([Buffer.from("p=tls-server-end-point,,"), Buffer.from(certHash)]).toString("base64");
      }
      let clientFinalMessageWithoutProof = "c=" + channelBinding + ",r=" + sv.nonce, authMessage = clientFirstMessageBare + "," + serverFirstMessage + "," + clientFinalMessageWithoutProof, saltBytes = Buffer.from(sv.salt, "base64"), saltedPassword = await crypto.deriveKey(saslprep(password), saltBytes, sv.iteration), clientKey = await crypto.hmacSha256(saltedPassword, "Client Key"), storedKey = await crypto.sha256(clientKey), clientSignature = await crypto.hmacSha256(storedKey, authMessage), clientProof = xorBuffers(Buffer.from(clientKey), Buffer.from(clientSignature)).toString("base64"), serverKey = await crypto.hmacSha256(saltedPassword, "Server Key"), serverSignatureBytes = await crypto.hmacSha256(serverKey, authMessage);
      session.message = "SASLResponse", session.serverSignature = Buffer.from(serverSignatureBytes).toString("base64"), session.response = clientFinalMessageWithoutProof + ",p=" + clientProof;
    }
    function finalizeSession(session, serverData) {
      if (session.message !== "SASLResponse")
        throw new Error("SASL: Last message was not SASLResponse");
      if (typeof serverData != "string")
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: serverData must be a string");
      let { serverSignature } = parseServerFinalMessage(serverData);
      if (serverSignature !== session.serverSignature)
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature does not match");
    }
    function isPrintableChars(text) {
      if (typeof text != "string")
        throw new TypeError("SASL: text must be a string");
      return text.split("").map((_, i) => text.charCodeAt(i)).every((c) => c >= 33 && c <= 43 || c >= 45 && c <= 126);
    }
    function isBase64(text) {
      return /^(?:[a-zA-Z0-9+/]{4})*(?:[a-zA-Z0-9+/]{2}==|[a-zA-Z0-9+/]{3}=)?$/.test(text);
    }
    function parseAttributePairs(text) {
      if (typeof text != "string")
        throw new TypeError("SASL: attribute pairs text must be a string");
      return new Map(
        text.split(",").map((attrValue) => {
          if (!/^.=/.test(attrValue))
            throw new Error("SASL: Invalid attribute pair entry");
          let name = attrValue[0], value = attrValue.substring(2);
          return [name, value];
        })
      );
    }
    function parseServerFirstMessage(data) {
      let attrPairs = parseAttributePairs(data), nonce = attrPairs.get("r");
      if (nonce) {
        if (!isPrintableChars(nonce))
          throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: nonce must only contain printable characters");
      } else throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: nonce missing");
      let salt = attrPairs.get("s");
      if (salt) {
        if (!isBase64(salt))
          throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: salt must be base64");
      } else throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: salt missing");
      let iterationText = attrPairs.get("i");
      if (iterationText) {
        if (!/^[1-9][0-9]*$/.test(iterationText))
          throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: invalid iteration count");
      } else throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: iteration missing");
      let iteration = parseInt(iterationText, 10);
      return {
        nonce,
        salt,
        iteration
      };
    }
    function parseServerFinalMessage(serverData) {
      let attrPairs = parseAttributePairs(serverData), error = attrPairs.get("e"), serverSignature = attrPairs.get("v");
      if (error)
        throw new Error(`SASL: SCRAM-SERVER-FINAL-MESSAGE: server returned error: "${error}"`);
      if (serverSignature) {
        if (!isBase64(serverSignature))
          throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature must be base64");
      } else throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature is missing");
      return {
        serverSignature
      };
    }
    function xorBuffers(a, b) {
      if (!Buffer.isBuffer(a))
        throw new TypeError("first argument must be a Buffer");
      if (!Buffer.isBuffer(b))
        throw new TypeError("second argument must be a Buffer");
      if (a.length !== b.length)
        throw new Error("Buffer lengths must match");
      if (a.length === 0)
        throw new Error("Buffers cannot be empty");
      return Buffer.from(a.map((_, i) => a[i] ^ b[i]));
    }
    module.exports = {
      startSession,
      continueSession,
      finalizeSession,
      DEFAULT_MAX_SCRAM_ITERATIONS
    };
  }
});

// node_modules/pg/lib/type-overrides.js
var require_type_overrides = __commonJS({
  "node_modules/pg/lib/type-overrides.js"(exports, module) {
    "use strict";
    var types2 = require_pg_types();
    function TypeOverrides2(userTypes) {
      this._types = userTypes || types2, this.text = {}, this.binary = {};
    }
    TypeOverrides2.prototype.getOverrides = function(format) {
      switch (format) {
        case "text":
          return this.text;
        case "binary":
          return this.binary;
        default:
          return {};
      }
    };
    TypeOverrides2.prototype.setTypeParser = function(oid, format, parseFn) {
      typeof format == "function" && (parseFn = format, format = "text"), this.getOverrides(format)[oid] = parseFn;
    };
    TypeOverrides2.prototype.getTypeParser = function(oid, format) {
      return format = format || "text", this.getOverrides(format)[oid] || this._types.getTypeParser(oid, format);
    };
    module.exports = TypeOverrides2;
  }
});

// node_modules/pg-connection-string/index.js
var require_pg_connection_string = __commonJS({
  "node_modules/pg-connection-string/index.js"(exports, module) {
    "use strict";
    function parse3(str2, options = {}) {
      if (str2.charAt(0) === "/") {
        let config3 = str2.split(" ");
        return { host: config3[0], database: config3[1] };
      }
      let config2 = /* @__PURE__ */ Object.create(null), result, dummyHost = !1;
      / |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(str2) && (str2 = encodeURI(str2).replace(/%25(\d\d)/g, "%$1"));
      try {
        try {
          result = new URL(str2, "postgres://base");
        } catch {
          result = new URL(str2.replace("@/", "@___DUMMY___/"), "postgres://base"), dummyHost = !0;
        }
      } catch (err) {
        throw err.input && (err.input = "*****REDACTED*****"), err;
      }
      for (let entry of result.searchParams.entries())
        config2[entry[0]] = entry[1];
      if (config2.user = config2.user || decodeURIComponent(result.username), config2.password = config2.password || decodeURIComponent(result.password), result.protocol == "socket:")
        return config2.host = decodeURI(result.pathname), config2.database = result.searchParams.get("db"), config2.client_encoding = result.searchParams.get("encoding"), config2;
      let hostname3 = (dummyHost ? "" : result.hostname).replace(/^\[(.+)\]$/, "$1");
      config2.host ? hostname3 && /^%2f/i.test(hostname3) && (result.pathname = hostname3 + result.pathname) : config2.host = decodeURIComponent(hostname3), config2.port || (config2.port = result.port);
      let pathname = result.pathname.slice(1) || null;
      config2.database = pathname ? decodeURI(pathname) : null, (config2.ssl === "true" || config2.ssl === "1") && (config2.ssl = !0), config2.ssl === "0" && (config2.ssl = !1), (config2.sslcert || config2.sslkey || config2.sslrootcert || config2.sslmode) && (config2.ssl = {}), config2.sslnegotiation === "direct" && config2.ssl === void 0 && (config2.ssl = !0);
      let fs = config2.sslcert || config2.sslkey || config2.sslrootcert ? __require("fs") : null;
      if (config2.sslcert && (config2.ssl.cert = fs.readFileSync(config2.sslcert).toString()), config2.sslkey && (config2.ssl.key = fs.readFileSync(config2.sslkey).toString()), config2.sslrootcert && (config2.ssl.ca = fs.readFileSync(config2.sslrootcert).toString()), options.useLibpqCompat && config2.uselibpqcompat)
        throw new Error("Both useLibpqCompat and uselibpqcompat are set. Please use only one of them.");
      if (config2.uselibpqcompat === "true" || options.useLibpqCompat)
        switch (config2.sslmode) {
          case "disable": {
            config2.ssl = !1;
            break;
          }
          case "prefer": {
            config2.ssl.rejectUnauthorized = !1;
            break;
          }
          case "require": {
            config2.sslrootcert ? config2.ssl.checkServerIdentity = function() {
            } : config2.ssl.rejectUnauthorized = !1;
            break;
          }
          case "verify-ca": {
            if (!config2.ssl.ca)
              throw new Error(
                "SECURITY WARNING: Using sslmode=verify-ca requires specifying a CA with sslrootcert. If a public CA is used, verify-ca allows connections to a server that somebody else may have registered with the CA, making you vulnerable to Man-in-the-Middle attacks. Either specify a custom CA certificate with sslrootcert parameter or use sslmode=verify-full for proper security."
              );
            config2.ssl.checkServerIdentity = function() {
            };
            break;
          }
          case "verify-full":
            break;
        }
      else
        switch (config2.sslmode) {
          case "disable": {
            config2.ssl = !1;
            break;
          }
          case "prefer":
          case "require":
          case "verify-ca":
          case "verify-full": {
            config2.sslmode !== "verify-full" && deprecatedSslModeWarning(config2.sslmode);
            break;
          }
          case "no-verify": {
            config2.ssl.rejectUnauthorized = !1;
            break;
          }
        }
      return config2;
    }
    function toConnectionOptions(sslConfig2) {
      return Object.entries(sslConfig2).reduce((c, [key, value]) => (value != null && (c[key] = value), c), /* @__PURE__ */ Object.create(null));
    }
    function toClientConfig(config2) {
      return Object.entries(config2).reduce((c, [key, value]) => {
        if (key === "ssl") {
          let sslConfig2 = value;
          typeof sslConfig2 == "boolean" && (c[key] = sslConfig2), typeof sslConfig2 == "object" && (c[key] = toConnectionOptions(sslConfig2));
        } else if (value != null)
          if (key === "port") {
            if (value !== "") {
              let v = parseInt(value, 10);
              if (isNaN(v))
                throw new Error(`Invalid ${key}: ${value}`);
              c[key] = v;
            }
          } else
            c[key] = value;
        return c;
      }, /* @__PURE__ */ Object.create(null));
    }
    function parseIntoClientConfig(str2) {
      return toClientConfig(parse3(str2));
    }
    function deprecatedSslModeWarning(sslmode) {
      !deprecatedSslModeWarning.warned && typeof process < "u" && process.emitWarning && (deprecatedSslModeWarning.warned = !0, process.emitWarning(`SECURITY WARNING: The SSL modes 'prefer', 'require', and 'verify-ca' are treated as aliases for 'verify-full'.
In the next major version (pg-connection-string v3.0.0 and pg v9.0.0), these modes will adopt standard libpq semantics, which have weaker security guarantees.

To prepare for this change:
- If you want the current behavior, explicitly use 'sslmode=verify-full'
- If you want libpq compatibility now, use 'uselibpqcompat=true&sslmode=${sslmode}'

See https://www.postgresql.org/docs/current/libpq-ssl.html for libpq SSL mode definitions.`));
    }
    module.exports = parse3;
    parse3.parse = parse3;
    parse3.toClientConfig = toClientConfig;
    parse3.parseIntoClientConfig = parseIntoClientConfig;
  }
});

// node_modules/pg/lib/connection-parameters.js
var require_connection_parameters = __commonJS({
  "node_modules/pg/lib/connection-parameters.js"(exports, module) {
    "use strict";
    var dns = __require("dns"), defaults2 = require_defaults(), parse3 = require_pg_connection_string().parse, val = function(key, config2, envVar) {
      return config2[key] ? config2[key] : (envVar === void 0 ? envVar = process.env["PG" + key.toUpperCase()] : envVar === !1 || (envVar = process.env[envVar]), envVar || defaults2[key]);
    }, readSSLConfigFromEnvironment = function() {
      switch (process.env.PGSSLMODE) {
        case "disable":
          return !1;
        case "prefer":
        case "require":
        case "verify-ca":
        case "verify-full":
          return !0;
        case "no-verify":
          return { rejectUnauthorized: !1 };
      }
      return defaults2.ssl;
    }, quoteParamValue = function(value) {
      return "'" + ("" + value).replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
    }, add = function(params, config2, paramName) {
      let value = config2[paramName];
      value != null && params.push(paramName + "=" + quoteParamValue(value));
    }, ConnectionParameters = class {
      constructor(config2) {
        if (config2 = typeof config2 == "string" ? parse3(config2) : config2 || {}, config2.connectionString && (config2 = Object.assign({}, config2, parse3(config2.connectionString))), this.user = val("user", config2), this.database = val("database", config2), this.database === void 0 && (this.database = this.user), this.port = parseInt(val("port", config2), 10), this.host = val("host", config2), Object.defineProperty(this, "password", {
          configurable: !0,
          enumerable: !1,
          writable: !0,
          value: val("password", config2)
        }), this.binary = val("binary", config2), this.options = val("options", config2), this.ssl = typeof config2.ssl > "u" ? readSSLConfigFromEnvironment() : config2.ssl, typeof this.ssl == "string" && this.ssl === "true" && (this.ssl = !0), this.ssl === "no-verify" && (this.ssl = { rejectUnauthorized: !1 }), this.ssl && this.ssl.key && Object.defineProperty(this.ssl, "key", {
          enumerable: !1
        }), this.sslnegotiation = val("sslnegotiation", config2, "PGSSLNEGOTIATION"), this.sslnegotiation !== void 0 && this.sslnegotiation !== "postgres" && this.sslnegotiation !== "direct")
          throw new Error(
            `Invalid sslnegotiation value: "${this.sslnegotiation}". Valid values are "postgres" and "direct".`
          );
        if (this.sslnegotiation === "direct" && !this.ssl)
          throw new Error("sslnegotiation=direct requires SSL to be enabled");
        this.client_encoding = val("client_encoding", config2), this.replication = val("replication", config2), this.isDomainSocket = !(this.host || "").indexOf("/"), this.application_name = val("application_name", config2, "PGAPPNAME"), this.fallback_application_name = val("fallback_application_name", config2, !1), this.statement_timeout = val("statement_timeout", config2, !1), this.lock_timeout = val("lock_timeout", config2, !1), this.idle_in_transaction_session_timeout = val("idle_in_transaction_session_timeout", config2, !1), this.query_timeout = val("query_timeout", config2, !1), config2.connectionTimeoutMillis === void 0 ? this.connect_timeout = process.env.PGCONNECT_TIMEOUT || 0 : this.connect_timeout = Math.floor(config2.connectionTimeoutMillis / 1e3), config2.keepAlive === !1 ? this.keepalives = 0 : config2.keepAlive === !0 && (this.keepalives = 1), typeof config2.keepAliveInitialDelayMillis == "number" && (this.keepalives_idle = Math.floor(config2.keepAliveInitialDelayMillis / 1e3));
      }
      getLibpqConnectionString(cb) {
        let params = [];
        add(params, this, "user"), add(params, this, "password"), add(params, this, "port"), add(params, this, "application_name"), add(params, this, "fallback_application_name"), add(params, this, "connect_timeout"), add(params, this, "options");
        let ssl = typeof this.ssl == "object" ? this.ssl : this.ssl ? { sslmode: this.ssl } : {};
        if (add(params, ssl, "sslmode"), add(params, ssl, "sslca"), add(params, ssl, "sslkey"), add(params, ssl, "sslcert"), add(params, ssl, "sslrootcert"), add(params, this, "sslnegotiation"), this.database && params.push("dbname=" + quoteParamValue(this.database)), this.replication && params.push("replication=" + quoteParamValue(this.replication)), this.host && params.push("host=" + quoteParamValue(this.host)), this.isDomainSocket)
          return cb(null, params.join(" "));
        this.client_encoding && params.push("client_encoding=" + quoteParamValue(this.client_encoding)), dns.lookup(this.host, function(err, address) {
          return err ? cb(err, null) : (params.push("hostaddr=" + quoteParamValue(address)), cb(null, params.join(" ")));
        });
      }
    };
    module.exports = ConnectionParameters;
  }
});

// node_modules/pg/lib/result.js
var require_result = __commonJS({
  "node_modules/pg/lib/result.js"(exports, module) {
    "use strict";
    var types2 = require_pg_types(), matchRegexp = /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/, Result2 = class {
      constructor(rowMode, types3) {
        this.command = null, this.rowCount = null, this.oid = null, this.rows = [], this.fields = [], this._parsers = void 0, this._types = types3, this.RowCtor = null, this.rowAsArray = rowMode === "array", this.rowAsArray && (this.parseRow = this._parseRowAsArray), this._prebuiltEmptyResultObject = null;
      }
      // adds a command complete message
      addCommandComplete(msg) {
        let match;
        msg.text ? match = matchRegexp.exec(msg.text) : match = matchRegexp.exec(msg.command), match && (this.command = match[1], match[3] ? (this.oid = parseInt(match[2], 10), this.rowCount = parseInt(match[3], 10)) : match[2] && (this.rowCount = parseInt(match[2], 10)));
      }
      _parseRowAsArray(rowData) {
        let row = new Array(rowData.length);
        for (let i = 0, len = rowData.length; i < len; i++) {
          let rawValue = rowData[i];
          rawValue !== null ? row[i] = this._parsers[i](rawValue) : row[i] = null;
        }
        return row;
      }
      parseRow(rowData) {
        let row = { ...this._prebuiltEmptyResultObject };
        for (let i = 0, len = rowData.length; i < len; i++) {
          let rawValue = rowData[i], field = this.fields[i].name;
          if (rawValue !== null) {
            let v = this.fields[i].format === "binary" ? Buffer.from(rawValue) : rawValue;
            row[field] = this._parsers[i](v);
          } else
            row[field] = null;
        }
        return row;
      }
      addRow(row) {
        this.rows.push(row);
      }
      addFields(fieldDescriptions) {
        this.fields = fieldDescriptions, this.fields.length && (this._parsers = new Array(fieldDescriptions.length));
        let row = /* @__PURE__ */ Object.create(null);
        for (let i = 0; i < fieldDescriptions.length; i++) {
          let desc = fieldDescriptions[i];
          row[desc.name] = null, this._types ? this._parsers[i] = this._types.getTypeParser(desc.dataTypeID, desc.format || "text") : this._parsers[i] = types2.getTypeParser(desc.dataTypeID, desc.format || "text");
        }
        this._prebuiltEmptyResultObject = { ...row };
      }
    };
    module.exports = Result2;
  }
});

// node_modules/pg/lib/query.js
var require_query = __commonJS({
  "node_modules/pg/lib/query.js"(exports, module) {
    "use strict";
    var { EventEmitter } = __require("events"), Result2 = require_result(), utils = require_utils(), Query2 = class extends EventEmitter {
      constructor(config2, values, callback) {
        super(), config2 = utils.normalizeQueryConfig(config2, values, callback), this.text = config2.text, this.values = config2.values, this.rows = config2.rows, this.types = config2.types, this.name = config2.name, this.queryMode = config2.queryMode, this.binary = config2.binary, this.portal = config2.portal || "", this.callback = config2.callback, this._rowMode = config2.rowMode, process.domain && config2.callback && (this.callback = process.domain.bind(config2.callback)), this._result = new Result2(this._rowMode, this.types), this._results = this._result, this._canceledDueToError = !1;
      }
      requiresPreparation() {
        return this.queryMode === "extended" || this.name || this.rows ? !0 : !this.text || !this.values ? !1 : this.values.length > 0;
      }
      _checkForMultirow() {
        this._result.command && (Array.isArray(this._results) || (this._results = [this._result]), this._result = new Result2(this._rowMode, this._result._types), this._results.push(this._result));
      }
      // associates row metadata from the supplied
      // message with this query object
      // metadata used when parsing row results
      handleRowDescription(msg) {
        this._checkForMultirow(), this._result.addFields(msg.fields), this._accumulateRows = this.callback || !this.listeners("row").length;
      }
      handleDataRow(msg) {
        let row;
        if (!this._canceledDueToError) {
          try {
            row = this._result.parseRow(msg.fields);
          } catch (err) {
            this._canceledDueToError = err;
            return;
          }
          this.emit("row", row, this._result), this._accumulateRows && this._result.addRow(row);
        }
      }
      handleCommandComplete(msg, connection) {
        this._checkForMultirow(), this._result.addCommandComplete(msg), this.rows && connection.sync();
      }
      // if a named prepared statement is created with empty query text
      // the backend will send an emptyQuery message but *not* a command complete message
      // since we pipeline sync immediately after execute we don't need to do anything here
      // unless we have rows specified, in which case we did not pipeline the initial sync call
      handleEmptyQuery(connection) {
        this.rows && connection.sync();
      }
      handleError(err, connection) {
        if (this._canceledDueToError && (err = this._canceledDueToError, this._canceledDueToError = !1), this.callback)
          return this.callback(err);
        this.emit("error", err);
      }
      handleReadyForQuery(con) {
        if (this._canceledDueToError)
          return this.handleError(this._canceledDueToError, con);
        if (this.callback)
          try {
            this.callback(null, this._results);
          } catch (err) {
            process.nextTick(() => {
              throw err;
            });
          }
        this.emit("end", this._results);
      }
      submit(connection) {
        if (typeof this.text != "string" && typeof this.name != "string")
          return new Error("A query must have either text or a name. Supplying neither is unsupported.");
        let previous = connection.parsedStatements[this.name] || connection.submittedNamedStatements[this.name];
        if (this.text && previous && this.text !== previous)
          return new Error(`Prepared statements must be unique - '${this.name}' was used for a different statement`);
        if (this.values && !Array.isArray(this.values))
          return new Error("Query values must be an array");
        if (this.requiresPreparation()) {
          connection.stream.cork && connection.stream.cork();
          try {
            this.prepare(connection);
          } finally {
            connection.stream.uncork && connection.stream.uncork();
          }
        } else
          connection.query(this.text);
        return null;
      }
      hasBeenParsed(connection) {
        return this.name && (connection.parsedStatements[this.name] !== void 0 || connection.submittedNamedStatements[this.name] !== void 0);
      }
      handlePortalSuspended(connection) {
        this._getRows(connection, this.rows);
      }
      _getRows(connection, rows) {
        connection.execute({
          portal: this.portal,
          rows
        }), rows ? connection.flush() : connection.sync();
      }
      // http://developer.postgresql.org/pgdocs/postgres/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY
      prepare(connection) {
        this.hasBeenParsed(connection) || (connection.parse({
          text: this.text,
          name: this.name,
          types: this.types
        }), this.name && (connection.submittedNamedStatements[this.name] = this.text));
        try {
          connection.bind({
            portal: this.portal,
            statement: this.name,
            values: this.values,
            binary: this.binary,
            valueMapper: utils.prepareValue
          });
        } catch (err) {
          connection.close({ type: "S", name: this.name }), connection.sync(), this.handleError(err, connection);
          return;
        }
        connection.describe({
          type: "P",
          name: this.portal || ""
        }), this._getRows(connection, this.rows);
      }
      handleCopyInResponse(connection) {
        connection.sendCopyFail("No source stream defined");
      }
      handleCopyData(msg, connection) {
      }
    };
    module.exports = Query2;
  }
});

// node_modules/pg-protocol/dist/messages.js
var require_messages = __commonJS({
  "node_modules/pg-protocol/dist/messages.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: !0 });
    exports.NoticeMessage = exports.DataRowMessage = exports.CommandCompleteMessage = exports.ReadyForQueryMessage = exports.NotificationResponseMessage = exports.BackendKeyDataMessage = exports.AuthenticationMD5Password = exports.ParameterStatusMessage = exports.ParameterDescriptionMessage = exports.RowDescriptionMessage = exports.Field = exports.CopyResponse = exports.CopyDataMessage = exports.DatabaseError = exports.copyDone = exports.emptyQuery = exports.replicationStart = exports.portalSuspended = exports.noData = exports.closeComplete = exports.bindComplete = exports.parseComplete = void 0;
    exports.parseComplete = {
      name: "parseComplete",
      length: 5
    };
    exports.bindComplete = {
      name: "bindComplete",
      length: 5
    };
    exports.closeComplete = {
      name: "closeComplete",
      length: 5
    };
    exports.noData = {
      name: "noData",
      length: 5
    };
    exports.portalSuspended = {
      name: "portalSuspended",
      length: 5
    };
    exports.replicationStart = {
      name: "replicationStart",
      length: 4
    };
    exports.emptyQuery = {
      name: "emptyQuery",
      length: 4
    };
    exports.copyDone = {
      name: "copyDone",
      length: 4
    };
    var DatabaseError2 = class extends Error {
      constructor(message, length, name) {
        super(message), this.length = length, this.name = name;
      }
    };
    exports.DatabaseError = DatabaseError2;
    var CopyDataMessage = class {
      constructor(length, chunk2) {
        this.length = length, this.chunk = chunk2, this.name = "copyData";
      }
    };
    exports.CopyDataMessage = CopyDataMessage;
    var CopyResponse = class {
      constructor(length, name, binary, columnCount) {
        this.length = length, this.name = name, this.binary = binary, this.columnTypes = new Array(columnCount);
      }
    };
    exports.CopyResponse = CopyResponse;
    var Field = class {
      constructor(name, tableID, columnID, dataTypeID, dataTypeSize, dataTypeModifier, format) {
        this.name = name, this.tableID = tableID, this.columnID = columnID, this.dataTypeID = dataTypeID, this.dataTypeSize = dataTypeSize, this.dataTypeModifier = dataTypeModifier, this.format = format;
      }
    };
    exports.Field = Field;
    var RowDescriptionMessage = class {
      constructor(length, fieldCount) {
        this.length = length, this.fieldCount = fieldCount, this.name = "rowDescription", this.fields = new Array(this.fieldCount);
      }
    };
    exports.RowDescriptionMessage = RowDescriptionMessage;
    var ParameterDescriptionMessage = class {
      constructor(length, parameterCount) {
        this.length = length, this.parameterCount = parameterCount, this.name = "parameterDescription", this.dataTypeIDs = new Array(this.parameterCount);
      }
    };
    exports.ParameterDescriptionMessage = ParameterDescriptionMessage;
    var ParameterStatusMessage = class {
      constructor(length, parameterName, parameterValue) {
        this.length = length, this.parameterName = parameterName, this.parameterValue = parameterValue, this.name = "parameterStatus";
      }
    };
    exports.ParameterStatusMessage = ParameterStatusMessage;
    var AuthenticationMD5Password = class {
      constructor(length, salt) {
        this.length = length, this.salt = salt, this.name = "authenticationMD5Password";
      }
    };
    exports.AuthenticationMD5Password = AuthenticationMD5Password;
    var BackendKeyDataMessage = class {
      constructor(length, processID, secretKey) {
        this.length = length, this.processID = processID, this.secretKey = secretKey, this.name = "backendKeyData";
      }
    };
    exports.BackendKeyDataMessage = BackendKeyDataMessage;
    var NotificationResponseMessage = class {
      constructor(length, processId, channel, payload) {
        this.length = length, this.processId = processId, this.channel = channel, this.payload = payload, this.name = "notification";
      }
    };
    exports.NotificationResponseMessage = NotificationResponseMessage;
    var ReadyForQueryMessage = class {
      constructor(length, status) {
        this.length = length, this.status = status, this.name = "readyForQuery";
      }
    };
    exports.ReadyForQueryMessage = ReadyForQueryMessage;
    var CommandCompleteMessage = class {
      constructor(length, text) {
        this.length = length, this.text = text, this.name = "commandComplete";
      }
    };
    exports.CommandCompleteMessage = CommandCompleteMessage;
    var DataRowMessage = class {
      constructor(length, fields) {
        this.length = length, this.fields = fields, this.name = "dataRow", this.fieldCount = fields.length;
      }
    };
    exports.DataRowMessage = DataRowMessage;
    var NoticeMessage = class {
      constructor(length, message) {
        this.length = length, this.message = message, this.name = "notice";
      }
    };
    exports.NoticeMessage = NoticeMessage;
  }
});

// node_modules/pg-protocol/dist/buffer-writer.js
var require_buffer_writer = __commonJS({
  "node_modules/pg-protocol/dist/buffer-writer.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: !0 });
    exports.Writer = void 0;
    var Writer = class {
      constructor(size = 256) {
        this.size = size, this.offset = 5, this.headerPosition = 0, this.buffer = Buffer.allocUnsafe(size);
      }
      ensure(size) {
        if (this.buffer.length - this.offset < size) {
          let oldBuffer = this.buffer, newSize = oldBuffer.length + (oldBuffer.length >> 1) + size;
          this.buffer = Buffer.allocUnsafe(newSize), oldBuffer.copy(this.buffer, 0, 0, this.offset);
        }
      }
      addInt32(num) {
        return this.ensure(4), this.buffer[this.offset++] = num >>> 24 & 255, this.buffer[this.offset++] = num >>> 16 & 255, this.buffer[this.offset++] = num >>> 8 & 255, this.buffer[this.offset++] = num >>> 0 & 255, this;
      }
      addInt16(num) {
        return this.ensure(2), this.buffer[this.offset++] = num >>> 8 & 255, this.buffer[this.offset++] = num >>> 0 & 255, this;
      }
      addCString(string3) {
        if (!string3)
          this.ensure(1);
        else {
          let len = Buffer.byteLength(string3);
          this.ensure(len + 1), this.buffer.write(string3, this.offset, "utf-8"), this.offset += len;
        }
        return this.buffer[this.offset++] = 0, this;
      }
      addString(string3 = "") {
        let len = Buffer.byteLength(string3);
        return this.ensure(len), this.buffer.write(string3, this.offset), this.offset += len, this;
      }
      // Write an Int32 byte-length prefix immediately followed by the string's UTF-8
      // bytes. Postgres' Bind wire format prefixes every parameter with its length,
      // and doing it in one method computes Buffer.byteLength ONCE — the previous
      // `addInt32(Buffer.byteLength(s)).addString(s)` pairing scanned the string
      // three times (byteLength for the prefix, byteLength again inside addString,
      // then the encode), which is costly for large text parameters.
      addInt32PrefixedString(string3) {
        let len = Buffer.byteLength(string3);
        this.ensure(4 + len);
        let buffer = this.buffer, offset = this.offset;
        return buffer[offset++] = len >>> 24 & 255, buffer[offset++] = len >>> 16 & 255, buffer[offset++] = len >>> 8 & 255, buffer[offset++] = len >>> 0 & 255, buffer.write(string3, offset, "utf-8"), this.offset = offset + len, this;
      }
      add(otherBuffer) {
        return this.ensure(otherBuffer.length), otherBuffer.copy(this.buffer, this.offset), this.offset += otherBuffer.length, this;
      }
      /**
       * Appends an uninitialized block of {@link size} bytes to the buffer and returns its offset.
       */
      reserveUnsafe(size) {
        let offset = this.offset;
        return this.ensure(size), this.offset += size, offset;
      }
      join(code) {
        if (code) {
          this.buffer[this.headerPosition] = code;
          let length = this.offset - (this.headerPosition + 1);
          this.buffer.writeInt32BE(length, this.headerPosition + 1);
        }
        return this.buffer.slice(code ? 0 : 5, this.offset);
      }
      flush(code) {
        let result = this.join(code);
        return this.offset = 5, this.headerPosition = 0, this.buffer = Buffer.allocUnsafe(this.size), result;
      }
      clear() {
        this.offset = 5, this.headerPosition = 0;
      }
    };
    exports.Writer = Writer;
  }
});

// node_modules/pg-protocol/dist/serializer.js
var require_serializer = __commonJS({
  "node_modules/pg-protocol/dist/serializer.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: !0 });
    exports.serialize = void 0;
    var buffer_writer_1 = require_buffer_writer(), writer = new buffer_writer_1.Writer(), startup = (opts) => {
      writer.addInt16(3).addInt16(0);
      for (let key of Object.keys(opts))
        writer.addCString(key).addCString(opts[key]);
      writer.addCString("client_encoding").addCString("UTF8");
      let bodyBuffer = writer.addCString("").flush(), length = bodyBuffer.length + 4;
      return new buffer_writer_1.Writer().addInt32(length).add(bodyBuffer).flush();
    }, requestSsl = () => {
      let response = Buffer.allocUnsafe(8);
      return response.writeInt32BE(8, 0), response.writeInt32BE(80877103, 4), response;
    }, password = (password2) => writer.addCString(password2).flush(
      112
      /* code.startup */
    ), sendSASLInitialResponseMessage = function(mechanism, initialResponse) {
      return writer.addCString(mechanism).addInt32PrefixedString(initialResponse), writer.flush(
        112
        /* code.startup */
      );
    }, sendSCRAMClientFinalMessage = function(additionalData) {
      return writer.addString(additionalData).flush(
        112
        /* code.startup */
      );
    }, query2 = (text) => writer.addCString(text).flush(
      81
      /* code.query */
    ), emptyArray = [], parse3 = (query3) => {
      let name = query3.name || "";
      name.length > 63 && (console.error("Warning! Postgres only supports 63 characters for query names."), console.error("You supplied %s (%s)", name, name.length), console.error("This can cause conflicts and silent errors executing queries"));
      let types2 = query3.types || emptyArray, len = types2.length, buffer = writer.addCString(name).addCString(query3.text).addInt16(len);
      for (let i = 0; i < len; i++)
        buffer.addInt32(types2[i]);
      return writer.flush(
        80
        /* code.parse */
      );
    }, writeValues = function(values, valueMapper, formatsOffset) {
      let len = values.length;
      for (let i = 0; i < len; i++) {
        let mappedVal = valueMapper ? valueMapper(values[i], i) : values[i], formatByte = 0;
        mappedVal == null ? writer.addInt32(-1) : mappedVal instanceof Buffer ? (formatByte = 1, writer.addInt32(mappedVal.length), writer.add(mappedVal)) : writer.addInt32PrefixedString(mappedVal);
        let buf = writer.buffer;
        buf[formatsOffset++] = 0, buf[formatsOffset++] = formatByte;
      }
    }, bind = (config2 = {}) => {
      let portal = config2.portal || "", statement2 = config2.statement || "", binary = config2.binary || !1, values = config2.values || emptyArray, len = values.length;
      writer.addCString(portal).addCString(statement2), writer.addInt16(len);
      let formatsOffset = writer.reserveUnsafe(len * 2);
      writer.addInt16(len);
      try {
        writeValues(values, config2.valueMapper, formatsOffset);
      } catch (err) {
        throw writer.clear(), err;
      }
      return writer.addInt16(1), writer.addInt16(
        binary ? 1 : 0
        /* ParamType.STRING */
      ), writer.flush(
        66
        /* code.bind */
      );
    }, emptyExecute = Buffer.from([69, 0, 0, 0, 9, 0, 0, 0, 0, 0]), execute = (config2) => {
      if (!config2 || !config2.portal && !config2.rows)
        return emptyExecute;
      let portal = config2.portal || "", rows = config2.rows || 0, portalLength = Buffer.byteLength(portal), len = 4 + portalLength + 1 + 4, buff = Buffer.allocUnsafe(1 + len);
      return buff[0] = 69, buff.writeInt32BE(len, 1), buff.write(portal, 5, "utf-8"), buff[portalLength + 5] = 0, buff.writeUInt32BE(rows, buff.length - 4), buff;
    }, cancel = (processID, secretKey) => {
      let buffer = Buffer.allocUnsafe(16);
      return buffer.writeInt32BE(16, 0), buffer.writeInt16BE(1234, 4), buffer.writeInt16BE(5678, 6), buffer.writeInt32BE(processID, 8), buffer.writeInt32BE(secretKey, 12), buffer;
    }, cstringMessage = (code, string3) => {
      let len = 4 + Buffer.byteLength(string3) + 1, buffer = Buffer.allocUnsafe(1 + len);
      return buffer[0] = code, buffer.writeInt32BE(len, 1), buffer.write(string3, 5, "utf-8"), buffer[len] = 0, buffer;
    }, emptyDescribePortal = writer.addCString("P").flush(
      68
      /* code.describe */
    ), emptyDescribeStatement = writer.addCString("S").flush(
      68
      /* code.describe */
    ), describe4 = (msg) => msg.name ? cstringMessage(68, `${msg.type}${msg.name || ""}`) : msg.type === "P" ? emptyDescribePortal : emptyDescribeStatement, close = (msg) => {
      let text = `${msg.type}${msg.name || ""}`;
      return cstringMessage(67, text);
    }, copyData = (chunk2) => writer.add(chunk2).flush(
      100
      /* code.copyFromChunk */
    ), copyFail = (message) => cstringMessage(102, message), codeOnlyBuffer = (code) => Buffer.from([code, 0, 0, 0, 4]), flushBuffer = codeOnlyBuffer(
      72
      /* code.flush */
    ), syncBuffer = codeOnlyBuffer(
      83
      /* code.sync */
    ), endBuffer = codeOnlyBuffer(
      88
      /* code.end */
    ), copyDoneBuffer = codeOnlyBuffer(
      99
      /* code.copyDone */
    ), serialize = {
      startup,
      password,
      requestSsl,
      sendSASLInitialResponseMessage,
      sendSCRAMClientFinalMessage,
      query: query2,
      parse: parse3,
      bind,
      execute,
      describe: describe4,
      close,
      flush: () => flushBuffer,
      sync: () => syncBuffer,
      end: () => endBuffer,
      copyData,
      copyDone: () => copyDoneBuffer,
      copyFail,
      cancel
    };
    exports.serialize = serialize;
  }
});

// node_modules/pg-protocol/dist/buffer-reader.js
var require_buffer_reader = __commonJS({
  "node_modules/pg-protocol/dist/buffer-reader.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: !0 });
    exports.BufferReader = void 0;
    var BufferReader = class {
      constructor(offset = 0) {
        this.offset = offset, this.buffer = Buffer.allocUnsafe(0), this.encoding = "utf-8";
      }
      setBuffer(offset, buffer) {
        this.offset = offset, this.buffer = buffer;
      }
      int16() {
        let result = this.buffer.readInt16BE(this.offset);
        return this.offset += 2, result;
      }
      byte() {
        let result = this.buffer[this.offset];
        return this.offset++, result;
      }
      int32() {
        let result = this.buffer.readInt32BE(this.offset);
        return this.offset += 4, result;
      }
      uint32() {
        let result = this.buffer.readUInt32BE(this.offset);
        return this.offset += 4, result;
      }
      string(length) {
        let result = this.buffer.toString(this.encoding, this.offset, this.offset + length);
        return this.offset += length, result;
      }
      cstring() {
        let start = this.offset, end = start;
        for (; this.buffer[end++]; )
          ;
        return this.offset = end, this.buffer.toString(this.encoding, start, end - 1);
      }
      bytes(length) {
        let result = this.buffer.slice(this.offset, this.offset + length);
        return this.offset += length, result;
      }
    };
    exports.BufferReader = BufferReader;
  }
});

// node_modules/pg-protocol/dist/parser.js
var require_parser = __commonJS({
  "node_modules/pg-protocol/dist/parser.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: !0 });
    exports.Parser = void 0;
    var messages_1 = require_messages(), buffer_reader_1 = require_buffer_reader(), CODE_LENGTH = 1, LEN_LENGTH = 4, HEADER_LENGTH = CODE_LENGTH + LEN_LENGTH, LATEINIT_LENGTH = -1, emptyBuffer = Buffer.allocUnsafe(0), Parser = class {
      constructor(opts) {
        if (this.buffer = emptyBuffer, this.bufferLength = 0, this.bufferOffset = 0, this.reader = new buffer_reader_1.BufferReader(), opts?.mode === "binary")
          throw new Error("Binary mode not supported yet");
        this.mode = opts?.mode || "text";
      }
      parse(buffer, callback) {
        this.mergeBuffer(buffer);
        let bufferFullLength = this.bufferOffset + this.bufferLength, offset = this.bufferOffset;
        for (; offset + HEADER_LENGTH <= bufferFullLength; ) {
          let code = this.buffer[offset], length = this.buffer.readUInt32BE(offset + CODE_LENGTH), fullMessageLength = CODE_LENGTH + length;
          if (fullMessageLength + offset <= bufferFullLength) {
            let message = this.handlePacket(offset + HEADER_LENGTH, code, length, this.buffer);
            callback(message), offset += fullMessageLength;
          } else
            break;
        }
        offset === bufferFullLength ? (this.buffer = emptyBuffer, this.bufferLength = 0, this.bufferOffset = 0) : (this.bufferLength = bufferFullLength - offset, this.bufferOffset = offset);
      }
      mergeBuffer(buffer) {
        if (this.bufferLength > 0) {
          let newLength = this.bufferLength + buffer.byteLength;
          if (newLength + this.bufferOffset > this.buffer.byteLength) {
            let newBuffer;
            if (newLength <= this.buffer.byteLength && this.bufferOffset >= this.bufferLength)
              newBuffer = this.buffer;
            else {
              let newBufferLength = this.buffer.byteLength * 2;
              for (; newLength >= newBufferLength; )
                newBufferLength *= 2;
              newBuffer = Buffer.allocUnsafe(newBufferLength);
            }
            this.buffer.copy(newBuffer, 0, this.bufferOffset, this.bufferOffset + this.bufferLength), this.buffer = newBuffer, this.bufferOffset = 0;
          }
          buffer.copy(this.buffer, this.bufferOffset + this.bufferLength), this.bufferLength = newLength;
        } else
          this.buffer = buffer, this.bufferOffset = 0, this.bufferLength = buffer.byteLength;
      }
      handlePacket(offset, code, length, bytes) {
        let { reader } = this;
        reader.setBuffer(offset, bytes);
        let message;
        switch (code) {
          case 50:
            message = messages_1.bindComplete;
            break;
          case 49:
            message = messages_1.parseComplete;
            break;
          case 51:
            message = messages_1.closeComplete;
            break;
          case 110:
            message = messages_1.noData;
            break;
          case 115:
            message = messages_1.portalSuspended;
            break;
          case 99:
            message = messages_1.copyDone;
            break;
          case 87:
            message = messages_1.replicationStart;
            break;
          case 73:
            message = messages_1.emptyQuery;
            break;
          case 68:
            message = parseDataRowMessage(reader);
            break;
          case 67:
            message = parseCommandCompleteMessage(reader);
            break;
          case 90:
            message = parseReadyForQueryMessage(reader);
            break;
          case 65:
            message = parseNotificationMessage(reader);
            break;
          case 82:
            message = parseAuthenticationResponse(reader, length);
            break;
          case 83:
            message = parseParameterStatusMessage(reader);
            break;
          case 75:
            message = parseBackendKeyData(reader);
            break;
          case 69:
            message = parseErrorMessage(reader, "error");
            break;
          case 78:
            message = parseErrorMessage(reader, "notice");
            break;
          case 84:
            message = parseRowDescriptionMessage(reader);
            break;
          case 116:
            message = parseParameterDescriptionMessage(reader);
            break;
          case 71:
            message = parseCopyInMessage(reader);
            break;
          case 72:
            message = parseCopyOutMessage(reader);
            break;
          case 100:
            message = parseCopyData(reader, length);
            break;
          default:
            return new messages_1.DatabaseError("received invalid response: " + code.toString(16), length, "error");
        }
        return reader.setBuffer(0, emptyBuffer), message.length = length, message;
      }
    };
    exports.Parser = Parser;
    var parseReadyForQueryMessage = (reader) => {
      let status = reader.string(1);
      return new messages_1.ReadyForQueryMessage(LATEINIT_LENGTH, status);
    }, parseCommandCompleteMessage = (reader) => {
      let text = reader.cstring();
      return new messages_1.CommandCompleteMessage(LATEINIT_LENGTH, text);
    }, parseCopyData = (reader, length) => {
      let chunk2 = reader.bytes(length - 4);
      return new messages_1.CopyDataMessage(LATEINIT_LENGTH, chunk2);
    }, parseCopyInMessage = (reader) => parseCopyMessage(reader, "copyInResponse"), parseCopyOutMessage = (reader) => parseCopyMessage(reader, "copyOutResponse"), parseCopyMessage = (reader, messageName) => {
      let isBinary = reader.byte() !== 0, columnCount = reader.int16(), message = new messages_1.CopyResponse(LATEINIT_LENGTH, messageName, isBinary, columnCount);
      for (let i = 0; i < columnCount; i++)
        message.columnTypes[i] = reader.int16();
      return message;
    }, parseNotificationMessage = (reader) => {
      let processId = reader.int32(), channel = reader.cstring(), payload = reader.cstring();
      return new messages_1.NotificationResponseMessage(LATEINIT_LENGTH, processId, channel, payload);
    }, parseRowDescriptionMessage = (reader) => {
      let fieldCount = reader.int16(), message = new messages_1.RowDescriptionMessage(LATEINIT_LENGTH, fieldCount);
      for (let i = 0; i < fieldCount; i++)
        message.fields[i] = parseField(reader);
      return message;
    }, parseField = (reader) => {
      let name = reader.cstring(), tableID = reader.uint32(), columnID = reader.int16(), dataTypeID = reader.uint32(), dataTypeSize = reader.int16(), dataTypeModifier = reader.int32(), mode = reader.int16() === 0 ? "text" : "binary";
      return new messages_1.Field(name, tableID, columnID, dataTypeID, dataTypeSize, dataTypeModifier, mode);
    }, parseParameterDescriptionMessage = (reader) => {
      let parameterCount = reader.int16(), message = new messages_1.ParameterDescriptionMessage(LATEINIT_LENGTH, parameterCount);
      for (let i = 0; i < parameterCount; i++)
        message.dataTypeIDs[i] = reader.uint32();
      return message;
    }, parseDataRowMessage = (reader) => {
      let fieldCount = reader.int16(), fields = new Array(fieldCount);
      for (let i = 0; i < fieldCount; i++) {
        let len = reader.int32();
        fields[i] = len === -1 ? null : reader.string(len);
      }
      return new messages_1.DataRowMessage(LATEINIT_LENGTH, fields);
    }, parseParameterStatusMessage = (reader) => {
      let name = reader.cstring(), value = reader.cstring();
      return new messages_1.ParameterStatusMessage(LATEINIT_LENGTH, name, value);
    }, parseBackendKeyData = (reader) => {
      let processID = reader.int32(), secretKey = reader.int32();
      return new messages_1.BackendKeyDataMessage(LATEINIT_LENGTH, processID, secretKey);
    }, parseAuthenticationResponse = (reader, length) => {
      let code = reader.int32(), message = {
        name: "authenticationOk",
        length
      };
      switch (code) {
        case 0:
          break;
        case 3:
          message.length === 8 && (message.name = "authenticationCleartextPassword");
          break;
        case 5:
          if (message.length === 12) {
            message.name = "authenticationMD5Password";
            let salt = reader.bytes(4);
            return new messages_1.AuthenticationMD5Password(LATEINIT_LENGTH, salt);
          }
          break;
        case 10:
          {
            message.name = "authenticationSASL", message.mechanisms = [];
            let mechanism;
            do
              mechanism = reader.cstring(), mechanism && message.mechanisms.push(mechanism);
            while (mechanism);
          }
          break;
        case 11:
          message.name = "authenticationSASLContinue", message.data = reader.string(length - 8);
          break;
        case 12:
          message.name = "authenticationSASLFinal", message.data = reader.string(length - 8);
          break;
        default:
          throw new Error("Unknown authenticationOk message type " + code);
      }
      return message;
    }, parseErrorMessage = (reader, name) => {
      let fields = {}, fieldType = reader.string(1);
      for (; fieldType !== "\0"; )
        fields[fieldType] = reader.cstring(), fieldType = reader.string(1);
      let messageValue = fields.M, message = name === "notice" ? new messages_1.NoticeMessage(LATEINIT_LENGTH, messageValue) : new messages_1.DatabaseError(messageValue, LATEINIT_LENGTH, name);
      return message.severity = fields.S, message.code = fields.C, message.detail = fields.D, message.hint = fields.H, message.position = fields.P, message.internalPosition = fields.p, message.internalQuery = fields.q, message.where = fields.W, message.schema = fields.s, message.table = fields.t, message.column = fields.c, message.dataType = fields.d, message.constraint = fields.n, message.file = fields.F, message.line = fields.L, message.routine = fields.R, message;
    };
  }
});

// node_modules/pg-protocol/dist/index.js
var require_dist = __commonJS({
  "node_modules/pg-protocol/dist/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: !0 });
    exports.DatabaseError = exports.serialize = void 0;
    exports.parse = parse3;
    var messages_1 = require_messages();
    Object.defineProperty(exports, "DatabaseError", { enumerable: !0, get: function() {
      return messages_1.DatabaseError;
    } });
    var serializer_1 = require_serializer();
    Object.defineProperty(exports, "serialize", { enumerable: !0, get: function() {
      return serializer_1.serialize;
    } });
    var parser_1 = require_parser();
    function parse3(stream, callback) {
      let parser = new parser_1.Parser();
      return stream.on("data", (buffer) => parser.parse(buffer, callback)), new Promise((resolve) => stream.on("end", () => resolve()));
    }
  }
});

// node_modules/pg-cloudflare/dist/empty.js
var require_empty = __commonJS({
  "node_modules/pg-cloudflare/dist/empty.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: !0 });
    exports.default = {};
  }
});

// node_modules/pg/lib/stream.js
var require_stream = __commonJS({
  "node_modules/pg/lib/stream.js"(exports, module) {
    var { getStream, getSecureStream } = getStreamFuncs();
    module.exports = {
      /**
       * Get a socket stream compatible with the current runtime environment.
       * @returns {Duplex}
       */
      getStream,
      /**
       * Get a TLS secured socket, compatible with the current environment,
       * using the socket and other settings given in `options`.
       * @returns {Duplex}
       */
      getSecureStream
    };
    function getNodejsStreamFuncs() {
      function getStream2(ssl) {
        let net = __require("net");
        return new net.Socket();
      }
      function getSecureStream2(options) {
        return __require("tls").connect(options);
      }
      return {
        getStream: getStream2,
        getSecureStream: getSecureStream2
      };
    }
    function getCloudflareStreamFuncs() {
      function getStream2(ssl) {
        let { CloudflareSocket } = require_empty();
        return new CloudflareSocket(ssl);
      }
      function getSecureStream2(options) {
        return options.socket.startTls(options), options.socket;
      }
      return {
        getStream: getStream2,
        getSecureStream: getSecureStream2
      };
    }
    function isCloudflareRuntime() {
      if (typeof navigator == "object" && navigator !== null && typeof navigator.userAgent == "string")
        return navigator.userAgent === "Cloudflare-Workers";
      if (typeof Response == "function") {
        let resp = new Response(null, { cf: { thing: !0 } });
        if (typeof resp.cf == "object" && resp.cf !== null && resp.cf.thing)
          return !0;
      }
      return !1;
    }
    function getStreamFuncs() {
      return isCloudflareRuntime() ? getCloudflareStreamFuncs() : getNodejsStreamFuncs();
    }
  }
});

// node_modules/pg/lib/connection.js
var require_connection = __commonJS({
  "node_modules/pg/lib/connection.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter, { parse: parse3, serialize } = require_dist(), stream = require_stream(), { getStream } = stream, flushBuffer = serialize.flush(), syncBuffer = serialize.sync(), endBuffer = serialize.end(), Connection2 = class extends EventEmitter {
      constructor(config2) {
        super(), config2 = config2 || {}, this.stream = config2.stream || getStream(config2.ssl), typeof this.stream == "function" && (this.stream = this.stream(config2)), this._keepAlive = config2.keepAlive, this._keepAliveInitialDelayMillis = config2.keepAliveInitialDelayMillis, this.parsedStatements = {}, this.submittedNamedStatements = {}, this.ssl = config2.ssl || !1, this.sslNegotiation = config2.sslNegotiation || "postgres", this._ending = !1, this._emitMessage = !1;
        let self = this;
        this.on("newListener", function(eventName) {
          eventName === "message" && (self._emitMessage = !0);
        });
      }
      connect(port, host) {
        let self = this;
        this._connecting = !0, this.stream.setNoDelay(!0), this.stream.connect(port, host), this.stream.once("connect", function() {
          self._keepAlive && self.stream.setKeepAlive(!0, self._keepAliveInitialDelayMillis), self.emit("connect");
        });
        let reportStreamError = function(error) {
          self._ending && (error.code === "ECONNRESET" || error.code === "EPIPE") || self.emit("error", error);
        };
        if (this.stream.on("error", reportStreamError), this.stream.on("close", function() {
          self.emit("end");
        }), !this.ssl)
          return this.attachListeners(this.stream);
        if (this.sslNegotiation === "direct")
          return this.stream.once("connect", function() {
            self.upgradeToSSL(host, reportStreamError);
          });
        this.stream.once("data", function(buffer) {
          switch (buffer.toString("utf8")) {
            case "S":
              break;
            case "N":
              return self.stream.end(), self.emit("error", new Error("The server does not support SSL connections"));
            default:
              return self.stream.end(), self.emit("error", new Error("There was an error establishing an SSL connection"));
          }
          self.upgradeToSSL(host, reportStreamError);
        });
      }
      upgradeToSSL(host, reportStreamError) {
        let self = this, options = {
          socket: self.stream,
          // tls.connect checks the server identity against `servername`, falling
          // back to `host` and then to 'localhost'. `servername` must stay unset
          // for IP addresses (see below), so `host` is needed to keep certificate
          // validation working when connecting to an IP address.
          host
        };
        self.ssl !== !0 && (Object.assign(options, self.ssl), "key" in self.ssl && (options.key = self.ssl.key)), self.sslNegotiation === "direct" && (options.ALPNProtocols = ["postgresql"]);
        let net = __require("net");
        net.isIP && net.isIP(host) === 0 && (options.servername = host);
        try {
          self.stream = stream.getSecureStream(options);
        } catch (err) {
          return self.emit("error", err);
        }
        self.attachListeners(self.stream), self.stream.on("error", reportStreamError), self.emit("sslconnect");
      }
      attachListeners(stream2) {
        parse3(stream2, (msg) => {
          let eventName = msg.name === "error" ? "errorMessage" : msg.name;
          this._emitMessage && this.emit("message", msg), this.emit(eventName, msg);
        });
      }
      requestSsl() {
        this.stream.write(serialize.requestSsl());
      }
      startup(config2) {
        this.stream.write(serialize.startup(config2));
      }
      cancel(processID, secretKey) {
        this._send(serialize.cancel(processID, secretKey));
      }
      password(password) {
        this._send(serialize.password(password));
      }
      sendSASLInitialResponseMessage(mechanism, initialResponse) {
        this._send(serialize.sendSASLInitialResponseMessage(mechanism, initialResponse));
      }
      sendSCRAMClientFinalMessage(additionalData) {
        this._send(serialize.sendSCRAMClientFinalMessage(additionalData));
      }
      _send(buffer) {
        return this.stream.writable ? this.stream.write(buffer) : !1;
      }
      query(text) {
        this._send(serialize.query(text));
      }
      // send parse message
      parse(query2) {
        this._send(serialize.parse(query2));
      }
      // send bind message
      bind(config2) {
        this._send(serialize.bind(config2));
      }
      // send execute message
      execute(config2) {
        this._send(serialize.execute(config2));
      }
      flush() {
        this.stream.writable && this.stream.write(flushBuffer);
      }
      sync() {
        this._send(syncBuffer);
      }
      ref() {
        this.stream.ref();
      }
      unref() {
        this.stream.unref();
      }
      end() {
        if (this._ending = !0, !this._connecting || !this.stream.writable) {
          this.stream.end();
          return;
        }
        return this.stream.write(endBuffer, () => {
          this.stream.end();
        });
      }
      close(msg) {
        this._send(serialize.close(msg));
      }
      describe(msg) {
        this._send(serialize.describe(msg));
      }
      sendCopyFromChunk(chunk2) {
        this._send(serialize.copyData(chunk2));
      }
      endCopyFrom() {
        this._send(serialize.copyDone());
      }
      sendCopyFail(msg) {
        this._send(serialize.copyFail(msg));
      }
    };
    module.exports = Connection2;
  }
});

// node_modules/split2/index.js
var require_split2 = __commonJS({
  "node_modules/split2/index.js"(exports, module) {
    "use strict";
    var { Transform } = __require("stream"), { StringDecoder } = __require("string_decoder"), kLast = /* @__PURE__ */ Symbol("last"), kDecoder = /* @__PURE__ */ Symbol("decoder");
    function transform2(chunk2, enc, cb) {
      let list2;
      if (this.overflow) {
        if (list2 = this[kDecoder].write(chunk2).split(this.matcher), list2.length === 1) return cb();
        list2.shift(), this.overflow = !1;
      } else
        this[kLast] += this[kDecoder].write(chunk2), list2 = this[kLast].split(this.matcher);
      this[kLast] = list2.pop();
      for (let i = 0; i < list2.length; i++)
        try {
          push2(this, this.mapper(list2[i]));
        } catch (error) {
          return cb(error);
        }
      if (this.overflow = this[kLast].length > this.maxLength, this.overflow && !this.skipOverflow) {
        cb(new Error("maximum buffer reached"));
        return;
      }
      cb();
    }
    function flush(cb) {
      if (this[kLast] += this[kDecoder].end(), this[kLast])
        try {
          push2(this, this.mapper(this[kLast]));
        } catch (error) {
          return cb(error);
        }
      cb();
    }
    function push2(self, val) {
      val !== void 0 && self.push(val);
    }
    function noop(incoming) {
      return incoming;
    }
    function split(matcher, mapper, options) {
      switch (matcher = matcher || /\r?\n/, mapper = mapper || noop, options = options || {}, arguments.length) {
        case 1:
          typeof matcher == "function" ? (mapper = matcher, matcher = /\r?\n/) : typeof matcher == "object" && !(matcher instanceof RegExp) && !matcher[Symbol.split] && (options = matcher, matcher = /\r?\n/);
          break;
        case 2:
          typeof matcher == "function" ? (options = mapper, mapper = matcher, matcher = /\r?\n/) : typeof mapper == "object" && (options = mapper, mapper = noop);
      }
      options = Object.assign({}, options), options.autoDestroy = !0, options.transform = transform2, options.flush = flush, options.readableObjectMode = !0;
      let stream = new Transform(options);
      return stream[kLast] = "", stream[kDecoder] = new StringDecoder("utf8"), stream.matcher = matcher, stream.mapper = mapper, stream.maxLength = options.maxLength, stream.skipOverflow = options.skipOverflow || !1, stream.overflow = !1, stream._destroy = function(err, cb) {
        this._writableState.errorEmitted = !1, cb(err);
      }, stream;
    }
    module.exports = split;
  }
});

// node_modules/pgpass/lib/helper.js
var require_helper = __commonJS({
  "node_modules/pgpass/lib/helper.js"(exports, module) {
    "use strict";
    var path = __require("path"), Stream = __require("stream").Stream, split = require_split2(), util = __require("util"), defaultPort = 5432, isWin = process.platform === "win32", warnStream = process.stderr, S_IRWXG = 56, S_IRWXO = 7, S_IFMT = 61440, S_IFREG = 32768;
    function isRegFile(mode) {
      return (mode & S_IFMT) == S_IFREG;
    }
    var fieldNames = ["host", "port", "database", "user", "password"], nrOfFields = fieldNames.length, passKey = fieldNames[nrOfFields - 1];
    function warn() {
      var isWritable = warnStream instanceof Stream && warnStream.writable === !0;
      if (isWritable) {
        var args = Array.prototype.slice.call(arguments).concat(`
`);
        warnStream.write(util.format.apply(util, args));
      }
    }
    Object.defineProperty(module.exports, "isWin", {
      get: function() {
        return isWin;
      },
      set: function(val) {
        isWin = val;
      }
    });
    module.exports.warnTo = function(stream) {
      var old = warnStream;
      return warnStream = stream, old;
    };
    module.exports.getFileName = function(rawEnv) {
      var env = rawEnv || process.env, file2 = env.PGPASSFILE || (isWin ? path.join(env.APPDATA || "./", "postgresql", "pgpass.conf") : path.join(env.HOME || "./", ".pgpass"));
      return file2;
    };
    module.exports.usePgPass = function(stats, fname) {
      return Object.prototype.hasOwnProperty.call(process.env, "PGPASSWORD") ? !1 : isWin ? !0 : (fname = fname || "<unkn>", isRegFile(stats.mode) ? stats.mode & (S_IRWXG | S_IRWXO) ? (warn('WARNING: password file "%s" has group or world access; permissions should be u=rw (0600) or less', fname), !1) : !0 : (warn('WARNING: password file "%s" is not a plain file', fname), !1));
    };
    var matcher = module.exports.match = function(connInfo, entry) {
      return fieldNames.slice(0, -1).reduce(function(prev, field, idx) {
        return idx == 1 && Number(connInfo[field] || defaultPort) === Number(entry[field]) ? prev && !0 : prev && (entry[field] === "*" || entry[field] === connInfo[field]);
      }, !0);
    };
    module.exports.getPassword = function(connInfo, stream, cb) {
      var pass, lineStream = stream.pipe(split());
      function onLine(line) {
        var entry = parseLine(line);
        entry && isValidEntry(entry) && matcher(connInfo, entry) && (pass = entry[passKey], lineStream.end());
      }
      var onEnd = function() {
        stream.destroy(), cb(pass);
      }, onErr = function(err) {
        stream.destroy(), warn("WARNING: error on reading file: %s", err), cb(void 0);
      };
      stream.on("error", onErr), lineStream.on("data", onLine).on("end", onEnd).on("error", onErr);
    };
    var parseLine = module.exports.parseLine = function(line) {
      if (line.length < 11 || line.match(/^\s+#/))
        return null;
      for (var curChar = "", prevChar = "", fieldIdx = 0, startIdx = 0, endIdx = 0, obj = {}, isLastField = !1, addToObj = function(idx, i0, i1) {
        var field = line.substring(i0, i1);
        Object.hasOwnProperty.call(process.env, "PGPASS_NO_DEESCAPE") || (field = field.replace(/\\([:\\])/g, "$1")), obj[fieldNames[idx]] = field;
      }, i = 0; i < line.length - 1; i += 1) {
        if (curChar = line.charAt(i + 1), prevChar = line.charAt(i), isLastField = fieldIdx == nrOfFields - 1, isLastField) {
          addToObj(fieldIdx, startIdx);
          break;
        }
        i >= 0 && curChar == ":" && prevChar !== "\\" && (addToObj(fieldIdx, startIdx, i + 1), startIdx = i + 2, fieldIdx += 1);
      }
      return obj = Object.keys(obj).length === nrOfFields ? obj : null, obj;
    }, isValidEntry = module.exports.isValidEntry = function(entry) {
      for (var rules = {
        // host
        0: function(x) {
          return x.length > 0;
        },
        // port
        1: function(x) {
          return x === "*" ? !0 : (x = Number(x), isFinite(x) && x > 0 && x < 9007199254740992 && Math.floor(x) === x);
        },
        // database
        2: function(x) {
          return x.length > 0;
        },
        // username
        3: function(x) {
          return x.length > 0;
        },
        // password
        4: function(x) {
          return x.length > 0;
        }
      }, idx = 0; idx < fieldNames.length; idx += 1) {
        var rule2 = rules[idx], value = entry[fieldNames[idx]] || "", res = rule2(value);
        if (!res)
          return !1;
      }
      return !0;
    };
  }
});

// node_modules/pgpass/lib/index.js
var require_lib = __commonJS({
  "node_modules/pgpass/lib/index.js"(exports, module) {
    "use strict";
    var path = __require("path"), fs = __require("fs"), helper = require_helper();
    module.exports = function(connInfo, cb) {
      var file2 = helper.getFileName();
      fs.stat(file2, function(err, stat) {
        if (err || !helper.usePgPass(stat, file2))
          return cb(void 0);
        var st = fs.createReadStream(file2);
        helper.getPassword(connInfo, st, cb);
      });
    };
    module.exports.warnTo = helper.warnTo;
  }
});

// node_modules/pg/lib/client.js
var require_client = __commonJS({
  "node_modules/pg/lib/client.js"(exports, module) {
    var EventEmitter = __require("events").EventEmitter, utils = require_utils(), nodeUtils = __require("util"), sasl = require_sasl(), TypeOverrides2 = require_type_overrides(), ConnectionParameters = require_connection_parameters(), Query2 = require_query(), defaults2 = require_defaults(), Connection2 = require_connection(), crypto = require_utils2(), activeQueryDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Client.activeQuery is deprecated and will be removed in pg@9.0"
    ), queryQueueDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Client.queryQueue is deprecated and will be removed in pg@9.0."
    ), pgPassDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "pgpass support is deprecated and will be removed in pg@9.0. You can provide an async function as the password property to the Client/Pool constructor that returns a password instead. Within this function you can call the pgpass module in your own code."
    ), byoPromiseDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Passing a custom Promise implementation to the Client/Pool constructor is deprecated and will be removed in pg@9.0."
    ), queryQueueLengthDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Calling client.query() when the client is already executing a query is deprecated and will be removed in pg@9.0. Use async/await or an external async flow control mechanism instead."
    );
    function coerceNumberOrDefault(value, defaultValue) {
      if (typeof value == "number")
        return Number.isFinite(value) ? value : defaultValue;
      if (typeof value == "string" && value.trim() !== "") {
        let n = Number(value);
        return Number.isFinite(n) ? n : defaultValue;
      }
      return defaultValue;
    }
    var Client2 = class extends EventEmitter {
      constructor(config2) {
        super(), this.connectionParameters = new ConnectionParameters(config2), this.user = this.connectionParameters.user, this.database = this.connectionParameters.database, this.port = this.connectionParameters.port, this.host = this.connectionParameters.host, Object.defineProperty(this, "password", {
          configurable: !0,
          enumerable: !1,
          writable: !0,
          value: this.connectionParameters.password
        }), this.replication = this.connectionParameters.replication;
        let c = config2 || {};
        c.Promise && byoPromiseDeprecationNotice(), this._Promise = c.Promise || global.Promise, this._types = new TypeOverrides2(c.types), this._ending = !1, this._ended = !1, this._connecting = !1, this._connected = !1, this._connectionError = !1, this._queryable = !0, this._activeQuery = null, this._txStatus = null, this.enableChannelBinding = !!c.enableChannelBinding, this.scramMaxIterations = coerceNumberOrDefault(c.scramMaxIterations, sasl.DEFAULT_MAX_SCRAM_ITERATIONS), this.connection = c.connection || new Connection2({
          stream: c.stream,
          ssl: this.connectionParameters.ssl,
          sslNegotiation: this.connectionParameters.sslnegotiation,
          keepAlive: c.keepAlive || !1,
          keepAliveInitialDelayMillis: c.keepAliveInitialDelayMillis || 0,
          encoding: this.connectionParameters.client_encoding || "utf8"
        }), this._queryQueue = [], this._sentQueryQueue = [], this.pipeline = !!c.pipeline, this.binary = c.binary || defaults2.binary, this.processID = null, this.secretKey = null, this.ssl = this.connectionParameters.ssl || !1, this.sslNegotiation = this.connectionParameters.sslnegotiation || "postgres", this.ssl && this.ssl.key && Object.defineProperty(this.ssl, "key", {
          enumerable: !1
        }), this._connectionTimeoutMillis = c.connectionTimeoutMillis || 0;
      }
      get activeQuery() {
        return activeQueryDeprecationNotice(), this._activeQuery;
      }
      set activeQuery(val) {
        activeQueryDeprecationNotice(), this._activeQuery = val;
      }
      _getActiveQuery() {
        return this._activeQuery;
      }
      _errorAllQueries(err) {
        let enqueueError = (query2) => {
          process.nextTick(() => {
            query2.handleError(err, this.connection);
          });
        }, activeQuery = this._getActiveQuery();
        activeQuery && (enqueueError(activeQuery), this._activeQuery = null), this._sentQueryQueue.forEach(enqueueError), this._sentQueryQueue.length = 0, this._queryQueue.forEach(enqueueError), this._queryQueue.length = 0;
      }
      _connect(callback) {
        let self = this, con = this.connection;
        if (this._connectionCallback = callback, this._connecting || this._connected) {
          let err = new Error("Client has already been connected. You cannot reuse a client.");
          process.nextTick(() => {
            callback(err);
          });
          return;
        }
        this._connecting = !0, this._connectionTimeoutMillis > 0 && (this.connectionTimeoutHandle = setTimeout(() => {
          con._ending = !0, con.stream.destroy(new Error("timeout expired"));
        }, this._connectionTimeoutMillis), this.connectionTimeoutHandle.unref && this.connectionTimeoutHandle.unref()), this.host && this.host.indexOf("/") === 0 ? con.connect(this.host + "/.s.PGSQL." + this.port) : con.connect(this.port, this.host), con.on("connect", function() {
          self.ssl ? self.sslNegotiation !== "direct" && con.requestSsl() : con.startup(self.getStartupConf());
        }), con.on("sslconnect", function() {
          con.startup(self.getStartupConf());
        }), this._attachListeners(con), con.once("end", () => {
          let error = this._ending ? new Error("Connection terminated") : new Error("Connection terminated unexpectedly");
          clearTimeout(this.connectionTimeoutHandle), this._errorAllQueries(error), this._ended = !0, this._ending || (this._connecting && !this._connectionError ? this._connectionCallback ? this._connectionCallback(error) : this._handleErrorEvent(error) : this._connectionError || this._handleErrorEvent(error)), process.nextTick(() => {
            this.emit("end");
          });
        });
      }
      connect(callback) {
        if (callback) {
          this._connect(callback);
          return;
        }
        return new this._Promise((resolve, reject) => {
          this._connect((error) => {
            error ? reject(error) : resolve(this);
          });
        });
      }
      _attachListeners(con) {
        con.on("authenticationCleartextPassword", this._handleAuthCleartextPassword.bind(this)), con.on("authenticationMD5Password", this._handleAuthMD5Password.bind(this)), con.on("authenticationSASL", this._handleAuthSASL.bind(this)), con.on("authenticationSASLContinue", this._handleAuthSASLContinue.bind(this)), con.on("authenticationSASLFinal", this._handleAuthSASLFinal.bind(this)), con.on("backendKeyData", this._handleBackendKeyData.bind(this)), con.on("error", this._handleErrorEvent.bind(this)), con.on("errorMessage", this._handleErrorMessage.bind(this)), con.on("readyForQuery", this._handleReadyForQuery.bind(this)), con.on("notice", this._handleNotice.bind(this)), con.on("rowDescription", this._handleRowDescription.bind(this)), con.on("dataRow", this._handleDataRow.bind(this)), con.on("portalSuspended", this._handlePortalSuspended.bind(this)), con.on("emptyQuery", this._handleEmptyQuery.bind(this)), con.on("commandComplete", this._handleCommandComplete.bind(this)), con.on("parseComplete", this._handleParseComplete.bind(this)), con.on("copyInResponse", this._handleCopyInResponse.bind(this)), con.on("copyData", this._handleCopyData.bind(this)), con.on("notification", this._handleNotification.bind(this));
      }
      _getPassword(cb) {
        let con = this.connection;
        if (typeof this.password == "function")
          this._Promise.resolve().then(() => this.password(this.connectionParameters)).then((pass) => {
            if (pass !== void 0) {
              if (typeof pass != "string") {
                con.emit("error", new TypeError("Password must be a string"));
                return;
              }
              this.connectionParameters.password = this.password = pass;
            } else
              this.connectionParameters.password = this.password = null;
            cb();
          }).catch((err) => {
            con.emit("error", err);
          });
        else if (this.password !== null)
          cb();
        else
          try {
            require_lib()(this.connectionParameters, (pass) => {
              pass !== void 0 && (pgPassDeprecationNotice(), this.connectionParameters.password = this.password = pass), cb();
            });
          } catch (e) {
            this.emit("error", e);
          }
      }
      _handleAuthCleartextPassword(msg) {
        this._getPassword(() => {
          this.connection.password(this.password);
        });
      }
      _handleAuthMD5Password(msg) {
        this._getPassword(async () => {
          try {
            let hashedPassword = await crypto.postgresMd5PasswordHash(this.user, this.password, msg.salt);
            this.connection.password(hashedPassword);
          } catch (e) {
            this.emit("error", e);
          }
        });
      }
      _handleAuthSASL(msg) {
        this._getPassword(() => {
          try {
            this.saslSession = sasl.startSession(
              msg.mechanisms,
              this.enableChannelBinding && this.connection.stream,
              this.scramMaxIterations
            ), this.connection.sendSASLInitialResponseMessage(this.saslSession.mechanism, this.saslSession.response);
          } catch (err) {
            this.connection.emit("error", err);
          }
        });
      }
      async _handleAuthSASLContinue(msg) {
        try {
          await sasl.continueSession(
            this.saslSession,
            this.password,
            msg.data,
            this.enableChannelBinding && this.connection.stream
          ), this.connection.sendSCRAMClientFinalMessage(this.saslSession.response);
        } catch (err) {
          this.connection.emit("error", err);
        }
      }
      _handleAuthSASLFinal(msg) {
        try {
          sasl.finalizeSession(this.saslSession, msg.data), this.saslSession = null;
        } catch (err) {
          this.connection.emit("error", err);
        }
      }
      _handleBackendKeyData(msg) {
        this.processID = msg.processID, this.secretKey = msg.secretKey;
      }
      _handleReadyForQuery(msg) {
        this._connecting && (this._connecting = !1, this._connected = !0, clearTimeout(this.connectionTimeoutHandle), this._connectionCallback && (this._connectionCallback(null, this), this._connectionCallback = null), this.emit("connect"));
        let activeQuery = this._getActiveQuery();
        this._activeQuery = null, this._txStatus = msg?.status ?? null, this.readyForQuery = !0, activeQuery && activeQuery.handleReadyForQuery(this.connection), this._pulseQueryQueue();
      }
      // if we receive an error event or error message
      // during the connection process we handle it here
      _handleErrorWhileConnecting(err) {
        if (!this._connectionError) {
          if (this._connectionError = !0, clearTimeout(this.connectionTimeoutHandle), this._connectionCallback)
            return this._connectionCallback(err);
          this.emit("error", err);
        }
      }
      // if we're connected and we receive an error event from the connection
      // this means the socket is dead - do a hard abort of all queries and emit
      // the socket error on the client as well
      _handleErrorEvent(err) {
        if (this._connecting)
          return this._handleErrorWhileConnecting(err);
        this._queryable = !1, this._errorAllQueries(err), this.emit("error", err);
      }
      // handle error messages from the postgres backend
      _handleErrorMessage(msg) {
        if (this._connecting)
          return this._handleErrorWhileConnecting(msg);
        let activeQuery = this._getActiveQuery();
        if (!activeQuery) {
          this._handleErrorEvent(msg);
          return;
        }
        this._activeQuery = null, activeQuery.name && delete this.connection.submittedNamedStatements[activeQuery.name], activeQuery.handleError(msg, this.connection);
      }
      _handleRowDescription(msg) {
        let activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          let error = new Error("Received unexpected rowDescription message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleRowDescription(msg);
      }
      _handleDataRow(msg) {
        let activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          let error = new Error("Received unexpected dataRow message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleDataRow(msg);
      }
      _handlePortalSuspended(msg) {
        let activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          let error = new Error("Received unexpected portalSuspended message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handlePortalSuspended(this.connection);
      }
      _handleEmptyQuery(msg) {
        let activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          let error = new Error("Received unexpected emptyQuery message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleEmptyQuery(this.connection);
      }
      _handleCommandComplete(msg) {
        let activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          let error = new Error("Received unexpected commandComplete message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCommandComplete(msg, this.connection);
      }
      _handleParseComplete() {
        let activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          let error = new Error("Received unexpected parseComplete message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.name && (this.connection.parsedStatements[activeQuery.name] = activeQuery.text, delete this.connection.submittedNamedStatements[activeQuery.name]);
      }
      _handleCopyInResponse(msg) {
        let activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          let error = new Error("Received unexpected copyInResponse message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCopyInResponse(this.connection);
      }
      _handleCopyData(msg) {
        let activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          let error = new Error("Received unexpected copyData message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCopyData(msg, this.connection);
      }
      _handleNotification(msg) {
        this.emit("notification", msg);
      }
      _handleNotice(msg) {
        this.emit("notice", msg);
      }
      getStartupConf() {
        let params = this.connectionParameters, data = {
          user: params.user,
          database: params.database
        }, appName = params.application_name || params.fallback_application_name;
        return appName && (data.application_name = appName), params.replication && (data.replication = "" + params.replication), params.statement_timeout && (data.statement_timeout = String(parseInt(params.statement_timeout, 10))), params.lock_timeout && (data.lock_timeout = String(parseInt(params.lock_timeout, 10))), params.idle_in_transaction_session_timeout && (data.idle_in_transaction_session_timeout = String(parseInt(params.idle_in_transaction_session_timeout, 10))), params.options && (data.options = params.options), data;
      }
      cancel(client, query2) {
        if (client.activeQuery === query2) {
          let con = this.connection;
          this.host && this.host.indexOf("/") === 0 ? con.connect(this.host + "/.s.PGSQL." + this.port) : con.connect(this.port, this.host), con.on("connect", function() {
            con.cancel(client.processID, client.secretKey);
          });
        } else client._queryQueue.indexOf(query2) !== -1 ? client._queryQueue.splice(client._queryQueue.indexOf(query2), 1) : client._sentQueryQueue.indexOf(query2) !== -1 && (query2.callback = () => {
        });
      }
      setTypeParser(oid, format, parseFn) {
        return this._types.setTypeParser(oid, format, parseFn);
      }
      getTypeParser(oid, format) {
        return this._types.getTypeParser(oid, format);
      }
      // escapeIdentifier and escapeLiteral moved to utility functions & exported
      // on PG
      // re-exported here for backwards compatibility
      escapeIdentifier(str2) {
        return utils.escapeIdentifier(str2);
      }
      escapeLiteral(str2) {
        return utils.escapeLiteral(str2);
      }
      _pulseQueryQueue() {
        if (this.pipeline) {
          this._pulsePipelinedQueryQueue();
          return;
        }
        if (this.readyForQuery === !0) {
          this._activeQuery = this._queryQueue.shift();
          let activeQuery = this._getActiveQuery();
          if (activeQuery) {
            this.readyForQuery = !1, this.hasExecuted = !0;
            let queryError = activeQuery.submit(this.connection);
            queryError && process.nextTick(() => {
              activeQuery.handleError(queryError, this.connection), this.readyForQuery = !0, this._pulseQueryQueue();
            });
          } else this.hasExecuted && (this._activeQuery = null, this.emit("drain"));
        }
      }
      _pulsePipelinedQueryQueue() {
        if (!(!this._connected || !this._queryable)) {
          for (; this._queryQueue.length > 0; ) {
            let query2 = this._queryQueue.shift();
            this.hasExecuted = !0;
            let queryError = query2.submit(this.connection);
            if (queryError) {
              process.nextTick(() => {
                query2.handleError(queryError, this.connection);
              });
              continue;
            }
            this._sentQueryQueue.push(query2);
          }
          this.readyForQuery && !this._activeQuery && this._sentQueryQueue.length > 0 && (this._activeQuery = this._sentQueryQueue.shift(), this.readyForQuery = !1), !this._activeQuery && this._sentQueryQueue.length === 0 && this._queryQueue.length === 0 && this.hasExecuted && this.emit("drain");
        }
      }
      query(config2, values, callback) {
        let query2, result;
        if (config2 == null)
          throw new TypeError("Client was passed a null or undefined query");
        if (typeof config2.submit == "function")
          result = query2 = config2, query2.callback || (typeof values == "function" ? query2.callback = values : callback && (query2.callback = callback));
        else if (query2 = new Query2(config2, values, callback), !query2.callback)
          result = new this._Promise((resolve, reject) => {
            query2.callback = (err, res) => err ? reject(err) : resolve(res);
          }).catch((err) => {
            throw Error.captureStackTrace(err), err;
          });
        else if (typeof query2.callback != "function")
          throw new TypeError("callback is not a function");
        let readTimeout = config2.query_timeout || this.connectionParameters.query_timeout;
        if (readTimeout) {
          let queryCallback = query2.callback || (() => {
          }), readTimeoutTimer = setTimeout(() => {
            let error = new Error("Query read timeout");
            process.nextTick(() => {
              query2.handleError(error, this.connection);
            }), queryCallback(error), query2.callback = () => {
            };
            let index = this._queryQueue.indexOf(query2);
            if (index > -1)
              this._queryQueue.splice(index, 1);
            else if (this.pipeline) {
              this.connection.stream.destroy();
              return;
            }
            this._pulseQueryQueue();
          }, readTimeout);
          query2.callback = (err, res) => {
            clearTimeout(readTimeoutTimer), queryCallback(err, res);
          };
        }
        if (this.binary && !query2.binary && (query2.binary = !0), query2._result && !query2._result._types && (query2._result._types = this._types), this.pipeline) {
          let portalQuery = typeof config2.submit == "function" && !(query2 instanceof Query2) ? "Custom query classes such as pg-cursor and pg-query-stream are" : query2.rows ? "The `rows` option is" : null;
          if (portalQuery)
            return process.nextTick(() => {
              query2.handleError(new Error(`${portalQuery} not supported in pipeline mode`), this.connection);
            }), result;
        }
        return this._queryable ? this._ending ? (process.nextTick(() => {
          query2.handleError(new Error("Client was closed and is not queryable"), this.connection);
        }), result) : (this._queryQueue.length > 0 && !this.pipeline && queryQueueLengthDeprecationNotice(), this._queryQueue.push(query2), this._pulseQueryQueue(), result) : (process.nextTick(() => {
          query2.handleError(new Error("Client has encountered a connection error and is not queryable"), this.connection);
        }), result);
      }
      ref() {
        this.connection.ref();
      }
      unref() {
        this.connection.unref();
      }
      getTransactionStatus() {
        return this._txStatus;
      }
      end(cb) {
        if (this._ending = !0, !this.connection._connecting || this._ended)
          if (cb) {
            cb();
            return;
          } else
            return this._Promise.resolve();
        if (this._queryable ? this.pipeline && (this._getActiveQuery() || this._sentQueryQueue.length > 0 || this._queryQueue.length > 0) ? this.once("drain", () => this.connection.end()) : this._getActiveQuery() ? this.connection.stream.destroy() : this.connection.end() : this.connection.stream.destroy(), cb)
          this.connection.once("end", cb);
        else
          return new this._Promise((resolve) => {
            this.connection.once("end", resolve);
          });
      }
      get queryQueue() {
        return queryQueueDeprecationNotice(), this._queryQueue;
      }
    };
    Client2.Query = Query2;
    module.exports = Client2;
  }
});

// node_modules/pg-pool/index.js
var require_pg_pool = __commonJS({
  "node_modules/pg-pool/index.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter, NOOP = function() {
    }, removeWhere = (list2, predicate) => {
      let i = list2.findIndex(predicate);
      return i === -1 ? void 0 : list2.splice(i, 1)[0];
    }, IdleItem = class {
      constructor(client, idleListener, timeoutId) {
        this.client = client, this.idleListener = idleListener, this.timeoutId = timeoutId;
      }
    }, PendingItem = class {
      constructor(callback) {
        this.callback = callback;
      }
    };
    function throwOnDoubleRelease() {
      throw new Error("Release called on client which has already been released to the pool.");
    }
    function promisify(Promise2, callback) {
      if (callback)
        return { callback, result: void 0 };
      let rej, res, cb = function(err, client) {
        err ? rej(err) : res(client);
      }, result = new Promise2(function(resolve, reject) {
        res = resolve, rej = reject;
      }).catch((err) => {
        throw Error.captureStackTrace(err), err;
      });
      return { callback: cb, result };
    }
    function makeIdleListener(pool, client) {
      return function idleListener(err) {
        err.client = client, client.removeListener("error", idleListener), client.on("error", () => {
          pool.log("additional client error after disconnection due to error", err);
        }), pool._remove(client), pool.emit("error", err, client);
      };
    }
    var Pool2 = class extends EventEmitter {
      constructor(options, Client2) {
        super(), this.options = Object.assign({}, options), options != null && "password" in options && Object.defineProperty(this.options, "password", {
          configurable: !0,
          enumerable: !1,
          writable: !0,
          value: options.password
        }), options != null && options.ssl && options.ssl.key && Object.defineProperty(this.options.ssl, "key", {
          enumerable: !1
        }), this.options.max = this.options.max || this.options.poolSize || 10, this.options.min = this.options.min || 0, this.options.maxUses = this.options.maxUses || 1 / 0, this.options.allowExitOnIdle = this.options.allowExitOnIdle || !1, this.options.maxLifetimeSeconds = this.options.maxLifetimeSeconds || 0, this.log = this.options.log || function() {
        }, this.Client = this.options.Client || Client2 || require_lib2().Client, this.Promise = this.options.Promise || global.Promise, typeof this.options.idleTimeoutMillis > "u" && (this.options.idleTimeoutMillis = 1e4), this._clients = [], this._idle = [], this._expired = /* @__PURE__ */ new WeakSet(), this._pendingQueue = [], this._endCallback = void 0, this.ending = !1, this.ended = !1;
      }
      _promiseTry(f) {
        let Promise2 = this.Promise;
        return typeof Promise2.try == "function" ? Promise2.try(f) : new Promise2((resolve) => resolve(f()));
      }
      _isFull() {
        return this._clients.length >= this.options.max;
      }
      _isAboveMin() {
        return this._clients.length > this.options.min;
      }
      _pulseQueue() {
        if (this.log("pulse queue"), this.ended) {
          this.log("pulse queue ended");
          return;
        }
        if (this.ending) {
          this.log("pulse queue on ending"), this._idle.length && this._idle.slice().map((item) => {
            this._remove(item.client);
          }), this._clients.length || (this.ended = !0, this._endCallback());
          return;
        }
        if (!this._pendingQueue.length) {
          this.log("no queued requests");
          return;
        }
        if (!this._idle.length && this._isFull())
          return;
        let pendingItem = this._pendingQueue.shift();
        if (this._idle.length) {
          let idleItem = this._idle.pop();
          clearTimeout(idleItem.timeoutId);
          let client = idleItem.client;
          client.ref && client.ref();
          let idleListener = idleItem.idleListener;
          return this._acquireClient(client, pendingItem, idleListener, !1);
        }
        if (!this._isFull())
          return this.newClient(pendingItem);
        throw new Error("unexpected condition");
      }
      _remove(client, callback) {
        let removed = removeWhere(this._idle, (item) => item.client === client);
        removed !== void 0 && clearTimeout(removed.timeoutId), this._clients = this._clients.filter((c) => c !== client);
        let context = this;
        client.end(() => {
          context.emit("remove", client), typeof callback == "function" && callback();
        });
      }
      connect(cb) {
        if (this.ending) {
          let err = new Error("Cannot use a pool after calling end on the pool");
          return cb ? cb(err) : this.Promise.reject(err);
        }
        let response = promisify(this.Promise, cb), result = response.result;
        if (this._isFull() || this._idle.length) {
          if (this._idle.length && process.nextTick(() => this._pulseQueue()), !this.options.connectionTimeoutMillis)
            return this._pendingQueue.push(new PendingItem(response.callback)), result;
          let queueCallback = (err, res, done) => {
            clearTimeout(tid), response.callback(err, res, done);
          }, pendingItem = new PendingItem(queueCallback), tid = setTimeout(() => {
            removeWhere(this._pendingQueue, (i) => i.callback === queueCallback), pendingItem.timedOut = !0, response.callback(new Error("timeout exceeded when trying to connect"));
          }, this.options.connectionTimeoutMillis);
          return tid.unref && tid.unref(), this._pendingQueue.push(pendingItem), result;
        }
        return this.newClient(new PendingItem(response.callback)), result;
      }
      newClient(pendingItem) {
        let client = new this.Client(this.options);
        this._clients.push(client);
        let idleListener = makeIdleListener(this, client);
        this.log("checking client timeout");
        let tid, timeoutHit = !1;
        this.options.connectionTimeoutMillis && (tid = setTimeout(() => {
          client.connection ? (this.log("ending client due to timeout"), timeoutHit = !0, client.connection.stream.destroy()) : client.isConnected() || (this.log("ending client due to timeout"), timeoutHit = !0, client.end());
        }, this.options.connectionTimeoutMillis)), this.log("connecting new client"), client.connect((err) => {
          if (tid && clearTimeout(tid), client.on("error", idleListener), err)
            this.log("client failed to connect", err), this._clients = this._clients.filter((c) => c !== client), timeoutHit && (err = new Error("Connection terminated due to connection timeout", { cause: err })), this._pulseQueue(), pendingItem.timedOut || pendingItem.callback(err, void 0, NOOP);
          else {
            if (this.log("new client connected"), this.options.onConnect) {
              this._promiseTry(() => this.options.onConnect(client)).then(
                () => {
                  this._afterConnect(client, pendingItem, idleListener);
                },
                (hookErr) => {
                  this._clients = this._clients.filter((c) => c !== client), client.end(() => {
                    this._pulseQueue(), pendingItem.timedOut || pendingItem.callback(hookErr, void 0, NOOP);
                  });
                }
              );
              return;
            }
            return this._afterConnect(client, pendingItem, idleListener);
          }
        });
      }
      _afterConnect(client, pendingItem, idleListener) {
        if (this.options.maxLifetimeSeconds !== 0) {
          let maxLifetimeTimeout = setTimeout(() => {
            this.log("ending client due to expired lifetime"), this._expired.add(client), this._idle.findIndex((idleItem) => idleItem.client === client) !== -1 && this._acquireClient(
              client,
              new PendingItem((err, client2, clientRelease) => clientRelease()),
              idleListener,
              !1
            );
          }, this.options.maxLifetimeSeconds * 1e3);
          maxLifetimeTimeout.unref(), client.once("end", () => clearTimeout(maxLifetimeTimeout));
        }
        return this._acquireClient(client, pendingItem, idleListener, !0);
      }
      // acquire a client for a pending work item
      _acquireClient(client, pendingItem, idleListener, isNew) {
        isNew && this.emit("connect", client), this.emit("acquire", client), client.release = this._releaseOnce(client, idleListener), client.removeListener("error", idleListener), pendingItem.timedOut ? isNew && this.options.verify ? this.options.verify(client, client.release) : client.release() : isNew && this.options.verify ? this.options.verify(client, (err) => {
          if (err)
            return client.release(err), pendingItem.callback(err, void 0, NOOP);
          pendingItem.callback(void 0, client, client.release);
        }) : pendingItem.callback(void 0, client, client.release);
      }
      // returns a function that wraps _release and throws if called more than once
      _releaseOnce(client, idleListener) {
        let released = !1;
        return (err) => {
          released && throwOnDoubleRelease(), released = !0, this._release(client, idleListener, err);
        };
      }
      // release a client back to the poll, include an error
      // to remove it from the pool
      _release(client, idleListener, err) {
        if (client.on("error", idleListener), client._poolUseCount = (client._poolUseCount || 0) + 1, this.emit("release", err, client), err || this.ending || !client._queryable || client._ending || client._poolUseCount >= this.options.maxUses)
          return client._poolUseCount >= this.options.maxUses && this.log("remove expended client"), this._remove(client, this._pulseQueue.bind(this));
        if (this._expired.has(client))
          return this.log("remove expired client"), this._expired.delete(client), this._remove(client, this._pulseQueue.bind(this));
        let tid;
        this.options.idleTimeoutMillis && this._isAboveMin() && (tid = setTimeout(() => {
          this._isAboveMin() && (this.log("remove idle client"), this._remove(client, this._pulseQueue.bind(this)));
        }, this.options.idleTimeoutMillis), this.options.allowExitOnIdle && tid.unref()), this.options.allowExitOnIdle && client.unref(), this._idle.push(new IdleItem(client, idleListener, tid)), this._pulseQueue();
      }
      query(text, values, cb) {
        if (typeof text == "function") {
          let response2 = promisify(this.Promise, text);
          return setImmediate(function() {
            return response2.callback(new Error("Passing a function as the first parameter to pool.query is not supported"));
          }), response2.result;
        }
        typeof values == "function" && (cb = values, values = void 0);
        let response = promisify(this.Promise, cb);
        return cb = response.callback, this.connect((err, client) => {
          if (err)
            return cb(err);
          let clientReleased = !1, onError = (err2) => {
            clientReleased || (clientReleased = !0, client.release(err2), cb(err2));
          };
          client.once("error", onError), this.log("dispatching query");
          try {
            client.query(text, values, (err2, res) => {
              if (this.log("query dispatched"), client.removeListener("error", onError), !clientReleased)
                return clientReleased = !0, client.release(err2), err2 ? cb(err2) : cb(void 0, res);
            });
          } catch (err2) {
            return client.release(err2), cb(err2);
          }
        }), response.result;
      }
      end(cb) {
        if (this.log("ending"), this.ending) {
          let err = new Error("Called end on pool more than once");
          return cb ? cb(err) : this.Promise.reject(err);
        }
        this.ending = !0;
        let promised = promisify(this.Promise, cb);
        return this._endCallback = promised.callback, this._pulseQueue(), promised.result;
      }
      get waitingCount() {
        return this._pendingQueue.length;
      }
      get idleCount() {
        return this._idle.length;
      }
      get expiredCount() {
        return this._clients.reduce((acc, client) => acc + (this._expired.has(client) ? 1 : 0), 0);
      }
      get totalCount() {
        return this._clients.length;
      }
    };
    module.exports = Pool2;
  }
});

// node_modules/pg/lib/native/query.js
var require_query2 = __commonJS({
  "node_modules/pg/lib/native/query.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter, util = __require("util"), utils = require_utils(), NativeQuery = module.exports = function(config2, values, callback) {
      EventEmitter.call(this), config2 = utils.normalizeQueryConfig(config2, values, callback), this.text = config2.text, this.values = config2.values, this.name = config2.name, this.queryMode = config2.queryMode, this.callback = config2.callback, this.state = "new", this._arrayMode = config2.rowMode === "array", this._emitRowEvents = !1, this.on(
        "newListener",
        function(event) {
          event === "row" && (this._emitRowEvents = !0);
        }.bind(this)
      );
    };
    util.inherits(NativeQuery, EventEmitter);
    var errorFieldMap = {
      sqlState: "code",
      statementPosition: "position",
      messagePrimary: "message",
      messageDetail: "detail",
      messageHint: "hint",
      context: "where",
      schemaName: "schema",
      tableName: "table",
      columnName: "column",
      dataTypeName: "dataType",
      constraintName: "constraint",
      sourceFile: "file",
      sourceLine: "line",
      sourceFunction: "routine"
    };
    NativeQuery.prototype.handleError = function(err) {
      let fields = this.native && this.native.pq.resultErrorFields();
      if (fields)
        for (let key in fields) {
          let normalizedFieldName = errorFieldMap[key] || key;
          err[normalizedFieldName] = fields[key];
        }
      this.callback ? this.callback(err) : this.emit("error", err), this.state = "error";
    };
    NativeQuery.prototype.then = function(onSuccess, onFailure) {
      return this._getPromise().then(onSuccess, onFailure);
    };
    NativeQuery.prototype.catch = function(callback) {
      return this._getPromise().catch(callback);
    };
    NativeQuery.prototype._getPromise = function() {
      return this._promise ? this._promise : (this._promise = new Promise(
        function(resolve, reject) {
          this._once("end", resolve), this._once("error", reject);
        }.bind(this)
      ), this._promise);
    };
    NativeQuery.prototype.submit = function(client) {
      this.state = "running";
      let self = this;
      this.native = client.native, client.native.arrayMode = this._arrayMode;
      let after = function(err, rows, results) {
        if (client.native.arrayMode = !1, setImmediate(function() {
          self.emit("_done");
        }), err)
          return self.handleError(err);
        self._emitRowEvents && (results.length > 1 ? rows.forEach((rowOfRows, i) => {
          rowOfRows.forEach((row) => {
            self.emit("row", row, results[i]);
          });
        }) : rows.forEach(function(row) {
          self.emit("row", row, results);
        })), self.state = "end", self.emit("end", results), self.callback && self.callback(null, results);
      };
      if (process.domain && (after = process.domain.bind(after)), this.name) {
        this.name.length > 63 && (console.error("Warning! Postgres only supports 63 characters for query names."), console.error("You supplied %s (%s)", this.name, this.name.length), console.error("This can cause conflicts and silent errors executing queries"));
        let values = (this.values || []).map(utils.prepareValue);
        if (client.namedQueries[this.name] !== void 0) {
          if (this.text && client.namedQueries[this.name] !== this.text) {
            let err = new Error(`Prepared statements must be unique - '${this.name}' was used for a different statement`);
            return after(err);
          }
          return client.native.execute(this.name, values, after);
        }
        return client.native.prepare(this.name, this.text, values.length, function(err) {
          return err ? after(err) : (client.namedQueries[self.name] = self.text, self.native.execute(self.name, values, after));
        });
      } else if (this.values) {
        if (!Array.isArray(this.values)) {
          let err = new Error("Query values must be an array");
          return after(err);
        }
        let vals = this.values.map(utils.prepareValue);
        client.native.query(this.text, vals, after);
      } else this.queryMode === "extended" ? client.native.query(this.text, [], after) : client.native.query(this.text, after);
    };
  }
});

// node_modules/pg/lib/native/client.js
var require_client2 = __commonJS({
  "node_modules/pg/lib/native/client.js"(exports, module) {
    var nodeUtils = __require("util"), Native;
    try {
      Native = __require("pg-native");
    } catch (e) {
      throw e;
    }
    var TypeOverrides2 = require_type_overrides(), EventEmitter = __require("events").EventEmitter, util = __require("util"), ConnectionParameters = require_connection_parameters(), NativeQuery = require_query2(), queryQueueLengthDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Calling client.query() when the client is already executing a query is deprecated and will be removed in pg@9.0. Use async/await or an external async flow control mechanism instead."
    ), Client2 = module.exports = function(config2) {
      EventEmitter.call(this), config2 = config2 || {}, this._Promise = config2.Promise || global.Promise, this._types = new TypeOverrides2(config2.types), this.native = new Native({
        types: this._types
      }), this._queryQueue = [], this._ending = !1, this._connecting = !1, this._connected = !1, this._queryable = !0, this.pipeline = !!config2.pipeline, this._pipelineInFlight = !1;
      let cp = this.connectionParameters = new ConnectionParameters(config2);
      config2.nativeConnectionString && (cp.nativeConnectionString = config2.nativeConnectionString), this.user = cp.user, Object.defineProperty(this, "password", {
        configurable: !0,
        enumerable: !1,
        writable: !0,
        value: cp.password
      }), this.database = cp.database, this.host = cp.host, this.port = cp.port, this.namedQueries = {};
    };
    Client2.Query = NativeQuery;
    util.inherits(Client2, EventEmitter);
    Client2.prototype._errorAllQueries = function(err) {
      let enqueueError = (query2) => {
        process.nextTick(() => {
          query2.native = this.native, query2.handleError(err);
        });
      };
      this._hasActiveQuery() && (enqueueError(this._activeQuery), this._activeQuery = null), this._queryQueue.forEach(enqueueError), this._queryQueue.length = 0;
    };
    Client2.prototype._connect = function(cb) {
      let self = this;
      if (this._connecting) {
        process.nextTick(() => cb(new Error("Client has already been connected. You cannot reuse a client.")));
        return;
      }
      this._connecting = !0, this.connectionParameters.getLibpqConnectionString(function(err, conString) {
        if (self.connectionParameters.nativeConnectionString && (conString = self.connectionParameters.nativeConnectionString), err) return cb(err);
        self.native.connect(conString, function(err2) {
          if (err2)
            return self.native.end(), cb(err2);
          self._connected = !0, self.native.on("error", function(err3) {
            self._queryable = !1, self._errorAllQueries(err3), self.emit("error", err3);
          }), self.native.on("notification", function(msg) {
            self.emit("notification", {
              channel: msg.relname,
              payload: msg.extra
            });
          }), self.emit("connect"), self._pulseQueryQueue(!0), cb(null, this);
        });
      });
    };
    Client2.prototype.connect = function(callback) {
      if (callback) {
        this._connect(callback);
        return;
      }
      return new this._Promise((resolve, reject) => {
        this._connect((error) => {
          error ? reject(error) : resolve(this);
        });
      });
    };
    Client2.prototype.query = function(config2, values, callback) {
      let query2, result, readTimeout, readTimeoutTimer, queryCallback;
      if (config2 == null)
        throw new TypeError("Client was passed a null or undefined query");
      if (typeof config2.submit == "function")
        readTimeout = config2.query_timeout || this.connectionParameters.query_timeout, result = query2 = config2, typeof values == "function" && (config2.callback = values);
      else if (readTimeout = config2.query_timeout || this.connectionParameters.query_timeout, query2 = new NativeQuery(config2, values, callback), !query2.callback) {
        let resolveOut, rejectOut;
        result = new this._Promise((resolve, reject) => {
          resolveOut = resolve, rejectOut = reject;
        }).catch((err) => {
          throw Error.captureStackTrace(err), err;
        }), query2.callback = (err, res) => err ? rejectOut(err) : resolveOut(res);
      }
      return readTimeout && (queryCallback = query2.callback || (() => {
      }), readTimeoutTimer = setTimeout(() => {
        let error = new Error("Query read timeout");
        process.nextTick(() => {
          query2.handleError(error, this.connection);
        }), queryCallback(error), query2.callback = () => {
        };
        let index = this._queryQueue.indexOf(query2);
        index > -1 && this._queryQueue.splice(index, 1), this._pulseQueryQueue();
      }, readTimeout), query2.callback = (err, res) => {
        clearTimeout(readTimeoutTimer), queryCallback(err, res);
      }), this._queryable ? this._ending ? (query2.native = this.native, process.nextTick(() => {
        query2.handleError(new Error("Client was closed and is not queryable"));
      }), result) : (this._queryQueue.length > 0 && !this.pipeline && queryQueueLengthDeprecationNotice(), this._queryQueue.push(query2), this._pulseQueryQueue(), result) : (query2.native = this.native, process.nextTick(() => {
        query2.handleError(new Error("Client has encountered a connection error and is not queryable"));
      }), result);
    };
    Client2.prototype.end = function(cb) {
      let self = this;
      this._ending = !0, this._connecting && !this._connected && this.once("connect", () => {
        this.end(() => {
        });
      });
      let result;
      cb || (result = new this._Promise(function(resolve, reject) {
        cb = (err) => err ? reject(err) : resolve();
      }));
      let doEnd = function() {
        self.native.end(function() {
          self._connected = !1, self._errorAllQueries(new Error("Connection terminated")), process.nextTick(() => {
            self.emit("end"), cb && cb();
          });
        });
      };
      return this.pipeline && (this._pipelineInFlight || this._queryQueue.length > 0) ? this.once("drain", doEnd) : doEnd(), result;
    };
    Client2.prototype._hasActiveQuery = function() {
      return this._activeQuery && this._activeQuery.state !== "error" && this._activeQuery.state !== "end";
    };
    Client2.prototype._pulseQueryQueue = function(initialConnection) {
      if (!this._connected)
        return;
      if (this.pipeline && !initialConnection)
        return this._pulsePipelinedQueryQueue();
      if (this._hasActiveQuery())
        return;
      let query2 = this._queryQueue.shift();
      if (!query2) {
        initialConnection || this.emit("drain");
        return;
      }
      this._activeQuery = query2, query2.submit(this);
      let self = this;
      query2.once("_done", function() {
        self._pulseQueryQueue();
      });
    };
    Client2.prototype._pulsePipelinedQueryQueue = function() {
      if (!this._connected || this._pipelineInFlight)
        return;
      if (this._queryQueue.length === 0) {
        this.hasExecuted && this.emit("drain");
        return;
      }
      this._pipelineInFlight = !0;
      let self = this, queries = [], nativeQueries = [], utils = require_utils();
      for (; this._queryQueue.length > 0; ) {
        let query2 = this._queryQueue.shift();
        this.hasExecuted = !0, nativeQueries.push(query2);
        let values = query2.values ? query2.values.map(utils.prepareValue) : null, pipelineEntry = { text: query2.text, name: query2.name, arrayMode: query2._arrayMode };
        values && (pipelineEntry.values = values), query2.name && this.namedQueries[query2.name] && (pipelineEntry._alreadyPrepared = !0), queries.push(pipelineEntry);
      }
      this.native.pipeline(queries, function(err, results) {
        if (self._pipelineInFlight = !1, err) {
          self._connected = !1, self._queryable = !1;
          for (let i = 0; i < nativeQueries.length; i++) {
            let q = nativeQueries[i];
            q.native = self.native, q.handleError(err);
          }
          self._errorAllQueries(err), self.emit("error", err), self.emit("end");
          return;
        }
        for (let i = 0; i < nativeQueries.length; i++) {
          let q = nativeQueries[i], r = results[i];
          q.native = self.native, r.err ? q.handleError(r.err) : (q.name && (self.namedQueries[q.name] = q.text), q.state = "end", q.emit("end", r.result), q.callback && q.callback(null, r.result)), setImmediate(function() {
            q.emit("_done");
          });
        }
        self._pulsePipelinedQueryQueue();
      });
    };
    Client2.prototype.cancel = function(query2) {
      this._activeQuery === query2 ? this.native.cancel(function() {
      }) : this._queryQueue.indexOf(query2) !== -1 && this._queryQueue.splice(this._queryQueue.indexOf(query2), 1);
    };
    Client2.prototype.ref = function() {
    };
    Client2.prototype.unref = function() {
    };
    Client2.prototype.setTypeParser = function(oid, format, parseFn) {
      return this._types.setTypeParser(oid, format, parseFn);
    };
    Client2.prototype.getTypeParser = function(oid, format) {
      return this._types.getTypeParser(oid, format);
    };
    Client2.prototype.isConnected = function() {
      return this._connected;
    };
    Client2.prototype.getTransactionStatus = function() {
      return this.native.getTransactionStatus();
    };
  }
});

// node_modules/pg/lib/native/index.js
var require_native = __commonJS({
  "node_modules/pg/lib/native/index.js"(exports, module) {
    "use strict";
    module.exports = require_client2();
  }
});

// node_modules/pg/lib/index.js
var require_lib2 = __commonJS({
  "node_modules/pg/lib/index.js"(exports, module) {
    "use strict";
    var Client2 = require_client(), defaults2 = require_defaults(), Connection2 = require_connection(), Result2 = require_result(), utils = require_utils(), Pool2 = require_pg_pool(), TypeOverrides2 = require_type_overrides(), { DatabaseError: DatabaseError2 } = require_dist(), { escapeIdentifier: escapeIdentifier2, escapeLiteral: escapeLiteral2 } = require_utils(), poolFactory = (Client3) => class extends Pool2 {
      constructor(options) {
        super(options, Client3);
      }
    }, PG = function(clientConstructor2) {
      this.defaults = defaults2, this.Client = clientConstructor2, this.Query = this.Client.Query, this.Pool = poolFactory(this.Client), this._pools = [], this.Connection = Connection2, this.types = require_pg_types(), this.DatabaseError = DatabaseError2, this.TypeOverrides = TypeOverrides2, this.escapeIdentifier = escapeIdentifier2, this.escapeLiteral = escapeLiteral2, this.Result = Result2, this.utils = utils;
    }, clientConstructor = Client2, forceNative = !1;
    try {
      forceNative = !!process.env.NODE_PG_FORCE_NATIVE;
    } catch {
    }
    forceNative && (clientConstructor = require_native());
    module.exports = new PG(clientConstructor);
    Object.defineProperty(module.exports, "native", {
      configurable: !0,
      enumerable: !1,
      get() {
        let native = null;
        try {
          native = new PG(require_native());
        } catch (err) {
          if (err.code !== "MODULE_NOT_FOUND")
            throw err;
        }
        return Object.defineProperty(module.exports, "native", {
          value: native
        }), native;
      }
    });
  }
});

// packages/schema-verify/src/run.ts
import { accessSync, constants, existsSync as existsSync2, readFileSync as readFileSync5 } from "node:fs";
import { basename } from "node:path";

// node_modules/zod/v4/core/visit.js
var RESOLVING = /* @__PURE__ */ Symbol("z.visit/resolving");
function visit(schema, fnOrHandlers) {
  let fn = typeof fnOrHandlers == "function" ? fnOrHandlers : (node, rewritten) => {
    let h = fnOrHandlers[node._zod.def.type];
    return h ? h(node, rewritten) : node;
  }, cache = /* @__PURE__ */ new Map();
  function run(s) {
    let cached = cache.get(s);
    if (cached === RESOLVING)
      return new $ZodLazy({
        type: "lazy",
        getter: () => cache.get(s)
      });
    if (cached !== void 0)
      return cached;
    cache.set(s, RESOLVING);
    let inner = mapInner(s), mapped = fn(inner, inner !== s);
    return cache.set(s, mapped), mapped;
  }
  function mapInner(s) {
    let def = s._zod.def, kind = def.type;
    switch (kind) {
      case "object": {
        let oldShape = def.shape, keys = Object.keys(oldShape), changed = !1, newShape = {};
        for (let k of keys) {
          let mapped = run(oldShape[k]);
          mapped !== oldShape[k] && (changed = !0), newShape[k] = mapped;
        }
        let newCatchall = def.catchall;
        return def.catchall && (newCatchall = run(def.catchall), newCatchall !== def.catchall && (changed = !0)), changed ? clone(s, { ...def, shape: newShape, catchall: newCatchall }) : s;
      }
      case "array": {
        let mapped = run(def.element);
        return mapped === def.element ? s : clone(s, { ...def, element: mapped });
      }
      case "tuple": {
        let oldItems = def.items, changed = !1, newItems = [];
        for (let item of oldItems) {
          let mapped = run(item);
          mapped !== item && (changed = !0), newItems.push(mapped);
        }
        let newRest = def.rest;
        return def.rest && (newRest = run(def.rest), newRest !== def.rest && (changed = !0)), changed ? clone(s, { ...def, items: newItems, rest: newRest }) : s;
      }
      case "record":
      case "map": {
        let newKey = run(def.keyType), newVal = run(def.valueType);
        return newKey === def.keyType && newVal === def.valueType ? s : clone(s, { ...def, keyType: newKey, valueType: newVal });
      }
      case "set": {
        let newVal = run(def.valueType);
        return newVal === def.valueType ? s : clone(s, { ...def, valueType: newVal });
      }
      case "union": {
        let oldOptions = def.options, changed = !1, newOptions = [];
        for (let opt2 of oldOptions) {
          let mapped = run(opt2);
          mapped !== opt2 && (changed = !0), newOptions.push(mapped);
        }
        return changed ? clone(s, { ...def, options: newOptions }) : s;
      }
      case "intersection": {
        let newLeft = run(def.left), newRight = run(def.right);
        return newLeft === def.left && newRight === def.right ? s : clone(s, { ...def, left: newLeft, right: newRight });
      }
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "catch":
      case "readonly":
      case "nonoptional":
      case "promise":
      case "success": {
        let newInner = run(def.innerType);
        return newInner === def.innerType ? s : clone(s, { ...def, innerType: newInner });
      }
      case "pipe": {
        let newIn = run(def.in), newOut = run(def.out);
        return newIn === def.in && newOut === def.out ? s : clone(s, { ...def, in: newIn, out: newOut });
      }
      case "function": {
        let newInput = run(def.input), newOutput = run(def.output);
        return newInput === def.input && newOutput === def.output ? s : clone(s, { ...def, input: newInput, output: newOutput });
      }
      case "lazy": {
        let original = def.getter, { _cachedInner, ...rest } = def;
        return clone(s, { ...rest, getter: () => run(original()) });
      }
      // A leaf by choice: `parts` are regex fragments, not data positions.
      case "template_literal":
      // Leaves.
      case "string":
      case "number":
      case "int":
      case "boolean":
      case "bigint":
      case "symbol":
      case "undefined":
      case "null":
      case "void":
      case "never":
      case "any":
      case "unknown":
      case "date":
      case "nan":
      case "enum":
      case "literal":
      case "file":
      case "transform":
      case "custom":
        return s;
      default:
        return s;
    }
  }
  return run(schema);
}

// packages/migrations/src/files.ts
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

// packages/migrations/src/version.ts
var chunk = /(\d+)|(\D+)/g;
function compareVersions(a, b) {
  let ca = a.match(chunk) ?? [], cb = b.match(chunk) ?? [], n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    let x = ca[i], y = cb[i], xd = /^\d/.test(x), yd = /^\d/.test(y);
    if (xd && yd) {
      let c = compareDigits(x, y);
      if (c !== 0) return c;
    } else if (x !== y)
      return xd !== yd ? xd ? -1 : 1 : x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}
function normalizeVersion(version) {
  return version.replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, ""));
}
function compareDigits(x, y) {
  let a = x.replace(/^0+/, ""), b = y.replace(/^0+/, "");
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

// packages/migrations/src/files.ts
var migrationFormats = ["sql", "dbmate", "golang-migrate", "flyway"], sqlName = /^(\d+)(?:[_-](.*))?\.sql$/, dbmateName = /^(\d+)_(.*)\.sql$/, golangName = /^(\d+)_(.*)\.(up|down)\.sql$/, flywayVersioned = /^([VU])(\d+(?:[._]\d+)*)__(.*)\.sql(\.conf)?$/, flywayRepeatable = /^R__(.*)\.sql(\.conf)?$/;
function parseMigrationFileName(format, fileName, dir = ".") {
  if (fileName.startsWith(".")) return;
  let where = join(dir, fileName);
  switch (format) {
    case "sql": {
      if (!fileName.endsWith(".sql")) return;
      let m = sqlName.exec(fileName);
      if (!m) throw badName(where, "sql", "<version>_<name>.sql, e.g. 0001_create_users.sql");
      return { kind: "single", version: m[1], name: m[2] ?? "" };
    }
    case "dbmate": {
      if (!fileName.endsWith(".sql")) return;
      let m = dbmateName.exec(fileName);
      if (!m) throw badName(where, "dbmate", "<version>_<name>.sql, e.g. 20240101120000_create_users.sql");
      return { kind: "single", version: m[1], name: m[2] };
    }
    case "golang-migrate": {
      if (!fileName.endsWith(".sql")) return;
      let m = golangName.exec(fileName);
      if (!m) throw badName(where, "golang-migrate", "<version>_<name>.up.sql and <version>_<name>.down.sql");
      return { kind: m[3], version: m[1], name: m[2] };
    }
    case "flyway": {
      if (!fileName.endsWith(".sql") && !fileName.endsWith(".sql.conf")) return;
      let r = flywayRepeatable.exec(fileName);
      if (r) return { kind: r[2] ? "config" : "repeatable", version: "", name: flywayDescription(r[1]) };
      let m = flywayVersioned.exec(fileName);
      if (!m) throw badName(where, "flyway", "V<version>__<description>.sql (e.g. V1_1__init.sql), U<version>__<description>.sql or R__<description>.sql");
      let version = m[2].replace(/_/g, ".");
      return m[4] ? { kind: "config", version, name: flywayDescription(m[3]) } : { kind: m[1] === "V" ? "up" : "down", version, name: flywayDescription(m[3]) };
    }
    default:
      throw unknownFormat(format);
  }
}
function readMigrations(dir, format) {
  if (!migrationFormats.includes(format)) throw unknownFormat(format);
  let files = listFiles(dir, format === "flyway");
  switch (format) {
    case "sql":
      return sortMigrations(readSingles(dir, files, format));
    case "dbmate":
      return sortMigrations(readSingles(dir, files, format));
    case "golang-migrate":
      return sortMigrations(readPairs(dir, files, format));
    case "flyway":
      return sortMigrations(readPairs(dir, files, format));
  }
}
function readSingles(dir, files, format) {
  let out = [];
  for (let rel of files) {
    let parsed = parseMigrationFileName(format, baseName(rel), dir);
    if (!parsed) continue;
    let file2 = join(dir, rel), { text, checksum } = readText(file2);
    if (format === "sql") {
      let noTransaction = /^--\s*preflight:no-transaction\s*$/.test(text.split(`
`, 1)[0].replace(/\r$/, ""));
      out.push({ version: parsed.version, name: parsed.name, file: file2, upSql: text, upStartLine: 1, noTransaction, checksum });
    } else
      out.push({ version: parsed.version, name: parsed.name, file: file2, checksum, ...dbmateSections(file2, text) });
  }
  return rejectDuplicates(out, dir), out;
}
function readPairs(dir, files, format) {
  let ups = /* @__PURE__ */ new Map(), downs = /* @__PURE__ */ new Map(), noTx = /* @__PURE__ */ new Set(), repeatables = [];
  for (let rel of files) {
    let parsed = parseMigrationFileName(format, baseName(rel), dir);
    if (!parsed) continue;
    let file2 = join(dir, rel), key = parsed.kind === "repeatable" || parsed.kind === "config" && parsed.version === "" ? `R:${parsed.name}` : normalizeVersion(parsed.version);
    if (parsed.kind === "config") {
      /^\s*executeInTransaction\s*=\s*false\s*$/m.test(readText(file2).text) && noTx.add(key);
      continue;
    }
    let { text, checksum } = readText(file2);
    if (parsed.kind === "down") {
      if (downs.has(key)) throw duplicate(dir, parsed.version, [downs.get(key).file, file2]);
      downs.set(key, { file: file2, sql: text });
      continue;
    }
    let migration = { version: parsed.version, name: parsed.name, file: file2, upSql: text, upStartLine: 1, noTransaction: !1, checksum };
    if (parsed.kind === "repeatable") {
      if (repeatables.some((r) => r.name === parsed.name)) throw duplicate(dir, `R__${parsed.name}`, [repeatables.find((r) => r.name === parsed.name).file, file2]);
      repeatables.push(migration);
      continue;
    }
    let existing = ups.get(key);
    if (existing) throw duplicate(dir, parsed.version, [existing.file, file2]);
    ups.set(key, migration);
  }
  for (let [key, down] of downs) {
    let up = ups.get(key);
    if (!up) {
      let what = format === "flyway" ? `a V${down.file.match(/U([\d._]+)__/)?.[1] ?? ""}__ file` : "a matching .up.sql file";
      throw new UsageError(`Migration ${down.file} is an undo/down migration without ${what}; add the up migration or remove the file.`);
    }
    up.downSql = down.sql;
  }
  for (let [key, m] of ups) noTx.has(key) && (m.noTransaction = !0);
  for (let r of repeatables) noTx.has(`R:${r.name}`) && (r.noTransaction = !0);
  return [...ups.values(), ...repeatables];
}
function dbmateSections(file2, text) {
  let lines = text.split(`
`), up, down;
  if (lines.forEach((raw, i) => {
    let m = /^--\s*migrate:(up|down)(?:\s+(.*?))?\s*$/.exec(raw.replace(/\r$/, ""));
    m && (m[1] === "up" && !up && (up = { line: i, options: m[2] ?? "" }), m[1] === "down" && down === void 0 && (down = i));
  }), !up) throw new UsageError(`Migration ${file2} has no "-- migrate:up" line; dbmate needs one before the up SQL, so add it (and "-- migrate:down" before the rollback SQL).`);
  let section = (from) => {
    let to = down !== void 0 && down > from ? down : lines.length, until = up.line > from && up.line < to ? up.line : to;
    return lines.slice(from + 1, until).join(`
`);
  };
  return {
    upSql: section(up.line),
    upStartLine: up.line + 2,
    downSql: down === void 0 ? void 0 : section(down),
    noTransaction: /(^|\s)transaction:false(\s|$)/.test(up.options)
  };
}
function sortMigrations(migrations) {
  return migrations.sort((a, b) => a.version === "" != (b.version === "") ? a.version === "" ? 1 : -1 : compareVersions(a.version, b.version) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
function rejectDuplicates(migrations, dir) {
  let seen = /* @__PURE__ */ new Map();
  for (let m of migrations) {
    let key = normalizeVersion(m.version), other = seen.get(key);
    if (other) throw duplicate(dir, m.version, [other.file, m.file]);
    seen.set(key, m);
  }
}
function listFiles(dir, recursive) {
  let entries;
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`Migrations directory ${dir} is not a directory; point it at the folder that holds the migration files.`);
    entries = readdirSync(dir, { withFileTypes: !0, recursive });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    let code = error.code, why = code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? "error"})`;
    throw new UsageError(`Migrations directory ${dir} ${why}; check the path (it is relative to the working directory) and its permissions.`, { cause: error });
  }
  return entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => relative(dir, join(e.parentPath ?? e.path ?? dir, e.name))).filter((rel) => !rel.split(/[\\/]/).some((part) => part.startsWith("."))).sort();
}
function readText(file2) {
  let bytes;
  try {
    bytes = readFileSync(file2);
  } catch (error) {
    throw new UsageError(`Migration file ${file2} cannot be read (${error.code ?? "error"}); check its permissions.`, { cause: error });
  }
  let checksum = createHash("sha256").update(bytes).digest("hex");
  return { text: bytes.toString("utf8").replace(/^\uFEFF/, ""), checksum };
}
function baseName(rel) {
  return rel.split(/[\\/]/).pop();
}
function flywayDescription(raw) {
  return raw.replace(/_/g, " ");
}
function badName(file2, format, expected) {
  return new UsageError(`Migration file ${file2} does not follow the ${format} naming scheme; rename it to ${expected}.`);
}
function duplicate(dir, version, files) {
  return new UsageError(`Migrations directory ${dir} has two migrations with version ${version} (${files.join(" and ")}); give one of them a new version.`);
}
function unknownFormat(format) {
  return new UsageError(`Unknown migrations format "${format}"; use one of ${migrationFormats.join(", ")}.`);
}

// packages/migrations/src/alembic.ts
import { readdirSync as readdirSync2, readFileSync as readFileSync2, statSync as statSync2 } from "node:fs";
import { join as join2 } from "node:path";
var revisionLine = /^revision\s*(?::[^=\n]*)?=\s*(['"])([^'"\n]+)\1/m, downLine = /^down_revision\s*(?::[^=\n]*)?=\s*(\(|\[)?/m;
function parseAlembicRevision(source, file2) {
  let rev = revisionLine.exec(source);
  if (!rev) return;
  let down = downLine.exec(source), downRevisions = [];
  if (down) {
    let from = down.index + down[0].length, close = down[1] === "(" ? ")" : down[1] === "[" ? "]" : `
`, end = source.indexOf(close, from);
    downRevisions = [...source.slice(from, end < 0 ? source.length : end).replace(/#.*$/gm, "").matchAll(/(['"])([^'"\n]+)\1/g)].map((m) => m[2]);
  }
  return { revision: rev[2], downRevisions, file: file2 };
}
function alembicHeads(versionsDir) {
  let names;
  try {
    if (!statSync2(versionsDir).isDirectory()) throw new Error("not a directory");
    names = readdirSync2(versionsDir).filter((f) => f.endsWith(".py") && f !== "__init__.py").sort();
  } catch (error) {
    throw new UsageError(`Alembic versions directory ${versionsDir} cannot be read (${error.code ?? "not a directory"}); point it at alembic/versions (the folder with the revision files).`, { cause: error });
  }
  let revisions = /* @__PURE__ */ new Map();
  for (let name of names) {
    let file2 = join2(versionsDir, name), source;
    try {
      source = readFileSync2(file2, "utf8");
    } catch (error) {
      throw new UsageError(`Alembic revision file ${file2} cannot be read (${error.code ?? "error"}); check its permissions.`, { cause: error });
    }
    let parsed = parseAlembicRevision(source, file2);
    if (!parsed) continue;
    let other = revisions.get(parsed.revision);
    if (other) throw new UsageError(`Alembic revision ${parsed.revision} is declared twice (${other.file} and ${file2}); give one of them a new revision id.`);
    revisions.set(parsed.revision, parsed);
  }
  let pointedTo = /* @__PURE__ */ new Set();
  for (let r of revisions.values()) for (let d of r.downRevisions) pointedTo.add(d);
  return { heads: [...revisions.keys()].filter((r) => !pointedTo.has(r)).sort(), revisions: revisions.size };
}

// packages/migrations/src/sql-split.ts
function scanSql(text, options = {}) {
  let lineAt = lineIndex(text), statements = [], metaCommands = [], n = text.length, stmtStart = -1, lineStart = 0, i = 0, begin = (at) => {
    stmtStart < 0 && (stmtStart = at);
  }, finish = (end) => {
    stmtStart >= 0 && statements.push({ sql: text.slice(stmtStart, end), start: stmtStart, end, line: lineAt(stmtStart) }), stmtStart = -1;
  };
  for (; i < n; ) {
    let ch = text[i], next = text[i + 1];
    if (ch === `
`)
      lineStart = i + 1, i++;
    else if (ch === " " || ch === "	" || ch === "\r" || ch === "\f" || ch === "\v")
      i++;
    else if (ch === "-" && next === "-")
      i = indexOrEnd(text, `
`, i);
    else if (ch === "/" && next === "*")
      i = skipBlockComment(text, i);
    else if (ch === "\\" && options.psqlMeta && text.slice(lineStart, i).trim() === "") {
      let end = indexOrEnd(text, `
`, i), command = /^\\(\.|[^\s\\]*)/.exec(text.slice(i, end))?.[1] ?? "";
      metaCommands.push({ command, line: lineAt(i), start: lineStart, end }), i = end;
    } else if (ch === "'") {
      begin(i);
      let escapes = (text[i - 1] === "E" || text[i - 1] === "e") && !isIdentChar(text[i - 2]);
      i = skipQuoted(text, i, "'", escapes);
    } else if (ch === '"')
      begin(i), i = skipQuoted(text, i, '"', !1);
    else if (ch === "$" && !isIdentChar(text[i - 1])) {
      begin(i);
      let tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 128))?.[0];
      if (tag) {
        let close = text.indexOf(tag, i + tag.length);
        i = close < 0 ? n : close + tag.length;
      } else
        i++;
    } else ch === ";" ? (begin(i), finish(i + 1), i++) : (begin(i), i++);
  }
  return finish(n), { statements, metaCommands };
}
function lineIndex(text) {
  let starts = [0];
  for (let i = text.indexOf(`
`); i >= 0; i = text.indexOf(`
`, i + 1)) starts.push(i + 1);
  return (index) => {
    let lo = 0, hi = starts.length - 1;
    for (; lo < hi; ) {
      let mid = lo + hi + 1 >> 1;
      starts[mid] <= index ? lo = mid : hi = mid - 1;
    }
    return lo + 1;
  };
}
function indexOfPosition(text, position) {
  let index = 0;
  for (let chars = 1; chars < position && index < text.length; chars++) {
    let code = text.charCodeAt(index);
    index += code >= 55296 && code <= 56319 ? 2 : 1;
  }
  return Math.min(index, text.length);
}
function lineOfPosition(text, position) {
  return lineIndex(text)(indexOfPosition(text, position));
}
function indexOrEnd(text, needle, from) {
  let at = text.indexOf(needle, from);
  return at < 0 ? text.length : at;
}
function skipBlockComment(text, i) {
  let depth = 0;
  for (; i < text.length; )
    if (text[i] === "/" && text[i + 1] === "*")
      depth++, i += 2;
    else if (text[i] === "*" && text[i + 1] === "/") {
      if (depth--, i += 2, depth === 0) return i;
    } else
      i++;
  return i;
}
function skipQuoted(text, i, quote, backslashEscapes) {
  for (i++; i < text.length; ) {
    let ch = text[i];
    if (backslashEscapes && ch === "\\")
      i += 2;
    else if (ch === quote)
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    else
      i++;
  }
  return i;
}
function isIdentChar(ch) {
  return ch !== void 0 && /[\w$\u0080-\uffff]/.test(ch);
}

// packages/pg/src/server.ts
import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync as readdirSync3, rmSync, writeFileSync, chmodSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join as join3 } from "node:path";
function findPostgresBinDir(major) {
  let fromEnv = process.env.PREFLIGHT_PG_BINDIR;
  if (fromEnv && existsSync(join3(fromEnv, "initdb"))) return fromEnv;
  let base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    let majors = readdirSync3(base).filter((v) => /^\d+$/.test(v) && existsSync(join3(base, v, "bin", "initdb"))).map(Number).sort((a, b) => b - a), pick = major && majors.includes(major) ? major : majors[0];
    if (pick) return join3(base, String(pick), "bin");
  }
  let which = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }), path = which.stdout.trim();
  if (which.status === 0 && path) return path.replace(/\/initdb$/, "");
}
async function freePort() {
  return new Promise((resolve, reject) => {
    let srv = createServer();
    srv.unref(), srv.on("error", reject), srv.listen(0, "127.0.0.1", () => {
      let address = srv.address(), port = typeof address == "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
function unprivilegedUser() {
  if (!(typeof process.getuid != "function" || process.getuid() !== 0)) {
    for (let name of ["postgres", "nobody"]) {
      let r = spawnSync("id", ["-u", name], { encoding: "utf8" }), g = spawnSync("id", ["-g", name], { encoding: "utf8" });
      if (r.status === 0 && g.status === 0) return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()), name };
    }
    throw new CouldNotRunError("PostgreSQL cannot run as root and no unprivileged user (postgres or nobody) exists; create one or run as a normal user.");
  }
}
var running = /* @__PURE__ */ new Set(), dirs = /* @__PURE__ */ new Set(), cleanupInstalled = !1;
function installCleanup() {
  if (!cleanupInstalled) {
    cleanupInstalled = !0, process.on("exit", () => {
      for (let child of running) child.kill("SIGKILL");
      for (let dir of dirs) rmSync(dir, { recursive: !0, force: !0 });
    });
    for (let signal of ["SIGINT", "SIGTERM"])
      process.once(signal, () => process.exit(130));
  }
}
async function startPostgres(options = {}) {
  let binDir = findPostgresBinDir(options.major);
  if (!binDir)
    throw new CouldNotRunError(
      "No PostgreSQL server binaries found to start a temporary database; install postgresql (Debian: apt-get install -y postgresql-15), set PREFLIGHT_PG_BINDIR, or pass --shadow-url."
    );
  installCleanup();
  let runAs = unprivilegedUser(), user = options.superuser ?? "postgres", password = options.password ?? `pf${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`, dir = mkdtempSync(join3(tmpdir(), "preflight-pg-"));
  dirs.add(dir);
  let dataDir = join3(dir, "data"), pwFile = join3(dir, "pw");
  writeFileSync(pwFile, password + `
`, { mode: 384 }), runAs && (chmodSync(dir, 448), chownSync(dir, runAs.uid, runAs.gid), chownSync(pwFile, runAs.uid, runAs.gid));
  let spawnOpts = runAs ? { uid: runAs.uid, gid: runAs.gid } : {}, init = spawnSync(
    join3(binDir, "initdb"),
    ["-D", dataDir, "-U", user, "--pwfile", pwFile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
    { encoding: "utf8", ...spawnOpts, env: { ...process.env, LC_ALL: "C" } }
  );
  if (init.status !== 0)
    throw rmSync(dir, { recursive: !0, force: !0 }), new CouldNotRunError(`initdb failed: ${(init.stderr || init.stdout || "").trim().split(`
`).slice(-3).join(" ")}`);
  let port = await freePort(), settings = {
    listen_addresses: "127.0.0.1",
    port,
    unix_socket_directories: dir,
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    max_connections: 200,
    shared_buffers: "128MB",
    ...options.settings
  }, args = ["-D", dataDir];
  for (let [k, v] of Object.entries(settings)) args.push("-c", `${k}=${v}`);
  let child = spawn(join3(binDir, "postgres"), args, { stdio: ["ignore", "ignore", "pipe"], ...spawnOpts, detached: !1 });
  running.add(child);
  let log = "";
  await new Promise((resolve, reject) => {
    let timer = setTimeout(() => reject(new CouldNotRunError(`PostgreSQL did not start within 30 s: ${log.slice(-400)}`)), 3e4);
    child.stderr.on("data", (chunk2) => {
      log += chunk2.toString(), log.includes("ready to accept connections") && (clearTimeout(timer), resolve());
    }), child.once("exit", (code) => {
      clearTimeout(timer), reject(new CouldNotRunError(`PostgreSQL exited during start-up (code ${code}): ${log.slice(-400)}`));
    });
  }), child.stderr.resume();
  let host = "127.0.0.1";
  return {
    host,
    port,
    user,
    password,
    url: (database = "postgres") => `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`,
    stop: async () => {
      if (child.exitCode === null) {
        let exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGINT"), await Promise.race([exited, new Promise((r) => setTimeout(r, 1e4))]), child.exitCode === null && child.kill("SIGKILL");
      }
      running.delete(child), rmSync(dir, { recursive: !0, force: !0 }), dirs.delete(dir);
    }
  };
}

// packages/pg/src/connection.ts
import { readFileSync as readFileSync3 } from "node:fs";
import { isIP } from "node:net";
var SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"], DEFAULT_CONNECT_TIMEOUT_MS = 1e4, HOW_TO = 'use postgres://user:password@host:5432/dbname or a libpq string like "host=... dbname=..."', INSTANCE_NAME = /^(?:[a-z0-9][a-z0-9.-]*:)?[a-z][a-z0-9-]*:[a-z]+-[a-z]+\d+:[a-z0-9][a-z0-9-]*$/i, SECRET_PARAM = /pass|secret|token|api[-_]?key/i, KNOWN = /* @__PURE__ */ new Set([
  "host",
  "hostaddr",
  "port",
  "dbname",
  "user",
  "password",
  "sslmode",
  "sslrootcert",
  "sslcert",
  "sslkey",
  "options",
  "application_name",
  "fallback_application_name",
  "connect_timeout",
  "client_encoding",
  "pgbouncer"
]);
function bad(inputName, problem2, fix) {
  return new UsageError(redact(`Input ${inputName} ${problem2}; ${fix}.`));
}
function parseConnection(input2, opts) {
  let name = opts.inputName;
  if (typeof input2 != "string" || input2.trim() === "")
    throw bad(name, "is empty", `${HOW_TO}`);
  registerSecret(process.env.PGPASSWORD);
  let text = input2.trim();
  if (/^jdbc:/i.test(text))
    throw bad(name, "is a JDBC URL, which is not a PostgreSQL connection string", `drop the "jdbc:" prefix and ${HOW_TO}`);
  let scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (scheme) {
    if (!/^postgres(ql)?$/i.test(scheme[1]))
      throw bad(name, `is not a valid PostgreSQL URL (unknown scheme "${scheme[1].slice(0, 20)}")`, HOW_TO);
    return parseUrl(text, scheme[0].length, opts);
  }
  if (INSTANCE_NAME.test(text)) return instanceTarget(text, opts);
  if (/^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(text)) return parseKeywords(text, opts);
  throw bad(name, "is neither a PostgreSQL URL nor a libpq connection string", HOW_TO);
}
function redactUrl(text) {
  let masked = text.replace(
    /([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):\S*?@(?=[^\s@/?'"<>]*(?:[/?\s'"<>,;)\]}]|$))/gi,
    (_m, pre) => `${pre}:${REDACTED}@`
  ).replace(/(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s&'"]*)/gi, (_m, pre) => `${pre}${REDACTED}`);
  return redact(masked);
}
function build(p, opts) {
  let name = opts.inputName, get = (k) => p.params.get(k), env = process.env, hostParam = get("host") || void 0, hostaddr = get("hostaddr") || void 0;
  for (let [k, v] of [["host", hostParam], ["hostaddr", hostaddr], ["port", get("port")]])
    if (v && v.includes(","))
      throw bad(name, `lists several values for ${k}, which Preflight does not support`, "give exactly one host and port");
  if (hostaddr && !isIP(hostaddr))
    throw bad(name, "has a hostaddr that is not an IP address", "use host= for a host name or give a numeric IPv4/IPv6 address");
  let host = hostParam ?? hostaddr ?? env.PGHOST ?? "localhost", portText = get("port") || env.PGPORT || "5432", port = /^\d{1,5}$/.test(portText.trim()) ? Number(portText.trim()) : NaN;
  if (!(port >= 1 && port <= 65535))
    throw bad(name, "has a port that is not a number from 1 to 65535", "fix the port (PostgreSQL listens on 5432 by default)");
  let sslmode, rawMode = get("sslmode");
  if (rawMode !== void 0 && rawMode !== "") {
    let mode = rawMode.trim().toLowerCase();
    if (SSL_MODES.includes(mode)) sslmode = mode;
    else if (mode === "no-verify") sslmode = "require";
    else
      throw bad(name, `has an unknown sslmode "${rawMode.slice(0, 20)}"`, `use one of ${SSL_MODES.join(", ")}`);
  } else p.kind === "url" && /^(true|1)$/i.test(get("ssl") ?? "") && (sslmode = "require");
  let timeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, ct = get("connect_timeout");
  if (ct !== void 0 && ct.trim() !== "") {
    if (!/^\s*-?\d+\s*$/.test(ct))
      throw bad(name, "has a connect_timeout that is not a whole number of seconds", "use e.g. connect_timeout=10");
    let seconds = Number(ct);
    seconds > 0 && (timeoutMs = Math.max(seconds, 2) * 1e3);
  }
  let user = get("user") || env.PGUSER || void 0, database = get("dbname") || env.PGDATABASE || user, password = get("password"), socketDir = host.startsWith("/") ? host : void 0, cloudSqlInstance;
  if (socketDir) {
    let m = /^\/cloudsql\/([^/]+)\/?$/.exec(socketDir);
    m && (cloudSqlInstance = m[1]);
  }
  let config2 = {
    host: hostaddr ?? host,
    port,
    connectionTimeoutMillis: timeoutMs
  };
  user !== void 0 && (config2.user = user), database !== void 0 && (config2.database = database), password !== void 0 && password !== "" && (config2.password = password);
  let appName = get("application_name") || get("fallback_application_name");
  appName && (config2.application_name = appName), get("options") && (config2.options = get("options")), get("client_encoding") && (config2.client_encoding = get("client_encoding"));
  let ssl = socketDir ? !1 : sslConfig(sslmode, p.params, name);
  ssl !== void 0 && (config2.ssl = ssl), hostaddr && hostParam && !isIP(hostParam) && typeof config2.ssl == "object" && (config2.ssl.servername = hostParam);
  let ignoredParams = [];
  for (let n of p.names)
    KNOWN.has(n) || p.kind === "url" && n === "ssl" || ignoredParams.includes(n) || ignoredParams.push(n);
  return {
    kind: p.kind,
    config: config2,
    display: redact(p.display),
    host,
    port,
    database,
    user,
    socketDir,
    cloudSqlInstance,
    sslmode,
    pgbouncerParam: /^(true|1|yes|on)$/i.test(get("pgbouncer") ?? ""),
    ignoredParams
  };
}
function sslConfig(mode, params, name) {
  if (mode === void 0) return;
  if (mode === "disable" || mode === "allow") return !1;
  let read = (param) => {
    let path = params.get(param);
    if (path)
      try {
        return readFileSync3(path, "utf8");
      } catch (error) {
        let code = error.code ?? "unreadable";
        throw bad(name, `names a ${param} file "${path}" that cannot be read (${code})`, `fix the path or remove ${param}`);
      }
  }, files = {}, cert = read("sslcert"), key = read("sslkey");
  cert !== void 0 && (files.cert = cert), key !== void 0 && (files.key = key);
  let rootParam = params.get("sslrootcert"), ca = rootParam && rootParam !== "system" ? read("sslrootcert") : void 0, caOpt = ca !== void 0 ? { ca } : {}, skipHostname = { checkServerIdentity: () => {
  } };
  switch (mode) {
    case "prefer":
      return { rejectUnauthorized: !1, ...files };
    case "require":
      return rootParam ? { rejectUnauthorized: !0, ...caOpt, ...skipHostname, ...files } : { rejectUnauthorized: !1, ...files };
    case "verify-ca":
      if (!rootParam)
        throw bad(
          name,
          "uses sslmode=verify-ca without sslrootcert",
          "add sslrootcert=/path/to/ca.pem (or sslrootcert=system), or use sslmode=verify-full to check the host name against public CAs"
        );
      return { rejectUnauthorized: !0, ...caOpt, ...skipHostname, ...files };
    case "verify-full":
      return { rejectUnauthorized: !0, ...caOpt, ...files };
  }
}
function instanceTarget(text, opts) {
  return {
    kind: "cloud-sql-instance",
    config: { connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
    display: redact(text),
    host: "",
    port: 5432,
    cloudSqlInstance: text,
    pgbouncerParam: !1,
    ignoredParams: []
  };
}
function parseUrl(text, schemeLen, opts) {
  let name = opts.inputName, prefix = text.slice(0, schemeLen), rest = text.slice(schemeLen), authEnd = firstOf(rest, "/?", 0), at = authEnd > 0 ? rest.lastIndexOf("@", authEnd - 1) : -1;
  at < 0 && (at = unencodedPasswordAt(rest, authEnd));
  let params = /* @__PURE__ */ new Map(), names = [], userRaw, passwordRaw;
  if (at >= 0) {
    let info = rest.slice(0, at), colon = info.indexOf(":");
    if (userRaw = colon >= 0 ? info.slice(0, colon) : info, colon >= 0) {
      passwordRaw = info.slice(colon + 1);
      let password = pctDecode(passwordRaw);
      registerSecret(passwordRaw), registerSecret(password), params.set("password", password);
    }
    let user = pctDecode(userRaw);
    user && params.set("user", user);
  }
  let hostStart = at + 1, hostEnd = firstOf(rest, "/?", hostStart), hostport = rest.slice(hostStart, hostEnd), queryAt = rest.indexOf("?", hostEnd), pathRaw = rest.slice(hostEnd, queryAt >= 0 ? queryAt : rest.length), queryRaw = queryAt >= 0 ? rest.slice(queryAt + 1) : void 0, pairs = [], valueless = !1;
  if (queryRaw !== void 0)
    for (let part of queryRaw.split("&")) {
      if (part === "") continue;
      let eq = part.indexOf("=");
      if (eq < 0) {
        valueless = !0;
        continue;
      }
      let keyRaw = part.slice(0, eq), valueRaw = part.slice(eq + 1), key = pctDecode(keyRaw), value = pctDecode(valueRaw);
      (key === "password" || SECRET_PARAM.test(key)) && (registerSecret(valueRaw), registerSecret(value)), pairs.push({ keyRaw, valueRaw, key }), names.push(key);
    }
  if (valueless)
    throw bad(name, 'has a query parameter without "=value"', "write parameters as ?name=value&name2=value2");
  let hostRaw = hostport, portRaw;
  if (hostport.startsWith("[")) {
    let close = hostport.indexOf("]");
    if (close < 0) throw bad(name, 'has an IPv6 address without the closing "]"', "write it as [::1]:5432");
    hostRaw = hostport.slice(1, close);
    let after = hostport.slice(close + 1);
    if (after.startsWith(":")) portRaw = after.slice(1);
    else if (after !== "") throw bad(name, "has text after the IPv6 address", "write it as [::1]:5432");
  } else {
    let colon = hostport.indexOf(":");
    colon >= 0 && (hostRaw = hostport.slice(0, colon), portRaw = hostport.slice(colon + 1));
  }
  let host = pctDecode(hostRaw);
  host && params.set("host", host), portRaw !== void 0 && portRaw !== "" && params.set("port", portRaw);
  let dbname = pathRaw.length > 1 ? pctDecode(pathRaw.slice(1)) : "";
  dbname && params.set("dbname", dbname);
  for (let { key, valueRaw } of pairs) params.set(key, pctDecode(valueRaw));
  if (dbname.includes("/") && !params.get("host")?.startsWith("/"))
    throw bad(
      name,
      'has a "/" in its database name, usually a password with unencoded special characters',
      'percent-encode "/", "?", "@" and "#" in the password (e.g. encodeURIComponent) and try again'
    );
  let shownQuery = queryRaw === void 0 ? "" : "?" + pairs.map((q) => q.key === "password" || SECRET_PARAM.test(q.key) ? `${q.keyRaw}=${REDACTED}` : `${q.keyRaw}=${q.valueRaw}`).join("&"), shownUser = at >= 0 ? `${userRaw ?? ""}${passwordRaw !== void 0 ? `:${REDACTED}` : ""}@` : "", display = `${prefix}${shownUser}${hostport}${pathRaw}${shownQuery}`;
  return build({ kind: "url", params, names, display }, opts);
}
function firstOf(s, chars, from) {
  for (let i = from; i < s.length; i++) if (chars.includes(s[i])) return i;
  return s.length;
}
function unencodedPasswordAt(rest, authEnd) {
  let authority = rest.slice(0, authEnd), m = /^[^:@[]*:(.*)$/.exec(authority);
  if (!m || /^\d*$/.test(m[1])) return -1;
  for (let i = rest.indexOf("@", authEnd); i >= 0; i = rest.indexOf("@", i + 1))
    if (/^[A-Za-z0-9._~%-]*(?::\d*)?(?:[/?]|$)/.test(rest.slice(i + 1)) || /^\[[0-9A-Fa-f:.]*\](?::\d*)?(?:[/?]|$)/.test(rest.slice(i + 1)))
      return i;
  return -1;
}
function pctDecode(s) {
  return s.includes("%") ? s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ""), "hex").toString("utf8")) : s;
}
function parseKeywords(text, opts) {
  let name = opts.inputName, params = /* @__PURE__ */ new Map(), names = [], shown = [], i = 0, n = text.length, ws = (c) => c === " " || c === "	" || c === `
` || c === "\r" || c === "\f" || c === "\v";
  for (; i < n; ) {
    for (; i < n && ws(text[i]); ) i++;
    if (i >= n) break;
    let kStart = i;
    for (; i < n && text[i] !== "=" && !ws(text[i]); ) i++;
    let key = text.slice(kStart, i);
    for (; i < n && ws(text[i]); ) i++;
    if (text[i] !== "=")
      throw bad(name, `has ${KNOWN.has(key) ? `"${key}"` : "a word"} without "=value" in its libpq connection string`, "write each setting as keyword=value and quote values with spaces, e.g. password='my secret'");
    if (key === "")
      throw bad(name, 'has "=" without a keyword before it in its libpq connection string', 'write each setting as keyword=value, e.g. "host=db dbname=app"');
    for (i++; i < n && ws(text[i]); ) i++;
    let secret = key === "password" || SECRET_PARAM.test(key), value = "";
    if (text[i] === "'") {
      i++;
      let closed = !1;
      for (; i < n; ) {
        let c = text[i];
        if (c === "\\" && i + 1 < n)
          value += text[i + 1], i += 2;
        else if (c === "'") {
          closed = !0, i++;
          break;
        } else
          value += c, i++;
      }
      if (!closed)
        throw secret && registerSecret(value), bad(name, `has an unterminated quoted value${KNOWN.has(key) ? ` for "${key}"` : ""} in its libpq connection string`, "close the quote, and write a quote inside a value as \\'");
    } else
      for (; i < n && !ws(text[i]); )
        text[i] === "\\" ? (i + 1 < n && (value += text[i + 1]), i += 2) : value += text[i++];
    secret && registerSecret(value), params.set(key, value), names.push(key), shown.push(`${key}=${secret ? REDACTED : quoteValue(value)}`);
  }
  return build({ kind: "keyword", params, names, display: shown.join(" ") }, opts);
}
function quoteValue(v) {
  return v !== "" && !/[\s'\\]/.test(v) ? v : `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

// node_modules/pg/esm/index.mjs
var import_lib = __toESM(require_lib2(), 1), Client = import_lib.default.Client, Pool = import_lib.default.Pool, Connection = import_lib.default.Connection, types = import_lib.default.types, Query = import_lib.default.Query, DatabaseError = import_lib.default.DatabaseError, escapeIdentifier = import_lib.default.escapeIdentifier, escapeLiteral = import_lib.default.escapeLiteral, Result = import_lib.default.Result, TypeOverrides = import_lib.default.TypeOverrides, defaults = import_lib.default.defaults, esm_default = import_lib.default;

// packages/pg/src/connect.ts
async function connectClient(target, opts = {}) {
  if (target.kind === "cloud-sql-instance")
    throw new UsageError(
      redact(
        `Cloud SQL instance connection names need --cloud-sql-instance support (not yet available); for now connect through the Cloud SQL Auth Proxy socket, e.g. postgresql://user:password@/dbname?host=/cloudsql/${target.cloudSqlInstance}.`
      )
    );
  let base = { ...target.config };
  !base.application_name && opts.applicationName && (base.application_name = opts.applicationName);
  try {
    return await attempt(base);
  } catch (first) {
    let retry = fallback(target, base, first);
    if (!retry) throw connectionError(target, first);
    try {
      return await attempt(retry);
    } catch (second) {
      throw connectionError(target, second);
    }
  }
}
async function attempt(config2) {
  let client = new esm_default.Client(config2);
  client.on("error", () => {
  });
  try {
    return await client.connect(), client;
  } catch (error) {
    throw await client.end().catch(() => {
    }), error;
  }
}
function fallback(target, base, error) {
  if (target.socketDir) return;
  let message = error instanceof Error ? error.message : "", { sslmode } = target;
  if (sslmode === "prefer" && message === "The server does not support SSL connections")
    return { ...base, ssl: !1 };
  if ((sslmode === "allow" || sslmode === void 0) && sqlstate(error) === "28000" && /no encryption|SSL off/i.test(message))
    return { ...base, ssl: { rejectUnauthorized: !1 } };
}
function sqlstate(error) {
  let code = error?.code;
  return typeof code == "string" && /^[0-9A-Z]{5}$/.test(code) ? code : void 0;
}
var TLS_CODES = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|ERR_SSL_.*|EPROTO)$/;
function connectionError(target, error) {
  let where = target.display, err = error ?? {}, code = typeof err.code == "string" ? err.code : "", message = typeof err.message == "string" ? err.message : String(error), state = sqlstate(error), seconds = Math.round((target.config.connectionTimeoutMillis ?? DEFAULT_CONNECT_TIMEOUT_MS) / 100) / 10, endpoint = target.socketDir ? `${target.socketDir}/.s.PGSQL.${target.port}` : `${target.host}:${target.port}`, server = message.replace(/\s+/g, " ").replace(/[.\s]+$/, ""), text;
  state === "28P01" ? text = `authentication failed for user "${target.user ?? ""}" (wrong password or user); check the credentials in the connection string` : state === "28000" ? text = `the server rejected the login (${server}); check the user name, pg_hba.conf, and whether the server requires sslmode=require` : state === "3D000" ? text = `database "${target.database ?? ""}" does not exist; create it or fix the database name in the connection string` : state === "53300" ? text = `the server has no free connection slots (${server}); retry later or lower the number of open connections` : state === "57P03" ? text = `the server is not accepting connections yet (${server}); retry once it has finished starting` : state ? text = `the server refused the connection (${state}: ${server}); check the connection settings` : code === "ECONNREFUSED" ? text = `nothing is listening on ${endpoint} (connection refused); check the host and port and that the server is running` : code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME" ? text = `the host name "${target.host}" could not be resolved (${code}); check the host name and the runner's DNS` : code === "ENOENT" && target.socketDir ? text = `there is no PostgreSQL socket at ${endpoint}; check the socket directory and port, and that the server (or Cloud SQL Auth Proxy) is running` : code === "EACCES" ? text = `permission denied opening ${endpoint}; run as a user that may use the socket` : code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ETIMEDOUT" ? text = `the network cannot reach ${endpoint} (${code}); check the host, firewall rules and whether the runner has IPv6 if the host only has an IPv6 address` : message === "timeout expired" || /connection timeout/i.test(message) ? text = `no answer within ${seconds} s; check the host, port and firewall, or raise connect_timeout` : message === "The server does not support SSL connections" ? text = `the server does not support SSL but sslmode=${target.sslmode ?? "require"} requires it; use sslmode=prefer or sslmode=disable` : message === "There was an error establishing an SSL connection" ? text = "the server answered the SSL request with an error; check that this is a PostgreSQL server and its SSL setup" : TLS_CODES.test(code) ? text = `the server's TLS certificate was not accepted (${code}); give its CA with sslrootcert=/path/to/ca.pem, or use sslmode=require to encrypt without verifying` : /client password must be a string|password must be a string/i.test(message) ? text = "the server asks for a password but the connection string has none; add user:password@ to the URL or password=... to the libpq string" : code === "ECONNRESET" || /Connection terminated unexpectedly/.test(message) ? text = "the server closed the connection during start-up; check the port, sslmode and whether this is a PostgreSQL server" : text = `${server || "unknown error"}${code && !server.includes(code) ? ` (${code})` : ""}; check the connection settings`;
  let sentence = redactUrl(`Could not connect to ${where}: ${text}.`), password = target.config.password;
  return typeof password == "string" && password.length >= 3 && (sentence = sentence.split(password).join(REDACTED)), new CouldNotRunError(sentence);
}

// packages/pg/src/ledger.ts
function isExpectedHead(version, expected) {
  return version === void 0 || !expected.head ? !1 : normalize(version) === normalize(expected.head) || (expected.headAliases ?? []).includes(version);
}
var ledgerTableNames = ["alembic_version", "flyway_schema_history", "_prisma_migrations", "schema_migrations", "django_migrations", "ar_internal_metadata"], defaultTable = {
  alembic: "public.alembic_version",
  flyway: "public.flyway_schema_history",
  prisma: "public._prisma_migrations",
  dbmate: "public.schema_migrations",
  "golang-migrate": "public.schema_migrations",
  rails: "public.schema_migrations",
  django: "public.django_migrations",
  preflight: "preflight.schema_migrations"
};
async function readLedgers(client) {
  let candidates = await query(
    client,
    `SELECT n.nspname AS schema, c.relname AS name,
            array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p')
        AND c.relname = ANY($1::text[])
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
      GROUP BY n.nspname, c.relname
      ORDER BY n.nspname, c.relname`,
    [ledgerTableNames],
    "the list of tables"
  ), railsSchemas = new Set(candidates.filter((c) => c.name === "ar_internal_metadata").map((c) => c.schema)), out = [];
  for (let c of candidates) {
    let has = (...cols) => cols.every((col) => c.columns.includes(col)), table2 = `${c.schema}.${c.name}`, from = `${quoteIdent(c.schema)}.${quoteIdent(c.name)}`;
    if (c.name === "alembic_version" && has("version_num"))
      out.push(await readAlembic(client, table2, from));
    else if (c.name === "flyway_schema_history" && has("installed_rank", "version", "success"))
      out.push(await readFlyway(client, table2, from, has("type")));
    else if (c.name === "_prisma_migrations" && has("migration_name", "finished_at", "rolled_back_at"))
      out.push(await readPrisma(client, table2, from));
    else if (c.name === "django_migrations" && has("app", "name")) {
      let rows = await query(client, `SELECT app || '.' || name AS v FROM ${from} ORDER BY ${has("id") ? "id" : "applied"}`, [], table2);
      out.push(ledger("django", table2, rows.map((r) => r.v), rows[rows.length - 1]?.v));
    } else if (c.name === "schema_migrations" && has("version"))
      if (c.schema === "preflight" && has("name", "checksum")) {
        let rows = await query(client, `SELECT version::text AS v FROM ${from} WHERE version <> ''`, [], table2);
        out.push(ledger("preflight", table2, rows.map((r) => r.v)));
      } else if (has("dirty")) {
        let rows = await query(client, `SELECT version::text AS v, dirty FROM ${from}`, [], table2), state = ledger("golang-migrate", table2, rows.map((r) => r.v));
        state.dirty = rows.some((r) => r.dirty), out.push(state);
      } else {
        let rows = await query(client, `SELECT version::text AS v FROM ${from}`, [], table2);
        out.push(ledger(railsSchemas.has(c.schema) ? "rails" : "dbmate", table2, rows.map((r) => r.v)));
      }
  }
  return out;
}
async function readAlembic(client, table2, from) {
  let heads = (await query(client, `SELECT version_num::text AS v FROM ${from}`, [], table2)).map((r) => r.v).sort();
  return { tool: "alembic", table: table2, head: heads.length === 1 ? heads[0] : void 0, versions: heads, failed: [], heads };
}
async function readFlyway(client, table2, from, hasType) {
  let rows = await query(
    client,
    `SELECT version::text AS version, description::text AS description, ${hasType ? "type::text" : "NULL::text"} AS type, success FROM ${from} ORDER BY installed_rank`,
    [],
    table2
  ), applied = /* @__PURE__ */ new Set(), failed = [];
  for (let r of rows)
    r.success ? r.version && r.type !== "SCHEMA" && (r.type?.startsWith("UNDO") ? applied.delete(r.version) : applied.add(r.version)) : failed.push(r.version ?? `R ${r.description ?? ""}`.trim());
  return { ...ledger("flyway", table2, [...applied]), failed };
}
async function readPrisma(client, table2, from) {
  let rows = await query(
    client,
    `SELECT migration_name AS name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM ${from} ORDER BY started_at`,
    [],
    table2
  ), applied = rows.filter((r) => r.finished && !r.rolled_back).map((r) => r.name), failed = rows.filter((r) => !r.finished && !r.rolled_back).map((r) => r.name);
  return { ...ledger("prisma", table2, applied), failed };
}
function ledger(tool, table2, versions, head) {
  let sorted = sortVersions(new Set(versions));
  return { tool, table: table2, head: head ?? sorted[sorted.length - 1], versions: sorted, failed: [] };
}
async function query(client, text, params, what) {
  try {
    return (await client.query(text, params)).rows;
  } catch (error) {
    throw new CouldNotRunError(`Could not read the migration ledger (${what}): ${redact(error.message)}; grant the user SELECT on it.`, { cause: error });
  }
}
var ledgerRules = [
  {
    id: "ledger-missing",
    title: "No migration ledger in the database",
    severity: "warning",
    description: "The migrations define a head, but the database has no ledger table of any known tool. The schema diff still decides; this only says nothing records which migrations ran.",
    example: "No migration ledger found in the database, but the migrations expect head 0002.",
    fix: "Apply migrations with a tool that records them (or `preflight migrate-direct --baseline VERSION` to adopt an existing database)."
  },
  {
    id: "ledger-behind",
    title: "Migration ledger is behind the migrations",
    severity: "error",
    description: "The migrations in the repository include versions the database ledger has not recorded: deploying code that expects them would run against an older schema.",
    example: "public.alembic_version at 1a2b3c4d5e6f, but the migrations expect head 9f8e7d6c5b4a.",
    fix: "Run the migrations (e.g. `alembic upgrade head`, `dbmate up`) against this database before deploying, or check why the last deploy skipped them."
  },
  {
    id: "ledger-ahead",
    title: "Migration ledger has versions the migrations do not know",
    severity: "warning",
    description: "The database recorded migrations that are not in the repository: it was migrated from another branch or a newer release, and this code may not match its schema.",
    example: "public.schema_migrations has 20240301120000, which is not in db/migrations.",
    fix: "Merge the missing migration files into this branch, or roll the database back to the version this code expects."
  },
  {
    id: "ledger-dirty",
    title: "golang-migrate ledger is dirty",
    severity: "error",
    description: "golang-migrate marks the version dirty when a migration failed half-way; the schema is in an unknown, partly migrated state and `migrate up` refuses to run.",
    example: "public.schema_migrations is dirty at version 42.",
    fix: "Inspect what migration 42 left behind, repair the schema by hand, then `migrate force 41` (or 42 if it completed) and rerun."
  },
  {
    id: "ledger-failed",
    title: "Migration ledger records a failed migration",
    severity: "error",
    description: "Flyway (success = false) or Prisma (started but neither finished nor rolled back) recorded a migration that failed; the schema is partly migrated and the tool blocks further migrations.",
    example: "public._prisma_migrations: 20240101000000_add_orders failed.",
    fix: "Fix the schema, then `flyway repair` or `prisma migrate resolve --rolled-back <name>` (or `--applied`) and deploy again."
  },
  {
    id: "ledger-multiple-heads",
    title: "Alembic has more than one head",
    severity: "error",
    description: "Two alembic branches were merged without a merge revision (several heads in alembic/versions), or alembic_version holds several rows; `alembic upgrade head` fails or applies only one branch.",
    example: "alembic/versions has 2 heads: 1a2b3c4d5e6f, 9f8e7d6c5b4a.",
    fix: 'Create a merge revision: `alembic merge -m "merge heads" heads`, commit it, and upgrade.'
  }
], rule = (id) => ledgerRules.find((r) => r.id === id), finding = (id, object2, message) => {
  let r = rule(id);
  return { rule: id, severity: r.severity, object: object2, message: redact(message), fix: r.fix };
}, headOnly = /* @__PURE__ */ new Set(["alembic", "golang-migrate"]);
function ledgerFindings(live, expected, driftCount) {
  let findings = [];
  for (let l of live)
    l.dirty && findings.push(finding("ledger-dirty", l.table, `${l.table} is dirty at version ${l.head ?? "?"}: a migration failed half-way.`)), l.failed.length && findings.push(finding("ledger-failed", l.table, `${l.table} records ${plural(l.failed.length, "failed migration")}: ${list(l.failed)}.`)), l.heads && l.heads.length > 1 && findings.push(finding("ledger-multiple-heads", l.table, `${l.table} has ${l.heads.length} rows (heads ${list(l.heads)}); the database is on several alembic branches.`));
  if (expected?.heads && expected.heads.length > 1) {
    let source = expected.source ?? "alembic/versions";
    findings.push(finding("ledger-multiple-heads", source, `${source} has ${expected.heads.length} heads: ${list(expected.heads)}.`));
  }
  let hasExpectation = expected !== void 0 && (expected.head !== void 0 || expected.versions !== void 0), chosen = pickLedger(live, expected), position = "unknown";
  if (hasExpectation && !chosen) {
    let object2 = expected.tool && expected.tool in defaultTable ? defaultTable[expected.tool] : "migration ledger", want = expected.head ? `head ${expected.head}` : plural(expected.versions.length, "migration");
    (expected.head || expected.versions.length) && findings.push(finding("ledger-missing", object2, `No migration ledger found in the database, but the migrations expect ${want}.`));
  } else hasExpectation && chosen && (position = compare(chosen, expected, findings));
  return { findings, summary: summarize(chosen, expected, position, driftCount) };
}
function pickLedger(live, expected) {
  if (live.length === 0) return;
  let sameTool = expected?.tool ? live.filter((l) => l.tool === expected.tool) : [], pool = sameTool.length ? sameTool : live;
  if (expected?.head) {
    let atHead = pool.find((l) => isExpectedHead(l.head, expected));
    if (atHead) return atHead;
  }
  if (expected?.versions?.length) {
    let want = new Set(expected.versions.map(normalize)), overlap = (l) => l.versions.filter((v) => want.has(normalize(v))).length;
    return [...pool].sort((a, b) => overlap(b) - overlap(a))[0];
  }
  return pool.find((l) => l.tool !== "preflight") ?? pool[0];
}
function compare(l, expected, findings) {
  let expectedVersions = expected.versions;
  if (headOnly.has(l.tool) || !expectedVersions) {
    if (expected.head === void 0 || expected.head === "" || l.heads && l.heads.length > 1) return "unknown";
    if (isExpectedHead(l.head, expected)) return "head";
    let liveHead = l.head, ahead = !1;
    return liveHead === void 0 || l.tool === "alembic" ? ahead = !1 : /^\d+(\.\d+)*$/.test(liveHead) && /^\d+(\.\d+)*$/.test(expected.head) ? ahead = compareVersions2(liveHead, expected.head) > 0 : expectedVersions ? ahead = !expectedVersions.some((v) => normalize(v) === normalize(liveHead)) : ahead = l.versions.some((v) => normalize(v) === normalize(expected.head)), ahead ? (findings.push(finding("ledger-ahead", l.table, `${l.table} is at ${liveHead}, ahead of the migrations' head ${expected.head}: the database was migrated by newer or other code.`)), "ahead") : (findings.push(finding("ledger-behind", l.table, `${l.table} is at ${liveHead ?? "no version"}, but the migrations expect head ${expected.head}.`)), "behind");
  }
  let liveSet = new Set(l.versions.map(normalize)), wantSet = new Set(expectedVersions.map(normalize)), missing = expectedVersions.filter((v) => !liveSet.has(normalize(v))), extra2 = l.versions.filter((v) => !wantSet.has(normalize(v)));
  return missing.length && findings.push(finding("ledger-behind", l.table, `${l.table} lacks ${plural(missing.length, "migration")} the repository has: ${list(missing)}.`)), extra2.length && findings.push(finding("ledger-ahead", l.table, `${l.table} has ${plural(extra2.length, "migration")} the repository does not: ${list(extra2)}.`)), missing.length ? "behind" : extra2.length ? "ahead" : "head";
}
function summarize(l, expected, position, driftCount) {
  let drift = driftCount > 0 ? `${plural(driftCount, "object")} ${driftCount === 1 ? "differs" : "differ"}` : "";
  if (!l)
    return !expected?.head && !expected?.versions?.length ? void 0 : `no migration ledger found${expected.head ? `, expected head ${expected.head}` : ""}${drift ? `, and ${drift}` : ""}`;
  let name = l.table.startsWith("public.") ? l.table.slice(7) : l.table, at = l.heads && l.heads.length > 1 ? l.heads.join(", ") : l.head ?? "no version", text = `ledger ${name} at ${at}`;
  return position === "head" ? text += " (head)" : position === "behind" ? text += `, behind ${expected?.head ? `head ${expected.head}` : "the migrations"}` : position === "ahead" && (text += `, ahead of ${expected?.head ? `head ${expected.head}` : "the migrations"}`), drift && (text += position === "head" ? `, but ${drift}` : `, and ${drift}`), text;
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function list(items) {
  let shown = items.slice(0, 5).join(", ");
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}
function quoteIdent(name) {
  return `"${name.replace(/"/g, '""')}"`;
}
function compareVersions2(a, b) {
  let ca = a.match(/\d+|\D+/g) ?? [], cb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    let x = ca[i], y = cb[i], xd = /^\d/.test(x), yd = /^\d/.test(y);
    if (xd && yd) {
      let p = x.replace(/^0+/, ""), q = y.replace(/^0+/, "");
      if (p.length !== q.length) return p.length - q.length;
      if (p !== q) return p < q ? -1 : 1;
    } else if (x !== y)
      return xd !== yd ? xd ? -1 : 1 : x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}
function sortVersions(versions) {
  return [...versions].sort((a, b) => compareVersions2(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}
function normalize(version) {
  return version.replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, ""));
}

// packages/schema-verify/src/introspect.sql.ts
var SESSION_SETUP = [
  "SELECT pg_catalog.set_config('search_path', '', true)",
  "SET LOCAL TimeZone = 'UTC'",
  "SET LOCAL DateStyle = 'ISO, YMD'",
  "SET LOCAL IntervalStyle = 'postgres'",
  "SET LOCAL extra_float_digits = 3",
  "SET LOCAL quote_all_identifiers = off"
];
function sqlLiteral(value) {
  return `E'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}
function acl(aclExpr, kind, owner, ignore, defaultEmpty = !1) {
  return ignore ? "NULL" : `(SELECT coalesce(json_agg(CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END
      || ':' || a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END), '[]'::json)
    FROM aclexplode(${defaultEmpty ? aclExpr : `coalesce(${aclExpr}, acldefault('${kind}', ${owner}))`}) a WHERE a.grantee <> ${owner})`;
}
function comment(catalog, oidExpr, subExpr = "0") {
  return `(SELECT d.description FROM pg_description d WHERE d.classoid = '${catalog}'::regclass AND d.objoid = ${oidExpr} AND d.objsubid = ${subExpr})`;
}
function notExtensionMember(catalog, oidExpr) {
  return `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oidExpr} AND e.deptype = 'e')`;
}
var relKey = "r.nspname || '.' || r.relname";
function collationName(collOid) {
  return `(SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = ${collOid})`;
}
function introspectionQuery(opts = {}) {
  let ig = opts.ignorePrivileges === !0;
  return `
WITH ns AS MATERIALIZED (
  SELECT n.oid, n.nspname, n.nspowner, n.nspacl FROM pg_namespace n
  WHERE ${opts.schemas && opts.schemas.length > 0 ? `n.nspname = ANY (ARRAY[${opts.schemas.map(sqlLiteral).join(", ")}]::text[])` : "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'"} AND ${notExtensionMember("pg_namespace", "n.oid")}
), rel AS MATERIALIZED (
  SELECT c.oid, c.relname, c.relkind, c.relpersistence, c.relowner, c.relacl, c.relrowsecurity,
         c.relforcerowsecurity, c.relispartition, c.reloptions, c.relpartbound, ns.nspname
  FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ${notExtensionMember("pg_class", "c.oid")}
)
SELECT json_build_object(
'version', current_setting('server_version_num')::int,
'schemas', (SELECT json_agg(json_build_object('n', n.nspname, 'cmt', ${comment("pg_namespace", "n.oid")},
    'acl', ${acl("n.nspacl", "n", "n.nspowner", ig)})) FROM ns n),
'extensions', (SELECT json_agg(json_build_object('n', e.extname, 'v', e.extversion, 's', en.nspname))
    FROM pg_extension e JOIN pg_namespace en ON en.oid = e.extnamespace),
'tables', (SELECT json_agg(json_build_object('s', r.nspname, 'n', r.relname, 'k', r.relkind,
    'unlogged', r.relpersistence = 'u',
    'pkey', CASE WHEN r.relkind = 'p' THEN pg_get_partkeydef(r.oid) END,
    'pof', CASE WHEN r.relispartition THEN (SELECT pn.nspname || '.' || pc.relname FROM pg_inherits i
        JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = r.oid) END,
    'bound', CASE WHEN r.relispartition THEN pg_get_expr(r.relpartbound, r.oid) END,
    'inh', CASE WHEN NOT r.relispartition THEN (SELECT json_agg(pn.nspname || '.' || pc.relname ORDER BY i.inhseqno)
        FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE i.inhrelid = r.oid) END,
    'rls', r.relrowsecurity, 'frls', r.relforcerowsecurity,
    'cmt', ${comment("pg_class", "r.oid")},
    'acl', ${acl("r.relacl", "r", "r.relowner", ig)}))
  FROM rel r WHERE r.relkind IN ('r', 'p')),
'views', (SELECT json_agg(json_build_object('s', r.nspname, 'n', r.relname, 'k', r.relkind,
    'def', pg_get_viewdef(r.oid, true), 'opts', r.reloptions,
    'deps', (SELECT json_agg(DISTINCT dn.nspname || '.' || dc.relname) FROM pg_rewrite rw
        JOIN pg_depend dp ON dp.classid = 'pg_rewrite'::regclass AND dp.objid = rw.oid AND dp.refclassid = 'pg_class'::regclass
        JOIN pg_class dc ON dc.oid = dp.refobjid JOIN pg_namespace dn ON dn.oid = dc.relnamespace
        WHERE rw.ev_class = r.oid AND dp.refobjid <> r.oid),
    'cmt', ${comment("pg_class", "r.oid")},
    'acl', ${acl("r.relacl", "r", "r.relowner", ig)}))
  FROM rel r WHERE r.relkind IN ('v', 'm')),
'columns', (SELECT json_agg(json_build_object('r', ${relKey}, 'n', a.attname,
    't', format_type(a.atttypid, a.atttypmod), 'nn', a.attnotnull,
    'def', pg_get_expr(ad.adbin, ad.adrelid), 'idn', a.attidentity, 'gen', a.attgenerated,
    'coll', CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN ${collationName("a.attcollation")} END,
    'inh', a.attinhcount > 0, 'local', a.attislocal,
    'cmt', ${comment("pg_class", "r.oid", "a.attnum")},
    'acl', ${acl("a.attacl", "c", "r.relowner", ig, !0)}) ORDER BY r.oid, a.attnum)
  FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  WHERE r.relkind IN ('r', 'p', 'v', 'm')),
'constraints', (SELECT json_agg(json_build_object('r', ${relKey}, 'n', k.conname, 'ct', k.contype,
    'def', pg_get_constraintdef(k.oid),
    'ref', CASE WHEN k.contype = 'f' THEN (SELECT fn.nspname || '.' || fc.relname FROM pg_class fc
        JOIN pg_namespace fn ON fn.oid = fc.relnamespace WHERE fc.oid = k.confrelid) END,
    'inh', k.coninhcount > 0 OR k.conparentid <> 0,
    'parent', CASE WHEN k.conparentid <> 0 THEN (SELECT pn.nspname || '.' || pc.relname || '.' || pk.conname
        FROM pg_constraint pk JOIN pg_class pc ON pc.oid = pk.conrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE pk.oid = k.conparentid) END,
    'cmt', ${comment("pg_constraint", "k.oid")}))
  FROM rel r JOIN pg_constraint k ON k.conrelid = r.oid
  WHERE r.relkind IN ('r', 'p') AND k.contype IN ('p', 'f', 'u', 'c', 'x')
    -- FK clones on partitions (and on the referencing side of partitioned targets) are derived
    -- from the parent's FK; pg_dump does not dump them and they share the parent's name.
    AND NOT (k.contype = 'f' AND k.conparentid <> 0)),
'indexes', (SELECT json_agg(json_build_object('s', r.nspname, 'n', ic.relname, 'r', ${relKey},
    'def', pg_get_indexdef(i.indexrelid),
    'parent', (SELECT pn.nspname || '.' || pc.relname FROM pg_inherits ih JOIN pg_class pc ON pc.oid = ih.inhparent
        JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE ih.inhrelid = i.indexrelid),
    'cmt', ${comment("pg_class", "i.indexrelid")}))
  FROM rel r JOIN pg_index i ON i.indrelid = r.oid JOIN pg_class ic ON ic.oid = i.indexrelid
  WHERE r.relkind IN ('r', 'p', 'm')
    -- indexes that back a PK/UNIQUE/EXCLUDE constraint are reported as that constraint
    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = r.oid
        AND k.contype IN ('p', 'u', 'x'))),
'triggers', (SELECT json_agg(json_build_object('r', ${relKey}, 'n', t.tgname, 'def', pg_get_triggerdef(t.oid),
    'en', t.tgenabled, 'cmt', ${comment("pg_trigger", "t.oid")}))
  FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid
  -- internal (FK) triggers belong to their constraint; clones on partitions to the parent's trigger
  WHERE NOT t.tgisinternal AND t.tgparentid = 0),
'policies', (SELECT json_agg(json_build_object('r', ${relKey}, 'n', p.polname, 'perm', p.polpermissive,
    'cmd', p.polcmd,
    'roles', (SELECT json_agg(CASE WHEN x = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x)::text END) FROM unnest(p.polroles) x),
    'using', pg_get_expr(p.polqual, p.polrelid), 'check', pg_get_expr(p.polwithcheck, p.polrelid),
    'cmt', ${comment("pg_policy", "p.oid")}))
  FROM rel r JOIN pg_policy p ON p.polrelid = r.oid),
'sequences', (SELECT json_agg(json_build_object('s', r.nspname, 'n', r.relname,
    't', format_type(s.seqtypid, NULL), 'start', s.seqstart::text, 'inc', s.seqincrement::text,
    'min', s.seqmin::text, 'max', s.seqmax::text, 'cache', s.seqcache::text, 'cycle', s.seqcycle,
    'owned', (SELECT tn.nspname || '.' || tc.relname || '.' || ta.attname FROM pg_depend d
        JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
        JOIN pg_attribute ta ON ta.attrelid = tc.oid AND ta.attnum = d.refobjsubid
        WHERE d.classid = 'pg_class'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
          AND d.deptype = 'a' LIMIT 1),
    'cmt', ${comment("pg_class", "r.oid")},
    'acl', ${acl("r.relacl", "s", "r.relowner", ig)}))
  FROM rel r JOIN pg_sequence s ON s.seqrelid = r.oid
  -- identity sequences are part of their column (deptype 'i'), not separate objects
  WHERE r.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
      AND d.objid = r.oid AND d.deptype = 'i')),
'functions', (SELECT json_agg(json_build_object('s', n.nspname, 'n', p.proname, 'k', p.prokind,
    'args', oidvectortypes(p.proargtypes), 'iargs', pg_get_function_identity_arguments(p.oid),
    'res', pg_get_function_result(p.oid),
    'def', CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) ELSE
      'CREATE AGGREGATE ' || quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '('
      || pg_get_function_arguments(p.oid) || ') (SFUNC = ' || ag.aggtransfn::regproc::text
      || ', STYPE = ' || format_type(ag.aggtranstype, NULL)
      || CASE WHEN ag.aggtransspace <> 0 THEN ', SSPACE = ' || ag.aggtransspace ELSE '' END
      || CASE WHEN ag.aggfinalfn <> 0 THEN ', FINALFUNC = ' || ag.aggfinalfn::regproc::text ELSE '' END
      || CASE WHEN ag.aggfinalextra THEN ', FINALFUNC_EXTRA' ELSE '' END
      || CASE WHEN ag.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || ag.aggcombinefn::regproc::text ELSE '' END
      || CASE WHEN ag.aggserialfn <> 0 THEN ', SERIALFUNC = ' || ag.aggserialfn::regproc::text ELSE '' END
      || CASE WHEN ag.aggdeserialfn <> 0 THEN ', DESERIALFUNC = ' || ag.aggdeserialfn::regproc::text ELSE '' END
      || CASE WHEN ag.agginitval IS NOT NULL THEN ', INITCOND = ' || quote_literal(ag.agginitval) ELSE '' END
      || CASE p.proparallel WHEN 's' THEN ', PARALLEL = SAFE' WHEN 'r' THEN ', PARALLEL = RESTRICTED' ELSE '' END
      || ')' END,
    'cmt', ${comment("pg_proc", "p.oid")},
    'acl', ${acl("p.proacl", "f", "p.proowner", ig)}))
  FROM pg_proc p JOIN ns n ON n.oid = p.pronamespace LEFT JOIN pg_aggregate ag ON ag.aggfnoid = p.oid
  WHERE ${notExtensionMember("pg_proc", "p.oid")}),
'types', (SELECT json_agg(json_build_object('s', n.nspname, 'n', t.typname, 'k', t.typtype,
    'vals', CASE WHEN t.typtype = 'e' THEN (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) END,
    'base', CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
    'def', CASE WHEN t.typtype = 'd' THEN pg_get_expr(t.typdefaultbin, 0) END,
    'nn', t.typnotnull,
    'coll', CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND t.typcollation <> (SELECT bt.typcollation FROM pg_type bt WHERE bt.oid = t.typbasetype)
      THEN ${collationName("t.typcollation")} END,
    'cons', CASE WHEN t.typtype = 'd' THEN (SELECT json_agg(json_build_object('n', c.conname, 'def', pg_get_constraintdef(c.oid)))
        FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c') END,
    'attrs', CASE WHEN t.typtype = 'c' THEN (SELECT json_agg(json_build_object('n', a.attname, 't', format_type(a.atttypid, a.atttypmod),
        'coll', CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation THEN ${collationName("a.attcollation")} END) ORDER BY a.attnum)
        FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END,
    'cmt', ${comment("pg_type", "t.oid")},
    'acl', ${acl("t.typacl", "T", "t.typowner", ig)}))
  FROM pg_type t JOIN ns n ON n.oid = t.typnamespace
  -- enums, domains and free-standing composite types; a table's row type and array types are
  -- implied by their table/element type
  WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class tc WHERE tc.oid = t.typrelid AND tc.relkind = 'c')))
    AND ${notExtensionMember("pg_type", "t.oid")}),
'defaultPrivileges', ${ig ? "NULL" : `(SELECT json_agg(json_build_object('role', pg_get_userbyid(d.defaclrole)::text,
    's', coalesce(dn.nspname, ''), 'k', d.defaclobjtype,
    'acl', (SELECT coalesce(json_agg(CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END
      || ':' || a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END), '[]'::json)
      FROM aclexplode(d.defaclacl) a WHERE a.grantee <> d.defaclrole)))
  FROM pg_default_acl d LEFT JOIN pg_namespace dn ON dn.oid = d.defaclnamespace
  WHERE d.defaclnamespace = 0 OR d.defaclnamespace IN (SELECT oid FROM ns))`}
) AS model`;
}

// packages/schema-verify/src/model.ts
function emptyModel(serverVersionNum = 0) {
  return {
    serverVersionNum,
    schemas: {},
    extensions: {},
    tables: {},
    views: {},
    indexes: {},
    sequences: {},
    functions: {},
    types: {},
    defaultPrivileges: {}
  };
}
function qualifiedKey(schema, name) {
  return `${schema}.${name}`;
}
function functionKey(schema, name, argTypes) {
  return `${schema}.${name}(${argTypes})`;
}
function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// packages/schema-verify/src/introspect.ts
async function introspect(client, opts = {}) {
  let text = ["BEGIN READ ONLY", ...SESSION_SETUP, introspectionQuery(opts), "COMMIT"].join(`;
`), raw;
  try {
    let results = await client.query(text);
    raw = results[results.length - 2].rows[0].model;
  } catch (error) {
    throw await client.query("ROLLBACK").catch(() => {
    }), new CouldNotRunError(`Reading the database catalog failed: ${messageOf(error)}.`, { cause: error });
  }
  return buildModel(raw, opts);
}
var constraintTypes = {
  p: "primary key",
  f: "foreign key",
  u: "unique",
  c: "check",
  x: "exclusion"
}, functionKinds = { f: "function", p: "procedure", a: "aggregate", w: "window" }, policyCommands = { r: "SELECT", a: "INSERT", w: "UPDATE", d: "DELETE", "*": "ALL" };
function put(target, key, value) {
  value != null && (target[key] = value);
}
function privileges(acl2, ignore) {
  if (!(ignore || acl2 === null))
    return [...acl2].sort(compareText);
}
function stripSemicolon(def) {
  return def.replace(/;\s*$/, "");
}
function buildModel(raw, opts = {}) {
  let ig = opts.ignorePrivileges, model = emptyModel(raw.version);
  for (let s of raw.schemas ?? []) {
    let def = { name: s.n };
    put(def, "comment", s.cmt), put(def, "privileges", privileges(s.acl, ig)), model.schemas[s.n] = def;
  }
  for (let e of raw.extensions ?? []) model.extensions[e.n] = { name: e.n, version: e.v, schema: e.s };
  for (let t of raw.tables ?? []) {
    let def = {
      schema: t.s,
      name: t.n,
      kind: t.k === "p" ? "partitioned table" : "table",
      unlogged: t.unlogged,
      rowSecurity: t.rls,
      forceRowSecurity: t.frls,
      columns: [],
      constraints: {},
      triggers: {},
      policies: {}
    };
    put(def, "partitionKey", t.pkey), put(def, "partitionOf", t.pof), put(def, "partitionBound", t.bound), t.inh && t.inh.length > 0 && (def.inherits = t.inh), put(def, "comment", t.cmt), put(def, "privileges", privileges(t.acl, ig)), model.tables[qualifiedKey(t.s, t.n)] = def;
  }
  for (let v of raw.views ?? []) {
    let options = (v.opts ?? []).filter((o) => !o.startsWith("check_option=")).sort(compareText), check2 = (v.opts ?? []).find((o) => o.startsWith("check_option=")), def = {
      schema: v.s,
      name: v.n,
      kind: v.k === "m" ? "materialized view" : "view",
      definition: stripSemicolon(v.def),
      options,
      dependsOn: [...v.deps ?? []].sort(compareText),
      columns: [],
      triggers: {}
    };
    check2 && (def.checkOption = check2.slice(13).toUpperCase()), put(def, "comment", v.cmt), put(def, "privileges", privileges(v.acl, ig)), model.views[qualifiedKey(v.s, v.n)] = def;
  }
  for (let c of raw.columns ?? []) {
    let owner = model.tables[c.r] ?? model.views[c.r];
    if (!owner) continue;
    let col = { name: c.n, type: c.t, notNull: c.nn };
    c.gen === "s" ? col.generated = c.def ?? "" : put(col, "default", c.def), c.idn === "a" ? col.identity = "always" : c.idn === "d" && (col.identity = "by default"), put(col, "collation", c.coll), c.inh && (col.inherited = !0), c.local || (col.notLocal = !0), put(col, "comment", c.cmt), !ig && c.acl && c.acl.length > 0 && (col.privileges = [...c.acl].sort(compareText)), owner.columns.push(col);
  }
  for (let k of raw.constraints ?? []) {
    let table2 = model.tables[k.r];
    if (!table2) continue;
    let def = { name: k.n, type: constraintTypes[k.ct], definition: k.def };
    put(def, "references", k.ref), k.inh && (def.inherited = !0), put(def, "parent", k.parent), put(def, "comment", k.cmt), table2.constraints[k.n] = def;
  }
  for (let i of raw.indexes ?? []) {
    let def = { schema: i.s, name: i.n, table: i.r, definition: i.def };
    put(def, "parent", i.parent), put(def, "comment", i.cmt), model.indexes[qualifiedKey(i.s, i.n)] = def;
  }
  for (let t of raw.triggers ?? []) {
    let owner = model.tables[t.r] ?? model.views[t.r];
    if (!owner) continue;
    let def = { name: t.n, definition: t.def, enabled: t.en };
    put(def, "comment", t.cmt), owner.triggers[t.n] = def;
  }
  for (let p of raw.policies ?? []) {
    let table2 = model.tables[p.r];
    if (!table2) continue;
    let def = {
      name: p.n,
      permissive: p.perm,
      command: policyCommands[p.cmd] ?? "ALL",
      roles: [...p.roles ?? ["PUBLIC"]].sort(compareText)
    };
    put(def, "using", p.using), put(def, "withCheck", p.check), put(def, "comment", p.cmt), table2.policies[p.n] = def;
  }
  for (let s of raw.sequences ?? []) {
    let def = {
      schema: s.s,
      name: s.n,
      type: s.t,
      start: s.start,
      increment: s.inc,
      min: s.min,
      max: s.max,
      cache: s.cache,
      cycle: s.cycle
    };
    put(def, "ownedBy", s.owned), put(def, "comment", s.cmt), put(def, "privileges", privileges(s.acl, ig)), model.sequences[qualifiedKey(s.s, s.n)] = def;
  }
  for (let f of raw.functions ?? []) {
    let def = {
      schema: f.s,
      name: f.n,
      kind: functionKinds[f.k] ?? "function",
      argTypes: f.args,
      identityArgs: f.iargs,
      definition: f.def.replace(/\s+$/, "")
    };
    put(def, "result", f.res), put(def, "comment", f.cmt), put(def, "privileges", privileges(f.acl, ig)), model.functions[functionKey(f.s, f.n, f.args)] = def;
  }
  for (let t of raw.types ?? []) {
    let kind = t.k === "e" ? "enum" : t.k === "d" ? "domain" : "composite", def = { schema: t.s, name: t.n, kind };
    if (kind === "enum" && (def.values = t.vals ?? []), kind === "domain") {
      def.baseType = t.base ?? "", put(def, "default", t.def), def.notNull = t.nn, put(def, "collation", t.coll), def.constraints = {};
      for (let c of t.cons ?? []) def.constraints[c.n] = { name: c.n, definition: c.def };
    }
    kind === "composite" && (def.attributes = (t.attrs ?? []).map((a) => {
      let attr = { name: a.n, type: a.t };
      return put(attr, "collation", a.coll), attr;
    })), put(def, "comment", t.cmt), put(def, "privileges", privileges(t.acl, ig)), model.types[qualifiedKey(t.s, t.n)] = def;
  }
  if (!ig)
    for (let d of raw.defaultPrivileges ?? [])
      model.defaultPrivileges[`${d.role}|${d.s}|${d.k}`] = {
        role: d.role,
        schema: d.s,
        objectType: d.k,
        privileges: [...d.acl].sort(compareText)
      };
  return model;
}

// packages/schema-verify/src/diff/context.ts
function push(ctx, finding2, fix) {
  let text = Array.isArray(fix) ? fix.filter(Boolean).join(`
`) : fix;
  text && (finding2.fix = text), ctx.findings.push(finding2);
}
function problem(ctx, rule2, object2, message, fix) {
  push(ctx, { rule: rule2, severity: "error", object: object2, message }, fix);
}
function extra(ctx, rule2, object2, message, fix) {
  push(ctx, { rule: rule2, severity: ctx.strict ? "error" : "warning", object: object2, message }, fix);
}

// packages/schema-verify/src/diff/sql.ts
var KEYWORDS = new Set(
  "all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast char character check coalesce collate collation column concurrently constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp current_user dec decimal default deferrable desc distinct do else end except exists extract false fetch float for foreign freeze from full grant greatest group grouping having ilike in initially inner inout int integer intersect interval into is isnull join lateral leading least left like limit localtime localtimestamp national natural nchar none normalize not notnull null nullif numeric offset on only or order out outer overlaps overlay placing position precision primary real references returning right row select session_user setof similar smallint some substring symmetric table tablesample then time timestamp to trailing treat trim true union unique user using values varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable".split(" ")
);
function quoteIdent2(name) {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !KEYWORDS.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
function qname(schema, name) {
  return `${quoteIdent2(schema)}.${quoteIdent2(name)}`;
}
function quoteLiteral(value) {
  let body = value.replace(/'/g, "''");
  return value.includes("\\") ? `E'${body.replace(/\\/g, "\\\\")}'` : `'${body}'`;
}
function quoteRole(role) {
  return role === "PUBLIC" ? "PUBLIC" : quoteIdent2(role);
}
function normalizeSql(text) {
  return (text ?? "").replace(/\s+/g, " ").trim();
}
function statement(sql) {
  return sql.replace(/;?\s*$/, ";");
}
function comment2(kindAndTarget, text) {
  return `COMMENT ON ${kindAndTarget} IS ${text === void 0 ? "NULL" : quoteLiteral(text)};`;
}
function keyToSql(models, key) {
  for (let m of models) {
    let def = m.tables[key] ?? m.views[key] ?? m.sequences[key] ?? m.indexes[key] ?? m.types[key];
    if (def) return qname(def.schema, def.name);
  }
  let dot = key.indexOf(".");
  return dot < 0 ? quoteIdent2(key) : qname(key.slice(0, dot), key.slice(dot + 1));
}
function splitColumnKey(models, key) {
  for (let m of models)
    for (let i2 = key.lastIndexOf("."); i2 > 0; i2 = key.lastIndexOf(".", i2 - 1))
      if (m.tables[key.slice(0, i2)] || m.views[key.slice(0, i2)]) return [key.slice(0, i2), key.slice(i2 + 1)];
  let i = key.lastIndexOf(".");
  return [key.slice(0, i), key.slice(i + 1)];
}
function columnSql(col, withDefault) {
  let s = `${quoteIdent2(col.name)} ${col.type}`;
  return col.collation && (s += ` COLLATE ${col.collation}`), col.generated !== void 0 ? s += ` GENERATED ALWAYS AS (${col.generated}) STORED` : withDefault && col.default !== void 0 && (s += ` DEFAULT ${col.default}`), col.identity && (s += ` GENERATED ${col.identity === "always" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`), col.notNull && (s += " NOT NULL"), s;
}
function createIndexSql(definition) {
  return statement(
    definition.replace(/^CREATE (UNIQUE )?INDEX (?!IF NOT EXISTS )/, (_m, u) => `CREATE ${u ?? ""}INDEX IF NOT EXISTS `).replace(/ ON ONLY /, " ON ")
  );
}

// packages/schema-verify/src/diff/privileges.ts
function parse(entry) {
  let at = entry.lastIndexOf(":"), privilege = entry.slice(at + 1), grantable = privilege.endsWith("*");
  return grantable && (privilege = privilege.slice(0, -1)), { grantee: entry.slice(0, at), privilege, grantable };
}
function byGrantee(entries) {
  let out = /* @__PURE__ */ new Map();
  for (let e of entries) {
    let g = parse(e);
    out.has(g.grantee) || out.set(g.grantee, /* @__PURE__ */ new Map()), out.get(g.grantee).set(g.privilege, g.grantable);
  }
  return out;
}
function deltas(to, from) {
  let want = byGrantee(to), have = byGrantee(from), grantees = [.../* @__PURE__ */ new Set([...want.keys(), ...have.keys()])].sort(compareText), out = [];
  for (let grantee of grantees) {
    let w = want.get(grantee) ?? /* @__PURE__ */ new Map(), h = have.get(grantee) ?? /* @__PURE__ */ new Map(), d = { grantee, grant: [], grantWithOption: [], revoke: [], revokeOption: [] };
    for (let [priv, opt2] of w)
      h.has(priv) ? opt2 && !h.get(priv) && d.grantWithOption.push(priv) : (opt2 ? d.grantWithOption : d.grant).push(priv);
    for (let [priv, opt2] of h)
      w.has(priv) ? opt2 && !w.get(priv) && d.revokeOption.push(priv) : d.revoke.push(priv);
    for (let list2 of [d.grant, d.grantWithOption, d.revoke, d.revokeOption]) list2.sort(compareText);
    d.grant.length + d.grantWithOption.length + d.revoke.length + d.revokeOption.length > 0 && out.push(d);
  }
  return out;
}
function privList(privs, column3) {
  return privs.map((p) => column3 ? `${p} (${quoteIdent2(column3)})` : p).join(", ");
}
function statementsFor(target, d) {
  let to = quoteRole(d.grantee), grants = [], revokes = [];
  return d.grant.length && grants.push(`GRANT ${privList(d.grant, target.column)} ON ${target.on} TO ${to};`), d.grantWithOption.length && grants.push(`GRANT ${privList(d.grantWithOption, target.column)} ON ${target.on} TO ${to} WITH GRANT OPTION;`), d.revoke.length && revokes.push(`REVOKE ${privList(d.revoke, target.column)} ON ${target.on} FROM ${to};`), d.revokeOption.length && revokes.push(`REVOKE GRANT OPTION FOR ${privList(d.revokeOption, target.column)} ON ${target.on} FROM ${to};`), { grants, revokes };
}
function describe2(privs) {
  return privs.join(", ");
}
function diffPrivileges(ctx, target, expected, actual) {
  if (!(ctx.ignorePrivileges || !expected || !actual))
    for (let d of deltas(expected, actual)) {
      let { grants, revokes } = statementsFor(target, d), who = d.grantee === "PUBLIC" ? "PUBLIC" : `role ${d.grantee}`;
      if (grants.length) {
        let privs = [...d.grant, ...d.grantWithOption.map((p) => `${p} WITH GRANT OPTION`)];
        problem(ctx, "missing-grant", target.object, `${who} is missing ${describe2(privs)} on ${target.label} in the live database.`, grants);
      }
      if (revokes.length) {
        let privs = [...d.revoke, ...d.revokeOption.map((p) => `GRANT OPTION for ${p}`)];
        extra(ctx, "extra-grant", target.object, `${who} has ${describe2(privs)} on ${target.label} in the live database, which the expected schema does not grant.`, revokes);
      }
    }
}
function creationGrants(target, expected, baseline) {
  if (!expected) return [];
  let out = [];
  for (let d of deltas(expected, baseline)) out.push(...statementsFor(target, d).revokes);
  for (let d of deltas(expected, [])) out.push(...statementsFor(target, d).grants);
  return out;
}
function newObjectBaseline(ctx, schema, objectType) {
  let out = new Set(builtinDefault(objectType));
  for (let d of Object.values(ctx.actual.defaultPrivileges))
    if (!(d.objectType !== objectType || d.schema !== "" && d.schema !== schema))
      for (let p of d.privileges) out.add(p.replace(/\*$/, ""));
  return [...out].sort(compareText);
}
function diffComment(ctx, object2, label, on, expected, actual) {
  (expected ?? null) !== (actual ?? null) && (expected !== void 0 ? problem(ctx, "comment-mismatch", object2, `The comment on ${label} ${actual === void 0 ? "is missing" : "differs"} in the live database.`, comment2(on, expected)) : extra(ctx, "extra-comment", object2, `${label[0].toUpperCase()}${label.slice(1)} has a comment in the live database that the expected schema does not have.`, comment2(on, void 0)));
}
var objectTypeWords = {
  r: "TABLES",
  S: "SEQUENCES",
  f: "FUNCTIONS",
  T: "TYPES",
  n: "SCHEMAS"
};
function builtinDefault(objectType) {
  return objectType === "f" ? ["PUBLIC:EXECUTE"] : objectType === "T" ? ["PUBLIC:USAGE"] : [];
}
function diffDefaultPrivileges(ctx) {
  if (ctx.ignorePrivileges) return;
  let exp = ctx.expected.defaultPrivileges, act = ctx.actual.defaultPrivileges;
  for (let key of [.../* @__PURE__ */ new Set([...Object.keys(exp), ...Object.keys(act)])].sort(compareText)) {
    let def = exp[key] ?? act[key], fallback2 = def.schema === "" ? builtinDefault(def.objectType) : [], want = exp[key]?.privileges ?? fallback2, have = act[key]?.privileges ?? fallback2, word = objectTypeWords[def.objectType], scope = def.schema ? ` IN SCHEMA ${quoteIdent2(def.schema)}` : "", prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent2(def.role)}${scope}`, object2 = `${def.schema ? `${def.schema}.` : ""}default-privileges(${def.role}, ${word.toLowerCase()})`, where = `${def.schema ? ` in schema ${def.schema}` : ""}`;
    for (let d of deltas(want, have)) {
      let to = quoteRole(d.grantee), grants = [], revokes = [];
      d.grant.length && grants.push(`${prefix} GRANT ${d.grant.join(", ")} ON ${word} TO ${to};`), d.grantWithOption.length && grants.push(`${prefix} GRANT ${d.grantWithOption.join(", ")} ON ${word} TO ${to} WITH GRANT OPTION;`), d.revoke.length && revokes.push(`${prefix} REVOKE ${d.revoke.join(", ")} ON ${word} FROM ${to};`), d.revokeOption.length && revokes.push(`${prefix} REVOKE GRANT OPTION FOR ${d.revokeOption.join(", ")} ON ${word} FROM ${to};`);
      let who = d.grantee === "PUBLIC" ? "PUBLIC" : `role ${d.grantee}`;
      grants.length && problem(
        ctx,
        "missing-default-privilege",
        object2,
        `Default privileges of role ${def.role}${where} do not give ${who} ${[...d.grant, ...d.grantWithOption].join(", ")} on new ${word.toLowerCase()} in the live database.`,
        grants
      ), revokes.length && extra(
        ctx,
        "extra-default-privilege",
        object2,
        `Default privileges of role ${def.role}${where} give ${who} ${[...d.revoke, ...d.revokeOption.map((p) => `GRANT OPTION for ${p}`)].join(", ")} on new ${word.toLowerCase()} in the live database, which the expected schema does not.`,
        revokes
      );
    }
  }
}

// packages/schema-verify/src/diff/objects.ts
var keysOf = (a, b) => [.../* @__PURE__ */ new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareText);
function diffSchemaObjects(ctx) {
  let { expected, actual } = ctx;
  for (let name of keysOf(expected.schemas, actual.schemas)) {
    let e = expected.schemas[name], a = actual.schemas[name], sql = quoteIdent2(name);
    if (e && !a) {
      let fix = [`CREATE SCHEMA IF NOT EXISTS ${sql};`];
      e.comment !== void 0 && fix.push(comment2(`SCHEMA ${sql}`, e.comment)), fix.push(...creationGrants({ object: name, label: "", on: `SCHEMA ${sql}` }, e.privileges, newObjectBaseline(ctx, name, "n"))), problem(ctx, "missing-schema", name, `Schema ${name} is missing in the live database.`, fix);
    } else !e && a ? extra(ctx, "extra-schema", name, `Schema ${name} exists in the live database but not in the expected schema.`, `DROP SCHEMA IF EXISTS ${sql} CASCADE;`) : e && a && (diffComment(ctx, name, `schema ${name}`, `SCHEMA ${sql}`, e.comment, a.comment), diffPrivileges(ctx, { object: name, label: `schema ${name}`, on: `SCHEMA ${sql}` }, e.privileges, a.privileges));
  }
}
function diffExtensions(ctx) {
  let { expected, actual } = ctx;
  for (let name of keysOf(expected.extensions, actual.extensions)) {
    let e = expected.extensions[name], a = actual.extensions[name], sql = quoteIdent2(name);
    e && !a ? problem(
      ctx,
      "missing-extension",
      name,
      `Extension ${name} (version ${e.version}) is missing in the live database.`,
      `CREATE EXTENSION IF NOT EXISTS ${sql} WITH SCHEMA ${quoteIdent2(e.schema)} VERSION ${quoteLiteral(e.version)};`
    ) : !e && a ? extra(ctx, "extra-extension", name, `Extension ${name} is installed in the live database but not in the expected schema.`, `DROP EXTENSION IF EXISTS ${sql};`) : e && a && (e.version !== a.version && problem(
      ctx,
      "extension-version-mismatch",
      name,
      `Extension ${name} is version ${a.version} in the live database but ${e.version} in the expected schema.`,
      `ALTER EXTENSION ${sql} UPDATE TO ${quoteLiteral(e.version)};`
    ), e.schema !== a.schema && problem(
      ctx,
      "extension-schema-mismatch",
      name,
      `Extension ${name} is installed in schema ${a.schema} in the live database but in ${e.schema} in the expected schema.`,
      `ALTER EXTENSION ${sql} SET SCHEMA ${quoteIdent2(e.schema)};`
    ));
  }
}
function sequenceOptions(s) {
  return `AS ${s.type} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} START WITH ${s.start} CACHE ${s.cache} ${s.cycle ? "CYCLE" : "NO CYCLE"}`;
}
function ownedBySql(ctx, seqSql, ownedBy) {
  if (!ownedBy) return `ALTER SEQUENCE ${seqSql} OWNED BY NONE;`;
  let [table2, column3] = splitColumnKey([ctx.expected, ctx.actual], ownedBy);
  return `ALTER SEQUENCE ${seqSql} OWNED BY ${keyToSql([ctx.expected, ctx.actual], table2)}.${quoteIdent2(column3)};`;
}
function diffSequences(ctx) {
  let { expected, actual } = ctx;
  for (let key of keysOf(expected.sequences, actual.sequences)) {
    let e = expected.sequences[key], a = actual.sequences[key];
    if (e && !a) {
      let name = qname(e.schema, e.name), fix = [`CREATE SEQUENCE IF NOT EXISTS ${name} ${sequenceOptions(e)};`];
      e.ownedBy && fix.push(ownedBySql(ctx, name, e.ownedBy)), e.comment !== void 0 && fix.push(comment2(`SEQUENCE ${name}`, e.comment)), fix.push(...creationGrants({ object: key, label: "", on: `SEQUENCE ${name}` }, e.privileges, newObjectBaseline(ctx, e.schema, "S"))), problem(ctx, "missing-sequence", key, `Sequence ${key} is missing in the live database.`, fix);
    } else if (!e && a)
      extra(ctx, "extra-sequence", key, `Sequence ${key} exists in the live database but not in the expected schema.`, `DROP SEQUENCE IF EXISTS ${qname(a.schema, a.name)};`);
    else if (e && a) {
      let name = qname(e.schema, e.name), diffs = ["type", "start", "increment", "min", "max", "cache", "cycle"].filter((f) => e[f] !== a[f]).map((f) => `${f} ${a[f]} instead of ${e[f]}`);
      diffs.length && problem(ctx, "sequence-mismatch", key, `Sequence ${key} differs in the live database: ${diffs.join(", ")}.`, `ALTER SEQUENCE ${name} ${sequenceOptions(e)};`), (e.ownedBy ?? "") !== (a.ownedBy ?? "") && problem(
        ctx,
        "sequence-owned-by-mismatch",
        key,
        `Sequence ${key} is owned by ${a.ownedBy ?? "no column"} in the live database but by ${e.ownedBy ?? "no column"} in the expected schema.`,
        ownedBySql(ctx, name, e.ownedBy)
      ), diffComment(ctx, key, `sequence ${key}`, `SEQUENCE ${name}`, e.comment, a.comment), diffPrivileges(ctx, { object: key, label: `sequence ${key}`, on: `SEQUENCE ${name}` }, e.privileges, a.privileges);
    }
  }
}
var routineWord = {
  function: "FUNCTION",
  window: "FUNCTION",
  procedure: "PROCEDURE",
  aggregate: "AGGREGATE"
};
function routineRef(f) {
  return `${qname(f.schema, f.name)}(${f.identityArgs})`;
}
function grantTarget(f) {
  return `${f.kind === "aggregate" ? "ROUTINE" : routineWord[f.kind]} ${routineRef(f)}`;
}
function functionStatements(ctx, key, f) {
  let out = [statement(f.definition)];
  return f.comment !== void 0 && out.push(comment2(`${routineWord[f.kind]} ${routineRef(f)}`, f.comment)), out.push(...creationGrants({ object: key, label: "", on: grantTarget(f) }, f.privileges, newObjectBaseline(ctx, f.schema, "f"))), out;
}
function diffFunctions(ctx) {
  let { expected, actual } = ctx;
  for (let key of keysOf(expected.functions, actual.functions)) {
    let e = expected.functions[key], a = actual.functions[key];
    if (e && !a)
      problem(ctx, "missing-function", key, `${cap(e.kind)} ${key} is missing in the live database.`, functionStatements(ctx, key, e));
    else if (!e && a)
      extra(
        ctx,
        "extra-function",
        key,
        `${cap(a.kind)} ${key} exists in the live database but not in the expected schema.`,
        `DROP ${routineWord[a.kind]} IF EXISTS ${routineRef(a)};`
      );
    else if (e && a) {
      if (e.kind !== a.kind || normalizeSql(e.definition) !== normalizeSql(a.definition)) {
        let replaceable = e.kind === a.kind && e.kind !== "aggregate" && e.result === a.result && e.identityArgs === a.identityArgs, fix = replaceable ? functionStatements(ctx, key, e) : [`DROP ${routineWord[a.kind]} IF EXISTS ${routineRef(a)};`, ...functionStatements(ctx, key, e)];
        if (problem(ctx, "function-definition-mismatch", key, `${cap(e.kind)} ${key} has a different definition in the live database than in the expected schema.`, fix), !replaceable) continue;
      }
      diffComment(ctx, key, `${e.kind} ${key}`, `${routineWord[e.kind]} ${routineRef(e)}`, e.comment, a.comment), diffPrivileges(ctx, { object: key, label: `${e.kind} ${key}`, on: grantTarget(e) }, e.privileges, a.privileges);
    }
  }
}
function cap(s) {
  return s[0].toUpperCase() + s.slice(1);
}
function typeWord(t) {
  return t.kind === "domain" ? "DOMAIN" : "TYPE";
}
function domainConstraintsSql(name, t) {
  return Object.keys(t.constraints ?? {}).sort(compareText).map((c) => `ALTER DOMAIN ${name} ADD CONSTRAINT ${quoteIdent2(c)} ${t.constraints[c].definition};`);
}
function createTypeStatements(ctx, key, t) {
  let name = qname(t.schema, t.name), out = [];
  if (t.kind === "enum" && out.push(`CREATE TYPE ${name} AS ENUM (${(t.values ?? []).map(quoteLiteral).join(", ")});`), t.kind === "composite") {
    let attrs = (t.attributes ?? []).map((a) => `${quoteIdent2(a.name)} ${a.type}${a.collation ? ` COLLATE ${a.collation}` : ""}`);
    out.push(`CREATE TYPE ${name} AS (${attrs.join(", ")});`);
  }
  if (t.kind === "domain") {
    let s = `CREATE DOMAIN ${name} AS ${t.baseType}`;
    t.collation && (s += ` COLLATE ${t.collation}`), t.default !== void 0 && (s += ` DEFAULT ${t.default}`), t.notNull && (s += " NOT NULL"), out.push(`${s};`, ...domainConstraintsSql(name, t));
  }
  return t.comment !== void 0 && out.push(comment2(`${typeWord(t)} ${name}`, t.comment)), out.push(...creationGrants({ object: key, label: "", on: `TYPE ${name}` }, t.privileges, newObjectBaseline(ctx, t.schema, "T"))), out;
}
function enumAdditions(name, want, have) {
  let kept = want.filter((v) => have.includes(v));
  if (have.some((v) => !want.includes(v)) || kept.join("\0") !== have.join("\0")) return;
  let current = [...have], out = [];
  return want.forEach((label, i) => {
    if (current.includes(label)) return;
    let next = want.slice(i + 1).find((v) => current.includes(v)), prev = [...want.slice(0, i)].reverse().find((v) => current.includes(v)), where = next !== void 0 ? ` BEFORE ${quoteLiteral(next)}` : prev !== void 0 ? ` AFTER ${quoteLiteral(prev)}` : "";
    out.push(`ALTER TYPE ${name} ADD VALUE IF NOT EXISTS ${quoteLiteral(label)}${where};`);
    let at = next !== void 0 ? current.indexOf(next) : current.length;
    current.splice(at, 0, label);
  }), out;
}
function diffTypes(ctx) {
  let { expected, actual } = ctx;
  for (let key of keysOf(expected.types, actual.types)) {
    let e = expected.types[key], a = actual.types[key];
    if (e && !a) {
      problem(ctx, "missing-type", key, `${cap(e.kind === "composite" ? "composite type" : e.kind)} ${key} is missing in the live database.`, createTypeStatements(ctx, key, e));
      continue;
    }
    if (!e && a) {
      extra(
        ctx,
        "extra-type",
        key,
        `${cap(a.kind === "composite" ? "composite type" : a.kind)} ${key} exists in the live database but not in the expected schema.`,
        `DROP ${typeWord(a)} IF EXISTS ${qname(a.schema, a.name)};`
      );
      continue;
    }
    let name = qname(e.schema, e.name);
    if (e.kind !== a.kind) {
      problem(ctx, "type-definition-mismatch", key, `Type ${key} is ${a.kind === "enum" ? "an" : "a"} ${a.kind} in the live database but ${e.kind === "enum" ? "an" : "a"} ${e.kind} in the expected schema; it must be re-created.`);
      continue;
    }
    if (e.kind === "enum") {
      let want = e.values ?? [], have = a.values ?? [];
      if (want.join("\0") !== have.join("\0")) {
        let fix = enumAdditions(name, want, have), message = `Enum ${key} has values (${have.join(", ")}) in the live database but (${want.join(", ")}) in the expected schema` + (fix ? "." : "; labels cannot be removed or reordered in place, so the type must be re-created.");
        problem(ctx, "enum-values-mismatch", key, message, fix);
      }
    }
    if (e.kind === "domain" && diffDomain(ctx, key, name, e, a), e.kind === "composite") {
      let fmt = (t) => (t.attributes ?? []).map((x) => `${x.name} ${x.type}${x.collation ? ` COLLATE ${x.collation}` : ""}`).join(", ");
      if (fmt(e) !== fmt(a)) {
        let fix = [], have = new Map((a.attributes ?? []).map((x) => [x.name, x])), want = new Map((e.attributes ?? []).map((x) => [x.name, x]));
        for (let x of a.attributes ?? []) want.has(x.name) || fix.push(`ALTER TYPE ${name} DROP ATTRIBUTE IF EXISTS ${quoteIdent2(x.name)};`);
        for (let x of e.attributes ?? []) {
          let coll = x.collation ? ` COLLATE ${x.collation}` : "", h = have.get(x.name);
          h ? (h.type !== x.type || h.collation !== x.collation) && fix.push(`ALTER TYPE ${name} ALTER ATTRIBUTE ${quoteIdent2(x.name)} TYPE ${x.type}${coll};`) : fix.push(`ALTER TYPE ${name} ADD ATTRIBUTE ${quoteIdent2(x.name)} ${x.type}${coll};`);
        }
        problem(ctx, "type-definition-mismatch", key, `Composite type ${key} is (${fmt(a)}) in the live database but (${fmt(e)}) in the expected schema.`, fix);
      }
    }
    diffComment(ctx, key, `type ${key}`, `${typeWord(e)} ${name}`, e.comment, a.comment), diffPrivileges(ctx, { object: key, label: `type ${key}`, on: `TYPE ${name}` }, e.privileges, a.privileges);
  }
}
function diffDomain(ctx, key, name, e, a) {
  if (e.baseType !== a.baseType || (e.collation ?? "") !== (a.collation ?? "")) {
    problem(
      ctx,
      "domain-definition-mismatch",
      key,
      `Domain ${key} is based on ${a.baseType}${a.collation ? ` COLLATE ${a.collation}` : ""} in the live database but on ${e.baseType}${e.collation ? ` COLLATE ${e.collation}` : ""} in the expected schema; it must be re-created.`
    );
    return;
  }
  let fix = [], what = [];
  (e.default ?? "") !== (a.default ?? "") && (fix.push(e.default === void 0 ? `ALTER DOMAIN ${name} DROP DEFAULT;` : `ALTER DOMAIN ${name} SET DEFAULT ${e.default};`), what.push(`default ${a.default ?? "none"} instead of ${e.default ?? "none"}`)), !!e.notNull != !!a.notNull && (fix.push(`ALTER DOMAIN ${name} ${e.notNull ? "SET" : "DROP"} NOT NULL;`), what.push(e.notNull ? "nullable instead of NOT NULL" : "NOT NULL instead of nullable"));
  let ec = e.constraints ?? {}, ac = a.constraints ?? {};
  for (let c of keysOf(ec, ac))
    ec[c] && ac[c] && normalizeSql(ec[c].definition) === normalizeSql(ac[c].definition) || (ac[c] && fix.push(`ALTER DOMAIN ${name} DROP CONSTRAINT IF EXISTS ${quoteIdent2(c)};`), ec[c] && fix.push(`ALTER DOMAIN ${name} ADD CONSTRAINT ${quoteIdent2(c)} ${ec[c].definition};`), what.push(ac[c] ? ec[c] ? `constraint ${c} is ${ac[c].definition} instead of ${ec[c].definition}` : `extra constraint ${c}` : `constraint ${c} missing`));
  what.length && problem(ctx, "domain-definition-mismatch", key, `Domain ${key} differs in the live database: ${what.join("; ")}.`, fix);
}

// packages/schema-verify/src/diff/views.ts
function kindWord(v) {
  return v.kind === "materialized view" ? "MATERIALIZED VIEW" : "VIEW";
}
function createViewSql(v) {
  let name = qname(v.schema, v.name), opts = v.options.length ? ` WITH (${v.options.join(", ")})` : "";
  if (v.kind === "materialized view") return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${name}${opts} AS
${v.definition}
WITH DATA;`;
  let check2 = v.checkOption ? `
WITH ${v.checkOption} CHECK OPTION` : "";
  return `CREATE OR REPLACE VIEW ${name}${opts} AS
${v.definition}${check2};`;
}
function createViewStatements(ctx, key) {
  let v = ctx.expected.views[key], name = qname(v.schema, v.name), out = [createViewSql(v), ...indexStatements(ctx, key)];
  for (let t of Object.keys(v.triggers).sort(compareText)) out.push(...triggerStatements(name, v.triggers[t]));
  v.comment !== void 0 && out.push(comment2(`${kindWord(v)} ${name}`, v.comment)), out.push(...creationGrants({ object: key, label: "", on: `TABLE ${name}` }, v.privileges, newObjectBaseline(ctx, v.schema, "r")));
  for (let c of v.columns)
    c.comment !== void 0 && out.push(comment2(`COLUMN ${name}.${quoteIdent2(c.name)}`, c.comment)), c.privileges && out.push(...creationGrants({ object: key, label: "", on: `TABLE ${name}`, column: c.name }, c.privileges, []));
  return out;
}
function dropViewSql(v) {
  return `DROP ${kindWord(v)} IF EXISTS ${qname(v.schema, v.name)} CASCADE;`;
}
function liveDependents(ctx, relKey2) {
  let readers = /* @__PURE__ */ new Map();
  for (let [key, v] of Object.entries(ctx.actual.views))
    for (let dep of v.dependsOn)
      readers.has(dep) || readers.set(dep, []), readers.get(dep).push(key);
  let direct = [...readers.get(relKey2) ?? []].sort(compareText), seen = /* @__PURE__ */ new Set(), queue = [...direct];
  for (; queue.length; ) {
    let k = queue.shift();
    seen.has(k) || k === relKey2 || (seen.add(k), queue.push(...readers.get(k) ?? []));
  }
  return { direct, all: [...seen].sort(compareText) };
}
function dependentViewRecreation(ctx, relKey2) {
  let { direct, all } = liveDependents(ctx, relKey2);
  if (!direct.length) return [];
  let out = direct.map((k) => dropViewSql(ctx.actual.views[k]));
  for (let k of all) ctx.expected.views[k] && out.push(...createViewStatements(ctx, k));
  return out;
}
function sameColumns(live, want) {
  return live.columns.length <= want.columns.length && live.columns.every((c, i) => want.columns[i].name === c.name && want.columns[i].type === c.type);
}
function diffViews(ctx) {
  let { expected, actual } = ctx, keys = [.../* @__PURE__ */ new Set([...Object.keys(expected.views), ...Object.keys(actual.views)])].sort(compareText);
  for (let key of keys) {
    let e = expected.views[key], a = actual.views[key];
    if (e && !a) {
      problem(ctx, "missing-view", key, `${e.kind === "view" ? "View" : "Materialized view"} ${key} is missing in the live database.`, createViewStatements(ctx, key));
      continue;
    }
    if (!e && a) {
      extra(
        ctx,
        "extra-view",
        key,
        `${a.kind === "view" ? "View" : "Materialized view"} ${key} exists in the live database but not in the expected schema.`,
        [dropViewSql(a), ...dependentViewRecreation(ctx, key).filter((s) => !s.startsWith("DROP "))]
      );
      continue;
    }
    let same = e.kind === a.kind && normalizeSql(e.definition) === normalizeSql(a.definition) && e.options.join(",") === a.options.join(",") && (e.checkOption ?? "") === (a.checkOption ?? ""), name = qname(e.schema, e.name);
    if (!same) {
      let replaceable = e.kind === "view" && a.kind === "view" && sameColumns(a, e), fix = replaceable ? [createViewSql(e)] : [dropViewSql(a), ...createViewStatements(ctx, key), ...dependentViewRecreation(ctx, key).filter((s) => !s.startsWith("DROP "))], what = e.kind !== a.kind ? `is a ${a.kind} in the live database but a ${e.kind} in the expected schema` : "has a different definition in the live database than in the expected schema";
      if (problem(ctx, "view-definition-mismatch", key, `${e.kind === "view" ? "View" : "Materialized view"} ${key} ${what}.`, fix), !replaceable) continue;
    }
    diffTriggers(ctx, key, name, e.triggers, a.triggers), diffComment(ctx, key, `${e.kind} ${key}`, `${kindWord(e)} ${name}`, e.comment, a.comment), diffPrivileges(ctx, { object: key, label: `${e.kind} ${key}`, on: `TABLE ${name}` }, e.privileges, a.privileges);
    let liveCols = new Map(a.columns.map((c) => [c.name, c]));
    for (let c of e.columns) {
      let l = liveCols.get(c.name);
      if (!l) continue;
      let object2 = `${key}.${c.name}`;
      diffComment(ctx, object2, `column ${object2}`, `COLUMN ${name}.${quoteIdent2(c.name)}`, c.comment, l.comment), diffPrivileges(
        ctx,
        { object: object2, label: `column ${object2}`, on: `TABLE ${name}`, column: c.name },
        c.privileges ?? (e.privileges ? [] : void 0),
        l.privileges ?? (a.privileges ? [] : void 0)
      );
    }
  }
}

// packages/schema-verify/src/diff/tables.ts
var sortedKeys = (...maps) => [...new Set(maps.flatMap((m) => Object.keys(m)))].sort(compareText);
function parentsOf(t) {
  return t.partitionOf ? [t.partitionOf] : t.inherits ?? [];
}
function triggerStatements(relSql, trigger2) {
  let out = [statement(trigger2.definition)];
  return trigger2.enabled !== "O" && out.push(enableTriggerSql(relSql, trigger2)), trigger2.comment !== void 0 && out.push(comment2(`TRIGGER ${quoteIdent2(trigger2.name)} ON ${relSql}`, trigger2.comment)), out;
}
function enableTriggerSql(relSql, trigger2) {
  let how = { O: "ENABLE", D: "DISABLE", R: "ENABLE REPLICA", A: "ENABLE ALWAYS" }[trigger2.enabled];
  return `ALTER TABLE ${relSql} ${how} TRIGGER ${quoteIdent2(trigger2.name)};`;
}
function policySql(relSql, p) {
  let s = `CREATE POLICY ${quoteIdent2(p.name)} ON ${relSql} AS ${p.permissive ? "PERMISSIVE" : "RESTRICTIVE"} FOR ${p.command} TO ${p.roles.map(quoteRole).join(", ")}`;
  return p.using !== void 0 && (s += ` USING (${p.using})`), p.withCheck !== void 0 && (s += ` WITH CHECK (${p.withCheck})`), `${s};`;
}
function policyStatements(relSql, p) {
  let out = [policySql(relSql, p)];
  return p.comment !== void 0 && out.push(comment2(`POLICY ${quoteIdent2(p.name)} ON ${relSql}`, p.comment)), out;
}
function addConstraintSql(relSql, c) {
  return `ALTER TABLE ${relSql} ADD CONSTRAINT ${quoteIdent2(c.name)} ${c.definition};`;
}
function dropConstraintSql(relSql, name) {
  return `ALTER TABLE ${relSql} DROP CONSTRAINT IF EXISTS ${quoteIdent2(name)};`;
}
function indexStatements(ctx, relKey2) {
  let out = [];
  for (let key of Object.keys(ctx.expected.indexes).sort(compareText)) {
    let idx = ctx.expected.indexes[key];
    idx.table === relKey2 && (out.push(createIndexSql(idx.definition)), idx.comment !== void 0 && out.push(comment2(`INDEX ${qname(idx.schema, idx.name)}`, idx.comment)));
  }
  return out;
}
function columnExtras(relSql, col) {
  let out = [];
  return col.comment !== void 0 && out.push(comment2(`COLUMN ${relSql}.${quoteIdent2(col.name)}`, col.comment)), col.privileges && out.push(...creationGrants({ object: "", label: "", on: `TABLE ${relSql}`, column: col.name }, col.privileges, [])), out;
}
function createTableStatements(ctx, key) {
  let t = ctx.expected.tables[key], rel = qname(t.schema, t.name), isPartition = t.partitionOf !== void 0, cols = isPartition ? t.columns : t.columns.filter((c) => !c.notLocal), create = `CREATE ${t.unlogged ? "UNLOGGED " : ""}TABLE ${rel} (`;
  create += cols.length ? `
${cols.map((c) => `    ${columnSql(c, !1)}`).join(`,
`)}
)` : ")", !isPartition && t.inherits?.length && (create += ` INHERITS (${t.inherits.map((p) => keyToSql([ctx.expected], p)).join(", ")})`), t.partitionKey && (create += ` PARTITION BY ${t.partitionKey}`);
  let out = [`${create};`];
  for (let c of t.columns)
    c.default !== void 0 && out.push(`ALTER TABLE ${rel} ALTER COLUMN ${quoteIdent2(c.name)} SET DEFAULT ${c.default};`);
  for (let name of Object.keys(t.constraints).sort(compareText)) {
    let c = t.constraints[name];
    !isPartition && c.inherited && !c.parent && t.inherits?.length || (out.push(addConstraintSql(rel, c)), c.comment !== void 0 && out.push(comment2(`CONSTRAINT ${quoteIdent2(c.name)} ON ${rel}`, c.comment)));
  }
  out.push(...indexStatements(ctx, key)), isPartition && out.push(`ALTER TABLE ${keyToSql([ctx.expected], t.partitionOf)} ATTACH PARTITION ${rel} ${t.partitionBound};`);
  for (let name of Object.keys(t.triggers).sort(compareText)) out.push(...triggerStatements(rel, t.triggers[name]));
  t.rowSecurity && out.push(`ALTER TABLE ${rel} ENABLE ROW LEVEL SECURITY;`), t.forceRowSecurity && out.push(`ALTER TABLE ${rel} FORCE ROW LEVEL SECURITY;`);
  for (let name of Object.keys(t.policies).sort(compareText)) out.push(...policyStatements(rel, t.policies[name]));
  t.comment !== void 0 && out.push(comment2(`TABLE ${rel}`, t.comment)), out.push(...creationGrants({ object: key, label: "", on: `TABLE ${rel}` }, t.privileges, newObjectBaseline(ctx, t.schema, "r")));
  for (let c of t.columns) out.push(...columnExtras(rel, c));
  return out;
}
function diffTables(ctx) {
  let { expected, actual } = ctx;
  for (let key of sortedKeys(expected.tables, actual.tables)) {
    let exp = expected.tables[key], act = actual.tables[key];
    if (exp && !act)
      problem(ctx, "missing-table", key, `Table ${key} is missing in the live database.`, createTableStatements(ctx, key));
    else if (!exp && act) {
      if (act.partitionOf && !expected.tables[act.partitionOf] && actual.tables[act.partitionOf]) continue;
      let rel = qname(act.schema, act.name), fks = Object.values(act.constraints).filter((c) => c.type === "foreign key" && !c.inherited).map((c) => dropConstraintSql(rel, c.name));
      extra(ctx, "extra-table", key, `Table ${key} exists in the live database but not in the expected schema.`, [
        // FKs first, so extra tables that reference each other drop in any order.
        ...fks,
        `DROP TABLE IF EXISTS ${rel};`
      ]);
    } else exp && act && diffTable(ctx, key, exp, act);
  }
}
function diffTable(ctx, key, exp, act) {
  let rel = qname(exp.schema, exp.name), label = `table ${key}`;
  if ((exp.kind !== act.kind || (exp.partitionKey ?? "") !== (act.partitionKey ?? "")) && problem(
    ctx,
    "table-partitioning-mismatch",
    key,
    `Table ${key} is ${describePartitioning(exp)} in the expected schema but ${describePartitioning(act)} in the live database; it must be re-created to change that.`
  ), (exp.partitionOf ?? "") !== (act.partitionOf ?? "") || normalizeSql(exp.partitionBound) !== normalizeSql(act.partitionBound)) {
    let fix = [];
    act.partitionOf && fix.push(`ALTER TABLE ${keyToSql([ctx.actual], act.partitionOf)} DETACH PARTITION ${rel};`), exp.partitionOf && fix.push(`ALTER TABLE ${keyToSql([ctx.expected], exp.partitionOf)} ATTACH PARTITION ${rel} ${exp.partitionBound};`);
    let want = exp.partitionOf ? `a partition of ${exp.partitionOf} ${exp.partitionBound}` : "not a partition", have = act.partitionOf ? `a partition of ${act.partitionOf} ${act.partitionBound}` : "not a partition";
    problem(ctx, "table-partitioning-mismatch", key, `Table ${key} should be ${want} but in the live database is ${have}.`, fix);
  }
  let expInh = (exp.partitionOf ? [] : exp.inherits ?? []).join(", "), actInh = (act.partitionOf ? [] : act.inherits ?? []).join(", ");
  if (expInh !== actInh) {
    let fix = [];
    for (let p of act.inherits ?? []) (exp.inherits ?? []).includes(p) || fix.push(`ALTER TABLE ${rel} NO INHERIT ${keyToSql([ctx.actual], p)};`);
    for (let p of exp.inherits ?? []) (act.inherits ?? []).includes(p) || fix.push(`ALTER TABLE ${rel} INHERIT ${keyToSql([ctx.expected], p)};`);
    problem(
      ctx,
      "table-inheritance-mismatch",
      key,
      `Table ${key} inherits from (${expInh || "nothing"}) in the expected schema but from (${actInh || "nothing"}) in the live database.`,
      fix
    );
  }
  exp.unlogged !== act.unlogged && problem(
    ctx,
    "table-persistence-mismatch",
    key,
    `Table ${key} is ${exp.unlogged ? "UNLOGGED" : "logged"} in the expected schema but ${act.unlogged ? "UNLOGGED" : "logged"} in the live database.`,
    `ALTER TABLE ${rel} SET ${exp.unlogged ? "UNLOGGED" : "LOGGED"};`
  ), diffColumns(ctx, key, exp, act), diffConstraints(ctx, key, exp, act), diffTriggers(ctx, key, rel, exp.triggers, act.triggers), exp.rowSecurity !== act.rowSecurity && (exp.rowSecurity ? problem(ctx, "rls-disabled", key, `Row level security is enabled on table ${key} in the expected schema but disabled in the live database.`, `ALTER TABLE ${rel} ENABLE ROW LEVEL SECURITY;`) : extra(ctx, "extra-rls", key, `Row level security is enabled on table ${key} in the live database but not in the expected schema.`, `ALTER TABLE ${rel} DISABLE ROW LEVEL SECURITY;`)), exp.forceRowSecurity !== act.forceRowSecurity && (exp.forceRowSecurity ? problem(ctx, "rls-not-forced", key, `Row level security is forced on table ${key} in the expected schema but not in the live database.`, `ALTER TABLE ${rel} FORCE ROW LEVEL SECURITY;`) : extra(ctx, "extra-rls-force", key, `Row level security is forced on table ${key} in the live database but not in the expected schema.`, `ALTER TABLE ${rel} NO FORCE ROW LEVEL SECURITY;`)), diffPolicies(ctx, key, rel, exp, act), diffComment(ctx, key, label, `TABLE ${rel}`, exp.comment, act.comment), diffPrivileges(ctx, { object: key, label, on: `TABLE ${rel}` }, exp.privileges, act.privileges);
}
function describePartitioning(t) {
  return t.kind === "partitioned table" ? `partitioned by ${t.partitionKey}` : "not partitioned";
}
function columnMap(cols) {
  return new Map(cols.map((c) => [c.name, c]));
}
function parentHasSame(ctx, exp, colName, pick) {
  for (let p of parentsOf(exp)) {
    let pe = ctx.expected.tables[p]?.columns.find((c) => c.name === colName), pa = ctx.actual.tables[p]?.columns.find((c) => c.name === colName), te = exp.columns.find((c) => c.name === colName), ta = ctx.actual.tables[`${exp.schema}.${exp.name}`]?.columns.find((c) => c.name === colName);
    if (ctx.expected.tables[p] && ctx.actual.tables[p] && pick(pe) === pick(te) && pick(pa) === pick(ta) && pick(pe) !== pick(pa)) return !0;
  }
  return !1;
}
var present = (c) => c ? "yes" : "no";
function diffColumns(ctx, key, exp, act) {
  let rel = qname(exp.schema, exp.name), expCols = columnMap(exp.columns), actCols = columnMap(act.columns), livePartsOf = (t) => t.columns.map((c) => c.name);
  for (let col of exp.columns) {
    let object2 = `${key}.${col.name}`, live = actCols.get(col.name);
    if (!live) {
      if (col.inherited && parentHasSame(ctx, exp, col.name, present)) continue;
      problem(ctx, "missing-column", object2, `Column ${object2} (${col.type}) is missing in the live database.`, [
        `ALTER TABLE ${rel} ADD COLUMN IF NOT EXISTS ${columnSql(col, !0)};`,
        ...columnExtras(rel, col)
      ]);
      continue;
    }
    diffColumn(ctx, key, rel, exp, col, live);
  }
  for (let live of act.columns) {
    if (expCols.has(live.name)) continue;
    let object2 = `${key}.${live.name}`;
    live.inherited && parentsOf(act).some((p) => {
      let pa = ctx.actual.tables[p], pe = ctx.expected.tables[p];
      return pa && pe && livePartsOf(pa).includes(live.name) && !livePartsOf(pe).includes(live.name);
    }) || extra(
      ctx,
      "extra-column",
      object2,
      `Column ${object2} (${live.type}) exists in the live database but not in the expected schema.`,
      `ALTER TABLE ${rel} DROP COLUMN IF EXISTS ${quoteIdent2(live.name)};`
    );
  }
}
function diffColumn(ctx, key, rel, table2, col, live) {
  let object2 = `${key}.${col.name}`, ident = quoteIdent2(col.name), alter = `ALTER TABLE ${rel} ALTER COLUMN ${ident}`, same = (pick) => col.inherited && parentHasSame(ctx, table2, col.name, pick), collate = col.collation ? ` COLLATE ${col.collation}` : "";
  if (col.generated !== live.generated) {
    col.generated === void 0 ? problem(
      ctx,
      "column-generated-mismatch",
      object2,
      `Column ${object2} is a generated column in the live database but a plain column in the expected schema.`,
      `${alter} DROP EXPRESSION IF EXISTS;`
    ) : same((c) => c?.generated ?? "") || problem(
      ctx,
      "column-generated-mismatch",
      object2,
      `Column ${object2} should be GENERATED ALWAYS AS (${col.generated}) STORED but is ${live.generated === void 0 ? "a plain column" : `generated as (${live.generated})`} in the live database.`,
      [`ALTER TABLE ${rel} DROP COLUMN IF EXISTS ${ident};`, `ALTER TABLE ${rel} ADD COLUMN IF NOT EXISTS ${columnSql(col, !0)};`, ...columnExtras(rel, col)]
    );
    return;
  }
  if (col.type !== live.type && !same((c) => c?.type ?? "") ? problem(ctx, "column-type-mismatch", object2, `Column ${object2} is ${live.type} in the live database but ${col.type} in the expected schema.`, [
    // Views that read the table block ALTER COLUMN TYPE; drop and re-create them around it.
    ...dependentViewRecreation(ctx, key),
    `${alter} TYPE ${col.type}${collate} USING ${ident}::${col.type};`
  ]) : (col.collation ?? "") !== (live.collation ?? "") && !same((c) => c?.collation ?? "") && problem(
    ctx,
    "column-collation-mismatch",
    object2,
    `Column ${object2} uses collation ${live.collation ?? "default"} in the live database but ${col.collation ?? "default"} in the expected schema.`,
    [
      ...dependentViewRecreation(ctx, key),
      `${alter} TYPE ${col.type} COLLATE ${col.collation ?? 'pg_catalog."default"'};`
    ]
  ), col.notNull !== live.notNull && !same((c) => String(c?.notNull)) && problem(
    ctx,
    "column-nullability-mismatch",
    object2,
    col.notNull ? `Column ${object2} is NOT NULL in the expected schema but nullable in the live database.` : `Column ${object2} is nullable in the expected schema but NOT NULL in the live database.`,
    `${alter} ${col.notNull ? "SET" : "DROP"} NOT NULL;`
  ), (col.default ?? "") !== (live.default ?? "") && !same((c) => c?.default ?? "") && problem(
    ctx,
    "column-default-mismatch",
    object2,
    col.default === void 0 ? `Column ${object2} has DEFAULT ${live.default} in the live database but no default in the expected schema.` : live.default === void 0 ? `Column ${object2} is missing its DEFAULT ${col.default} in the live database.` : `Column ${object2} has DEFAULT ${live.default} in the live database but DEFAULT ${col.default} in the expected schema.`,
    col.default === void 0 ? `${alter} DROP DEFAULT;` : `${alter} SET DEFAULT ${col.default};`
  ), col.identity !== live.identity) {
    let word = (i) => i === "always" ? "ALWAYS" : "BY DEFAULT", fix = col.identity === void 0 ? [`${alter} DROP IDENTITY IF EXISTS;`] : live.identity === void 0 ? [...live.default !== void 0 ? [`${alter} DROP DEFAULT;`] : [], `${alter} SET NOT NULL;`, `${alter} ADD GENERATED ${word(col.identity)} AS IDENTITY;`] : [`${alter} SET GENERATED ${word(col.identity)};`];
    problem(
      ctx,
      "column-identity-mismatch",
      object2,
      `Column ${object2} is ${col.identity ? `GENERATED ${word(col.identity)} AS IDENTITY` : "not an identity column"} in the expected schema but ${live.identity ? `GENERATED ${word(live.identity)} AS IDENTITY` : "not an identity column"} in the live database.`,
      fix
    );
  }
  diffComment(ctx, object2, `column ${object2}`, `COLUMN ${rel}.${ident}`, col.comment, live.comment);
  let liveTable = ctx.actual.tables[key];
  diffPrivileges(
    ctx,
    { object: object2, label: `column ${object2}`, on: `TABLE ${rel}`, column: col.name },
    col.privileges ?? (table2.privileges ? [] : void 0),
    live.privileges ?? (liveTable?.privileges ? [] : void 0)
  );
}
function parentConstraint(ctx, table2, c) {
  if (c.parent) {
    for (let p of parentsOf(table2)) if (c.parent.startsWith(`${p}.`)) return { table: p, name: c.parent.slice(p.length + 1) };
  }
  if (c.inherited) {
    for (let p of parentsOf(table2)) if (ctx.expected.tables[p]?.constraints[c.name]) return { table: p, name: c.name };
  }
}
function constraintState(ctx, tableKey, name) {
  let e = ctx.expected.tables[tableKey]?.constraints[name], a = ctx.actual.tables[tableKey]?.constraints[name];
  return e && !a ? "missing" : !e && a ? "extra" : e && a && (e.type !== a.type || normalizeSql(e.definition) !== normalizeSql(a.definition)) ? "different" : "same";
}
function dependentForeignKeys(ctx, tableKey) {
  let drops = [], adds = [];
  for (let k of Object.keys(ctx.actual.tables).sort(compareText)) {
    let t = ctx.actual.tables[k];
    for (let c of Object.values(t.constraints)) {
      if (c.type !== "foreign key" || c.references !== tableKey) continue;
      let rel = qname(t.schema, t.name);
      drops.push(dropConstraintSql(rel, c.name));
      let want = ctx.expected.tables[k]?.constraints[c.name];
      want && adds.push(addConstraintSql(rel, want));
    }
  }
  return [...drops, ...adds];
}
function diffConstraints(ctx, key, exp, act) {
  let rel = qname(exp.schema, exp.name);
  for (let name of sortedKeys(exp.constraints, act.constraints)) {
    let e = exp.constraints[name], a = act.constraints[name], object2 = `${key}.${name}`, state = constraintState(ctx, key, name), inheritedFrom = parentConstraint(ctx, exp, e ?? a);
    if (!(state !== "same" && inheritedFrom && constraintState(ctx, inheritedFrom.table, inheritedFrom.name) === state)) {
      if (state === "missing") {
        let fix = [addConstraintSql(rel, e)], parent = e.parent && parentConstraint(ctx, exp, e);
        if (parent && e.type !== "check" && ctx.actual.tables[parent.table]?.constraints[parent.name]) {
          let pt = ctx.expected.tables[parent.table];
          fix.push(`ALTER INDEX ${qname(pt.schema, parent.name)} ATTACH PARTITION ${qname(exp.schema, e.name)};`);
        }
        e.comment !== void 0 && fix.push(comment2(`CONSTRAINT ${quoteIdent2(name)} ON ${rel}`, e.comment)), problem(ctx, "missing-constraint", object2, `${cap2(e.type)} constraint ${object2} (${e.definition}) is missing in the live database.`, fix);
      } else if (state === "extra") {
        let fks = a.type === "primary key" || a.type === "unique" ? dependentForeignKeys(ctx, key) : [];
        extra(
          ctx,
          "extra-constraint",
          object2,
          `${cap2(a.type)} constraint ${object2} (${a.definition}) exists in the live database but not in the expected schema.`,
          [...fks.filter((s) => s.includes(" DROP ")), dropConstraintSql(rel, name), ...fks.filter((s) => !s.includes(" DROP "))]
        );
      } else if (state === "different") {
        let fks = a.type === "primary key" || a.type === "unique" ? dependentForeignKeys(ctx, key) : [], fix = [...fks.filter((s) => s.includes(" DROP ")), dropConstraintSql(rel, name), addConstraintSql(rel, e), ...fks.filter((s) => !s.includes(" DROP "))];
        e.comment !== void 0 && fix.push(comment2(`CONSTRAINT ${quoteIdent2(name)} ON ${rel}`, e.comment)), problem(
          ctx,
          "constraint-definition-mismatch",
          object2,
          `Constraint ${object2} is ${a.definition} in the live database but ${e.definition} in the expected schema.`,
          fix
        );
      }
      e && a && state === "same" && diffComment(ctx, object2, `constraint ${object2}`, `CONSTRAINT ${quoteIdent2(name)} ON ${rel}`, e.comment, a.comment);
    }
  }
}
function cap2(s) {
  return s[0].toUpperCase() + s.slice(1);
}
function diffTriggers(ctx, key, rel, exp, act) {
  for (let name of sortedKeys(exp, act)) {
    let e = exp[name], a = act[name], object2 = `${key}.${name}`, drop = `DROP TRIGGER IF EXISTS ${quoteIdent2(name)} ON ${rel};`;
    if (e && !a)
      problem(ctx, "missing-trigger", object2, `Trigger ${object2} is missing in the live database.`, triggerStatements(rel, e));
    else if (!e && a)
      extra(ctx, "extra-trigger", object2, `Trigger ${object2} exists in the live database but not in the expected schema.`, drop);
    else if (e && a) {
      if (normalizeSql(e.definition) !== normalizeSql(a.definition)) {
        problem(
          ctx,
          "trigger-definition-mismatch",
          object2,
          `Trigger ${object2} is defined differently in the live database (${a.definition}) than in the expected schema (${e.definition}).`,
          [drop, ...triggerStatements(rel, e)]
        );
        continue;
      }
      if (e.enabled !== a.enabled) {
        let words = { O: "enabled", D: "disabled", R: "enabled on replicas only", A: "always enabled" };
        problem(
          ctx,
          "trigger-enabled-mismatch",
          object2,
          `Trigger ${object2} is ${words[a.enabled]} in the live database but ${words[e.enabled]} in the expected schema.`,
          enableTriggerSql(rel, e)
        );
      }
      diffComment(ctx, object2, `trigger ${object2}`, `TRIGGER ${quoteIdent2(name)} ON ${rel}`, e.comment, a.comment);
    }
  }
}
function diffPolicies(ctx, key, rel, exp, act) {
  for (let name of sortedKeys(exp.policies, act.policies)) {
    let e = exp.policies[name], a = act.policies[name], object2 = `${key}.${name}`, drop = `DROP POLICY IF EXISTS ${quoteIdent2(name)} ON ${rel};`;
    if (e && !a)
      problem(ctx, "missing-policy", object2, `Policy ${object2} is missing in the live database.`, policyStatements(rel, e));
    else if (!e && a)
      extra(ctx, "extra-policy", object2, `Policy ${object2} exists in the live database but not in the expected schema.`, drop);
    else if (e && a) {
      if (policySql(rel, e) !== policySql(rel, a)) {
        problem(
          ctx,
          "policy-definition-mismatch",
          object2,
          `Policy ${object2} is "${policySql(rel, a).slice(0, -1)}" in the live database but "${policySql(rel, e).slice(0, -1)}" in the expected schema.`,
          [drop, ...policyStatements(rel, e)]
        );
        continue;
      }
      diffComment(ctx, object2, `policy ${object2}`, `POLICY ${quoteIdent2(name)} ON ${rel}`, e.comment, a.comment);
    }
  }
}
function relationExistsInBoth(ctx, relKey2) {
  return !!(ctx.expected.tables[relKey2] && ctx.actual.tables[relKey2] || ctx.expected.views[relKey2] && ctx.actual.views[relKey2]);
}
function indexState(ctx, key) {
  let e = ctx.expected.indexes[key], a = ctx.actual.indexes[key];
  return e && !a ? "missing" : !e && a ? "extra" : e && a && normalizeSql(e.definition) !== normalizeSql(a.definition) ? "different" : "same";
}
function diffIndexes(ctx) {
  let { expected, actual } = ctx;
  for (let key of sortedKeys(expected.indexes, actual.indexes)) {
    let e = expected.indexes[key], a = actual.indexes[key], state = indexState(ctx, key), idx = e ?? a;
    if (state === "missing" && !relationExistsInBoth(ctx, e.table) || state === "extra" && !relationExistsInBoth(ctx, a.table)) continue;
    let parent = idx.parent;
    if (state !== "same" && parent && indexState(ctx, parent) === state) continue;
    let name = qname(idx.schema, idx.name);
    if (state === "missing") {
      let fix = [createIndexSql(e.definition)];
      e.parent && actual.indexes[e.parent] && fix.push(`ALTER INDEX ${keyToSql([expected], e.parent)} ATTACH PARTITION ${name};`), e.comment !== void 0 && fix.push(comment2(`INDEX ${name}`, e.comment)), problem(ctx, "missing-index", key, `Index ${key} on ${e.table} is missing in the live database.`, fix);
    } else if (state === "extra")
      extra(ctx, "extra-index", key, `Index ${key} on ${a.table} exists in the live database but not in the expected schema.`, `DROP INDEX IF EXISTS ${name};`);
    else if (state === "different") {
      let fix = [`DROP INDEX IF EXISTS ${name};`, createIndexSql(e.definition)];
      e.parent && actual.indexes[e.parent] && fix.push(`ALTER INDEX ${keyToSql([expected], e.parent)} ATTACH PARTITION ${name};`), e.comment !== void 0 && fix.push(comment2(`INDEX ${name}`, e.comment)), problem(ctx, "index-definition-mismatch", key, `Index ${key} is "${a.definition}" in the live database but "${e.definition}" in the expected schema.`, fix);
    } else e && a && diffComment(ctx, key, `index ${key}`, `INDEX ${name}`, e.comment, a.comment);
  }
}

// packages/schema-verify/src/diff/index.ts
function diffSchemas(expected, actual, opts = {}) {
  let ctx = {
    expected,
    actual,
    strict: opts.strict === !0,
    // A model read with ignorePrivileges carries none; comparing it would report every grant.
    ignorePrivileges: opts.ignorePrivileges === !0 || !hasPrivileges(expected) || !hasPrivileges(actual),
    findings: []
  };
  diffSchemaObjects(ctx), diffExtensions(ctx), diffTypes(ctx), diffSequences(ctx), diffTables(ctx), diffFunctions(ctx), diffIndexes(ctx), diffViews(ctx), diffDefaultPrivileges(ctx);
  let ignored = compileGlobs(opts.ignore ?? []);
  return ignored ? ctx.findings.filter((f) => !ignored.test(f.object)) : ctx.findings;
}
function hasPrivileges(model) {
  let schemas = Object.values(model.schemas);
  return schemas.length === 0 || schemas.some((s) => s.privileges !== void 0);
}
function compileGlobs(globs) {
  let parts = globs.filter((g) => g.length > 0).map((g) => g.split("").map((ch) => ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&")).join(""));
  return parts.length ? new RegExp(`^(?:${parts.join("|")})$`, "s") : void 0;
}

// packages/schema-verify/src/fix-order.ts
var NAME = String.raw`(?:"(?:[^"]|"")*"|[^\s."(]+)`, QN = `${NAME}\\.${NAME}`, table = (action) => new RegExp(`^ALTER TABLE (?:ONLY )?${QN} ${action}`), column = (action) => table(`ALTER COLUMN ${NAME} ${action}`), P = {
  dropPolicy: 10,
  dropTrigger: 11,
  detach: 12,
  noInherit: 13,
  dropView: 14,
  dropIndex: 15,
  dropConstraint: 16,
  dropDefault: 17,
  dropColumn: 18,
  dropAggregate: 19,
  dropRoutine: 20,
  dropTable: 21,
  dropSequence: 22,
  dropDomainConstraint: 23,
  dropTypeAttribute: 24,
  dropDomain: 25,
  dropType: 26,
  dropExtension: 27,
  dropSchema: 28,
  schema: 40,
  extension: 41,
  type: 42,
  alterType: 43,
  domain: 44,
  alterDomain: 45,
  sequence: 46,
  table: 47,
  persistence: 48,
  routine: 49,
  aggregate: 50,
  addColumn: 51,
  columnType: 52,
  notNull: 53,
  identity: 54,
  setDefault: 55,
  constraint: 56,
  view: 57,
  index: 58,
  attach: 59,
  inherit: 60,
  attachIndex: 61,
  foreignKey: 62,
  trigger: 63,
  triggerState: 64,
  rls: 65,
  policy: 66,
  ownedBy: 67,
  other: 68,
  comment: 69,
  grant: 70
}, RULES = [
  { re: /^DROP POLICY /, phase: P.dropPolicy },
  { re: /^DROP TRIGGER /, phase: P.dropTrigger },
  { re: table("DETACH PARTITION "), phase: P.detach },
  { re: table("NO INHERIT "), phase: P.noInherit },
  { re: /^DROP (MATERIALIZED )?VIEW /, phase: P.dropView },
  { re: /^DROP INDEX /, phase: P.dropIndex },
  { re: table("DROP CONSTRAINT "), phase: P.dropConstraint },
  { re: column("(DROP DEFAULT|DROP IDENTITY|DROP EXPRESSION)"), phase: P.dropDefault },
  { re: table("DROP COLUMN "), phase: P.dropColumn },
  { re: /^DROP AGGREGATE /, phase: P.dropAggregate },
  { re: /^DROP (FUNCTION|PROCEDURE|ROUTINE) /, phase: P.dropRoutine },
  { re: /^DROP TABLE /, phase: P.dropTable },
  { re: /^DROP SEQUENCE /, phase: P.dropSequence },
  { re: /^ALTER DOMAIN .* DROP CONSTRAINT /, phase: P.dropDomainConstraint },
  { re: /^ALTER TYPE .* DROP ATTRIBUTE /, phase: P.dropTypeAttribute },
  { re: /^DROP DOMAIN /, phase: P.dropDomain },
  { re: /^DROP TYPE /, phase: P.dropType },
  { re: /^DROP EXTENSION /, phase: P.dropExtension },
  { re: /^DROP SCHEMA /, phase: P.dropSchema },
  { re: /^CREATE SCHEMA /, phase: P.schema },
  { re: /^(CREATE|ALTER) EXTENSION /, phase: P.extension },
  { re: /^CREATE TYPE /, phase: P.type },
  { re: /^ALTER TYPE /, phase: P.alterType },
  { re: /^CREATE DOMAIN /, phase: P.domain },
  { re: /^ALTER DOMAIN /, phase: P.alterDomain },
  { re: /^CREATE SEQUENCE /, phase: P.sequence },
  { re: /^ALTER SEQUENCE .* OWNED BY /, phase: P.ownedBy },
  { re: /^ALTER SEQUENCE /, phase: P.sequence },
  { re: /^CREATE (UNLOGGED )?TABLE /, phase: P.table },
  { re: table("SET (UN)?LOGGED"), phase: P.persistence },
  { re: /^CREATE (OR REPLACE )?(FUNCTION|PROCEDURE) /, phase: P.routine },
  { re: /^CREATE (OR REPLACE )?AGGREGATE /, phase: P.aggregate },
  { re: table("ADD COLUMN "), phase: P.addColumn },
  { re: column("(SET DATA )?TYPE "), phase: P.columnType },
  { re: column("(SET|DROP) NOT NULL"), phase: P.notNull },
  { re: column("(ADD|SET) GENERATED "), phase: P.identity },
  { re: column("SET DEFAULT "), phase: P.setDefault },
  { re: table(`ADD CONSTRAINT ${NAME} FOREIGN KEY `), phase: P.foreignKey },
  { re: table("ADD CONSTRAINT "), phase: P.constraint },
  { re: /^CREATE (OR REPLACE )?(MATERIALIZED )?VIEW /, phase: P.view },
  { re: /^CREATE (UNIQUE )?INDEX /, phase: P.index },
  { re: table("ATTACH PARTITION "), phase: P.attach },
  { re: table("INHERIT "), phase: P.inherit },
  { re: /^ALTER INDEX .* ATTACH PARTITION /, phase: P.attachIndex },
  { re: /^CREATE (OR REPLACE )?(CONSTRAINT )?TRIGGER /, phase: P.trigger },
  { re: table("(ENABLE|DISABLE)( REPLICA| ALWAYS)? TRIGGER "), phase: P.triggerState },
  { re: table("(ENABLE|DISABLE|FORCE|NO FORCE) ROW LEVEL SECURITY"), phase: P.rls },
  { re: /^(CREATE|ALTER) POLICY /, phase: P.policy },
  { re: /^COMMENT ON /, phase: P.comment },
  { re: /^(GRANT|REVOKE|ALTER DEFAULT PRIVILEGES) /, phase: P.grant }
], OUTSIDE_TRANSACTION = /^ALTER TYPE .* ADD VALUE /;
function phaseOf(stmt) {
  let head = stmt.replace(/\s+/g, " ");
  for (let r of RULES) if (r.re.test(head)) return r.phase;
  return P.other;
}
function splitStatements(sql) {
  let out = [], start = 0, i = 0, n = sql.length;
  for (; i < n; ) {
    let ch = sql[i];
    if (ch === "'") {
      let escapes = i > 0 && /[eE]/.test(sql[i - 1]) && (i < 2 || !/[\w$]/.test(sql[i - 2]));
      for (i++; i < n; )
        if (escapes && sql[i] === "\\") i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else {
          if (sql[i] === "'") break;
          i++;
        }
      i++;
    } else if (ch === '"') {
      for (i++; i < n && !(sql[i] === '"' && sql[i + 1] !== '"'); ) i += sql[i] === '"' ? 2 : 1;
      i++;
    } else if (ch === "-" && sql[i + 1] === "-")
      for (; i < n && sql[i] !== `
`; ) i++;
    else if (ch === "/" && sql[i + 1] === "*") {
      let depth = 1;
      for (i += 2; i < n && depth > 0; )
        sql[i] === "/" && sql[i + 1] === "*" ? (depth++, i += 2) : sql[i] === "*" && sql[i + 1] === "/" ? (depth--, i += 2) : i++;
    } else if (ch === "$" && (i === 0 || !/[\w$]/.test(sql[i - 1]))) {
      let m = /^\$([A-Za-z_][\w]*)?\$/.exec(sql.slice(i, i + 64));
      if (m) {
        let close = sql.indexOf(m[0], i + m[0].length);
        i = close < 0 ? n : close + m[0].length;
      } else i++;
    } else if (ch === ";") {
      let s = sql.slice(start, i).trim();
      s && out.push(`${s};`), start = ++i;
    } else i++;
  }
  let rest = sql.slice(start).trim();
  return rest && !/^(--[^\n]*\n?\s*)*$/.test(rest) && out.push(rest.endsWith(";") ? rest : `${rest};`), out;
}
var VIEW_NAME = new RegExp(String.raw`^CREATE (?:OR REPLACE )?(?:MATERIALIZED )?VIEW (?:IF NOT EXISTS )?(${NAME}\.${NAME})`);
function orderViews(stmts) {
  let names = stmts.map((s) => VIEW_NAME.exec(s.replace(/\s+/g, " "))?.[1]), mentions = (body, name) => {
    let at = body.indexOf(name);
    for (; at >= 0; ) {
      let before = at === 0 ? " " : body[at - 1], after = body[at + name.length] ?? " ";
      if (!/[\w$".]/.test(before) && !/[\w$"]/.test(after)) return !0;
      at = body.indexOf(name, at + 1);
    }
    return !1;
  }, bodies = stmts.map((s) => s.slice(s.indexOf(" AS") + 3)), deps = stmts.map((_, i) => stmts.map((__, j) => j).filter((j) => j !== i && names[j] && mentions(bodies[i], names[j]))), done = /* @__PURE__ */ new Set(), out = [];
  for (; out.length < stmts.length; ) {
    let next = stmts.findIndex((_, i) => !done.has(i) && deps[i].every((j) => done.has(j))), pick = next >= 0 ? next : stmts.findIndex((_, i) => !done.has(i));
    done.add(pick), out.push(stmts[pick]);
  }
  return out;
}
function fixScript(findings) {
  let seen = /* @__PURE__ */ new Set(), statements = [];
  for (let f of findings)
    if (f.fix)
      for (let sql of splitStatements(f.fix)) {
        let key = sql.replace(/\s+/g, " ");
        seen.has(key) || (seen.add(key), statements.push({ sql, phase: OUTSIDE_TRANSACTION.test(key) ? 0 : phaseOf(sql), seq: statements.length }));
      }
  if (statements.length === 0) return "";
  statements.sort((a, b) => a.phase - b.phase || a.seq - b.seq);
  let before = statements.filter((s) => s.phase === 0).map((s) => s.sql), views = orderViews(statements.filter((s) => s.phase === P.view).map((s) => s.sql)), inside = [], viewsPlaced = !1;
  for (let s of statements)
    if (s.phase !== 0) {
      if (s.phase === P.view) {
        viewsPlaced || inside.push(...views), viewsPlaced = !0;
        continue;
      }
      inside.push(s.sql);
    }
  let lines = [
    "-- Makes the live database match the expected schema (generated by Preflight schema-verify).",
    "-- Review it first: DROP statements remove objects, and their data, that only the live database has."
  ];
  return before.length && lines.push("", "-- Enum labels are added outside the transaction: a label added inside one cannot be used before it commits.", ...before), inside.length && lines.push(
    "",
    "BEGIN;",
    // Definitions were printed with an empty search_path, so they resolve the same way here; function
    // bodies are checked when called, not now, because they may mention objects created further down.
    "SELECT pg_catalog.set_config('search_path', '', true);",
    "SET LOCAL check_function_bodies = off;",
    ...inside,
    "COMMIT;"
  ), `${lines.join(`
`)}
`;
}

// packages/schema-verify/src/rls.ts
function rlsFindings(model, markerColumns) {
  if (markerColumns.length === 0) return [];
  let markers = new Set(markerColumns), findings = [];
  for (let [key, table2] of Object.entries(model.tables)) {
    if (table2.partitionOf) continue;
    let columns = table2.columns.filter((c) => markers.has(c.name)).map((c) => c.name);
    if (columns.length === 0) continue;
    let name = qname(table2.schema, table2.name), marker = columns.join(", ");
    table2.rowSecurity ? Object.keys(table2.policies).length === 0 && findings.push({
      rule: "rls-no-policy",
      severity: "error",
      object: key,
      message: `Table ${key} has row-level security enabled but no policy, so it does not isolate tenants by ${marker}.`,
      fix: `CREATE POLICY tenant_isolation ON ${name} USING (${columns[0]} = current_setting('app.${columns[0]}')::${typeOf(table2.columns, columns[0])});`
    }) : findings.push({
      rule: "rls-not-enabled",
      severity: "error",
      object: key,
      message: `Table ${key} has ${marker} but row-level security is not enabled, so tenants can read each other's rows.`,
      fix: `ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ${name} USING (${columns[0]} = current_setting('app.${columns[0]}')::${typeOf(table2.columns, columns[0])});`
    });
  }
  return findings;
}
function typeOf(columns, name) {
  return columns.find((c) => c.name === name)?.type ?? "text";
}

// node_modules/zod/v4/classic/external.js
var external_exports = {};
__export(external_exports, {
  $brand: () => $brand,
  $input: () => $input,
  $output: () => $output,
  INVALID: () => INVALID,
  NEVER: () => NEVER,
  TimePrecision: () => TimePrecision,
  ZodAny: () => ZodAny,
  ZodArray: () => ZodArray,
  ZodBase64: () => ZodBase64,
  ZodBase64URL: () => ZodBase64URL,
  ZodBigInt: () => ZodBigInt,
  ZodBigIntFormat: () => ZodBigIntFormat,
  ZodBoolean: () => ZodBoolean,
  ZodCIDRv4: () => ZodCIDRv4,
  ZodCIDRv6: () => ZodCIDRv6,
  ZodCUID: () => ZodCUID,
  ZodCUID2: () => ZodCUID2,
  ZodCatch: () => ZodCatch,
  ZodCodec: () => ZodCodec,
  ZodCompileAsyncError: () => ZodCompileAsyncError,
  ZodCompileUnsupportedError: () => ZodCompileUnsupportedError,
  ZodCreditCard: () => ZodCreditCard,
  ZodCustom: () => ZodCustom,
  ZodCustomStringFormat: () => ZodCustomStringFormat,
  ZodDate: () => ZodDate,
  ZodDefault: () => ZodDefault,
  ZodDiscriminatedUnion: () => ZodDiscriminatedUnion,
  ZodE164: () => ZodE164,
  ZodEmail: () => ZodEmail,
  ZodEmoji: () => ZodEmoji,
  ZodEnum: () => ZodEnum,
  ZodError: () => ZodError,
  ZodExactOptional: () => ZodExactOptional,
  ZodFile: () => ZodFile,
  ZodFirstPartyTypeKind: () => ZodFirstPartyTypeKind,
  ZodFunction: () => ZodFunction,
  ZodGUID: () => ZodGUID,
  ZodIBAN: () => ZodIBAN,
  ZodIPv4: () => ZodIPv4,
  ZodIPv6: () => ZodIPv6,
  ZodISODate: () => ZodISODate,
  ZodISODateTime: () => ZodISODateTime,
  ZodISODuration: () => ZodISODuration,
  ZodISOTime: () => ZodISOTime,
  ZodInstanceOf: () => ZodInstanceOf,
  ZodIntersection: () => ZodIntersection,
  ZodIssueCode: () => ZodIssueCode,
  ZodJWT: () => ZodJWT,
  ZodKSUID: () => ZodKSUID,
  ZodLazy: () => ZodLazy,
  ZodLiteral: () => ZodLiteral,
  ZodMAC: () => ZodMAC,
  ZodMap: () => ZodMap,
  ZodNaN: () => ZodNaN,
  ZodNanoID: () => ZodNanoID,
  ZodNever: () => ZodNever,
  ZodNonOptional: () => ZodNonOptional,
  ZodNull: () => ZodNull,
  ZodNullable: () => ZodNullable,
  ZodNumber: () => ZodNumber,
  ZodNumberFormat: () => ZodNumberFormat,
  ZodObject: () => ZodObject,
  ZodOptional: () => ZodOptional,
  ZodPipe: () => ZodPipe,
  ZodPrefault: () => ZodPrefault,
  ZodPreprocess: () => ZodPreprocess,
  ZodPromise: () => ZodPromise,
  ZodReadonly: () => ZodReadonly,
  ZodRealError: () => ZodRealError,
  ZodRecord: () => ZodRecord,
  ZodSet: () => ZodSet,
  ZodString: () => ZodString,
  ZodStringFormat: () => ZodStringFormat,
  ZodSuccess: () => ZodSuccess,
  ZodSymbol: () => ZodSymbol,
  ZodTemplateLiteral: () => ZodTemplateLiteral,
  ZodTransform: () => ZodTransform,
  ZodTuple: () => ZodTuple,
  ZodType: () => ZodType,
  ZodULID: () => ZodULID,
  ZodURL: () => ZodURL,
  ZodUUID: () => ZodUUID,
  ZodUndefined: () => ZodUndefined,
  ZodUnion: () => ZodUnion,
  ZodUnknown: () => ZodUnknown,
  ZodVoid: () => ZodVoid,
  ZodXID: () => ZodXID,
  ZodXor: () => ZodXor,
  _ZodString: () => _ZodString,
  _default: () => _default,
  _function: () => _function,
  any: () => any,
  array: () => array,
  base64: () => base64,
  base64url: () => base64url,
  bigint: () => bigint,
  boolean: () => boolean,
  catch: () => _catch,
  check: () => check,
  cidrv4: () => cidrv4,
  cidrv6: () => cidrv6,
  clone: () => clone,
  codec: () => codec,
  coerce: () => coerce_exports,
  compile: () => compile,
  config: () => config,
  core: () => core_exports,
  creditCard: () => creditCard,
  cuid: () => cuid,
  cuid2: () => cuid2,
  currencyCode: () => currencyCode2,
  custom: () => custom,
  date: () => date,
  decode: () => decode,
  decodeAsync: () => decodeAsync,
  deepPartial: () => deepPartial,
  describe: () => describe3,
  discriminatedUnion: () => discriminatedUnion,
  e164: () => e164,
  email: () => email,
  emoji: () => emoji,
  encode: () => encode,
  encodeAsync: () => encodeAsync,
  endsWith: () => _endsWith,
  enum: () => _enum,
  exactOptional: () => exactOptional,
  file: () => file,
  flattenError: () => flattenError,
  float32: () => float32,
  float64: () => float64,
  formatError: () => formatError,
  fromJSONSchema: () => fromJSONSchema,
  function: () => _function,
  getDiscriminatedOption: () => getDiscriminatedOption,
  getErrorMap: () => getErrorMap,
  globalRegistry: () => globalRegistry,
  gt: () => _gt,
  gte: () => _gte,
  guid: () => guid,
  hash: () => hash,
  hex: () => hex2,
  hostname: () => hostname2,
  httpUrl: () => httpUrl,
  iban: () => iban,
  includes: () => _includes,
  input: () => input,
  instanceof: () => _instanceof,
  int: () => int,
  int32: () => int32,
  int64: () => int64,
  intersection: () => intersection,
  invertCodec: () => invertCodec,
  ipv4: () => ipv4,
  ipv6: () => ipv6,
  iso: () => iso_exports,
  json: () => json,
  jwt: () => jwt,
  keyof: () => keyof,
  ksuid: () => ksuid,
  lazy: () => lazy,
  length: () => _length,
  literal: () => literal,
  locales: () => locales_exports,
  looseObject: () => looseObject,
  looseRecord: () => looseRecord,
  lowercase: () => _lowercase,
  lt: () => _lt,
  lte: () => _lte,
  mac: () => mac,
  map: () => map,
  maxLength: () => _maxLength,
  maxSize: () => _maxSize,
  memoizer: () => memoizer,
  meta: () => meta2,
  mime: () => _mime,
  minLength: () => _minLength,
  minSize: () => _minSize,
  multipleOf: () => _multipleOf,
  nan: () => nan,
  nanoid: () => nanoid,
  nativeEnum: () => nativeEnum,
  negative: () => _negative,
  never: () => never,
  nonnegative: () => _nonnegative,
  nonoptional: () => nonoptional,
  nonpositive: () => _nonpositive,
  normalize: () => _normalize,
  null: () => _null2,
  nullable: () => nullable,
  nullish: () => nullish,
  number: () => number,
  object: () => object,
  optional: () => optional,
  output: () => output,
  overwrite: () => _overwrite,
  parse: () => parse2,
  parseAsync: () => parseAsync,
  partialRecord: () => partialRecord,
  pipe: () => pipe,
  positive: () => _positive,
  prefault: () => prefault,
  preprocess: () => preprocess,
  prettifyError: () => prettifyError,
  promise: () => promise,
  properties: () => _properties,
  property: () => _property,
  readonly: () => readonly,
  record: () => record,
  refine: () => refine,
  regex: () => _regex,
  regexes: () => regexes_exports,
  registry: () => registry,
  safeDecode: () => safeDecode,
  safeDecodeAsync: () => safeDecodeAsync,
  safeEncode: () => safeEncode,
  safeEncodeAsync: () => safeEncodeAsync,
  safeParse: () => safeParse,
  safeParseAsync: () => safeParseAsync,
  set: () => set,
  setErrorMap: () => setErrorMap,
  size: () => _size,
  slugify: () => _slugify,
  startsWith: () => _startsWith,
  strictObject: () => strictObject,
  string: () => string,
  stringFormat: () => stringFormat,
  stringbool: () => stringbool,
  success: () => success,
  superRefine: () => superRefine,
  symbol: () => symbol,
  templateLiteral: () => templateLiteral,
  toJSONSchema: () => toJSONSchema,
  toLowerCase: () => _toLowerCase,
  toUpperCase: () => _toUpperCase,
  toZod: () => toZod,
  transform: () => transform,
  treeifyError: () => treeifyError,
  trim: () => _trim,
  tuple: () => tuple,
  uint32: () => uint32,
  uint64: () => uint64,
  ulid: () => ulid,
  undefined: () => _undefined2,
  union: () => union,
  unknown: () => unknown,
  uppercase: () => _uppercase,
  url: () => url,
  util: () => util_exports,
  uuid: () => uuid,
  uuidv4: () => uuidv4,
  uuidv6: () => uuidv6,
  uuidv7: () => uuidv7,
  validate: () => validate,
  validateAsync: () => validateAsync,
  void: () => _void2,
  withParser: () => withParser,
  xid: () => xid,
  xor: () => xor
});

// node_modules/zod/v4/classic/schemas.js
var schemas_exports2 = {};
__export(schemas_exports2, {
  ZodAny: () => ZodAny,
  ZodArray: () => ZodArray,
  ZodBase64: () => ZodBase64,
  ZodBase64URL: () => ZodBase64URL,
  ZodBigInt: () => ZodBigInt,
  ZodBigIntFormat: () => ZodBigIntFormat,
  ZodBoolean: () => ZodBoolean,
  ZodCIDRv4: () => ZodCIDRv4,
  ZodCIDRv6: () => ZodCIDRv6,
  ZodCUID: () => ZodCUID,
  ZodCUID2: () => ZodCUID2,
  ZodCatch: () => ZodCatch,
  ZodCodec: () => ZodCodec,
  ZodCreditCard: () => ZodCreditCard,
  ZodCustom: () => ZodCustom,
  ZodCustomStringFormat: () => ZodCustomStringFormat,
  ZodDate: () => ZodDate,
  ZodDefault: () => ZodDefault,
  ZodDiscriminatedUnion: () => ZodDiscriminatedUnion,
  ZodE164: () => ZodE164,
  ZodEmail: () => ZodEmail,
  ZodEmoji: () => ZodEmoji,
  ZodEnum: () => ZodEnum,
  ZodExactOptional: () => ZodExactOptional,
  ZodFile: () => ZodFile,
  ZodFunction: () => ZodFunction,
  ZodGUID: () => ZodGUID,
  ZodIBAN: () => ZodIBAN,
  ZodIPv4: () => ZodIPv4,
  ZodIPv6: () => ZodIPv6,
  ZodISODate: () => ZodISODate,
  ZodISODateTime: () => ZodISODateTime,
  ZodISODuration: () => ZodISODuration,
  ZodISOTime: () => ZodISOTime,
  ZodInstanceOf: () => ZodInstanceOf,
  ZodIntersection: () => ZodIntersection,
  ZodJWT: () => ZodJWT,
  ZodKSUID: () => ZodKSUID,
  ZodLazy: () => ZodLazy,
  ZodLiteral: () => ZodLiteral,
  ZodMAC: () => ZodMAC,
  ZodMap: () => ZodMap,
  ZodNaN: () => ZodNaN,
  ZodNanoID: () => ZodNanoID,
  ZodNever: () => ZodNever,
  ZodNonOptional: () => ZodNonOptional,
  ZodNull: () => ZodNull,
  ZodNullable: () => ZodNullable,
  ZodNumber: () => ZodNumber,
  ZodNumberFormat: () => ZodNumberFormat,
  ZodObject: () => ZodObject,
  ZodOptional: () => ZodOptional,
  ZodPipe: () => ZodPipe,
  ZodPrefault: () => ZodPrefault,
  ZodPreprocess: () => ZodPreprocess,
  ZodPromise: () => ZodPromise,
  ZodReadonly: () => ZodReadonly,
  ZodRecord: () => ZodRecord,
  ZodSet: () => ZodSet,
  ZodString: () => ZodString,
  ZodStringFormat: () => ZodStringFormat,
  ZodSuccess: () => ZodSuccess,
  ZodSymbol: () => ZodSymbol,
  ZodTemplateLiteral: () => ZodTemplateLiteral,
  ZodTransform: () => ZodTransform,
  ZodTuple: () => ZodTuple,
  ZodType: () => ZodType,
  ZodULID: () => ZodULID,
  ZodURL: () => ZodURL,
  ZodUUID: () => ZodUUID,
  ZodUndefined: () => ZodUndefined,
  ZodUnion: () => ZodUnion,
  ZodUnknown: () => ZodUnknown,
  ZodVoid: () => ZodVoid,
  ZodXID: () => ZodXID,
  ZodXor: () => ZodXor,
  _ZodString: () => _ZodString,
  _default: () => _default,
  _function: () => _function,
  any: () => any,
  array: () => array,
  base64: () => base64,
  base64url: () => base64url,
  bigint: () => bigint,
  boolean: () => boolean,
  catch: () => _catch,
  check: () => check,
  cidrv4: () => cidrv4,
  cidrv6: () => cidrv6,
  codec: () => codec,
  creditCard: () => creditCard,
  cuid: () => cuid,
  cuid2: () => cuid2,
  currencyCode: () => currencyCode2,
  custom: () => custom,
  date: () => date,
  describe: () => describe3,
  discriminatedUnion: () => discriminatedUnion,
  e164: () => e164,
  email: () => email,
  emoji: () => emoji,
  enum: () => _enum,
  exactOptional: () => exactOptional,
  file: () => file,
  float32: () => float32,
  float64: () => float64,
  function: () => _function,
  guid: () => guid,
  hash: () => hash,
  hex: () => hex2,
  hostname: () => hostname2,
  httpUrl: () => httpUrl,
  iban: () => iban,
  instanceof: () => _instanceof,
  int: () => int,
  int32: () => int32,
  int64: () => int64,
  intersection: () => intersection,
  invertCodec: () => invertCodec,
  ipv4: () => ipv4,
  ipv6: () => ipv6,
  json: () => json,
  jwt: () => jwt,
  keyof: () => keyof,
  ksuid: () => ksuid,
  lazy: () => lazy,
  literal: () => literal,
  looseObject: () => looseObject,
  looseRecord: () => looseRecord,
  mac: () => mac,
  map: () => map,
  meta: () => meta2,
  nan: () => nan,
  nanoid: () => nanoid,
  nativeEnum: () => nativeEnum,
  never: () => never,
  nonoptional: () => nonoptional,
  null: () => _null2,
  nullable: () => nullable,
  nullish: () => nullish,
  number: () => number,
  object: () => object,
  optional: () => optional,
  partialRecord: () => partialRecord,
  pipe: () => pipe,
  prefault: () => prefault,
  preprocess: () => preprocess,
  promise: () => promise,
  readonly: () => readonly,
  record: () => record,
  refine: () => refine,
  set: () => set,
  strictObject: () => strictObject,
  string: () => string,
  stringFormat: () => stringFormat,
  stringbool: () => stringbool,
  success: () => success,
  superRefine: () => superRefine,
  symbol: () => symbol,
  templateLiteral: () => templateLiteral,
  transform: () => transform,
  tuple: () => tuple,
  uint32: () => uint32,
  uint64: () => uint64,
  ulid: () => ulid,
  undefined: () => _undefined2,
  union: () => union,
  unknown: () => unknown,
  url: () => url,
  uuid: () => uuid,
  uuidv4: () => uuidv4,
  uuidv6: () => uuidv6,
  uuidv7: () => uuidv7,
  void: () => _void2,
  xid: () => xid,
  xor: () => xor
});

// node_modules/zod/v4/classic/checks.js
var checks_exports = {};
__export(checks_exports, {
  endsWith: () => _endsWith,
  gt: () => _gt,
  gte: () => _gte,
  includes: () => _includes,
  length: () => _length,
  lowercase: () => _lowercase,
  lt: () => _lt,
  lte: () => _lte,
  maxLength: () => _maxLength,
  maxSize: () => _maxSize,
  mime: () => _mime,
  minLength: () => _minLength,
  minSize: () => _minSize,
  multipleOf: () => _multipleOf,
  negative: () => _negative,
  nonnegative: () => _nonnegative,
  nonpositive: () => _nonpositive,
  normalize: () => _normalize,
  overwrite: () => _overwrite,
  positive: () => _positive,
  properties: () => _properties,
  property: () => _property,
  regex: () => _regex,
  size: () => _size,
  slugify: () => _slugify,
  startsWith: () => _startsWith,
  toLowerCase: () => _toLowerCase,
  toUpperCase: () => _toUpperCase,
  trim: () => _trim,
  uppercase: () => _uppercase
});

// node_modules/zod/v4/classic/errors.js
var _installedErrorProtos = /* @__PURE__ */ new WeakSet([Object.prototype, Error.prototype]);
function _lazyMethod(proto, key, make) {
  Object.defineProperty(proto, key, {
    configurable: !0,
    enumerable: !1,
    get() {
      let value = make(this);
      return Object.defineProperty(this, key, { value, configurable: !0, writable: !0 }), value;
    },
    set(value) {
      Object.defineProperty(this, key, { value, configurable: !0, writable: !0 });
    }
  });
}
var initializer = (inst, issues) => {
  $ZodError.init(inst, issues), inst.name = "ZodError";
  let proto = Object.getPrototypeOf(inst);
  _installedErrorProtos.has(proto) || (_installedErrorProtos.add(proto), _lazyMethod(proto, "format", (self) => (mapper) => formatError(self, mapper)), _lazyMethod(proto, "flatten", (self) => (mapper) => flattenError(self, mapper)), _lazyMethod(proto, "addIssue", (self) => (issue) => {
    self.issues.push(issue), self.message = JSON.stringify(self.issues, jsonStringifyReplacer, 2);
  }), _lazyMethod(proto, "addIssues", (self) => (issues2) => {
    self.issues.push(...issues2), self.message = JSON.stringify(self.issues, jsonStringifyReplacer, 2);
  }), Object.defineProperty(proto, "isEmpty", {
    configurable: !0,
    enumerable: !1,
    get() {
      return this.issues.length === 0;
    }
  }));
}, ZodError = /* @__PURE__ */ $constructor("ZodError", initializer), ZodRealError = /* @__PURE__ */ $constructor("ZodError", initializer, void 0, {
  Parent: Error
});

// node_modules/zod/v4/classic/parse.js
var parse2 = /* @__PURE__ */ _parse(ZodRealError), parseAsync = /* @__PURE__ */ _parseAsync(ZodRealError), safeParse = /* @__PURE__ */ _safeParse(ZodRealError), safeParseAsync = /* @__PURE__ */ _safeParseAsync(ZodRealError), encode = /* @__PURE__ */ _encode(ZodRealError), decode = /* @__PURE__ */ _decode(ZodRealError), encodeAsync = /* @__PURE__ */ _encodeAsync(ZodRealError), decodeAsync = /* @__PURE__ */ _decodeAsync(ZodRealError), safeEncode = /* @__PURE__ */ _safeEncode(ZodRealError), safeDecode = /* @__PURE__ */ _safeDecode(ZodRealError), safeEncodeAsync = /* @__PURE__ */ _safeEncodeAsync(ZodRealError), safeDecodeAsync = /* @__PURE__ */ _safeDecodeAsync(ZodRealError);

// node_modules/zod/v4/classic/schemas.js
function _ensureDefaultLocale() {
  globalConfig.localeError || config(en_default());
}
function _ensureDefaultMemoizer() {
  globalConfig.memoizer || config({ memoizer: memoizer() });
}
var ZodType = /* @__PURE__ */ $constructor("ZodType", (inst, def) => (_ensureDefaultLocale(), $ZodType.init(inst, def), inst.def = def, inst.type = def.type, inst), {
  check(...chks) {
    let def = this.def;
    return this.clone(util_exports.mergeDefs(def, {
      checks: [
        ...def.checks ?? [],
        ...chks.map((ch) => typeof ch == "function" ? { _zod: { check: ch, def: { check: "custom" }, onattach: [] } } : ch)
      ]
    }), { parent: !0 });
  },
  with(...chks) {
    return this.check(...chks);
  },
  clone(def, params) {
    return clone(this, def, params);
  },
  brand() {
    return this;
  },
  register(reg, meta3) {
    return reg.add(this, meta3), this;
  },
  refine(check2, params) {
    return this.check(refine(check2, params));
  },
  superRefine(refinement, params) {
    return this.check(superRefine(refinement, params));
  },
  overwrite(fn) {
    return this.check(_overwrite(fn));
  },
  optional() {
    return optional(this);
  },
  exactOptional() {
    return exactOptional(this);
  },
  nullable() {
    return nullable(this);
  },
  nullish() {
    return optional(nullable(this));
  },
  nonoptional(params) {
    return nonoptional(this, params);
  },
  array() {
    return array(this);
  },
  or(arg) {
    return union([this, arg]);
  },
  and(arg) {
    return intersection(this, arg);
  },
  transform(tx) {
    return pipe(this, transform(tx));
  },
  default(d) {
    return _default(this, d);
  },
  prefault(d) {
    return prefault(this, d);
  },
  catch(params) {
    return _catch(this, params);
  },
  pipe(target) {
    return pipe(this, target);
  },
  readonly() {
    return readonly(this);
  },
  describe(description) {
    let cl = this.clone();
    return globalRegistry.add(cl, { description }), cl;
  },
  meta(...args) {
    if (args.length === 0)
      return globalRegistry.get(this);
    let cl = this.clone();
    return globalRegistry.add(cl, args[0]), cl;
  },
  isOptional() {
    return this.safeParse(void 0).success;
  },
  isNullable() {
    return this.safeParse(null).success;
  },
  apply(fn, ...args) {
    return args.length === 0 ? fn(this) : fn(this, ...args);
  },
  // Overrides core's `~standard` to add `jsonSchema`. Must stay a prototype entry: redefining it per instance demotes instances to dictionary mode.
  get "~standard"() {
    return util_exports.hide(this, "~standard", {
      ...standardProps(this),
      jsonSchema: {
        input: createStandardJSONSchemaMethod(this, "input"),
        output: createStandardJSONSchemaMethod(this, "output")
      }
    });
  },
  set "~standard"(value) {
    util_exports.own(this, "~standard", value);
  },
  parse: function _parse2(data, params) {
    return parse2(this, data, params, { callee: _parse2 });
  },
  parseAsync: async function _parseAsync2(data, params) {
    return await parseAsync(this, data, params, { callee: _parseAsync2 });
  },
  safeParse(data, params) {
    return safeParse(this, data, params);
  },
  async safeParseAsync(data, params) {
    return safeParseAsync(this, data, params);
  },
  // `spa` is an alias: same function object as `safeParseAsync`, as before.
  get spa() {
    return this?.safeParseAsync;
  },
  set spa(value) {
    util_exports.own(this, "spa", value);
  },
  validate(data, params) {
    return validate(this, data, params);
  },
  validateAsync(data, params) {
    return validateAsync(this, data, params);
  },
  encode: function _encode2(data, params) {
    return encode(this, data, params, { callee: _encode2 });
  },
  decode: function _decode2(data, params) {
    return decode(this, data, params, { callee: _decode2 });
  },
  encodeAsync: async function _encodeAsync2(data, params) {
    return await encodeAsync(this, data, params, { callee: _encodeAsync2 });
  },
  decodeAsync: async function _decodeAsync2(data, params) {
    return await decodeAsync(this, data, params, { callee: _decodeAsync2 });
  },
  safeEncode(data, params) {
    return safeEncode(this, data, params);
  },
  safeDecode(data, params) {
    return safeDecode(this, data, params);
  },
  async safeEncodeAsync(data, params) {
    return safeEncodeAsync(this, data, params);
  },
  async safeDecodeAsync(data, params) {
    return safeDecodeAsync(this, data, params);
  },
  toJSONSchema(params) {
    return createToJSONSchemaMethod(this, {})(params);
  },
  // Reads through to the registry on every access, so it must not cache.
  get description() {
    return globalRegistry.get(this)?.description;
  },
  // No setter: `schema._def = x` throws, as it did when `_def` was a non-writable own property.
  get _def() {
    return this._zod.def;
  }
}), _ZodString = /* @__PURE__ */ $constructor(
  "_ZodString",
  (inst, def) => {
    $ZodString.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => stringProcessor(inst, ctx, json2, params);
  },
  /* @__PURE__ */ util_exports.derived({
    format: (inst) => aggregateChecks(inst).format ?? null,
    minLength: (inst) => aggregateChecks(inst).minimum ?? null,
    maxLength: (inst) => aggregateChecks(inst).maximum ?? null
  }, {
    regex(...args) {
      return this.check(_regex(...args));
    },
    includes(...args) {
      return this.check(_includes(...args));
    },
    startsWith(...args) {
      return this.check(_startsWith(...args));
    },
    endsWith(...args) {
      return this.check(_endsWith(...args));
    },
    min(...args) {
      return this.check(_minLength(...args));
    },
    max(...args) {
      return this.check(_maxLength(...args));
    },
    length(...args) {
      return this.check(_length(...args));
    },
    nonempty(...args) {
      return this.check(_minLength(1, ...args));
    },
    lowercase(params) {
      return this.check(_lowercase(params));
    },
    uppercase(params) {
      return this.check(_uppercase(params));
    },
    trim() {
      return this.check(_trim());
    },
    normalize(...args) {
      return this.check(_normalize(...args));
    },
    toLowerCase() {
      return this.check(_toLowerCase());
    },
    toUpperCase() {
      return this.check(_toUpperCase());
    },
    slugify() {
      return this.check(_slugify());
    }
  })
), ZodString = /* @__PURE__ */ $constructor("ZodString", (inst, def) => {
  $ZodString.init(inst, def), _ZodString.init(inst, def);
}, {
  email(params) {
    return this.check(_email(ZodEmail, params));
  },
  url(params) {
    return this.check(_url(ZodURL, params));
  },
  jwt(params) {
    return this.check(_jwt(ZodJWT, params));
  },
  emoji(params) {
    return this.check(_emoji(ZodEmoji, params));
  },
  guid(params) {
    return this.check(_guid(ZodGUID, params));
  },
  uuid(params) {
    return this.check(_uuid(ZodUUID, params));
  },
  uuidv4(params) {
    return this.check(_uuidv4(ZodUUID, params));
  },
  uuidv6(params) {
    return this.check(_uuidv6(ZodUUID, params));
  },
  uuidv7(params) {
    return this.check(_uuidv7(ZodUUID, params));
  },
  nanoid(params) {
    return this.check(_nanoid(ZodNanoID, params));
  },
  cuid(params) {
    return this.check(_cuid(ZodCUID, params));
  },
  cuid2(params) {
    return this.check(_cuid2(ZodCUID2, params));
  },
  ulid(params) {
    return this.check(_ulid(ZodULID, params));
  },
  base64(params) {
    return this.check(_base64(ZodBase64, params));
  },
  base64url(params) {
    return this.check(_base64url(ZodBase64URL, params));
  },
  xid(params) {
    return this.check(_xid(ZodXID, params));
  },
  ksuid(params) {
    return this.check(_ksuid(ZodKSUID, params));
  },
  ipv4(params) {
    return this.check(_ipv4(ZodIPv4, params));
  },
  ipv6(params) {
    return this.check(_ipv6(ZodIPv6, params));
  },
  cidrv4(params) {
    return this.check(_cidrv4(ZodCIDRv4, params));
  },
  cidrv6(params) {
    return this.check(_cidrv6(ZodCIDRv6, params));
  },
  e164(params) {
    return this.check(_e164(ZodE164, params));
  },
  datetime(params) {
    return this.check(_isoDateTime(ZodISODateTime, params));
  },
  date(params) {
    return this.check(_isoDate(ZodISODate, params));
  },
  time(params) {
    return this.check(_isoTime(ZodISOTime, params));
  },
  duration(params) {
    return this.check(_isoDuration(ZodISODuration, params));
  }
});
function string(params) {
  return _string(ZodString, params);
}
var ZodStringFormat = /* @__PURE__ */ $constructor("ZodStringFormat", (inst, def) => {
  $ZodStringFormat.init(inst, def), _ZodString.init(inst, def);
}), ZodISODateTime = /* @__PURE__ */ $constructor("ZodISODateTime", (inst, def) => {
  $ZodISODateTime.init(inst, def), ZodStringFormat.init(inst, def);
}), ZodISODate = /* @__PURE__ */ $constructor("ZodISODate", (inst, def) => {
  $ZodISODate.init(inst, def), ZodStringFormat.init(inst, def);
}), ZodISOTime = /* @__PURE__ */ $constructor("ZodISOTime", (inst, def) => {
  $ZodISOTime.init(inst, def), ZodStringFormat.init(inst, def);
}), ZodISODuration = /* @__PURE__ */ $constructor("ZodISODuration", (inst, def) => {
  $ZodISODuration.init(inst, def), ZodStringFormat.init(inst, def);
}), ZodEmail = /* @__PURE__ */ $constructor("ZodEmail", (inst, def) => {
  $ZodEmail.init(inst, def), ZodStringFormat.init(inst, def);
});
function email(params) {
  return _email(ZodEmail, params);
}
var ZodGUID = /* @__PURE__ */ $constructor("ZodGUID", (inst, def) => {
  $ZodGUID.init(inst, def), ZodStringFormat.init(inst, def);
});
function guid(params) {
  return _guid(ZodGUID, params);
}
var ZodUUID = /* @__PURE__ */ $constructor("ZodUUID", (inst, def) => {
  $ZodUUID.init(inst, def), ZodStringFormat.init(inst, def);
});
function uuid(params) {
  return _uuid(ZodUUID, params);
}
function uuidv4(params) {
  return _uuidv4(ZodUUID, params);
}
function uuidv6(params) {
  return _uuidv6(ZodUUID, params);
}
function uuidv7(params) {
  return _uuidv7(ZodUUID, params);
}
var ZodURL = /* @__PURE__ */ $constructor("ZodURL", (inst, def) => {
  $ZodURL.init(inst, def), ZodStringFormat.init(inst, def);
});
function url(params) {
  return _url(ZodURL, params);
}
function httpUrl(params) {
  return _url(ZodURL, {
    protocol: httpProtocol,
    hostname: domain,
    ...util_exports.normalizeParams(params)
  });
}
var ZodEmoji = /* @__PURE__ */ $constructor("ZodEmoji", (inst, def) => {
  $ZodEmoji.init(inst, def), ZodStringFormat.init(inst, def);
});
function emoji(params) {
  return _emoji(ZodEmoji, params);
}
var ZodNanoID = /* @__PURE__ */ $constructor("ZodNanoID", (inst, def) => {
  $ZodNanoID.init(inst, def), ZodStringFormat.init(inst, def);
});
function nanoid(params) {
  return _nanoid(ZodNanoID, params);
}
var ZodCUID = /* @__PURE__ */ $constructor("ZodCUID", (inst, def) => {
  $ZodCUID.init(inst, def), ZodStringFormat.init(inst, def);
});
function cuid(params) {
  return _cuid(ZodCUID, params);
}
var ZodCUID2 = /* @__PURE__ */ $constructor("ZodCUID2", (inst, def) => {
  $ZodCUID2.init(inst, def), ZodStringFormat.init(inst, def);
});
function cuid2(params) {
  return _cuid2(ZodCUID2, params);
}
var ZodULID = /* @__PURE__ */ $constructor("ZodULID", (inst, def) => {
  $ZodULID.init(inst, def), ZodStringFormat.init(inst, def);
});
function ulid(params) {
  return _ulid(ZodULID, params);
}
var ZodXID = /* @__PURE__ */ $constructor("ZodXID", (inst, def) => {
  $ZodXID.init(inst, def), ZodStringFormat.init(inst, def);
});
function xid(params) {
  return _xid(ZodXID, params);
}
var ZodKSUID = /* @__PURE__ */ $constructor("ZodKSUID", (inst, def) => {
  $ZodKSUID.init(inst, def), ZodStringFormat.init(inst, def);
});
function ksuid(params) {
  return _ksuid(ZodKSUID, params);
}
var ZodIPv4 = /* @__PURE__ */ $constructor("ZodIPv4", (inst, def) => {
  $ZodIPv4.init(inst, def), ZodStringFormat.init(inst, def);
});
function ipv4(params) {
  return _ipv4(ZodIPv4, params);
}
var ZodMAC = /* @__PURE__ */ $constructor("ZodMAC", (inst, def) => {
  $ZodMAC.init(inst, def), ZodStringFormat.init(inst, def);
});
function mac(params) {
  return _mac(ZodMAC, params);
}
var ZodIPv6 = /* @__PURE__ */ $constructor("ZodIPv6", (inst, def) => {
  $ZodIPv6.init(inst, def), ZodStringFormat.init(inst, def);
});
function ipv6(params) {
  return _ipv6(ZodIPv6, params);
}
var ZodCIDRv4 = /* @__PURE__ */ $constructor("ZodCIDRv4", (inst, def) => {
  $ZodCIDRv4.init(inst, def), ZodStringFormat.init(inst, def);
});
function cidrv4(params) {
  return _cidrv4(ZodCIDRv4, params);
}
var ZodCIDRv6 = /* @__PURE__ */ $constructor("ZodCIDRv6", (inst, def) => {
  $ZodCIDRv6.init(inst, def), ZodStringFormat.init(inst, def);
});
function cidrv6(params) {
  return _cidrv6(ZodCIDRv6, params);
}
var ZodBase64 = /* @__PURE__ */ $constructor("ZodBase64", (inst, def) => {
  $ZodBase64.init(inst, def), ZodStringFormat.init(inst, def);
});
function base64(params) {
  return _base64(ZodBase64, params);
}
var ZodBase64URL = /* @__PURE__ */ $constructor("ZodBase64URL", (inst, def) => {
  $ZodBase64URL.init(inst, def), ZodStringFormat.init(inst, def);
});
function base64url(params) {
  return _base64url(ZodBase64URL, params);
}
var ZodE164 = /* @__PURE__ */ $constructor("ZodE164", (inst, def) => {
  $ZodE164.init(inst, def), ZodStringFormat.init(inst, def);
});
function e164(params) {
  return _e164(ZodE164, params);
}
var ZodCreditCard = /* @__PURE__ */ $constructor("ZodCreditCard", (inst, def) => {
  $ZodCreditCard.init(inst, def), ZodStringFormat.init(inst, def);
});
function creditCard(params) {
  return _creditCard(ZodCreditCard, params);
}
var ZodIBAN = /* @__PURE__ */ $constructor("ZodIBAN", (inst, def) => {
  $ZodIBAN.init(inst, def), ZodStringFormat.init(inst, def);
});
function iban(params) {
  return _iban(ZodIBAN, params);
}
var ZodJWT = /* @__PURE__ */ $constructor("ZodJWT", (inst, def) => {
  $ZodJWT.init(inst, def), ZodStringFormat.init(inst, def);
});
function jwt(params) {
  return _jwt(ZodJWT, params);
}
var ZodCustomStringFormat = /* @__PURE__ */ $constructor("ZodCustomStringFormat", (inst, def) => {
  $ZodCustomStringFormat.init(inst, def), ZodStringFormat.init(inst, def);
});
function stringFormat(format, fnOrRegex, _params = {}) {
  return _stringFormat(ZodCustomStringFormat, format, fnOrRegex, _params);
}
function hostname2(_params) {
  return _stringFormat(ZodCustomStringFormat, "hostname", hostname, _params);
}
function hex2(_params) {
  return _stringFormat(ZodCustomStringFormat, "hex", hex, _params);
}
function currencyCode2(_params) {
  return _stringFormat(ZodCustomStringFormat, "currency_code", currencyCode, _params);
}
function hash(alg, params) {
  let enc = params?.enc ?? "hex", format = `${alg}_${enc}`, regex = regexes_exports[format];
  if (!regex)
    throw new Error(`Unrecognized hash format: ${format}`);
  return _stringFormat(ZodCustomStringFormat, format, regex, params);
}
var ZodNumber = /* @__PURE__ */ $constructor(
  "ZodNumber",
  (inst, def) => {
    $ZodNumber.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => numberProcessor(inst, ctx, json2, params), inst.isFinite = !0;
  },
  /* @__PURE__ */ util_exports.derived({
    minValue: (inst) => {
      let { minimum, exclusiveMinimum } = aggregateChecks(inst);
      return Math.max(minimum ?? Number.NEGATIVE_INFINITY, exclusiveMinimum ?? Number.NEGATIVE_INFINITY);
    },
    maxValue: (inst) => {
      let { maximum, exclusiveMaximum } = aggregateChecks(inst);
      return Math.min(maximum ?? Number.POSITIVE_INFINITY, exclusiveMaximum ?? Number.POSITIVE_INFINITY);
    },
    isInt: (inst) => {
      let { isInt, multipleOf } = aggregateChecks(inst);
      return !!isInt || !!multipleOf?.some(Number.isSafeInteger);
    },
    format: (inst) => aggregateChecks(inst).format ?? null
  }, {
    gt(value, params) {
      return this.check(_gt(value, params));
    },
    gte(value, params) {
      return this.check(_gte(value, params));
    },
    min(value, params) {
      return this.check(_gte(value, params));
    },
    lt(value, params) {
      return this.check(_lt(value, params));
    },
    lte(value, params) {
      return this.check(_lte(value, params));
    },
    max(value, params) {
      return this.check(_lte(value, params));
    },
    int(params) {
      return this.check(int(params));
    },
    safe(params) {
      return this.check(int(params));
    },
    positive(params) {
      return this.check(_gt(0, params));
    },
    nonnegative(params) {
      return this.check(_gte(0, params));
    },
    negative(params) {
      return this.check(_lt(0, params));
    },
    nonpositive(params) {
      return this.check(_lte(0, params));
    },
    multipleOf(value, params) {
      return this.check(_multipleOf(value, params));
    },
    step(value, params) {
      return this.check(_multipleOf(value, params));
    },
    finite() {
      return this;
    }
  })
);
function number(params) {
  return _number(ZodNumber, params);
}
var ZodNumberFormat = /* @__PURE__ */ $constructor("ZodNumberFormat", (inst, def) => {
  $ZodNumberFormat.init(inst, def), ZodNumber.init(inst, def);
});
function int(params) {
  return _int(ZodNumberFormat, params);
}
function float32(params) {
  return _float32(ZodNumberFormat, params);
}
function float64(params) {
  return _float64(ZodNumberFormat, params);
}
function int32(params) {
  return _int32(ZodNumberFormat, params);
}
function uint32(params) {
  return _uint32(ZodNumberFormat, params);
}
var ZodBoolean = /* @__PURE__ */ $constructor("ZodBoolean", (inst, def) => {
  $ZodBoolean.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => booleanProcessor(inst, ctx, json2, params);
});
function boolean(params) {
  return _boolean(ZodBoolean, params);
}
var ZodBigInt = /* @__PURE__ */ $constructor(
  "ZodBigInt",
  (inst, def) => {
    $ZodBigInt.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => bigintProcessor(inst, ctx, json2, params);
  },
  /* @__PURE__ */ util_exports.derived({
    minValue: (inst) => aggregateChecks(inst).minimum ?? null,
    maxValue: (inst) => aggregateChecks(inst).maximum ?? null,
    format: (inst) => aggregateChecks(inst).format ?? null
  }, {
    gte(value, params) {
      return this.check(_gte(value, params));
    },
    min(value, params) {
      return this.check(_gte(value, params));
    },
    gt(value, params) {
      return this.check(_gt(value, params));
    },
    lt(value, params) {
      return this.check(_lt(value, params));
    },
    lte(value, params) {
      return this.check(_lte(value, params));
    },
    max(value, params) {
      return this.check(_lte(value, params));
    },
    positive(params) {
      return this.check(_gt(BigInt(0), params));
    },
    negative(params) {
      return this.check(_lt(BigInt(0), params));
    },
    nonpositive(params) {
      return this.check(_lte(BigInt(0), params));
    },
    nonnegative(params) {
      return this.check(_gte(BigInt(0), params));
    },
    multipleOf(value, params) {
      return this.check(_multipleOf(value, params));
    }
  })
);
function bigint(params) {
  return _bigint(ZodBigInt, params);
}
var ZodBigIntFormat = /* @__PURE__ */ $constructor("ZodBigIntFormat", (inst, def) => {
  $ZodBigIntFormat.init(inst, def), ZodBigInt.init(inst, def);
});
function int64(params) {
  return _int64(ZodBigIntFormat, params);
}
function uint64(params) {
  return _uint64(ZodBigIntFormat, params);
}
var ZodSymbol = /* @__PURE__ */ $constructor("ZodSymbol", (inst, def) => {
  $ZodSymbol.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => symbolProcessor(inst, ctx, json2, params);
});
function symbol(params) {
  return _symbol(ZodSymbol, params);
}
var ZodUndefined = /* @__PURE__ */ $constructor("ZodUndefined", (inst, def) => {
  $ZodUndefined.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => undefinedProcessor(inst, ctx, json2, params);
});
function _undefined2(params) {
  return _undefined(ZodUndefined, params);
}
var ZodNull = /* @__PURE__ */ $constructor("ZodNull", (inst, def) => {
  $ZodNull.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => nullProcessor(inst, ctx, json2, params);
});
function _null2(params) {
  return _null(ZodNull, params);
}
var ZodAny = /* @__PURE__ */ $constructor("ZodAny", (inst, def) => {
  $ZodAny.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => anyProcessor(inst, ctx, json2, params);
});
function any() {
  return _any(ZodAny);
}
var ZodUnknown = /* @__PURE__ */ $constructor("ZodUnknown", (inst, def) => {
  $ZodUnknown.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => unknownProcessor(inst, ctx, json2, params);
});
function unknown() {
  return _unknown(ZodUnknown);
}
var ZodNever = /* @__PURE__ */ $constructor("ZodNever", (inst, def) => {
  $ZodNever.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => neverProcessor(inst, ctx, json2, params);
});
function never(params) {
  return _never(ZodNever, params);
}
var ZodVoid = /* @__PURE__ */ $constructor("ZodVoid", (inst, def) => {
  $ZodVoid.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => voidProcessor(inst, ctx, json2, params);
});
function _void2(params) {
  return _void(ZodVoid, params);
}
var ZodDate = /* @__PURE__ */ $constructor(
  "ZodDate",
  (inst, def) => {
    $ZodDate.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => dateProcessor(inst, ctx, json2, params), inst.min = (value, params) => inst.check(_gte(value, params)), inst.max = (value, params) => inst.check(_lte(value, params));
  },
  /* @__PURE__ */ util_exports.derived({
    minDate: (inst) => {
      let { minimum } = aggregateChecks(inst);
      return minimum ? new Date(minimum) : null;
    },
    maxDate: (inst) => {
      let { maximum } = aggregateChecks(inst);
      return maximum ? new Date(maximum) : null;
    }
  }, {})
);
function date(params) {
  return _date(ZodDate, params);
}
var ZodArray = /* @__PURE__ */ $constructor("ZodArray", (inst, def) => {
  _ensureDefaultMemoizer(), $ZodArray.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => arrayProcessor(inst, ctx, json2, params), inst.element = def.element;
}, {
  min(n, params) {
    return this.check(_minLength(n, params));
  },
  nonempty(params) {
    return this.check(_minLength(1, params));
  },
  max(n, params) {
    return this.check(_maxLength(n, params));
  },
  length(n, params) {
    return this.check(_length(n, params));
  },
  unwrap() {
    return this.element;
  }
});
function array(element, params) {
  return _array(ZodArray, element, params);
}
function keyof(schema) {
  let shape = schema._zod.def.shape;
  return _enum(Object.keys(shape));
}
var ZodObject = /* @__PURE__ */ $constructor("ZodObject", (inst, def) => {
  _ensureDefaultMemoizer(), $ZodObjectJIT.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => objectProcessor(inst, ctx, json2, params), util_exports.installLazyProp(inst, "shape", (self) => self._zod.def.shape, !1);
}, {
  keyof() {
    return _enum(Object.keys(this._zod.def.shape));
  },
  catchall(catchall) {
    return this.clone(util_exports.mergeDefs(this._zod.def, { catchall }));
  },
  passthrough() {
    return this.clone(util_exports.mergeDefs(this._zod.def, { catchall: unknown() }));
  },
  loose() {
    return this.clone(util_exports.mergeDefs(this._zod.def, { catchall: unknown() }));
  },
  strict() {
    return this.clone(util_exports.mergeDefs(this._zod.def, { catchall: never() }));
  },
  strip() {
    return this.clone(util_exports.mergeDefs(this._zod.def, { catchall: void 0 }));
  },
  extend(incoming) {
    return util_exports.extend(this, incoming);
  },
  safeExtend(incoming) {
    return util_exports.safeExtend(this, incoming);
  },
  merge(other) {
    return util_exports.merge(this, other);
  },
  pick(mask) {
    return util_exports.pick(this, mask);
  },
  omit(mask) {
    return util_exports.omit(this, mask);
  },
  partial(...args) {
    return util_exports.partial(ZodOptional, this, args[0]);
  },
  exactPartial(...args) {
    return util_exports.partial(ZodExactOptional, this, args[0], "exactPartial");
  },
  required(...args) {
    return util_exports.required(ZodNonOptional, this, args[0]);
  }
});
function object(shape, params) {
  let def = {
    type: "object",
    shape: shape ?? {},
    ...util_exports.normalizeParams(params)
  };
  return new ZodObject(def);
}
function strictObject(shape, params) {
  return new ZodObject({
    type: "object",
    shape,
    catchall: never(),
    ...util_exports.normalizeParams(params)
  });
}
function looseObject(shape, params) {
  return new ZodObject({
    type: "object",
    shape,
    catchall: unknown(),
    ...util_exports.normalizeParams(params)
  });
}
var ZodUnion = /* @__PURE__ */ $constructor("ZodUnion", (inst, def) => {
  $ZodUnion.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => unionProcessor(inst, ctx, json2, params), inst.options = def.options;
});
function union(options, params) {
  return new ZodUnion({
    type: "union",
    options,
    ...util_exports.normalizeParams(params)
  });
}
var ZodXor = /* @__PURE__ */ $constructor("ZodXor", (inst, def) => {
  ZodUnion.init(inst, def), $ZodXor.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => unionProcessor(inst, ctx, json2, params), inst.options = def.options;
});
function xor(options, params) {
  return new ZodXor({
    type: "union",
    options,
    inclusive: !1,
    ...util_exports.normalizeParams(params)
  });
}
var ZodDiscriminatedUnion = /* @__PURE__ */ $constructor("ZodDiscriminatedUnion", (inst, def) => {
  ZodUnion.init(inst, def), $ZodDiscriminatedUnion.init(inst, def);
});
function discriminatedUnion(discriminator, options, params) {
  return new ZodDiscriminatedUnion({
    type: "union",
    options,
    discriminator,
    ...util_exports.normalizeParams(params)
  });
}
var ZodIntersection = /* @__PURE__ */ $constructor("ZodIntersection", (inst, def) => {
  $ZodIntersection.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => intersectionProcessor(inst, ctx, json2, params);
});
function intersection(left, right) {
  return new ZodIntersection({
    type: "intersection",
    left,
    right
  });
}
var ZodTuple = /* @__PURE__ */ $constructor("ZodTuple", (inst, def) => {
  _ensureDefaultMemoizer(), $ZodTuple.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => tupleProcessor(inst, ctx, json2, params);
}, {
  rest(rest) {
    return this.clone({
      ...this._zod.def,
      rest
    });
  },
  partial() {
    let def = this._zod.def;
    if (def.checks?.length)
      throw new Error(".partial() cannot be used on tuple schemas containing refinements");
    return this.clone({
      ...def,
      items: def.items.map((item) => new ZodOptional({ type: "optional", innerType: item }))
    });
  }
});
function tuple(items, _paramsOrRest, _params) {
  let hasRest = _paramsOrRest instanceof $ZodType, params = hasRest ? _params : _paramsOrRest, rest = hasRest ? _paramsOrRest : null;
  return new ZodTuple({
    type: "tuple",
    items,
    rest,
    ...util_exports.normalizeParams(params)
  });
}
var ZodRecord = /* @__PURE__ */ $constructor("ZodRecord", (inst, def) => {
  _ensureDefaultMemoizer(), $ZodRecord.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => recordProcessor(inst, ctx, json2, params), inst.keyType = def.keyType, inst.valueType = def.valueType;
});
function record(keyType, valueType, params) {
  return !valueType || !valueType._zod ? new ZodRecord({
    type: "record",
    keyType: string(),
    valueType: keyType,
    ...util_exports.normalizeParams(valueType)
  }) : new ZodRecord({
    type: "record",
    keyType,
    valueType,
    ...util_exports.normalizeParams(params)
  });
}
function partialRecord(keyType, valueType, params) {
  return new ZodRecord({
    type: "record",
    keyType,
    valueType,
    ...util_exports.normalizeParams(params),
    partial: !0
  });
}
function looseRecord(keyType, valueType, params) {
  return new ZodRecord({
    type: "record",
    keyType,
    valueType,
    mode: "loose",
    ...util_exports.normalizeParams(params)
  });
}
var ZodMap = /* @__PURE__ */ $constructor("ZodMap", (inst, def) => {
  _ensureDefaultMemoizer(), $ZodMap.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => mapProcessor(inst, ctx, json2, params), inst.keyType = def.keyType, inst.valueType = def.valueType, inst.min = (...args) => inst.check(_minSize(...args)), inst.nonempty = (params) => inst.check(_minSize(1, params)), inst.max = (...args) => inst.check(_maxSize(...args)), inst.size = (...args) => inst.check(_size(...args));
});
function map(keyType, valueType, params) {
  return new ZodMap({
    type: "map",
    keyType,
    valueType,
    ...util_exports.normalizeParams(params)
  });
}
var ZodSet = /* @__PURE__ */ $constructor("ZodSet", (inst, def) => {
  _ensureDefaultMemoizer(), $ZodSet.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => setProcessor(inst, ctx, json2, params), inst.min = (...args) => inst.check(_minSize(...args)), inst.nonempty = (params) => inst.check(_minSize(1, params)), inst.max = (...args) => inst.check(_maxSize(...args)), inst.size = (...args) => inst.check(_size(...args));
});
function set(valueType, params) {
  return new ZodSet({
    type: "set",
    valueType,
    ...util_exports.normalizeParams(params)
  });
}
var ZodEnum = /* @__PURE__ */ $constructor("ZodEnum", (inst, def) => {
  $ZodEnum.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => enumProcessor(inst, ctx, json2, params), inst.enum = def.entries, inst.options = [...inst._zod.values];
  let keys = new Set(Object.keys(def.entries));
  inst.extract = (values, params) => {
    let newEntries = {};
    for (let value of values)
      if (keys.has(value))
        newEntries[value] = def.entries[value];
      else
        throw new Error(`Key ${value} not found in enum`);
    return new ZodEnum({
      ...def,
      checks: [],
      ...util_exports.normalizeParams(params),
      entries: newEntries
    });
  }, inst.exclude = (values, params) => {
    let newEntries = { ...def.entries };
    for (let value of values)
      if (keys.has(value))
        delete newEntries[value];
      else
        throw new Error(`Key ${value} not found in enum`);
    return new ZodEnum({
      ...def,
      checks: [],
      ...util_exports.normalizeParams(params),
      entries: newEntries
    });
  };
});
function _enum(values, params) {
  let entries = Array.isArray(values) ? Object.fromEntries(values.map((v) => [v, v])) : values;
  return new ZodEnum({
    type: "enum",
    entries,
    ...util_exports.normalizeParams(params)
  });
}
function nativeEnum(entries, params) {
  return new ZodEnum({
    type: "enum",
    entries,
    ...util_exports.normalizeParams(params)
  });
}
var ZodLiteral = /* @__PURE__ */ $constructor("ZodLiteral", (inst, def) => {
  $ZodLiteral.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => literalProcessor(inst, ctx, json2, params), inst.values = new Set(def.values), Object.defineProperty(inst, "value", {
    get() {
      if (def.values.length > 1)
        throw new Error("This schema contains multiple valid literal values. Use `.values` instead.");
      return def.values[0];
    }
  });
});
function literal(value, params) {
  return new ZodLiteral({
    type: "literal",
    values: Array.isArray(value) ? value : [value],
    ...util_exports.normalizeParams(params)
  });
}
var ZodFile = /* @__PURE__ */ $constructor("ZodFile", (inst, def) => {
  $ZodFile.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => fileProcessor(inst, ctx, json2, params), inst.min = (size, params) => inst.check(_minSize(size, params)), inst.max = (size, params) => inst.check(_maxSize(size, params)), inst.mime = (types2, params) => inst.check(_mime(Array.isArray(types2) ? types2 : [types2], params));
});
function file(params) {
  return _file(ZodFile, params);
}
var ZodTransform = /* @__PURE__ */ $constructor("ZodTransform", (inst, def) => {
  _ensureDefaultMemoizer(), $ZodTransform.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => transformProcessor(inst, ctx, json2, params), inst._zod.parse = (payload, _ctx) => {
    if (_ctx.direction === "backward")
      throw new $ZodEncodeError(inst.constructor.name);
    payload.addIssue = (issue) => {
      if (typeof issue == "string")
        payload.issues.push(util_exports.issue(issue, payload.value, def));
      else {
        let _issue = issue;
        _issue.fatal && (_issue.continue = !1), _issue.code ?? (_issue.code = "custom"), "input" in _issue || (_issue.input = payload.value), _issue.inst ?? (_issue.inst = inst), payload.issues.push(util_exports.issue(_issue));
      }
    };
    let output2 = def.transform(payload.value, payload);
    return output2 instanceof Promise ? output2.then((output3) => (payload.value = output3, payload)) : (payload.value = output2, payload);
  };
});
function transform(fn) {
  return new ZodTransform({
    type: "transform",
    transform: fn
  });
}
var ZodOptional = /* @__PURE__ */ $constructor("ZodOptional", (inst, def) => {
  $ZodOptional.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => optionalProcessor(inst, ctx, json2, params), inst.unwrap = () => inst._zod.def.innerType;
});
function optional(innerType) {
  return new ZodOptional({
    type: "optional",
    innerType
  });
}
var ZodExactOptional = /* @__PURE__ */ $constructor("ZodExactOptional", (inst, def) => {
  $ZodExactOptional.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => optionalProcessor(inst, ctx, json2, params), inst.unwrap = () => inst._zod.def.innerType;
});
function exactOptional(innerType) {
  return new ZodExactOptional({
    type: "optional",
    innerType
  });
}
var ZodNullable = /* @__PURE__ */ $constructor("ZodNullable", (inst, def) => {
  $ZodNullable.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => nullableProcessor(inst, ctx, json2, params), inst.unwrap = () => inst._zod.def.innerType;
});
function nullable(innerType) {
  return new ZodNullable({
    type: "nullable",
    innerType
  });
}
function nullish(innerType) {
  return optional(nullable(innerType));
}
var ZodDefault = /* @__PURE__ */ $constructor("ZodDefault", (inst, def) => {
  $ZodDefault.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => defaultProcessor(inst, ctx, json2, params), inst.unwrap = () => inst._zod.def.innerType, inst.removeDefault = inst.unwrap;
});
function _default(innerType, defaultValue) {
  return new ZodDefault({
    type: "default",
    innerType,
    get defaultValue() {
      return typeof defaultValue == "function" ? defaultValue() : util_exports.shallowClone(defaultValue);
    }
  });
}
var ZodPrefault = /* @__PURE__ */ $constructor("ZodPrefault", (inst, def) => {
  $ZodPrefault.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => prefaultProcessor(inst, ctx, json2, params), inst.unwrap = () => inst._zod.def.innerType;
});
function prefault(innerType, defaultValue) {
  return new ZodPrefault({
    type: "prefault",
    innerType,
    get defaultValue() {
      return typeof defaultValue == "function" ? defaultValue() : util_exports.shallowClone(defaultValue);
    }
  });
}
var ZodNonOptional = /* @__PURE__ */ $constructor("ZodNonOptional", (inst, def) => {
  $ZodNonOptional.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => nonoptionalProcessor(inst, ctx, json2, params), inst.unwrap = () => inst._zod.def.innerType;
});
function nonoptional(innerType, params) {
  return new ZodNonOptional({
    type: "nonoptional",
    innerType,
    ...util_exports.normalizeParams(params)
  });
}
var ZodSuccess = /* @__PURE__ */ $constructor("ZodSuccess", (inst, def) => {
  $ZodSuccess.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => successProcessor(inst, ctx, json2, params), inst.unwrap = () => inst._zod.def.innerType;
});
function success(innerType) {
  return new ZodSuccess({
    type: "success",
    innerType
  });
}
var ZodCatch = /* @__PURE__ */ $constructor("ZodCatch", (inst, def) => {
  $ZodCatch.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => catchProcessor(inst, ctx, json2, params), inst.unwrap = () => inst._zod.def.innerType, inst.removeCatch = inst.unwrap;
});
function _catch(innerType, catchValue) {
  return new ZodCatch({
    type: "catch",
    innerType,
    catchValue: typeof catchValue == "function" ? catchValue : util_exports.constantCatch(catchValue)
  });
}
var ZodNaN = /* @__PURE__ */ $constructor("ZodNaN", (inst, def) => {
  $ZodNaN.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => nanProcessor(inst, ctx, json2, params);
});
function nan(params) {
  return _nan(ZodNaN, params);
}
var ZodPipe = /* @__PURE__ */ $constructor("ZodPipe", (inst, def) => {
  $ZodPipe.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => pipeProcessor(inst, ctx, json2, params), inst.in = def.in, inst.out = def.out;
});
function pipe(in_, out) {
  return new ZodPipe({
    type: "pipe",
    in: in_,
    out
    // ...util.normalizeParams(params),
  });
}
var ZodCodec = /* @__PURE__ */ $constructor("ZodCodec", (inst, def) => {
  ZodPipe.init(inst, def), $ZodCodec.init(inst, def);
});
function codec(in_, out, params) {
  return new ZodCodec({
    type: "pipe",
    in: in_,
    out,
    transform: params.decode,
    reverseTransform: params.encode
  });
}
function invertCodec(codec2) {
  let def = codec2._zod.def;
  return new ZodCodec({
    type: "pipe",
    in: def.out,
    out: def.in,
    transform: def.reverseTransform,
    reverseTransform: def.transform
  });
}
var ZodPreprocess = /* @__PURE__ */ $constructor("ZodPreprocess", (inst, def) => {
  ZodPipe.init(inst, def), $ZodPreprocess.init(inst, def);
}), ZodReadonly = /* @__PURE__ */ $constructor("ZodReadonly", (inst, def) => {
  $ZodReadonly.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => readonlyProcessor(inst, ctx, json2, params), inst.unwrap = () => inst._zod.def.innerType;
});
function readonly(innerType) {
  return new ZodReadonly({
    type: "readonly",
    innerType
  });
}
var ZodTemplateLiteral = /* @__PURE__ */ $constructor("ZodTemplateLiteral", (inst, def) => {
  $ZodTemplateLiteral.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => templateLiteralProcessor(inst, ctx, json2, params);
});
function templateLiteral(parts, params) {
  return new ZodTemplateLiteral({
    type: "template_literal",
    parts,
    ...util_exports.normalizeParams(params)
  });
}
var ZodLazy = /* @__PURE__ */ $constructor("ZodLazy", (inst, def) => {
  $ZodLazy.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => lazyProcessor(inst, ctx, json2, params), inst.unwrap = () => inst._zod.def.getter();
});
function lazy(getter) {
  return new ZodLazy({
    type: "lazy",
    getter
  });
}
var ZodPromise = /* @__PURE__ */ $constructor("ZodPromise", (inst, def) => {
  $ZodPromise.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => promiseProcessor(inst, ctx, json2, params), inst.unwrap = () => inst._zod.def.innerType;
});
function promise(innerType) {
  return new ZodPromise({
    type: "promise",
    innerType
  });
}
var ZodFunction = /* @__PURE__ */ $constructor("ZodFunction", (inst, def) => {
  $ZodFunction.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => functionProcessor(inst, ctx, json2, params);
});
function _function(params) {
  return new ZodFunction({
    type: "function",
    input: Array.isArray(params?.input) ? tuple(params?.input) : params?.input ?? array(unknown()),
    output: params?.output ?? unknown()
  });
}
var ZodCustom = /* @__PURE__ */ $constructor("ZodCustom", (inst, def) => {
  $ZodCustom.init(inst, def), ZodType.init(inst, def), inst._zod.processJSONSchema = (ctx, json2, params) => customProcessor(inst, ctx, json2, params);
});
function check(fn) {
  let ch = new $ZodCheck({
    check: "custom"
    // ...util.normalizeParams(params),
  });
  return ch._zod.check = fn, ch;
}
function custom(fn, _params) {
  return _custom(ZodCustom, fn ?? (() => !0), _params);
}
function refine(fn, _params = {}) {
  return _refine(ZodCustom, fn, _params);
}
function superRefine(fn, params) {
  return _superRefine(fn, params);
}
var describe3 = describe, meta2 = meta, ZodInstanceOf = /* @__PURE__ */ $constructor("ZodInstanceOf", (inst, def) => {
  ZodCustom.init(inst, def);
}, {
  properties(shape, params) {
    return this.check(_properties(shape, params));
  }
});
function _instanceof(cls, params = {}) {
  let inst = new ZodInstanceOf({
    type: "custom",
    check: "custom",
    fn: (data) => data instanceof cls,
    abort: !0,
    ...util_exports.normalizeParams(params)
  });
  return inst._zod.bag.Class = cls, inst._zod.check = (payload) => {
    payload.value instanceof cls || payload.issues.push({
      code: "invalid_type",
      expected: cls.name,
      input: payload.value,
      inst,
      path: [...inst._zod.def.path ?? []]
    });
  }, inst;
}
var stringbool = (...args) => _stringbool({
  Codec: ZodCodec,
  Boolean: ZodBoolean,
  String: ZodString
}, ...args);
function json(params) {
  let jsonSchema = lazy(() => union([string(params), number(), boolean(), _null2(), array(jsonSchema), record(string(), jsonSchema)]));
  return jsonSchema;
}
function preprocess(fn, schema) {
  return new ZodPreprocess({
    type: "pipe",
    in: transform(fn),
    out: schema
  });
}

// node_modules/zod/v4/classic/compat.js
var ZodIssueCode = {
  invalid_type: "invalid_type",
  too_big: "too_big",
  too_small: "too_small",
  invalid_format: "invalid_format",
  not_multiple_of: "not_multiple_of",
  unrecognized_keys: "unrecognized_keys",
  invalid_union: "invalid_union",
  invalid_key: "invalid_key",
  invalid_element: "invalid_element",
  invalid_value: "invalid_value",
  custom: "custom"
};
function setErrorMap(map2) {
  config({
    customError: map2
  });
}
function getErrorMap() {
  return config().customError;
}
var ZodFirstPartyTypeKind;
ZodFirstPartyTypeKind || (ZodFirstPartyTypeKind = {});

// node_modules/zod/v4/classic/iso.js
var iso_exports = {};
__export(iso_exports, {
  ZodISODate: () => ZodISODate,
  ZodISODateTime: () => ZodISODateTime,
  ZodISODuration: () => ZodISODuration,
  ZodISOTime: () => ZodISOTime,
  date: () => date2,
  datetime: () => datetime,
  duration: () => duration,
  time: () => time
});
function datetime(params) {
  return _isoDateTime(ZodISODateTime, params);
}
function date2(params) {
  return _isoDate(ZodISODate, params);
}
function time(params) {
  return _isoTime(ZodISOTime, params);
}
function duration(params) {
  return _isoDuration(ZodISODuration, params);
}

// node_modules/zod/v4/classic/from-json-schema.js
var z = {
  ...schemas_exports2,
  ...checks_exports,
  iso: iso_exports
}, RECOGNIZED_KEYS = /* @__PURE__ */ new Set([
  // Schema identification
  "$schema",
  "$ref",
  "$defs",
  "definitions",
  // Core schema keywords
  "$id",
  "id",
  "$comment",
  "$anchor",
  "$vocabulary",
  "$dynamicRef",
  "$dynamicAnchor",
  // Type
  "type",
  "enum",
  "const",
  // Composition
  "anyOf",
  "oneOf",
  "allOf",
  "not",
  // Object
  "properties",
  "required",
  "additionalProperties",
  "patternProperties",
  "propertyNames",
  "minProperties",
  "maxProperties",
  // Array
  "items",
  "prefixItems",
  "additionalItems",
  "minItems",
  "maxItems",
  "uniqueItems",
  "contains",
  "minContains",
  "maxContains",
  // String
  "minLength",
  "maxLength",
  "pattern",
  "format",
  // Number
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  // Already handled metadata
  "description",
  "default",
  // Content
  "contentEncoding",
  "contentMediaType",
  "contentSchema",
  // Unsupported (error-throwing)
  "unevaluatedItems",
  "unevaluatedProperties",
  "if",
  "then",
  "else",
  "dependentSchemas",
  "dependentRequired",
  // OpenAPI
  "nullable",
  "readOnly"
]);
function detectVersion(schema, defaultTarget) {
  let $schema = schema.$schema;
  return $schema === "https://json-schema.org/draft/2020-12/schema" ? "draft-2020-12" : $schema === "http://json-schema.org/draft-07/schema#" ? "draft-7" : $schema === "http://json-schema.org/draft-04/schema#" ? "draft-4" : defaultTarget ?? "draft-2020-12";
}
function applyMinItems(items, minItems) {
  return items.map((item, index) => index < minItems ? item : item.optional());
}
function decodeJSONPointerSegment(segment) {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}
function resolveRef(ref, ctx) {
  if (!ref.startsWith("#"))
    throw new Error("External $ref is not supported, only local refs (#/...) are allowed");
  let path = ref.slice(1).split("/").filter(Boolean);
  if (path.length === 0)
    return ctx.rootSchema;
  let defsKey = ctx.version === "draft-2020-12" ? "$defs" : "definitions";
  if (path[0] === defsKey) {
    let key = path[1] === void 0 ? void 0 : decodeJSONPointerSegment(path[1]);
    if (!key || !ctx.defs[key])
      throw new Error(`Reference not found: ${ref}`);
    return ctx.defs[key];
  }
  throw new Error(`Reference not found: ${ref}`);
}
function checkObjectGuards(objectSchema, guards) {
  return z.transform((value) => value).check((payload) => {
    let value = payload.value;
    if (typeof value != "object" || value === null || Array.isArray(value))
      return;
    let keys = Object.getOwnPropertyNames(value);
    if (guards.minProperties !== void 0 && keys.length < guards.minProperties && payload.issues.push({
      origin: "object",
      code: "too_small",
      minimum: guards.minProperties,
      inclusive: !0,
      message: `Too small: expected object to have >=${guards.minProperties} properties`,
      input: value,
      inst: objectSchema,
      continue: !0
    }), guards.maxProperties !== void 0 && keys.length > guards.maxProperties && payload.issues.push({
      origin: "object",
      code: "too_big",
      maximum: guards.maxProperties,
      inclusive: !0,
      message: `Too big: expected object to have <=${guards.maxProperties} properties`,
      input: value,
      inst: objectSchema,
      continue: !0
    }), guards.keySchema)
      for (let key of keys) {
        let result = guards.keySchema.safeParse(key);
        result.success || payload.issues.push({
          code: "invalid_key",
          origin: "record",
          issues: result.error.issues,
          input: key,
          path: [key],
          continue: !0
        });
      }
  }).pipe(objectSchema);
}
function canonicalKey(value, seen) {
  if (value === null)
    return "z";
  let type = typeof value;
  if (type !== "object") {
    if (type === "number" && Number.isNaN(value))
      return null;
    let raw = String(value);
    return `${type[0]}${raw.length}:${raw}`;
  }
  if (seen.has(value))
    return null;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      let parts2 = [];
      for (let item of value) {
        let key = canonicalKey(item, seen);
        if (key === null)
          return null;
        parts2.push(key);
      }
      return `a${parts2.length}:[${parts2.join(",")}]`;
    }
    let keys = Object.keys(value).sort(), parts = [];
    for (let k of keys) {
      let key = canonicalKey(value[k], seen);
      if (key === null)
        return null;
      parts.push(`${k.length}:${k}=${key}`);
    }
    return `o${parts.length}:{${parts.join(",")}}`;
  } finally {
    seen.delete(value);
  }
}
var SCHEMA_KEYWORDS = /* @__PURE__ */ new Set([
  "items",
  "prefixItems",
  "additionalItems",
  "additionalProperties",
  "contains",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
  "allOf",
  "anyOf",
  "oneOf",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentSchema"
]), SCHEMA_MAP_KEYWORDS = /* @__PURE__ */ new Set([
  "properties",
  "patternProperties",
  "dependentSchemas",
  "dependencies",
  "$defs",
  "definitions"
]);
function containsRef(value) {
  return typeof value != "object" || value === null ? !1 : Array.isArray(value) ? value.some(containsRef) : typeof value.$ref == "string" ? !0 : Object.entries(value).some(([key, sub]) => SCHEMA_KEYWORDS.has(key) ? containsRef(sub) : !SCHEMA_MAP_KEYWORDS.has(key) || typeof sub != "object" || sub === null ? !1 : Object.values(sub).some(containsRef));
}
function plural2(n) {
  return n === 1 ? "element" : "elements";
}
function checkArrayGuards(arraySchema, guards) {
  return z.transform((value) => value).check((payload) => {
    let items = payload.value;
    if (Array.isArray(items)) {
      if (guards.uniqueItems === !0) {
        let firstSeen = /* @__PURE__ */ new Map();
        for (let i = 0; i < items.length; i++) {
          let key = canonicalKey(items[i], /* @__PURE__ */ new Set());
          if (key === null)
            continue;
          let first = firstSeen.get(key);
          if (first === void 0) {
            firstSeen.set(key, i);
            continue;
          }
          payload.issues.push({
            code: "custom",
            message: `Array items must be unique: element at index ${i} duplicates the one at index ${first}`,
            input: items,
            path: [i],
            continue: !0
          });
        }
      }
      if (guards.containsSchema) {
        let minContains = guards.minContains ?? 1, ceiling = guards.maxContains !== void 0 ? guards.maxContains + 1 : Number.POSITIVE_INFINITY, matches = 0;
        for (let item of items)
          if (guards.containsSchema.safeParse(item).success && ++matches >= ceiling)
            break;
        matches < minContains && payload.issues.push({
          code: "custom",
          message: `Array must contain at least ${minContains} matching ${plural2(minContains)}; found ${matches}`,
          input: items,
          continue: !0
        }), guards.maxContains !== void 0 && matches > guards.maxContains && payload.issues.push({
          code: "custom",
          message: `Array must contain at most ${guards.maxContains} matching ${plural2(guards.maxContains)}`,
          input: items,
          continue: !0
        });
      }
    }
  }).pipe(arraySchema);
}
function getTupleRest(restSchema, ctx) {
  if (restSchema !== !1)
    return restSchema === void 0 || restSchema === !0 ? z.any() : convertSchema(restSchema, ctx);
}
var fullTime = /^(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
function convertBaseSchema(schema, ctx) {
  if (schema.not !== void 0) {
    if (typeof schema.not == "object" && Object.keys(schema.not).length === 0)
      return z.never();
    throw new Error("not is not supported in Zod (except { not: {} } for never)");
  }
  if (schema.unevaluatedItems !== void 0)
    throw new Error("unevaluatedItems is not supported");
  if (schema.unevaluatedProperties !== void 0)
    throw new Error("unevaluatedProperties is not supported");
  if (schema.if !== void 0 || schema.then !== void 0 || schema.else !== void 0)
    throw new Error("Conditional schemas (if/then/else) are not supported");
  if (schema.dependentSchemas !== void 0 || schema.dependentRequired !== void 0)
    throw new Error("dependentSchemas and dependentRequired are not supported");
  if (schema.$ref) {
    let refPath = schema.$ref;
    if (ctx.refs.has(refPath))
      return ctx.refs.get(refPath);
    if (ctx.processing.has(refPath))
      return z.lazy(() => {
        if (!ctx.refs.has(refPath))
          throw new Error(`Circular reference not resolved: ${refPath}`);
        return ctx.refs.get(refPath);
      });
    ctx.processing.add(refPath);
    let resolved = resolveRef(refPath, ctx), zodSchema2 = convertSchema(resolved, ctx);
    return ctx.refs.set(refPath, zodSchema2), ctx.processing.delete(refPath), zodSchema2;
  }
  if (schema.enum !== void 0) {
    let enumValues = schema.enum;
    if (ctx.version === "openapi-3.0" && schema.nullable === !0 && enumValues.length === 1 && enumValues[0] === null)
      return z.null();
    if (enumValues.length === 0)
      return z.never();
    if (enumValues.length === 1)
      return z.literal(enumValues[0]);
    if (enumValues.every((v) => typeof v == "string"))
      return z.enum(enumValues);
    let literalSchemas = enumValues.map((v) => z.literal(v));
    return literalSchemas.length < 2 ? literalSchemas[0] : z.union([literalSchemas[0], literalSchemas[1], ...literalSchemas.slice(2)]);
  }
  if (schema.const !== void 0)
    return z.literal(schema.const);
  let type = schema.type;
  if (Array.isArray(type)) {
    let typeSchemas = type.map((t) => {
      let typeSchema = { ...schema, type: t };
      return convertBaseSchema(typeSchema, ctx);
    });
    return typeSchemas.length === 0 ? z.never() : typeSchemas.length === 1 ? typeSchemas[0] : z.union(typeSchemas);
  }
  if (!type)
    return z.any();
  let zodSchema;
  switch (type) {
    case "string": {
      let stringSchema = z.string();
      if (schema.format) {
        let format = schema.format;
        format === "email" ? stringSchema = stringSchema.check(z.email()) : format === "uri" || format === "uri-reference" ? stringSchema = stringSchema.check(z.url()) : format === "uuid" || format === "guid" ? stringSchema = stringSchema.check(z.uuid()) : format === "date-time" ? stringSchema = stringSchema.check(z.iso.datetime({ offset: !0 })) : format === "date" ? stringSchema = stringSchema.check(z.iso.date()) : format === "time" ? stringSchema = stringSchema.check(z.regex(fullTime)) : format === "duration" ? stringSchema = stringSchema.check(z.iso.duration()) : format === "hostname" ? stringSchema = stringSchema.check(z.hostname()) : format === "ipv4" ? stringSchema = stringSchema.check(z.ipv4()) : format === "ipv6" ? stringSchema = stringSchema.check(z.ipv6()) : format === "mac" ? stringSchema = stringSchema.check(z.mac()) : format === "cidr" ? stringSchema = stringSchema.check(z.cidrv4()) : format === "cidr-v6" ? stringSchema = stringSchema.check(z.cidrv6()) : format === "base64" ? stringSchema = stringSchema.check(z.base64()) : format === "base64url" ? stringSchema = stringSchema.check(z.base64url()) : format === "e164" ? stringSchema = stringSchema.check(z.e164()) : format === "credit_card" ? stringSchema = stringSchema.check(z.creditCard()) : format === "iban" ? stringSchema = stringSchema.check(z.iban()) : format === "jwt" ? stringSchema = stringSchema.check(z.jwt()) : format === "emoji" ? stringSchema = stringSchema.check(z.emoji()) : format === "nanoid" ? stringSchema = stringSchema.check(z.nanoid()) : format === "cuid" ? stringSchema = stringSchema.check(z.cuid()) : format === "cuid2" ? stringSchema = stringSchema.check(z.cuid2()) : format === "ulid" ? stringSchema = stringSchema.check(z.ulid()) : format === "xid" ? stringSchema = stringSchema.check(z.xid()) : format === "ksuid" && (stringSchema = stringSchema.check(z.ksuid()));
      }
      typeof schema.minLength == "number" && (stringSchema = stringSchema.min(schema.minLength)), typeof schema.maxLength == "number" && (stringSchema = stringSchema.max(schema.maxLength)), schema.pattern && (stringSchema = stringSchema.regex(new RegExp(schema.pattern))), zodSchema = stringSchema;
      break;
    }
    case "number":
    case "integer": {
      let numberSchema = type === "integer" ? z.number().int() : z.number();
      typeof schema.minimum == "number" && schema.exclusiveMinimum !== !0 && (numberSchema = numberSchema.min(schema.minimum)), typeof schema.maximum == "number" && schema.exclusiveMaximum !== !0 && (numberSchema = numberSchema.max(schema.maximum)), typeof schema.exclusiveMinimum == "number" ? numberSchema = numberSchema.gt(schema.exclusiveMinimum) : schema.exclusiveMinimum === !0 && typeof schema.minimum == "number" && (numberSchema = numberSchema.gt(schema.minimum)), typeof schema.exclusiveMaximum == "number" ? numberSchema = numberSchema.lt(schema.exclusiveMaximum) : schema.exclusiveMaximum === !0 && typeof schema.maximum == "number" && (numberSchema = numberSchema.lt(schema.maximum)), typeof schema.multipleOf == "number" && (numberSchema = numberSchema.multipleOf(schema.multipleOf)), zodSchema = numberSchema;
      break;
    }
    case "boolean": {
      zodSchema = z.boolean();
      break;
    }
    case "null": {
      zodSchema = z.null();
      break;
    }
    case "object": {
      let shape = {}, properties = schema.properties || {}, requiredSet = new Set(schema.required || []), additionalSchema = typeof schema.additionalProperties == "object" ? convertSchema(schema.additionalProperties, ctx) : void 0;
      for (let [key, propSchema] of Object.entries(properties)) {
        let propZodSchema = convertSchema(propSchema, ctx);
        assignProp(shape, key, requiredSet.has(key) ? propZodSchema : propZodSchema.optional());
      }
      if (schema.patternProperties) {
        let patternProps = schema.patternProperties, patternKeys = Object.keys(patternProps), looseRecords = [];
        for (let pattern of patternKeys) {
          let patternValue = convertSchema(patternProps[pattern], ctx), keySchema = z.string().regex(new RegExp(pattern));
          looseRecords.push(z.looseRecord(keySchema, patternValue));
        }
        let schemasToIntersect = [];
        if (Object.keys(shape).length > 0 && schemasToIntersect.push(z.object(shape).passthrough()), schemasToIntersect.push(...looseRecords), schemasToIntersect.length === 0)
          zodSchema = z.object({}).passthrough();
        else if (schemasToIntersect.length === 1)
          zodSchema = schemasToIntersect[0];
        else {
          let result = z.intersection(schemasToIntersect[0], schemasToIntersect[1]);
          for (let i = 2; i < schemasToIntersect.length; i++)
            result = z.intersection(result, schemasToIntersect[i]);
          zodSchema = result;
        }
        if (schema.additionalProperties === !1) {
          let propertyKeys = Object.keys(shape), patterns = patternKeys.map((p) => new RegExp(p)), basePatternSchema = zodSchema;
          zodSchema = zodSchema.check((payload) => {
            if (!isPlainObject(payload.value))
              return;
            let unrecognized = [];
            for (let key of Object.keys(payload.value))
              propertyKeys.includes(key) || patterns.some((regex) => regex.test(key)) || unrecognized.push(key);
            unrecognized.length && payload.issues.push({
              code: "unrecognized_keys",
              keys: unrecognized,
              input: payload.value,
              inst: basePatternSchema
            });
          });
        }
      } else {
        let objectSchema = z.object(shape);
        schema.additionalProperties === !1 ? zodSchema = objectSchema.strict() : additionalSchema ? zodSchema = objectSchema.catchall(additionalSchema) : zodSchema = objectSchema.passthrough();
      }
      let hasKeyGuard = schema.propertyNames !== void 0 && schema.propertyNames !== !0, minProperties = typeof schema.minProperties == "number" ? schema.minProperties : void 0, maxProperties = typeof schema.maxProperties == "number" ? schema.maxProperties : void 0;
      if (hasKeyGuard || minProperties !== void 0 || maxProperties !== void 0) {
        let keySchema;
        if (hasKeyGuard) {
          let keyJSONSchema = typeof schema.propertyNames == "object" && schema.propertyNames.type === void 0 ? { type: "string", ...schema.propertyNames } : schema.propertyNames;
          keySchema = convertSchema(keyJSONSchema, ctx);
        }
        zodSchema = checkObjectGuards(zodSchema, { keySchema, minProperties, maxProperties });
      }
      break;
    }
    case "array": {
      let prefixItems = schema.prefixItems, items = schema.items;
      if (prefixItems && Array.isArray(prefixItems)) {
        let minItems = typeof schema.minItems == "number" ? schema.minItems : 0, tupleItems = prefixItems.map((item) => convertSchema(item, ctx)), positionalItems = applyMinItems(tupleItems, minItems), rest = Array.isArray(items) ? void 0 : getTupleRest(items, ctx), tupleSchema = z.tuple(positionalItems);
        zodSchema = rest ? tupleSchema.rest(rest) : tupleSchema, typeof schema.minItems == "number" && (zodSchema = zodSchema.check(z.minLength(schema.minItems))), typeof schema.maxItems == "number" && (zodSchema = zodSchema.check(z.maxLength(schema.maxItems)));
      } else if (Array.isArray(items)) {
        let minItems = typeof schema.minItems == "number" ? schema.minItems : 0, tupleItems = items.map((item) => convertSchema(item, ctx)), positionalItems = applyMinItems(tupleItems, minItems), rest = getTupleRest(schema.additionalItems, ctx), tupleSchema = z.tuple(positionalItems);
        zodSchema = rest ? tupleSchema.rest(rest) : tupleSchema, typeof schema.minItems == "number" && (zodSchema = zodSchema.check(z.minLength(schema.minItems))), typeof schema.maxItems == "number" && (zodSchema = zodSchema.check(z.maxLength(schema.maxItems)));
      } else if (items !== void 0) {
        let element = convertSchema(items, ctx), arraySchema = z.array(element);
        typeof schema.minItems == "number" && (arraySchema = arraySchema.min(schema.minItems)), typeof schema.maxItems == "number" && (arraySchema = arraySchema.max(schema.maxItems)), zodSchema = arraySchema;
      } else
        zodSchema = z.array(z.any());
      (schema.uniqueItems === !0 || schema.contains !== void 0) && (zodSchema = checkArrayGuards(zodSchema, {
        uniqueItems: schema.uniqueItems === !0,
        containsSchema: schema.contains !== void 0 ? convertSchema(schema.contains, ctx) : void 0,
        minContains: typeof schema.minContains == "number" ? schema.minContains : void 0,
        maxContains: typeof schema.maxContains == "number" ? schema.maxContains : void 0
      }));
      break;
    }
    default:
      throw new Error(`Unsupported type: ${type}`);
  }
  return zodSchema;
}
function convertSchema(schema, ctx) {
  if (typeof schema == "boolean")
    return schema ? z.any() : z.never();
  let baseSchema = convertBaseSchema(schema, ctx), hasExplicitType = schema.type || schema.enum !== void 0 || schema.const !== void 0;
  if (schema.anyOf && Array.isArray(schema.anyOf)) {
    let options = schema.anyOf.map((s) => convertSchema(s, ctx)), anyOfUnion = z.union(options);
    baseSchema = hasExplicitType ? z.intersection(baseSchema, anyOfUnion) : anyOfUnion;
  }
  if (schema.oneOf && Array.isArray(schema.oneOf)) {
    let options = schema.oneOf.map((s) => convertSchema(s, ctx)), oneOfUnion = z.xor(options);
    baseSchema = hasExplicitType ? z.intersection(baseSchema, oneOfUnion) : oneOfUnion;
  }
  if (schema.allOf && Array.isArray(schema.allOf))
    if (schema.allOf.length === 0)
      baseSchema = hasExplicitType ? baseSchema : z.any();
    else {
      let result = hasExplicitType ? baseSchema : convertSchema(schema.allOf[0], ctx), startIdx = hasExplicitType ? 0 : 1;
      for (let i = startIdx; i < schema.allOf.length; i++)
        result = z.intersection(result, convertSchema(schema.allOf[i], ctx));
      baseSchema = result;
    }
  schema.nullable === !0 && ctx.version === "openapi-3.0" && (baseSchema = z.nullable(baseSchema)), schema.readOnly === !0 && (baseSchema = z.readonly(baseSchema)), schema.default !== void 0 && (baseSchema = baseSchema.default(schema.default));
  let extraMeta = {}, coreMetadataKeys = ["$id", "id", "$comment", "$anchor", "$vocabulary", "$dynamicRef", "$dynamicAnchor"];
  for (let key of coreMetadataKeys)
    key in schema && (extraMeta[key] = schema[key]);
  let contentMetadataKeys = ["contentEncoding", "contentMediaType", "contentSchema"];
  for (let key of contentMetadataKeys)
    key in schema && (extraMeta[key] = schema[key]);
  if (schema.type === "object" && schema.$ref === void 0) {
    schema.propertyNames !== void 0 && !containsRef(schema.propertyNames) && (extraMeta.propertyNames = schema.propertyNames);
    for (let key of ["minProperties", "maxProperties"])
      schema[key] !== void 0 && (extraMeta[key] = schema[key]);
  }
  if (schema.type === "array" && schema.$ref === void 0) {
    schema.contains !== void 0 && !containsRef(schema.contains) && (extraMeta.contains = schema.contains);
    for (let key of ["uniqueItems", "minContains", "maxContains"])
      schema[key] !== void 0 && (extraMeta[key] = schema[key]);
  }
  for (let key of Object.keys(schema))
    RECOGNIZED_KEYS.has(key) || assignProp(extraMeta, key, schema[key]);
  return Object.keys(extraMeta).length > 0 && ctx.registry.add(baseSchema, extraMeta), schema.description && (baseSchema = baseSchema.describe(schema.description)), baseSchema;
}
function fromJSONSchema(schema, params) {
  if (typeof schema == "boolean")
    return schema ? z.any() : z.never();
  let normalized;
  try {
    normalized = JSON.parse(JSON.stringify(schema));
  } catch {
    throw new Error("fromJSONSchema input is not valid JSON (possibly cyclic); use $defs/$ref for recursive schemas");
  }
  let version = detectVersion(normalized, params?.defaultTarget), defs = normalized.$defs || normalized.definitions || {}, ctx = {
    version,
    defs,
    refs: /* @__PURE__ */ new Map(),
    processing: /* @__PURE__ */ new Set(),
    rootSchema: normalized,
    registry: params?.registry ?? globalRegistry
  };
  return convertSchema(normalized, ctx);
}

// node_modules/zod/v4/classic/deep-partial.js
function deepPartial(schema) {
  return visit(schema, {
    object: (s) => s.partial(),
    // Every partialed option now admits `undefined`, which the constructor rejects as a duplicate.
    union: (s) => {
      let def = s._zod.def;
      return def.discriminator === void 0 ? s : union(def.options);
    }
  });
}

// node_modules/zod/v4/classic/in-out.js
function withChecks(side, checks) {
  if (!checks?.length)
    return side;
  let def = side._zod.def;
  return clone(side, mergeDefs(def, { checks: [...def.checks ?? [], ...checks] }), { parent: !0 });
}
function outSide(def) {
  return withChecks(def.out, def.checks);
}
function inSide(def) {
  return def.in._zod.traits.has("$ZodTransform") ? outSide(def) : def.in;
}
function input(schema) {
  return visit(schema, {
    pipe: (s) => inSide(s._zod.def),
    // A default value belongs to the output side, so a rewritten inner type leaves it stranded. `.default()` widens the declared input type with `undefined`, and `optional` is what carries that across.
    default: (s, rewritten) => rewritten ? optional(s._zod.def.innerType) : s,
    // A catch value is output-side too, but `.catch()` leaves the declared input type alone, so the inner schema stands on its own.
    catch: (s, rewritten) => rewritten ? s._zod.def.innerType : s
  });
}
function output(schema) {
  return visit(schema, {
    pipe: (s) => outSide(s._zod.def),
    // A prefault value is fed through the schema, which makes it input-side, so a rewritten inner type leaves it stranded.
    prefault: (s, rewritten) => rewritten ? s._zod.def.innerType : s
  });
}

// node_modules/zod/v4/classic/coerce.js
var coerce_exports = {};
__export(coerce_exports, {
  bigint: () => bigint2,
  boolean: () => boolean2,
  date: () => date3,
  number: () => number2,
  string: () => string2
});
function string2(params) {
  return _coercedString(ZodString, params);
}
function number2(params) {
  return _coercedNumber(ZodNumber, params);
}
function boolean2(params) {
  return _coercedBoolean(ZodBoolean, params);
}
function bigint2(params) {
  return _coercedBigint(ZodBigInt, params);
}
function date3(params) {
  return _coercedDate(ZodDate, params);
}

// packages/schema-verify/src/snapshot.ts
var SNAPSHOT_FORMAT_VERSION = 1, str = external_exports.string(), opt = (t) => t.optional(), privileges2 = opt(external_exports.array(str)), record2 = (t) => external_exports.record(str, t), column2 = external_exports.object({
  name: str,
  type: str,
  notNull: external_exports.boolean(),
  default: opt(str),
  identity: opt(external_exports.enum(["always", "by default"])),
  generated: opt(str),
  collation: opt(str),
  inherited: opt(external_exports.boolean()),
  notLocal: opt(external_exports.boolean()),
  comment: opt(str),
  privileges: privileges2
}), trigger = external_exports.object({ name: str, definition: str, enabled: external_exports.enum(["O", "D", "R", "A"]), comment: opt(str) }), modelSchema = external_exports.object({
  serverVersionNum: external_exports.number().int(),
  schemas: record2(external_exports.object({ name: str, comment: opt(str), privileges: privileges2 })),
  extensions: record2(external_exports.object({ name: str, version: str, schema: str })),
  tables: record2(external_exports.object({
    schema: str,
    name: str,
    kind: external_exports.enum(["table", "partitioned table"]),
    unlogged: external_exports.boolean(),
    partitionKey: opt(str),
    partitionOf: opt(str),
    partitionBound: opt(str),
    inherits: opt(external_exports.array(str)),
    rowSecurity: external_exports.boolean(),
    forceRowSecurity: external_exports.boolean(),
    columns: external_exports.array(column2),
    constraints: record2(external_exports.object({
      name: str,
      type: external_exports.enum(["primary key", "foreign key", "unique", "check", "exclusion"]),
      definition: str,
      references: opt(str),
      inherited: opt(external_exports.boolean()),
      parent: opt(str),
      comment: opt(str)
    })),
    triggers: record2(trigger),
    policies: record2(external_exports.object({
      name: str,
      permissive: external_exports.boolean(),
      command: str,
      roles: external_exports.array(str),
      using: opt(str),
      withCheck: opt(str),
      comment: opt(str)
    })),
    comment: opt(str),
    privileges: privileges2
  })),
  views: record2(external_exports.object({
    schema: str,
    name: str,
    kind: external_exports.enum(["view", "materialized view"]),
    definition: str,
    options: external_exports.array(str),
    checkOption: opt(str),
    dependsOn: external_exports.array(str),
    columns: external_exports.array(column2),
    triggers: record2(trigger),
    comment: opt(str),
    privileges: privileges2
  })),
  indexes: record2(external_exports.object({ schema: str, name: str, table: str, definition: str, parent: opt(str), comment: opt(str) })),
  sequences: record2(external_exports.object({
    schema: str,
    name: str,
    type: str,
    start: str,
    increment: str,
    min: str,
    max: str,
    cache: str,
    cycle: external_exports.boolean(),
    ownedBy: opt(str),
    comment: opt(str),
    privileges: privileges2
  })),
  functions: record2(external_exports.object({
    schema: str,
    name: str,
    kind: external_exports.enum(["function", "procedure", "aggregate", "window"]),
    argTypes: str,
    identityArgs: str,
    result: opt(str),
    definition: str,
    comment: opt(str),
    privileges: privileges2
  })),
  types: record2(external_exports.object({
    schema: str,
    name: str,
    kind: external_exports.enum(["enum", "domain", "composite"]),
    values: opt(external_exports.array(str)),
    baseType: opt(str),
    default: opt(str),
    notNull: opt(external_exports.boolean()),
    collation: opt(str),
    constraints: opt(record2(external_exports.object({ name: str, definition: str }))),
    attributes: opt(external_exports.array(external_exports.object({ name: str, type: str, collation: opt(str) }))),
    comment: opt(str),
    privileges: privileges2
  })),
  defaultPrivileges: record2(external_exports.object({ role: str, schema: str, objectType: external_exports.enum(["r", "S", "f", "T", "n"]), privileges: external_exports.array(str) }))
}), snapshotSchema = external_exports.object({
  formatVersion: external_exports.literal(SNAPSHOT_FORMAT_VERSION),
  postgresMajor: external_exports.number().int().positive(),
  meta: external_exports.object({ source: opt(str), createdAt: opt(str) }),
  ledger: opt(external_exports.object({ tool: opt(str), head: opt(str), versions: opt(external_exports.array(str)) })),
  model: modelSchema
});
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value == "object") {
    let out = {};
    for (let key of Object.keys(value).sort((a, b) => a < b ? -1 : a > b ? 1 : 0)) {
      let v = value[key];
      v !== void 0 && (out[key] = sortKeys(v));
    }
    return out;
  }
  return value;
}
function postgresMajorOf(serverVersionNum) {
  return Math.floor(serverVersionNum / 1e4);
}
function toSnapshot(model, meta3 = {}) {
  let snapshot = {
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    postgresMajor: postgresMajorOf(model.serverVersionNum),
    meta: { source: meta3.source, createdAt: meta3.createdAt },
    ledger: meta3.ledger,
    model
  };
  return `${JSON.stringify(sortKeys(snapshot), null, 2)}
`;
}
function readSnapshot(text, fileName) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`Snapshot file ${fileName} is not valid JSON (${error.message}); regenerate it with preflight schema-verify.`, { cause: error });
  }
  let version = data?.formatVersion;
  if (data && typeof data == "object" && version !== void 0 && version !== SNAPSHOT_FORMAT_VERSION)
    throw new UsageError(`Snapshot file ${fileName} has formatVersion ${JSON.stringify(version)}, but this version of Preflight reads formatVersion ${SNAPSHOT_FORMAT_VERSION}; regenerate the snapshot.`);
  let parsed = snapshotSchema.safeParse(data);
  if (!parsed.success) {
    let issue = parsed.error.issues[0], where = issue.path.length ? issue.path.map(String).join(".") : "the top level";
    throw new UsageError(`Snapshot file ${fileName} is not a valid schema snapshot: ${issue.message} at ${where}; regenerate it with preflight schema-verify.`);
  }
  return parsed.data;
}

// packages/schema-verify/src/expected/load-sql.ts
import { readFileSync as readFileSync4 } from "node:fs";

// packages/schema-verify/src/expected/run-sql.ts
var CountingQuery = class extends esm_default.Query {
  completed = 0;
  handleCommandComplete(msg, connection) {
    this.completed++, esm_default.Query.prototype.handleCommandComplete.call(this, msg, connection);
  }
};
async function runSqlText(client, text, statements) {
  let query2 = new CountingQuery(text);
  try {
    await new Promise((resolve, reject) => {
      query2.on("end", () => resolve()), query2.on("error", reject), client.query(query2);
    });
    return;
  } catch (error) {
    let e = error;
    if (!e.severity || !e.code || /^(08|57|53|58|XX)/.test(e.code))
      throw new CouldNotRunError(`The database connection failed while loading SQL: ${redact(String(e.message ?? error))}`, { cause: error });
    let line;
    if (e.position && Number(e.position) > 0)
      line = lineOfPosition(text, Number(e.position));
    else {
      let stmts = statements ?? scanSql(text).statements;
      line = stmts[Math.min(query2.completed, stmts.length - 1)]?.line ?? 1;
    }
    let hint = e.hint ? ` (hint: ${e.hint})` : "";
    return { line, message: redact(`${e.message}${hint}`), code: e.code, cause: error };
  }
}

// packages/schema-verify/src/expected/load-sql.ts
var unsupportedMeta = /* @__PURE__ */ new Set(["i", "ir", "include", "include_relative", "copy", "gexec", "gset", "g", "if", "elif", "else", "endif", "."]), copyFromStdin = /^COPY\b[\s\S]*?\bFROM\s+(STDIN|PSTDIN)\b/i;
async function loadSqlFile(client, file2) {
  let text;
  try {
    text = readFileSync4(file2, "utf8").replace(/^\uFEFF/, "");
  } catch (error) {
    let code = error.code, why = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a directory" : `cannot be read (${code ?? "error"})`;
    throw new UsageError(`Schema file ${file2} ${why}; check the path (relative to the working directory) and its permissions.`, { cause: error });
  }
  await loadSqlText(client, text, file2);
}
async function loadSqlText(client, text, file2) {
  let { statements, metaCommands } = scanSql(text, { psqlMeta: !0 }), problems = [];
  for (let meta3 of metaCommands)
    unsupportedMeta.has(meta3.command) && problems.push({ line: meta3.line, message: `the psql command \\${meta3.command} is not supported; inline the SQL it would run (schema-only, no data) so the file loads without psql.` });
  let copy = statements.find((stmt) => copyFromStdin.test(stmt.sql));
  if (copy && problems.push({ line: copy.line, message: "COPY ... FROM stdin data blocks are not supported; use a schema-only dump (pg_dump --schema-only) or remove the data." }), problems.length) {
    let first = problems.sort((a, b) => a.line - b.line)[0];
    throw new UsageError(`${file2}:${first.line}: ${first.message}`);
  }
  let sent = text;
  for (let meta3 of [...metaCommands].reverse()) sent = sent.slice(0, meta3.start) + sent.slice(meta3.end);
  if (statements.length === 0) return;
  let failure = await runSqlText(client, sent, metaCommands.length ? void 0 : statements);
  if (failure)
    throw new UsageError(`${file2}:${failure.line}: ${failure.message}; fix the file so it loads into an empty database.`, { cause: failure.cause });
  await client.query("RESET ALL");
}

// packages/schema-verify/src/expected/migrations.ts
var ledgerDdl = `CREATE SCHEMA IF NOT EXISTS preflight;
CREATE TABLE IF NOT EXISTS preflight.schema_migrations (
  version text NOT NULL,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;
async function applyMigrations(client, migrations) {
  await client.query(ledgerDdl);
  let record3 = (m) => client.query("INSERT INTO preflight.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", [m.version, m.name, m.checksum]);
  for (let m of migrations) {
    if (m.noTransaction) {
      for (let stmt of scanSql(m.upSql).statements) {
        let failure2 = await runSqlText(client, stmt.sql);
        if (failure2) throw migrationError(m, { ...failure2, line: stmt.line + failure2.line - 1 });
      }
      await record3(m);
      continue;
    }
    await client.query("BEGIN");
    let failure = m.upSql.trim() ? await runSqlText(client, m.upSql) : void 0;
    if (failure)
      throw await client.query("ROLLBACK").catch(() => {
      }), migrationError(m, failure);
    await record3(m), await client.query("COMMIT");
  }
  let versions = migrations.filter((m) => m.version !== "").map((m) => m.version);
  return { head: versions[versions.length - 1] ?? "", versions };
}
function migrationError(m, failure) {
  let line = m.upStartLine + failure.line - 1;
  return new UsageError(`${m.file}:${line}: ${failure.message}; fix the migration so it applies on top of the ones before it in an empty database.`, { cause: failure.cause });
}

// packages/schema-verify/src/expected/command.ts
import { spawn as spawn2 } from "node:child_process";
var keptLines = 10;
async function runMigrateCommand(command, databaseUrl, opts = {}) {
  let env = commandEnv(databaseUrl, opts.urlEnv ?? "DATABASE_URL"), timeoutMs = opts.timeoutMs ?? 10 * 6e4, print = opts.onOutput ?? ((line) => process.stderr.write(`${line}
`)), last = [], emit = (line) => {
    let safe = redact(line);
    last.push(safe), last.length > keptLines && last.shift(), print(safe);
  }, child = spawn2("sh", ["-c", command], { cwd: opts.cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: !0 }), killGroup = (signal) => {
    try {
      child.pid && process.kill(-child.pid, signal);
    } catch {
    }
  }, onExit = () => killGroup("SIGKILL");
  process.on("exit", onExit);
  let flushers = [lineSplitter(child.stdout, emit), lineSplitter(child.stderr, emit)], timedOut = !1, killTimer, timer = setTimeout(() => {
    timedOut = !0, killGroup("SIGTERM"), killTimer = setTimeout(() => killGroup("SIGKILL"), 5e3);
  }, timeoutMs);
  try {
    let { code, signal } = await new Promise((resolve, reject) => {
      child.once("error", reject), child.once("close", (code2, signal2) => resolve({ code: code2, signal: signal2 }));
    }).catch((error) => {
      throw new CouldNotRunError(`--migrate-command could not be started: ${redact(error.message)}.`, { cause: error });
    });
    for (let flush of flushers) flush();
    let shown = redact(command);
    if (timedOut)
      throw new CouldNotRunError(`--migrate-command "${shown}" did not finish within ${Math.round(timeoutMs / 1e3)} s and was stopped; ${tail(last)}`);
    if (code !== 0) {
      let how = code === null ? `was killed by ${signal}` : `exited with code ${code}`;
      throw new UsageError(`--migrate-command "${shown}" ${how}; ${tail(last)}`);
    }
  } finally {
    clearTimeout(timer), clearTimeout(killTimer), process.off("exit", onExit);
  }
}
function tail(lines) {
  return lines.length ? `its last output lines: ${lines.join(" | ")}` : "it printed nothing.";
}
function commandEnv(databaseUrl, urlEnv) {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(urlEnv))
    throw new UsageError(`--migrate-url-env "${urlEnv}" is not a valid environment variable name; use letters, digits and underscores, e.g. DATABASE_URL.`);
  let url2;
  try {
    url2 = new URL(databaseUrl);
  } catch {
    throw new UsageError("The database URL for --migrate-command is not a valid postgres:// URL.");
  }
  let password = safeDecode2(url2.password);
  registerSecret(password);
  let env = { ...process.env };
  for (let key of ["PGSERVICE", "PGSERVICEFILE", "PGHOSTADDR", "PGSSLMODE", "PGOPTIONS", "PGPASSFILE"]) delete env[key];
  let host = url2.searchParams.get("host") ?? url2.hostname.replace(/^\[(.*)\]$/, "$1");
  Object.assign(env, {
    DATABASE_URL: databaseUrl,
    DIRECT_URL: databaseUrl,
    [urlEnv]: databaseUrl,
    PGHOST: host || "localhost",
    PGPORT: url2.port || url2.searchParams.get("port") || "5432",
    PGUSER: safeDecode2(url2.username),
    PGPASSWORD: password,
    PGDATABASE: safeDecode2(url2.pathname.replace(/^\//, ""))
  });
  let sslmode = url2.searchParams.get("sslmode");
  sslmode && (env.PGSSLMODE = sslmode);
  for (let key of ["PGUSER", "PGPASSWORD", "PGDATABASE"]) env[key] || delete env[key];
  return env;
}
function lineSplitter(stream, emit) {
  let buffer = "";
  return stream.setEncoding("utf8"), stream.on("data", (chunk2) => {
    buffer += chunk2;
    let nl;
    for (; (nl = buffer.indexOf(`
`)) >= 0; )
      emit(buffer.slice(0, nl).replace(/\r$/, "")), buffer = buffer.slice(nl + 1);
  }), () => {
    buffer && emit(buffer), buffer = "";
  };
}
function safeDecode2(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// packages/schema-verify/src/expected/shadow.ts
import { randomBytes } from "node:crypto";
var shadowPrefix = "preflight_shadow_";
async function withShadowDatabase(shadowUrl, fn) {
  let server, maintenanceUrl;
  shadowUrl === void 0 ? (server = await startPostgres(), maintenanceUrl = server.url("postgres")) : maintenanceUrl = shadowUrl;
  let parsed = parseShadowUrl(maintenanceUrl), name = `${shadowPrefix}${randomBytes(6).toString("hex")}`, url2 = withDatabase(parsed, name), created = !1, cleaning, cleanup = () => cleaning ??= (async () => {
    try {
      created && !server && await dropDatabase(maintenanceUrl, name);
    } finally {
      await server?.stop();
    }
  })(), unregister = onInterrupt(cleanup), client, failed = !1;
  try {
    return await createDatabase(maintenanceUrl, name), created = !0, client = new esm_default.Client({ connectionString: url2 }), client.on("error", () => {
    }), await connect(client, "the shadow database"), await fn({ url: url2, client });
  } catch (error) {
    throw failed = !0, error;
  } finally {
    await client?.end().catch(() => {
    }), unregister();
    try {
      await cleanup();
    } catch (error) {
      let message = `Could not drop the shadow database ${name}: ${redact(error.message)}; drop it by hand.`;
      if (!failed) throw new CouldNotRunError(message, { cause: error });
      process.stderr.write(`${message}
`);
    }
  }
}
function parseShadowUrl(value) {
  let url2;
  try {
    url2 = new URL(value);
  } catch {
    throw new UsageError("--shadow-url is not a valid URL; give a postgres://user:password@host:port/postgres URL of a server where Preflight may create and drop databases.");
  }
  if (url2.protocol !== "postgres:" && url2.protocol !== "postgresql:")
    throw new UsageError(`--shadow-url must start with postgres:// or postgresql://, not ${url2.protocol}//; give the URL of a server where Preflight may create and drop databases.`);
  return url2.password && registerSecret(safeDecode3(url2.password)), url2;
}
function withDatabase(url2, database) {
  let copy = new URL(url2.href);
  return copy.pathname = `/${encodeURIComponent(database)}`, copy.href;
}
async function createDatabase(maintenanceUrl, name) {
  await withAdmin(maintenanceUrl, async (admin) => {
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent3(name)}`);
    } catch (error) {
      throw error.code === "42501" ? new UsageError(`The --shadow-url user may not create databases (${redact(error.message)}); grant it CREATEDB or use another server.`, { cause: error }) : new CouldNotRunError(`Could not create the shadow database: ${redact(error.message)}.`, { cause: error });
    }
  });
}
async function dropDatabase(maintenanceUrl, name) {
  await withAdmin(maintenanceUrl, async (admin) => {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent3(name)} WITH (FORCE)`);
    } catch (error) {
      if (error.code !== "42601") throw error;
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]), await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent3(name)}`);
    }
  });
}
async function withAdmin(url2, fn) {
  let admin = new esm_default.Client({ connectionString: url2 });
  admin.on("error", () => {
  }), await connect(admin, "the --shadow-url server");
  try {
    return await fn(admin);
  } finally {
    await admin.end().catch(() => {
    });
  }
}
async function connect(client, what) {
  try {
    await client.connect();
  } catch (error) {
    throw new CouldNotRunError(`Could not connect to ${what}: ${redact(error.message)}; check that the server is up and the URL's user and password are right.`, { cause: error });
  }
}
var pending = /* @__PURE__ */ new Set(), interrupted = !1;
function onInterrupt(cleanup) {
  return pending.size === 0 && (process.on("SIGINT", handleSignal), process.on("SIGTERM", handleSignal)), pending.add(cleanup), () => {
    pending.delete(cleanup), pending.size === 0 && (process.off("SIGINT", handleSignal), process.off("SIGTERM", handleSignal));
  };
}
function handleSignal(signal) {
  let code = signal === "SIGTERM" ? 143 : 130;
  interrupted && process.exit(code), interrupted = !0;
  let all = [...pending].map((c) => c().catch(() => {
  })), deadline = setTimeout(() => process.exit(code), 15e3);
  Promise.all(all).then(() => {
    clearTimeout(deadline), process.exit(code);
  });
}
function quoteIdent3(name) {
  return `"${name.replace(/"/g, '""')}"`;
}
function safeDecode3(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// packages/schema-verify/src/run.ts
var ledgerIgnores = [...ledgerTableNames.flatMap((t) => [`*.${t}`, `*.${t}.*`, `*.${t}_*`]), "preflight", "preflight.*"];
async function verifySchema(inputs, ctx) {
  let started = Date.now(), timeout = inputs["connect-timeout"], options = { schemas: inputs.schemas.length ? inputs.schemas : void 0, ignorePrivileges: inputs["ignore-privileges"] }, live = inputs["database-url"] ? parseConnection(inputs["database-url"], { inputName: "database-url", connectTimeoutMs: timeout }) : void 0;
  checkReadable(inputs, ctx);
  let [expected, actual] = await Promise.all([
    loadExpected(inputs, ctx, options),
    live ? ctx.log.group(
      `Introspecting ${live.display}`,
      () => withConnected(live, async (client) => ({ model: await introspect(client, options), ledgers: await readLedgers(client), label: live.display }))
    ) : void 0
  ]);
  if (inputs["write-snapshot"]) {
    let side = expected ?? actual;
    writeFileAtomic(inputs["write-snapshot"], toSnapshot(side.model, { ledger: side.ledger }), "write-snapshot"), ctx.log.info(`snapshot of ${side.label} written to ${inputs["write-snapshot"]}`);
  }
  if (!expected || !actual)
    return { findings: [], summary: `snapshot of ${(expected ?? actual).label} written to ${inputs["write-snapshot"]}`, stats: { durationMs: Date.now() - started } };
  let drift = diffSchemas(expected.model, actual.model, {
    strict: inputs.strict,
    ignorePrivileges: inputs["ignore-privileges"],
    ignore: [...ledgerIgnores, ...inputs.ignore]
  }), rls = rlsFindings(actual.model, inputs["require-rls-for"]), ledger2 = ledgerFindings(actual.ledgers ?? [], expected.ledger, drift.length), findings = [...drift, ...rls, ...ledger2.findings];
  inputs["fix-sql"] && (writeFileAtomic(inputs["fix-sql"], fixScript(drift), "fix-sql"), ctx.log.info(`fix script with ${drift.filter((f) => f.fix).length} statements written to ${inputs["fix-sql"]}`));
  let differ = `${drift.length} object${drift.length === 1 ? "" : "s"} differ${drift.length === 1 ? "s" : ""}`, summary = ledger2.summary ?? (drift.length === 0 ? `schema matches ${expected.label}` : `${differ} from ${expected.label}`);
  return {
    findings,
    summary,
    stats: {
      expected: expected.label,
      tables: Object.keys(actual.model.tables).length,
      drift: drift.length,
      durationMs: Date.now() - started
    }
  };
}
async function withConnected(target, fn) {
  let client = await connectClient(target, { applicationName: "preflight schema-verify" });
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {
    });
  }
}
async function loadExpected(inputs, ctx, options) {
  let snapshotFile = inputs["expected-snapshot"];
  if (snapshotFile) {
    let snapshot = readSnapshot(readFileSync5(snapshotFile, "utf8"), snapshotFile);
    return { model: snapshot.model, ledger: snapshot.ledger, label: `snapshot ${snapshotFile}` };
  }
  if (inputs["expected-url"]) {
    let target = parseConnection(inputs["expected-url"], { inputName: "expected-url", connectTimeoutMs: inputs["connect-timeout"] });
    return ctx.log.group(
      `Introspecting the reference database ${target.display}`,
      () => withConnected(target, async (client) => {
        let ledgers = await readLedgers(client);
        return { model: await introspect(client, options), ledger: ledgers[0], label: target.display };
      })
    );
  }
  let schemaFile = inputs["expected-schema"], dir = inputs.migrations, command = inputs["migrate-command"];
  if (!schemaFile && !dir && !command) return;
  let migrations = dir ? readMigrations(dir, inputs["migrations-format"]) : void 0;
  inputs["shadow-url"] && parseConnection(inputs["shadow-url"], { inputName: "shadow-url" });
  let label = schemaFile ?? (dir ? `migrations in ${dir}` : `"${command}"`);
  return ctx.log.group(
    `Building the expected schema from ${label} on a shadow database`,
    () => withShadowDatabase(inputs["shadow-url"], async ({ url: url2, client }) => {
      let ledger2;
      if (schemaFile && await loadSqlFile(client, schemaFile), migrations) {
        let last = migrations.filter((m) => m.version !== "").at(-1), stem = last ? basename(last.file).replace(/(\.up)?\.sql$/, "") : void 0;
        ledger2 = { tool: inputs["migrations-format"], ...await applyMigrations(client, migrations), headAliases: stem ? [stem] : [] };
      }
      return command && (registerSecret(new URL(url2).password), await runMigrateCommand(command, url2, { urlEnv: inputs["url-env"] }), ledger2 = (await readLedgers(client))[0], /\balembic\b/.test(command) && existsSync2("alembic/versions") && (ledger2 = { ...ledger2, heads: alembicHeads("alembic/versions").heads, source: "alembic/versions" })), { model: await introspect(client, options), ledger: ledger2, label };
    })
  );
}
function checkReadable(inputs, ctx) {
  for (let name of ["expected-schema", "expected-snapshot", "migrations"]) {
    let path = inputs[name];
    if (path)
      try {
        accessSync(path, constants.R_OK);
      } catch {
        throw new UsageError(`${capitalize(labelOf(name, ctx.source))} points to ${path}, which does not exist or cannot be read; check the path (relative paths start at ${process.cwd()}).`);
      }
  }
}
function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
export {
  verifySchema
};
