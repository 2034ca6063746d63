/*
 * faqlite.h: the public C API of faqlite, an embeddable multilingual FAQ answer engine.
 *
 * This is the only header a user needs. The CLI, the HTTP server and the Python and Node bindings
 * are built on it alone, so every feature they have is reachable from C.
 *
 * Conventions (in the manner of SQLite, zstd and libgit2):
 *   - Opaque handles (faqlite_engine, faqlite_result) with create/free pairs; every free function
 *     accepts NULL.
 *   - Fallible functions return an int: FAQLITE_OK (0) on success, a negative FAQLITE_E* code on
 *     failure. faqlite_strerror() names a code; faqlite_last_error() gives the detailed message of
 *     the most recent failure on the calling thread (thread-local, like git_error_last()).
 *   - Text is UTF-8. Lengths are in bytes; a length of -1 (FAQLITE_NUL_TERMINATED) means
 *     "NUL-terminated". Invalid UTF-8 in a question is refused with FAQLITE_EINVAL.
 *   - Ownership is stated on every function. "Borrowed" pointers stay valid until the named owner
 *     is freed; "owned" buffers are the caller's and are released with faqlite_free().
 *   - No C++ exception ever crosses this boundary; an out-of-memory condition is FAQLITE_ENOMEM.
 *   - Options are passed as a JSON object string (or NULL for defaults), so that new options never
 *     change a signature; unknown option names are an error, not silently ignored.
 *
 * Threading model:
 *   - An engine may be shared by any number of threads. faqlite_ask() and the read-only calls run
 *     concurrently (each thread gets its own SQLite connection and ICU objects from a pool).
 *   - Writes (index, put, delete, rebuild) are serialized by the engine and are each one
 *     transaction: readers see the index either before or after a write, never in between.
 *     On a file, readers never wait for a write (WAL). The one exception is the first write
 *     into a file this engine has just created, usually the whole corpus: it runs under SQLite's
 *     rollback journal, which writes each page once, and readers of the still empty index may
 *     wait for it, failing with FAQLITE_EBUSY after "busy_timeout_ms"; the file is in WAL mode
 *     from the end of that write on. On ":memory:", readers and writes take
 *     turns fairly: a read waits for at most the write in progress, and a call that cannot get
 *     its turn within "busy_timeout_ms" fails with FAQLITE_EBUSY.
 *   - A faqlite_result is immutable once returned and may be read from any thread; it must not be
 *     freed while another thread reads it.
 *   - faqlite_close() must not race with any other call on the same engine.
 */
#ifndef FAQLITE_H
#define FAQLITE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#if defined(FAQLITE_BUILDING)
#define FAQLITE_API __declspec(dllexport)
#else
#define FAQLITE_API __declspec(dllimport)
#endif
#else
#define FAQLITE_API __attribute__((visibility("default")))
#endif

/* ---- Versions ------------------------------------------------------------------------------- */

#define FAQLITE_VERSION_MAJOR 0
#define FAQLITE_VERSION_MINOR 1
#define FAQLITE_VERSION_PATCH 0
#define FAQLITE_VERSION_NUMBER \
  (FAQLITE_VERSION_MAJOR * 10000 + FAQLITE_VERSION_MINOR * 100 + FAQLITE_VERSION_PATCH)
#define FAQLITE_VERSION_STRING "0.1.0"

/* The version of the library actually linked (compare with FAQLITE_VERSION_NUMBER). Thread-safe. */
FAQLITE_API int faqlite_version_number(void);
/* Borrowed, static string such as "0.1.0". Thread-safe. */
FAQLITE_API const char *faqlite_version_string(void);
/* Borrowed, static string describing the analyzer that this library builds indexes with (faqlite,
 * ICU, Unicode and Snowball versions plus analysis options). An index built with another
 * fingerprint is rebuilt on open (or refused when opened read-only). Thread-safe. */
FAQLITE_API const char *faqlite_analyzer_fingerprint(void);

/* ---- Result codes --------------------------------------------------------------------------- */

#define FAQLITE_OK 0
#define FAQLITE_ERROR (-1)     /* an error without a more specific code */
#define FAQLITE_EINVAL (-2)    /* a bad argument: NULL handle, invalid UTF-8, bad option JSON */
#define FAQLITE_ENOMEM (-3)    /* out of memory */
#define FAQLITE_ENOTFOUND (-4) /* no such entry, file or folder */
#define FAQLITE_EEXISTS (-5)   /* an entry with that id and language exists already */
#define FAQLITE_ECORRUPT (-6)  /* the file is not a faqlite index, or it is damaged */
#define FAQLITE_EVERSION                                                                        \
  (-7)                          /* the index was written by a newer faqlite, or needs a rebuild \
                                   that a read-only engine cannot do */
#define FAQLITE_EIO (-8)        /* reading or writing a file failed */
#define FAQLITE_EBUSY (-9)      /* the index is locked by another process for too long */
#define FAQLITE_ELIMIT (-10)    /* a configured limit was crossed (question length, k, ...) */
#define FAQLITE_EFORMAT (-11)   /* a corpus file or entry is malformed; the message says where */
#define FAQLITE_EREADONLY (-12) /* a write on an engine opened read-only */

#define FAQLITE_NUL_TERMINATED ((long)-1)

/* Borrowed, static English text for a result code ("invalid argument"). Thread-safe. */
FAQLITE_API const char *faqlite_strerror(int rc);
/* Borrowed message of the most recent failing faqlite call on this thread ("" if none). Valid until
 * the next faqlite call on this thread. Thread-safe (thread-local). */
FAQLITE_API const char *faqlite_last_error(void);
/* Result code of the most recent failing faqlite call on this thread (FAQLITE_OK if none). */
FAQLITE_API int faqlite_last_error_code(void);

/* Frees a buffer that faqlite handed to the caller (the "owned" out-parameters). NULL is allowed.
 */
FAQLITE_API void faqlite_free(void *p);

/* ---- Engine --------------------------------------------------------------------------------- */

typedef struct faqlite_engine faqlite_engine;

/* Opens (creating if needed) the index file at `path`; ":memory:" gives a private in-memory index.
 * `options_json` may be NULL or an object with:
 *   "readonly": bool            open without writing; a missing file is FAQLITE_ENOTFOUND
 *   "create": bool              create the file if missing (default true)
 *   "threshold": number         confidence needed to answer (default 0.32), 0..1
 *   "thresholds": {lang: num}   per-language thresholds
 *   "clarify_margin": number    near-tie margin that turns an answer into a clarify (default 0.04)
 *   "log_unanswered": bool      record fallback and clarify questions in the index (default false)
 *   "max_question_bytes": int   default 4096; longer questions fail with FAQLITE_ELIMIT
 *   "max_k": int                default 50
 *   "max_context_turns": int    default 8
 *   "max_entry_bytes": int      default 1 MiB per entry
 *   "max_corpus_entries": int   default 5000000 entries read by one indexing call (ELIMIT above)
 *   "busy_timeout_ms": int      default 5000
 *   "cache_mb": int             memory for cached entry analyses and answered entries, shared
 *                               by the engine's threads (default 32, 1..65536); more makes a
 *                               large index answer faster, answers are the same at any size
 *   "trim_ms": int              least time between two returns of the heap memory answering
 *                               freed to the system (glibc's malloc_trim, done by one answering
 *                               thread after its question; default 1000, 0 never, 0..3600000):
 *                               keeps a long-running engine's resident memory near what it uses
 *   "matcher": "lists"|"fts5"   how rows are found (default "lists": the index's postings with
 *                               MaxScore skipping; "fts5": one FTS5 statement per table). Both
 *                               give the same answers; "fts5" is the reference for tests
 * If the index was built by another analyzer fingerprint it is rebuilt from its stored entries
 * (one transaction), unless readonly, where the open fails with FAQLITE_EVERSION.
 * On success *out is a new engine owned by the caller (free with faqlite_close). On failure *out is
 * NULL and faqlite_last_error() explains. Thread-safe (independent engines). */
FAQLITE_API int faqlite_open(const char *path, const char *options_json, faqlite_engine **out);

/* Closes the engine and frees it. NULL is allowed. Must not race with other calls on `engine`. */
FAQLITE_API void faqlite_close(faqlite_engine *engine);

/* Progress callback for indexing: `done` entries of `total` read so far from `source`. Return
 * nonzero to cancel (the whole call then fails with FAQLITE_ERROR and nothing is written). */
typedef int (*faqlite_progress_fn)(const char *source, size_t done, size_t total, void *payload);

/* Indexes corpus files and folders (".json" documents and ".jsonl" line files; folders are walked
 * recursively in name order). Every file is validated before anything is written; then all of them
 * go into the index in one transaction, replacing entries with the same (id, lang).
 * `options_json` may be NULL or {"lang": "en" (default language of JSONL entries),
 * "replace_all": bool (drop every existing entry first; default false), "threads": 1|2 (default
 * 2: a write of 256 entries or more analyzes the next entries on one helper thread while the
 * calling thread writes, when the machine has more than one core; 1: no thread is started; the
 * index is the same either way)}.
 * `progress` may be NULL. Serialized with other writes. */
FAQLITE_API int faqlite_index_paths(faqlite_engine *engine, const char *const *paths,
                                    size_t n_paths, const char *options_json,
                                    faqlite_progress_fn progress, void *payload);

/* Indexes corpus text held in memory: a JSON document or JSON Lines. `source_name` names it in
 * error messages (may be NULL). Options as for faqlite_index_paths. One transaction. */
FAQLITE_API int faqlite_index_text(faqlite_engine *engine, const char *text, long len,
                                   const char *source_name, const char *options_json);

/* Adds or replaces one entry given as a JSON entry object. Fails with FAQLITE_EEXISTS when
 * `replace` is 0 and the (id, lang) pair exists. One transaction. */
FAQLITE_API int faqlite_put(faqlite_engine *engine, const char *entry_json, long len, int replace);

/* Deletes entry `id` in language `lang`, or in every language when `lang` is NULL.
 * FAQLITE_ENOTFOUND when nothing matched. One transaction. */
FAQLITE_API int faqlite_delete(faqlite_engine *engine, const char *id, const char *lang);

/* Rebuilds the full-text index from the stored entries (e.g. after changing synonyms). */
FAQLITE_API int faqlite_rebuild(faqlite_engine *engine);

/* Looks up one entry. On success *json_out is an owned JSON object (free with faqlite_free).
 * `lang` may be NULL (the first language found, English preferred). */
FAQLITE_API int faqlite_get(faqlite_engine *engine, const char *id, const char *lang,
                            char **json_out);

/* Index statistics as an owned JSON object: entry counts per language and kind, file path,
 * analyzer fingerprint, format version. */
FAQLITE_API int faqlite_stats(faqlite_engine *engine, char **json_out);

/* The analyzer's tokens for `text` in language `lang` (NULL: detect), as an owned JSON array of
 * {"term","start","end","colocated"} objects; offsets are byte offsets into `text`. For tests,
 * debugging and golden files. Thread-safe. */
FAQLITE_API int faqlite_analyze(faqlite_engine *engine, const char *text, long len,
                                const char *lang, int for_query, char **json_out);

/* Questions that ended in fallback or clarify (when "log_unanswered" is on), grouped and counted,
 * as an owned JSON array [{"query","lang","count","outcome","last_seen"}], most frequent first. */
FAQLITE_API int faqlite_unanswered(faqlite_engine *engine, int limit, char **json_out);

/* ---- Asking --------------------------------------------------------------------------------- */

typedef struct faqlite_result faqlite_result;

/* Answers `question` (UTF-8, `len` bytes or FAQLITE_NUL_TERMINATED). `options_json` may be NULL or:
 *   "k": int (1..max_k, default 5)       how many answers
 *   "lang": string                        the question's language; detected when absent
 *   "filters": object                     {"tags": [..]} {"section": ".."} {"kind": ".."}
 *                                         {"lang": ".."} {"meta.FIELD": value},
 *                                         combined with {"all": [..]} / {"any": [..]}
 *   "context": [string, ...]              earlier turns of the conversation, oldest first
 *   "threshold": number                   overrides the engine's threshold for this call
 *   "explain": bool                       add an "explanation" to every answer
 * The question text is only ever data: it is analyzed by faqlite and turned into a safe search
 * expression. An empty or whitespace-only question gives an unanswered result, not an error.
 * On success *out is an owned result (free with faqlite_result_free). Thread-safe. */
FAQLITE_API int faqlite_ask(faqlite_engine *engine, const char *question, long len,
                            const char *options_json, faqlite_result **out);

/* Frees a result. NULL is allowed. */
FAQLITE_API void faqlite_result_free(faqlite_result *result);

/* The whole result as JSON (see docs/result-format.md). Borrowed from `result`. Written on the
 * first call (the accessors below never need it); calls on the same result from several threads
 * are safe. NULL only when it cannot be written (out of memory; faqlite_last_error() says so). */
FAQLITE_API const char *faqlite_result_json(const faqlite_result *result);

#define FAQLITE_OUTCOME_ANSWERED 0 /* the top answer clears the threshold */
#define FAQLITE_OUTCOME_CLARIFY 1  /* several near-tied candidates: offer them as choices */
#define FAQLITE_OUTCOME_FALLBACK 2 /* nothing clears the threshold: the fallback answer applies */
FAQLITE_API int faqlite_result_outcome(const faqlite_result *result);

/* Number of answers (0..k). */
FAQLITE_API size_t faqlite_result_count(const faqlite_result *result);

/* Accessors for answer `i` (0-based, best first). Strings are borrowed from `result`; an index out
 * of range gives NULL (strings) or -1.0 (numbers). */
FAQLITE_API const char *faqlite_result_id(const faqlite_result *result, size_t i);
FAQLITE_API const char *faqlite_result_lang(const faqlite_result *result, size_t i);
FAQLITE_API const char *faqlite_result_question(const faqlite_result *result, size_t i);
FAQLITE_API const char *faqlite_result_answer(const faqlite_result *result, size_t i);
FAQLITE_API const char *faqlite_result_snippet(const faqlite_result *result, size_t i);
FAQLITE_API double faqlite_result_score(const faqlite_result *result, size_t i);
FAQLITE_API double faqlite_result_confidence(const faqlite_result *result, size_t i);

/* The fallback answer in the question's language when the outcome is FALLBACK, else NULL. */
FAQLITE_API const char *faqlite_result_fallback(const faqlite_result *result);

/* ---- Corpus tools (no engine needed) ------------------------------------------------------ */

/* Turns a guide document (plain text or Markdown, UTF-8; `len` bytes or FAQLITE_NUL_TERMINATED)
 * into a corpus JSON document (docs/corpus-format.md): headings become sections, long sections
 * passages of bounded size, FAQ sections question/answer entries; ids are derived from titles and
 * questions, so re-importing the same document gives the same ids. Text that was mis-decoded
 * through windows-1252/1253 or Latin-1 is repaired where that is certain. See docs/import.md.
 * `options_json` may be NULL or:
 *   "lang": string               the document's language (detected when absent)
 *   "source": string             names the input in the report and the corpus "source" field
 *   "name": string               corpus name (default: the document's title)
 *   "max_passage_words": int     default 150
 *   "min_passage_words": int     default 40; a shorter last piece joins the one before
 *   "drop": [regex, ...]         ICU regular expressions: lines where one matches are dropped
 *   "id_prefix": string          prepended to every id
 *   "format": "auto"|"text"|"markdown"
 *   "keep_boilerplate": bool     keep a trailing block recognized as page boilerplate
 * On success *corpus_json_out and *report_json_out are owned JSON texts (free each with
 * faqlite_free); the report lists repairs, spots left uncertain (with line numbers), dropped
 * lines and counts. On failure both are NULL. Either out pointer may be NULL if not wanted.
 * Thread-safe. */
FAQLITE_API int faqlite_import_text(const char *text, long len, const char *options_json,
                                    char **corpus_json_out, char **report_json_out);

/* Validates corpus files and folders without indexing them: the schema of every entry, duplicate
 * ids, follow-ups that point nowhere in their language, unknown language codes, empty answers,
 * translations missing in some languages, FAQ entries without alternates, words in several
 * synonym sets. `options_json` may be NULL or {"require_translations": bool (missing
 * translations are errors, not warnings), "lang": tag (language of JSONL entries without one)}.
 * Returns FAQLITE_OK when there is no error (warnings allowed), FAQLITE_EFORMAT when errors were
 * found; in both cases *report_json_out is an owned JSON report (free with faqlite_free) listing
 * each problem with file, line, field and a "file:line: field: problem" text. A path that does
 * not exist gives FAQLITE_ENOTFOUND, one that cannot be read FAQLITE_EIO, and then
 * *report_json_out is NULL. Thread-safe. */
FAQLITE_API int faqlite_check_paths(const char *const *paths, size_t n_paths,
                                    const char *options_json, char **report_json_out);

#ifdef __cplusplus
}
#endif

#endif /* FAQLITE_H */
