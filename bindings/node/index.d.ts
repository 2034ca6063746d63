// Type declarations of the faqlite Node.js binding. The result shapes are those of the JSON that
// faqlite_result_json() returns (docs/result-format.md).

export type Outcome = 'answered' | 'clarify' | 'fallback';
export type Kind = 'faq' | 'passage' | 'chitchat';

/** The faqlite result code names that an engine error's `code` can take. */
export type FaqliteErrorCode =
  | 'FAQLITE_ERROR'
  | 'FAQLITE_EINVAL'
  | 'FAQLITE_ENOMEM'
  | 'FAQLITE_ENOTFOUND'
  | 'FAQLITE_EEXISTS'
  | 'FAQLITE_ECORRUPT'
  | 'FAQLITE_EVERSION'
  | 'FAQLITE_EIO'
  | 'FAQLITE_EBUSY'
  | 'FAQLITE_ELIMIT'
  | 'FAQLITE_EFORMAT'
  | 'FAQLITE_EREADONLY';

/** What the engine throws (or rejects with): the C message, its code name and result code. */
export interface FaqliteError extends Error {
  code: FaqliteErrorCode;
  errno: number;
}

export interface FollowUp {
  id: string;
  question: string;
}

export interface Answer {
  id: string;
  score: number;
  /** 0..1; the outcome compares it with the threshold. */
  confidence: number;
  lang: string;
  kind: Kind;
  question: string;
  answer: string;
  /** HTML-escaped text with <mark> around the matched words. */
  snippet: string;
  title: string;
  section: string;
  tags: string[];
  /** [start, end) byte offsets of the matched words in the UTF-8 encoding of `answer`. */
  highlights: Array<[number, number]>;
  follow_ups: FollowUp[];
  meta?: Record<string, unknown>;
  /** Present when asked with explain: true. */
  explanation?: unknown;
}

export interface Correction {
  from: string;
  to: string;
}

export interface Result {
  query: string;
  lang: string;
  answered: boolean;
  outcome: Outcome;
  answers: Answer[];
  /** The corpus's fallback text, present when outcome is 'fallback'. */
  fallback?: string;
  corrections?: Correction[];
  /** The conversation so far: pass it as `context` with the next question. */
  context: string[];
}

export type Filter =
  | { tags: string[] }
  | { section: string }
  | { kind: Kind }
  | { id: string }
  | { lang: string }
  | { all: Filter[] }
  | { any: Filter[] }
  | { not: Filter }
  | { [metaField: `meta.${string}`]: unknown };

export interface AskOptions {
  /** The question's language (BCP 47); detected when absent. */
  lang?: string;
  /** How many answers, 1..max_k (default 5). */
  k?: number;
  /** Earlier turns of the conversation, oldest first. */
  context?: string[];
  filters?: Filter;
  /** Overrides the engine's threshold for this call, 0..1. */
  threshold?: number;
  /** Adds an `explanation` to every answer. */
  explain?: boolean;
}

/** Engine options, by their C names (faqlite_open in include/faqlite.h). */
export interface EngineOptions {
  readonly?: boolean;
  create?: boolean;
  threshold?: number;
  thresholds?: Record<string, number>;
  clarify_margin?: number;
  log_unanswered?: boolean;
  max_question_bytes?: number;
  max_k?: number;
  max_context_turns?: number;
  max_entry_bytes?: number;
  busy_timeout_ms?: number;
  /** Megabytes for cached entry analyses, shared by the engine's threads (default 32). */
  cache_mb?: number;
  /** Least milliseconds between two returns of freed heap memory to the system (default 1000, 0 never). */
  trim_ms?: number;
  /** How rows are found: 'lists' (the default) or 'fts5' (the reference); same answers. */
  matcher?: 'lists' | 'fts5';
}

export interface Entry {
  id: string;
  answer: string;
  lang?: string;
  kind?: Kind;
  question?: string;
  alternates?: string[];
  title?: string;
  section?: string;
  tags?: string[];
  follow_ups?: string[];
  meta?: Record<string, unknown>;
}

export interface IndexOptions {
  /** Language of JSON Lines entries that name none (default 'en'). */
  lang?: string;
  /** Drop every existing entry first. */
  replaceAll?: boolean;
  /** Called as files are read and written; return false to cancel. */
  progress?: (source: string, done: number, total: number) => boolean | void;
}

export interface IndexTextOptions {
  /** Names the text in error messages. */
  source?: string;
  lang?: string;
  replaceAll?: boolean;
}

export interface Stats {
  entries: number;
  languages: Record<string, Partial<Record<Kind, number>>>;
  path: string;
  analyzer: string;
  format: number;
  readonly: boolean;
  [key: string]: unknown;
}

export interface UnansweredQuestion {
  query: string;
  lang: string;
  count: number;
  outcome: Outcome;
  /** Unix time in seconds. */
  last_seen: number;
}

export interface Token {
  term: string;
  start: number;
  end: number;
  colocated: boolean;
}

export class Engine {
  /** Opens (creating if needed) the index at `path`, default ':memory:'. */
  constructor(path?: string, options?: EngineOptions);
  readonly path: string;
  readonly closed: boolean;
  /** Answers off the event loop, on the libuv thread pool. */
  ask(question: string, options?: AskOptions): Promise<Result>;
  /** Like ask(), with the engine's JSON text unparsed. */
  askJson(question: string, options?: AskOptions): Promise<string>;
  /** Answers on the calling thread. */
  askSync(question: string, options?: AskOptions): Result;
  /** Adds or replaces one entry (an object or its JSON text). */
  put(entry: Entry | string, replace?: boolean): void;
  /** Adds one new entry; FAQLITE_EEXISTS when its id and language are taken. */
  add(entry: Entry | string): void;
  delete(id: string, lang?: string): void;
  index(paths: string | string[], options?: IndexOptions): void;
  indexText(text: string, options?: IndexTextOptions): void;
  rebuild(): void;
  get(id: string, lang?: string): Entry & { lang: string; kind: Kind };
  stats(): Stats;
  unanswered(limit?: number): UnansweredQuestion[];
  analyze(text: string, options?: { lang?: string; forQuery?: boolean }): Token[];
  /** Closes once the asks in flight complete; later calls throw or reject. Idempotent. */
  close(): void;
}

export interface ImportOptions {
  /** The document's language (BCP 47); detected when absent. */
  lang?: string;
  /** Names the input in the report and the corpus `source` field. */
  source?: string;
  /** Corpus name; default the document's title. */
  name?: string;
  /** Passage size in words, default 150. */
  maxPassageWords?: number;
  /** Default 40; a shorter last piece joins the one before. */
  minPassageWords?: number;
  /** ICU regular expressions: lines where one matches are dropped. */
  drop?: string[];
  /** Prepended to every id. */
  idPrefix?: string;
  format?: 'auto' | 'text' | 'markdown';
  /** Keep a trailing block recognized as page boilerplate. */
  keepBoilerplate?: boolean;
}

/** A corpus document (docs/corpus-format.md), as importText() makes it. */
export interface Corpus {
  faqlite: 1;
  lang: string;
  name?: string;
  source?: string;
  fallback?: string;
  synonyms?: string[][];
  entries: Entry[];
  [key: string]: unknown;
}

/** What importText() did (docs/import.md, "The report"). */
export interface ImportReport {
  source: string;
  format: 'text' | 'markdown';
  encoding: string;
  lang: string;
  lang_detected: boolean;
  title: string;
  counts: {
    lines: number;
    sections: number;
    faq: number;
    passages: number;
    entries: number;
    repaired_characters: number;
    uncertain: number;
    dropped_lines: number;
  };
  repairs: {
    characters: number;
    places: number;
    by_encoding: Record<string, number>;
    examples: Array<{ line: number; from: string; to: string; encoding: string }>;
  };
  uncertain: Array<{ line: number; text: string; reason: string }>;
  dropped: Array<{ line: number; text: string; pattern: string }>;
  boilerplate: null | {
    dropped: boolean;
    from_line: number;
    to_line: number;
    headings: string[];
    markers: string[];
    examples: string[];
  };
  empty_headings: Array<{ line: number; heading: string }>;
  sections: Array<{ title: string; line: number; passages: number; faq: number }>;
  notes: Array<{ line: number; text: string }>;
  [key: string]: unknown;
}

export interface ImportResult {
  corpus: Corpus;
  report: ImportReport;
}

export interface CheckOptions {
  /** Ids missing in some language are errors, not warnings. */
  requireTranslations?: boolean;
  /** Language of JSON Lines entries that name none. */
  lang?: string;
}

export interface CheckProblem {
  severity: 'error' | 'warning';
  /** 'schema', 'syntax', 'duplicate_id', 'dangling_follow_up', 'unknown_language',
   * 'empty_answer', 'missing_translation', 'no_alternates', 'synonym_in_two_sets', ... */
  code: string;
  file: string;
  /** Line of the entry's field in `file`; 0 when there is none. */
  line: number;
  field: string;
  /** The entry's id and language, when the problem belongs to one entry. */
  id?: string;
  lang?: string;
  message: string;
  /** "file:line: field: problem", as `faqlite check` prints it. */
  text: string;
}

/** The report of check(), as `faqlite check --json` prints it. */
export interface CheckReport {
  /** False when there are errors; warnings alone leave it true. */
  ok: boolean;
  errors: number;
  warnings: number;
  files: string[];
  entries: number;
  languages: Record<string, number>;
  problems: CheckProblem[];
  /** Per language, the ids it lacks. */
  missing_translations: Record<string, string[]>;
}

/**
 * Turns a guide document (plain text or Markdown) into a corpus document. Bytes that are not
 * UTF-8 are read as windows-1252. Synchronous; throws a FaqliteError (FAQLITE_EINVAL) for an
 * option the library refuses.
 */
export function importText(text: string | Uint8Array, options?: ImportOptions): ImportResult;
/**
 * Validates corpus files and folders without indexing them. Errors in the files are reported
 * (ok: false), not thrown; a missing path throws FAQLITE_ENOTFOUND, an unreadable one
 * FAQLITE_EIO.
 */
export function check(paths: string | string[], options?: CheckOptions): CheckReport;

/** The version of the libfaqlite the addon is linked with. */
export function version(): string;
/** The analyzer fingerprint of that library. */
export function analyzerFingerprint(): string;
