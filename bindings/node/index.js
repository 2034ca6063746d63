// faqlite for Node.js: the Engine class over the Node-API addon (src/addon.c).
//
// This layer checks argument types, turns option objects into the JSON the C API takes and parses
// the JSON it returns; everything else is the engine's. Errors from the engine are Error objects
// with .code (the faqlite code name, such as 'FAQLITE_EINVAL') and .errno (the C result code);
// mistakes in arguments are TypeErrors with code 'ERR_INVALID_ARG_TYPE' or 'ERR_INVALID_ARG_VALUE'.
'use strict';

const path = require('node:path');

function loadAddon() {
  const file = process.env.FAQLITE_NODE_ADDON || path.join(__dirname, 'build', 'faqlite.node');
  try {
    return require(file);
  } catch (e) {
    e.message = `faqlite: cannot load the addon ${file} (build it with "npm run build" in ` +
      `bindings/node): ${e.message}`;
    throw e;
  }
}

const native = loadAddon();

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `type ${typeof value}`;
}

function argError(message, code = 'ERR_INVALID_ARG_TYPE') {
  const e = new TypeError(message);
  e.code = code;
  return e;
}

function checkString(value, name) {
  if (typeof value !== 'string') throw argError(`${name} must be a string, received ${describe(value)}`);
  return value;
}

function checkOptionalString(value, name) {
  return value === undefined || value === null ? null : checkString(value, name);
}

function checkObject(value, name) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw argError(`${name} must be an object, received ${describe(value)}`);
  }
  return value;
}

function checkBoolean(value, name) {
  if (typeof value !== 'boolean') throw argError(`${name} must be a boolean, received ${describe(value)}`);
  return value;
}

function toJson(value, name) {
  try {
    return JSON.stringify(value);
  } catch (e) {
    throw argError(`${name} cannot be written as JSON: ${e.message}`, 'ERR_INVALID_ARG_VALUE');
  }
}

// The ask options, checked by type. Unknown names go through: the engine refuses them with a
// message naming them, and that stays true when the engine learns new options.
function askOptionsJson(options) {
  if (options === undefined || options === null) return null;
  checkObject(options, 'options');
  const out = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === null) continue;
    const name = `options.${key}`;
    if (key === 'lang') checkString(value, name);
    else if (key === 'k' && !Number.isInteger(value)) {
      throw argError(`${name} must be an integer, received ${describe(value)}`);
    } else if (key === 'context') {
      if (!Array.isArray(value)) throw argError(`${name} must be an array of strings`);
      value.forEach((turn, i) => checkString(turn, `${name}[${i}]`));
    } else if (key === 'filters') checkObject(value, name);
    else if (key === 'threshold' && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw argError(`${name} must be a finite number, received ${describe(value)}`);
    } else if (key === 'explain') checkBoolean(value, name);
    out[key] = value;
  }
  return toJson(out, 'options');
}

function indexOptionsJson(lang, replaceAll) {
  const out = {};
  if (checkOptionalString(lang, 'options.lang') !== null) out.lang = lang;
  if (replaceAll !== undefined && checkBoolean(replaceAll, 'options.replaceAll')) {
    out.replace_all = true;
  }
  return Object.keys(out).length ? JSON.stringify(out) : null;
}

// importText options: the JavaScript name, the C option name (include/faqlite.h) and a check.
const importOptionNames = {
  lang: ['lang', checkString],
  source: ['source', checkString],
  name: ['name', checkString],
  maxPassageWords: ['max_passage_words', checkInteger],
  minPassageWords: ['min_passage_words', checkInteger],
  drop: ['drop', checkStringArray],
  idPrefix: ['id_prefix', checkString],
  format: ['format', checkString],
  keepBoilerplate: ['keep_boilerplate', checkBoolean],
};

function checkInteger(value, name) {
  if (!Number.isInteger(value)) {
    throw argError(`${name} must be an integer, received ${describe(value)}`);
  }
  return value;
}

function checkStringArray(value, name) {
  if (!Array.isArray(value)) {
    throw argError(`${name} must be an array of strings, received ${describe(value)}`);
  }
  value.forEach((item, i) => checkString(item, `${name}[${i}]`));
  return value;
}

// Only types are checked here; values (ranges, language codes, whether a pattern compiles) are
// the library's to refuse, with a message naming the option. Unknown names go through as they
// are, so the library refuses them by name too.
function importOptionsJson(options) {
  if (options === undefined || options === null) return null;
  checkObject(options, 'options');
  const out = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === null) continue;
    const known = Object.hasOwn(importOptionNames, key) ? importOptionNames[key] : null;
    if (known) known[1](value, `options.${key}`);
    out[known ? known[0] : key] = value;
  }
  return toJson(out, 'options');
}

function pathList(paths) {
  const list = typeof paths === 'string' ? [paths] : paths;
  if (!Array.isArray(list)) throw argError(`paths must be a string or an array of strings`);
  list.forEach((p, i) => checkString(p, `paths[${i}]`));
  return list;
}

/**
 * Turns a guide document (plain text or Markdown: a string, or undecoded bytes in a Buffer or
 * Uint8Array) into a corpus document. Returns { corpus, report }: what `faqlite import` writes
 * and its --report (docs/import.md). Synchronous, like index(): it needs no engine and runs
 * where corpora are written (scripts, build steps), not per request.
 */
function importText(text, options = undefined) {
  if (typeof text !== 'string' && !(text instanceof Uint8Array)) {
    throw argError(`text must be a string, Buffer or Uint8Array, received ${describe(text)}`);
  }
  const [corpus, report] = native.importText(text, importOptionsJson(options));
  return { corpus: JSON.parse(corpus), report: JSON.parse(report) };
}

/**
 * Validates corpus files and folders without indexing them; returns the report that
 * `faqlite check --json` prints. Errors in the files are in the report (ok: false), not thrown;
 * a path that does not exist throws with code FAQLITE_ENOTFOUND.
 */
function check(paths, { requireTranslations, lang } = {}) {
  const list = pathList(paths);
  const out = {};
  if (requireTranslations !== undefined && requireTranslations !== null &&
      checkBoolean(requireTranslations, 'options.requireTranslations')) {
    out.require_translations = true;
  }
  if (checkOptionalString(lang, 'options.lang') !== null) out.lang = lang;
  return JSON.parse(native.checkPaths(list, Object.keys(out).length ? JSON.stringify(out) : null));
}

class Engine {
  #handle;

  /**
   * Opens (creating if needed) the index at `path`, or a private in-memory index for ':memory:'.
   * `options` are the engine options of faqlite_open, by their C names: readonly, create,
   * threshold, thresholds, clarify_margin, log_unanswered, max_question_bytes, max_k,
   * max_context_turns, max_entry_bytes, busy_timeout_ms, cache_mb, trim_ms, matcher.
   */
  constructor(path = ':memory:', options = undefined) {
    checkString(path, 'path');
    const json = options === undefined || options === null
      ? null : toJson(checkObject(options, 'options'), 'options');
    this.#handle = native.open(path, json);
    this.path = path;
  }

  get closed() {
    return native.isClosed(this.#handle);
  }

  /** Answers `question` on the thread pool; resolves with the parsed result object. */
  async ask(question, options = undefined) {
    return JSON.parse(await this.askJson(question, options));
  }

  /** Like ask(), resolving with the engine's JSON text unparsed. */
  async askJson(question, options = undefined) {
    checkString(question, 'question');
    return native.ask(this.#handle, question, askOptionsJson(options));
  }

  /** Answers on the calling thread, blocking the event loop meanwhile. */
  askSync(question, options = undefined) {
    checkString(question, 'question');
    return JSON.parse(native.askSync(this.#handle, question, askOptionsJson(options)));
  }

  /** Adds or (with replace, the default) replaces one entry: an object or its JSON text. */
  put(entry, replace = true) {
    checkBoolean(replace, 'replace');
    const json = typeof entry === 'string' ? entry : toJson(checkObject(entry, 'entry'), 'entry');
    native.put(this.#handle, json, replace);
  }

  /** Adds one new entry; fails with code FAQLITE_EEXISTS when its id and language are taken. */
  add(entry) {
    this.put(entry, false);
  }

  /** Deletes entry `id` in `lang`, or in every language. */
  delete(id, lang = undefined) {
    native.delete(this.#handle, checkString(id, 'id'), checkOptionalString(lang, 'lang'));
  }

  /**
   * Indexes corpus files and folders in one transaction. progress(source, done, total) is called
   * as they are read; returning false cancels, and an exception it throws cancels and propagates.
   */
  index(paths, { lang, replaceAll, progress } = {}) {
    const list = pathList(paths);
    if (progress !== undefined && progress !== null && typeof progress !== 'function') {
      throw argError(`options.progress must be a function, received ${describe(progress)}`);
    }
    native.indexPaths(this.#handle, list, indexOptionsJson(lang, replaceAll), progress);
  }

  /** Indexes corpus text (a JSON document or JSON Lines); `source` names it in errors. */
  indexText(text, { source, lang, replaceAll } = {}) {
    native.indexText(this.#handle, checkString(text, 'text'),
      checkOptionalString(source, 'options.source'), indexOptionsJson(lang, replaceAll));
  }

  /** Rebuilds the full-text index from the stored entries. */
  rebuild() {
    native.rebuild(this.#handle);
  }

  /** Entry `id` (in `lang`, or the first language found, English preferred). */
  get(id, lang = undefined) {
    return JSON.parse(native.get(this.#handle, checkString(id, 'id'),
      checkOptionalString(lang, 'lang')));
  }

  /** Entry counts per language and kind, file, analyzer fingerprint, format version. */
  stats() {
    return JSON.parse(native.stats(this.#handle));
  }

  /** Logged fallback and clarify questions (with log_unanswered), most frequent first. */
  unanswered(limit = 100) {
    if (!Number.isInteger(limit) || limit < 1 || limit > 2147483647) {
      throw argError(`limit must be an integer from 1 to 2147483647`, 'ERR_OUT_OF_RANGE');
    }
    return JSON.parse(native.unanswered(this.#handle, limit));
  }

  /** The analyzer's tokens for `text`, with byte offsets into its UTF-8 encoding. */
  analyze(text, { lang, forQuery = false } = {}) {
    return JSON.parse(native.analyze(this.#handle, checkString(text, 'text'),
      checkOptionalString(lang, 'options.lang'), checkBoolean(forQuery, 'options.forQuery')));
  }

  /** Closes the engine once the asks in flight have completed; later calls fail. Idempotent. */
  close() {
    native.close(this.#handle);
  }
}

module.exports = {
  Engine,
  importText,
  check,
  /** The version of the libfaqlite the addon is linked with, such as "0.1.0". */
  version: () => native.version(),
  /** The analyzer fingerprint of that library. */
  analyzerFingerprint: () => native.fingerprint(),
};
