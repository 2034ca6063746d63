/*
 * The faqlite Node.js addon: the C API of include/faqlite.h over Node-API, and nothing more.
 * Options go in and results come out as JSON text; index.js turns them into objects, so that the
 * one JSON result shape of faqlite_result_json is what JavaScript sees.
 *
 * An engine handle is an External. faqlite_close() must not race with other calls, and ask() runs
 * faqlite_ask on the libuv thread pool; so the handle counts the asks in flight, close() only marks
 * it closed while any runs, and the last one to complete closes the engine. The counter and the
 * flag are touched on the JavaScript thread only (calls and completions), so they need no lock.
 * Each ask holds a reference to the handle, which keeps the garbage collector from finalizing it.
 */
#define NAPI_VERSION 8
#include <node_api.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faqlite.h"

#define HANDLE_MAGIC 0x6671656eu /* "fqen": tells our Externals from anyone else's */

typedef struct {
  uint32_t magic;
  faqlite_engine *engine; /* NULL once closed */
  int closing;            /* close() was called */
  uint32_t pending;       /* asks queued or running */
  int in_callback;        /* a progress callback of this engine is running */
  int finalized;          /* the External was collected; the last ask to complete frees this */
} Handle;

/* ---- errors ---------------------------------------------------------------------------------- */

static const char *code_name(int rc) {
  /* Indexed by -rc: FAQLITE_ERROR (-1) to FAQLITE_EREADONLY (-12). */
  static const char *const names[] = {
      "FAQLITE_OK",        "FAQLITE_ERROR",   "FAQLITE_EINVAL",   "FAQLITE_ENOMEM",
      "FAQLITE_ENOTFOUND", "FAQLITE_EEXISTS", "FAQLITE_ECORRUPT", "FAQLITE_EVERSION",
      "FAQLITE_EIO",       "FAQLITE_EBUSY",   "FAQLITE_ELIMIT",   "FAQLITE_EFORMAT",
      "FAQLITE_EREADONLY",
  };
  return rc < 0 && -rc < (int)(sizeof names / sizeof names[0]) ? names[-rc] : "FAQLITE_ERROR";
}

/* An Error with .code (the faqlite code name) and .errno (the C result code); NULL when even
 * that cannot be made (then an exception may be pending). */
static napi_value make_error(napi_env env, int rc, const char *message) {
  napi_value code, msg, err, errno_value;
  if (!message || !*message) message = faqlite_strerror(rc);
  if (napi_create_string_utf8(env, code_name(rc), NAPI_AUTO_LENGTH, &code) != napi_ok ||
      napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg) != napi_ok ||
      napi_create_error(env, code, msg, &err) != napi_ok)
    return NULL;
  if (napi_create_int32(env, rc, &errno_value) == napi_ok)
    napi_set_named_property(env, err, "errno", errno_value);
  return err;
}

/* Throws for a failed faqlite call; reads the message on the thread that made the call. */
static napi_value throw_faqlite(napi_env env, int rc) {
  napi_value err = make_error(env, rc, faqlite_last_error());
  if (err) napi_throw(env, err);
  return NULL;
}

/* For an N-API call that should not fail: make sure JavaScript sees an exception. */
static napi_value throw_internal(napi_env env) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, "FAQLITE_ERROR", "faqlite addon: a Node-API call failed");
  return NULL;
}

static napi_value throw_type(napi_env env, const char *code, const char *message) {
  napi_throw_type_error(env, code, message);
  return NULL;
}

#define CHECK(call)                           \
  do {                                        \
    if ((call) != napi_ok) goto napi_failure; \
  } while (0)

/* ---- arguments ------------------------------------------------------------------------------- */

static int get_args(napi_env env, napi_callback_info info, size_t n, napi_value *argv) {
  size_t argc = n;
  return napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok;
}

enum { STR_REQUIRED = 0, STR_OPTIONAL = 1, STR_ALLOW_NUL = 2 };

/* Copies a string argument into a malloc'd UTF-8 buffer. Returns 1 and sets *out (NULL for an
 * optional argument that is null or undefined), or throws and returns 0. NUL characters are
 * refused unless STR_ALLOW_NUL: a NUL-terminated C argument would silently lose the rest. */
static int get_string(napi_env env, napi_value v, const char *name, int flags, char **out,
                      size_t *len_out) {
  napi_valuetype t;
  size_t len = 0;
  char message[160];
  *out = NULL;
  if (len_out) *len_out = 0;
  if (napi_typeof(env, v, &t) != napi_ok) return throw_internal(env), 0;
  if ((flags & STR_OPTIONAL) && (t == napi_undefined || t == napi_null)) return 1;
  if (t != napi_string) {
    snprintf(message, sizeof message, "%s must be a string", name);
    return throw_type(env, "ERR_INVALID_ARG_TYPE", message), 0;
  }
  if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) return throw_internal(env), 0;
  char *buf = malloc(len + 1);
  if (!buf) {
    napi_value err = make_error(env, FAQLITE_ENOMEM, "out of memory copying a string argument");
    if (err) napi_throw(env, err);
    return 0;
  }
  if (napi_get_value_string_utf8(env, v, buf, len + 1, &len) != napi_ok) {
    free(buf);
    return throw_internal(env), 0;
  }
  if (!(flags & STR_ALLOW_NUL) && memchr(buf, '\0', len)) {
    free(buf);
    snprintf(message, sizeof message, "%s must not contain NUL characters", name);
    return throw_type(env, "ERR_INVALID_ARG_VALUE", message), 0;
  }
  *out = buf;
  if (len_out) *len_out = len;
  return 1;
}

/* The Handle behind argument 0, or NULL after throwing. An open one unless `allow_closed`. */
static Handle *get_handle(napi_env env, napi_value v, int allow_closed) {
  napi_valuetype t;
  void *data = NULL;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_external ||
      napi_get_value_external(env, v, &data) != napi_ok || !data ||
      ((Handle *)data)->magic != HANDLE_MAGIC) {
    throw_type(env, "ERR_INVALID_ARG_TYPE", "not a faqlite engine handle");
    return NULL;
  }
  Handle *h = data;
  if (h->in_callback) {
    /* The engine holds its write lock while it reports progress: a write would deadlock. */
    napi_throw_error(env, "ERR_FAQLITE_REENTRANT",
                     "a progress callback must not call its own engine");
    return NULL;
  }
  if (!allow_closed && (h->closing || !h->engine)) {
    napi_value err = make_error(env, FAQLITE_EINVAL, "the engine is closed");
    if (err) napi_throw(env, err);
    return NULL;
  }
  return h;
}

/* Returns an owned JSON buffer from faqlite as a JavaScript string, freeing it. */
static napi_value take_json(napi_env env, char *json) {
  napi_value s;
  napi_status st = napi_create_string_utf8(env, json ? json : "null", NAPI_AUTO_LENGTH, &s);
  faqlite_free(json);
  return st == napi_ok ? s : throw_internal(env);
}

static napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

/* ---- engine lifetime ------------------------------------------------------------------------- */

static void finalize_handle(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Handle *h = data;
  h->magic = 0;
  h->closing = 1;
  h->finalized = 1;
  /* Each ask holds a reference that keeps the External alive, so asks are normally done by now;
   * but when the environment is torn down finalizers run regardless, and then the last ask to
   * complete closes and frees. */
  if (h->pending == 0) {
    faqlite_close(h->engine);
    free(h);
  }
}

/* Closes the engine once close() was called and no ask is in flight; frees a finalized handle. */
static void finish_close_if_idle(Handle *h) {
  if (h->closing && h->pending == 0) {
    faqlite_close(h->engine);
    h->engine = NULL;
    if (h->finalized) free(h);
  }
}

/* open(path, optionsJson?) -> handle */
static napi_value Open(napi_env env, napi_callback_info info) {
  napi_value argv[2], ext;
  char *path = NULL, *options = NULL;
  faqlite_engine *engine = NULL;
  if (!get_args(env, info, 2, argv)) return throw_internal(env);
  if (!get_string(env, argv[0], "path", STR_REQUIRED, &path, NULL) ||
      !get_string(env, argv[1], "options", STR_OPTIONAL, &options, NULL)) {
    free(path);
    return NULL;
  }
  int rc = faqlite_open(path, options, &engine);
  free(path);
  free(options);
  if (rc != FAQLITE_OK) return throw_faqlite(env, rc);
  Handle *h = calloc(1, sizeof *h);
  if (!h) {
    faqlite_close(engine);
    napi_value err = make_error(env, FAQLITE_ENOMEM, "out of memory");
    if (err) napi_throw(env, err);
    return NULL;
  }
  h->magic = HANDLE_MAGIC;
  h->engine = engine;
  if (napi_create_external(env, h, finalize_handle, NULL, &ext) != napi_ok) {
    faqlite_close(engine);
    free(h);
    return throw_internal(env);
  }
  return ext;
}

/* close(handle): closes now, or when the asks in flight have completed. Idempotent. */
static napi_value Close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!get_args(env, info, 1, argv)) return throw_internal(env);
  Handle *h = get_handle(env, argv[0], 1);
  if (!h) return NULL;
  h->closing = 1;
  finish_close_if_idle(h);
  return undefined(env);
}

/* isClosed(handle) -> boolean */
static napi_value IsClosed(napi_env env, napi_callback_info info) {
  napi_value argv[1], result;
  if (!get_args(env, info, 1, argv)) return throw_internal(env);
  Handle *h = get_handle(env, argv[0], 1);
  if (!h) return NULL;
  if (napi_get_boolean(env, h->closing || !h->engine, &result) != napi_ok)
    return throw_internal(env);
  return result;
}

/* ---- asking ---------------------------------------------------------------------------------- */

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref handle_ref;
  Handle *h;
  char *question;
  size_t question_len;
  char *options;
  int rc;
  char *message; /* copied on the worker thread, where faqlite_last_error() is valid */
  faqlite_result *result;
} AskWork;

static void free_ask_work(napi_env env, AskWork *w) {
  if (w->work) napi_delete_async_work(env, w->work);
  if (w->handle_ref) napi_delete_reference(env, w->handle_ref);
  faqlite_result_free(w->result);
  free(w->question);
  free(w->options);
  free(w->message);
  free(w);
}

static char *copy_string(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p) memcpy(p, s, n);
  return p;
}

static void ask_execute(napi_env env, void *data) {
  (void)env; /* no Node-API calls here: this runs on a thread-pool thread */
  AskWork *w = data;
  w->rc = faqlite_ask(w->h->engine, w->question, (long)w->question_len, w->options, &w->result);
  if (w->rc != FAQLITE_OK) {
    const char *m = faqlite_last_error();
    w->message = m ? copy_string(m) : NULL;
  }
}

static void ask_complete(napi_env env, napi_status status, void *data) {
  AskWork *w = data;
  napi_value value = NULL;
  int ok = 0;
  w->h->pending--;
  if (status == napi_cancelled) {
    value = make_error(env, FAQLITE_ERROR, "the ask was cancelled");
  } else if (w->rc != FAQLITE_OK) {
    value = make_error(env, w->rc, w->message);
  } else if (napi_create_string_utf8(env, faqlite_result_json(w->result), NAPI_AUTO_LENGTH,
                                     &value) == napi_ok) {
    ok = 1;
  } else {
    value = make_error(env, FAQLITE_ENOMEM, "the result is too large for a JavaScript string");
  }
  if (!value) {
    /* Creating the error failed: reject with whatever is pending, or undefined. */
    bool pending = false;
    if (napi_is_exception_pending(env, &pending) != napi_ok || !pending ||
        napi_get_and_clear_last_exception(env, &value) != napi_ok)
      value = undefined(env);
  }
  if (ok)
    napi_resolve_deferred(env, w->deferred, value);
  else
    napi_reject_deferred(env, w->deferred, value);
  Handle *h = w->h;
  free_ask_work(env, w);
  finish_close_if_idle(h);
}

/* ask(handle, question, optionsJson?) -> Promise<string>, answered on the thread pool. */
static napi_value Ask(napi_env env, napi_callback_info info) {
  napi_value argv[3], name, promise;
  if (!get_args(env, info, 3, argv)) return throw_internal(env);
  Handle *h = get_handle(env, argv[0], 0);
  if (!h) return NULL;
  AskWork *w = calloc(1, sizeof *w);
  if (!w) {
    napi_value err = make_error(env, FAQLITE_ENOMEM, "out of memory");
    if (err) napi_throw(env, err);
    return NULL;
  }
  w->h = h;
  if (!get_string(env, argv[1], "question", STR_ALLOW_NUL, &w->question, &w->question_len) ||
      !get_string(env, argv[2], "options", STR_OPTIONAL, &w->options, NULL)) {
    free_ask_work(env, w);
    return NULL;
  }
  CHECK(napi_create_reference(env, argv[0], 1, &w->handle_ref));
  CHECK(napi_create_string_utf8(env, "faqlite.ask", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_create_async_work(env, NULL, name, ask_execute, ask_complete, w, &w->work));
  CHECK(napi_create_promise(env, &w->deferred, &promise));
  if (napi_queue_async_work(env, w->work) != napi_ok) {
    napi_value err = make_error(env, FAQLITE_ERROR, "cannot queue the ask");
    napi_reject_deferred(env, w->deferred, err ? err : undefined(env));
    free_ask_work(env, w);
    return promise;
  }
  h->pending++;
  return promise;
napi_failure:
  free_ask_work(env, w);
  return throw_internal(env);
}

/* askSync(handle, question, optionsJson?) -> string */
static napi_value AskSync(napi_env env, napi_callback_info info) {
  napi_value argv[3], out;
  char *question = NULL, *options = NULL;
  size_t len = 0;
  faqlite_result *result = NULL;
  if (!get_args(env, info, 3, argv)) return throw_internal(env);
  Handle *h = get_handle(env, argv[0], 0);
  if (!h) return NULL;
  if (!get_string(env, argv[1], "question", STR_ALLOW_NUL, &question, &len) ||
      !get_string(env, argv[2], "options", STR_OPTIONAL, &options, NULL)) {
    free(question);
    return NULL;
  }
  int rc = faqlite_ask(h->engine, question, (long)len, options, &result);
  free(question);
  free(options);
  if (rc != FAQLITE_OK) return throw_faqlite(env, rc);
  napi_status st =
      napi_create_string_utf8(env, faqlite_result_json(result), NAPI_AUTO_LENGTH, &out);
  faqlite_result_free(result);
  return st == napi_ok ? out : throw_internal(env);
}

/* ---- writing --------------------------------------------------------------------------------- */

/* put(handle, entryJson, replace) */
static napi_value Put(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  char *entry = NULL;
  size_t len = 0;
  bool replace = true;
  if (!get_args(env, info, 3, argv)) return throw_internal(env);
  Handle *h = get_handle(env, argv[0], 0);
  if (!h) return NULL;
  if (napi_get_value_bool(env, argv[2], &replace) != napi_ok)
    return throw_type(env, "ERR_INVALID_ARG_TYPE", "replace must be a boolean");
  if (!get_string(env, argv[1], "entry", STR_ALLOW_NUL, &entry, &len)) return NULL;
  int rc = faqlite_put(h->engine, entry, (long)len, replace ? 1 : 0);
  free(entry);
  return rc == FAQLITE_OK ? undefined(env) : throw_faqlite(env, rc);
}

/* delete(handle, id, lang?) */
static napi_value Delete(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  char *id = NULL, *lang = NULL;
  if (!get_args(env, info, 3, argv)) return throw_internal(env);
  Handle *h = get_handle(env, argv[0], 0);
  if (!h) return NULL;
  if (!get_string(env, argv[1], "id", STR_REQUIRED, &id, NULL) ||
      !get_string(env, argv[2], "lang", STR_OPTIONAL, &lang, NULL)) {
    free(id);
    return NULL;
  }
  int rc = faqlite_delete(h->engine, id, lang);
  free(id);
  free(lang);
  return rc == FAQLITE_OK ? undefined(env) : throw_faqlite(env, rc);
}

typedef struct {
  napi_env env;
  napi_value fn;
  Handle *h;
  int threw; /* the callback threw: its exception is pending */
} Progress;

/* Copies a JS array of strings into an owned C array (free with free_string_list). Returns NULL
 * with an exception pending when `v` is not an array of strings or memory runs out. */
static char **get_string_list(napi_env env, napi_value v, const char *name, uint32_t *n_out) {
  bool is_array = false;
  uint32_t n = 0;
  napi_value item;
  *n_out = 0;
  if (napi_is_array(env, v, &is_array) != napi_ok || !is_array) {
    char message[128];
    snprintf(message, sizeof message, "%s must be an array of strings", name);
    throw_type(env, "ERR_INVALID_ARG_TYPE", message);
    return NULL;
  }
  if (napi_get_array_length(env, v, &n) != napi_ok) {
    throw_internal(env);
    return NULL;
  }
  char **list = calloc(n ? n : 1, sizeof *list);
  if (!list) {
    napi_value err = make_error(env, FAQLITE_ENOMEM, "out of memory");
    if (err) napi_throw(env, err);
    return NULL;
  }
  for (uint32_t i = 0; i < n; ++i) {
    int ok = napi_get_element(env, v, i, &item) == napi_ok;
    if (!ok) throw_internal(env);
    if (!ok || !get_string(env, item, "paths[i]", STR_REQUIRED, &list[i], NULL)) {
      for (uint32_t j = 0; j < i; ++j) free(list[j]);
      free(list);
      return NULL;
    }
  }
  *n_out = n;
  return list;
}

static void free_string_list(char **list, uint32_t n) {
  if (!list) return;
  for (uint32_t i = 0; i < n; ++i) free(list[i]);
  free(list);
}

static int progress_trampoline(const char *source, size_t done, size_t total, void *payload) {
  Progress *p = payload;
  napi_value args[3], recv, ret;
  napi_valuetype t;
  if (napi_create_string_utf8(p->env, source ? source : "", NAPI_AUTO_LENGTH, &args[0]) !=
          napi_ok ||
      napi_create_double(p->env, (double)done, &args[1]) != napi_ok ||
      napi_create_double(p->env, (double)total, &args[2]) != napi_ok ||
      napi_get_undefined(p->env, &recv) != napi_ok) {
    p->threw = 1;
    return 1;
  }
  p->h->in_callback = 1;
  napi_status st = napi_call_function(p->env, recv, p->fn, 3, args, &ret);
  p->h->in_callback = 0;
  if (st != napi_ok) {
    p->threw = 1;
    return 1;
  }
  /* Returning false cancels; anything else (undefined included) goes on. */
  bool keep_going = true;
  if (napi_typeof(p->env, ret, &t) == napi_ok && t == napi_boolean)
    napi_get_value_bool(p->env, ret, &keep_going);
  return keep_going ? 0 : 1;
}

/* indexPaths(handle, paths[], optionsJson?, progress?) */
static napi_value IndexPaths(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  char *options = NULL;
  char **paths = NULL;
  uint32_t n = 0;
  napi_valuetype t;
  napi_value result = NULL;
  Progress progress = {env, NULL, NULL, 0};
  if (!get_args(env, info, 4, argv)) return throw_internal(env);
  Handle *h = get_handle(env, argv[0], 0);
  if (!h) return NULL;
  progress.h = h;
  if (napi_typeof(env, argv[3], &t) != napi_ok) return throw_internal(env);
  if (t == napi_function)
    progress.fn = argv[3];
  else if (t != napi_undefined && t != napi_null)
    return throw_type(env, "ERR_INVALID_ARG_TYPE", "progress must be a function");
  paths = get_string_list(env, argv[1], "paths", &n);
  if (!paths) return NULL;
  if (!get_string(env, argv[2], "options", STR_OPTIONAL, &options, NULL)) goto done;
  int rc = faqlite_index_paths(h->engine, (const char *const *)paths, n, options,
                               progress.fn ? progress_trampoline : NULL, &progress);
  if (progress.threw) goto done; /* the callback's exception propagates */
  result = rc == FAQLITE_OK ? undefined(env) : throw_faqlite(env, rc);
done:
  free_string_list(paths, n);
  free(options);
  return result;
}

/* indexText(handle, text, source?, optionsJson?) */
static napi_value IndexText(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  char *text = NULL, *source = NULL, *options = NULL;
  size_t len = 0;
  if (!get_args(env, info, 4, argv)) return throw_internal(env);
  Handle *h = get_handle(env, argv[0], 0);
  if (!h) return NULL;
  if (!get_string(env, argv[1], "text", STR_ALLOW_NUL, &text, &len) ||
      !get_string(env, argv[2], "source", STR_OPTIONAL, &source, NULL) ||
      !get_string(env, argv[3], "options", STR_OPTIONAL, &options, NULL)) {
    free(text);
    free(source);
    return NULL;
  }
  int rc = faqlite_index_text(h->engine, text, (long)len, source, options);
  free(text);
  free(source);
  free(options);
  return rc == FAQLITE_OK ? undefined(env) : throw_faqlite(env, rc);
}

/* rebuild(handle) */
static napi_value Rebuild(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!get_args(env, info, 1, argv)) return throw_internal(env);
  Handle *h = get_handle(env, argv[0], 0);
  if (!h) return NULL;
  int rc = faqlite_rebuild(h->engine);
  return rc == FAQLITE_OK ? undefined(env) : throw_faqlite(env, rc);
}

/* ---- reading --------------------------------------------------------------------------------- */

/* get(handle, id, lang?) -> string */
static napi_value Get(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  char *id = NULL, *lang = NULL, *json = NULL;
  if (!get_args(env, info, 3, argv)) return throw_internal(env);
  Handle *h = get_handle(env, argv[0], 0);
  if (!h) return NULL;
  if (!get_string(env, argv[1], "id", STR_REQUIRED, &id, NULL) ||
      !get_string(env, argv[2], "lang", STR_OPTIONAL, &lang, NULL)) {
    free(id);
    return NULL;
  }
  int rc = faqlite_get(h->engine, id, lang, &json);
  free(id);
  free(lang);
  return rc == FAQLITE_OK ? take_json(env, json) : throw_faqlite(env, rc);
}

/* stats(handle) -> string */
static napi_value Stats(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  char *json = NULL;
  if (!get_args(env, info, 1, argv)) return throw_internal(env);
  Handle *h = get_handle(env, argv[0], 0);
  if (!h) return NULL;
  int rc = faqlite_stats(h->engine, &json);
  return rc == FAQLITE_OK ? take_json(env, json) : throw_faqlite(env, rc);
}

/* unanswered(handle, limit) -> string */
static napi_value Unanswered(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  char *json = NULL;
  int32_t limit = 0;
  if (!get_args(env, info, 2, argv)) return throw_internal(env);
  Handle *h = get_handle(env, argv[0], 0);
  if (!h) return NULL;
  if (napi_get_value_int32(env, argv[1], &limit) != napi_ok)
    return throw_type(env, "ERR_INVALID_ARG_TYPE", "limit must be a number");
  int rc = faqlite_unanswered(h->engine, limit, &json);
  return rc == FAQLITE_OK ? take_json(env, json) : throw_faqlite(env, rc);
}

/* analyze(handle, text, lang?, forQuery) -> string */
static napi_value Analyze(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  char *text = NULL, *lang = NULL, *json = NULL;
  size_t len = 0;
  bool for_query = false;
  if (!get_args(env, info, 4, argv)) return throw_internal(env);
  Handle *h = get_handle(env, argv[0], 0);
  if (!h) return NULL;
  if (napi_get_value_bool(env, argv[3], &for_query) != napi_ok)
    return throw_type(env, "ERR_INVALID_ARG_TYPE", "forQuery must be a boolean");
  if (!get_string(env, argv[1], "text", STR_ALLOW_NUL, &text, &len) ||
      !get_string(env, argv[2], "lang", STR_OPTIONAL, &lang, NULL)) {
    free(text);
    return NULL;
  }
  int rc = faqlite_analyze(h->engine, text, (long)len, lang, for_query ? 1 : 0, &json);
  free(text);
  free(lang);
  return rc == FAQLITE_OK ? take_json(env, json) : throw_faqlite(env, rc);
}

/* ---- corpus tools (no engine) ---------------------------------------------------------------- */

/* importText(text | Uint8Array, optionsJson?) -> [corpusJson, reportJson]. Bytes go to the
 * importer as they are: it reads input that is not UTF-8 as windows-1252, which a JavaScript
 * string (already decoded) could not show it. */
static napi_value ImportText(napi_env env, napi_callback_info info) {
  napi_value argv[2], pair, corpus_value, report_value;
  char *copied = NULL, *options = NULL, *corpus = NULL, *report = NULL;
  const char *text = NULL;
  size_t len = 0;
  bool is_typed = false;
  if (!get_args(env, info, 2, argv)) return throw_internal(env);
  if (napi_is_typedarray(env, argv[0], &is_typed) != napi_ok) return throw_internal(env);
  if (is_typed) {
    napi_typedarray_type type;
    void *data = NULL;
    if (napi_get_typedarray_info(env, argv[0], &type, &len, &data, NULL, NULL) != napi_ok)
      return throw_internal(env);
    if (type != napi_uint8_array)
      return throw_type(env, "ERR_INVALID_ARG_TYPE", "text must be a string or a Uint8Array");
    text = data ? (const char *)data : ""; /* an empty array may have no storage */
  } else {
    if (!get_string(env, argv[0], "text", STR_ALLOW_NUL, &copied, &len)) return NULL;
    text = copied;
  }
  if (!get_string(env, argv[1], "options", STR_OPTIONAL, &options, NULL)) {
    free(copied);
    return NULL;
  }
  /* Synchronous: the typed array's memory stays put, since no JavaScript runs meanwhile. */
  int rc = faqlite_import_text(text, (long)len, options, &corpus, &report);
  free(copied);
  free(options);
  if (rc != FAQLITE_OK) return throw_faqlite(env, rc);
  if (napi_create_array_with_length(env, 2, &pair) != napi_ok) {
    faqlite_free(corpus);
    faqlite_free(report);
    return throw_internal(env);
  }
  corpus_value = take_json(env, corpus);
  if (!corpus_value) {
    faqlite_free(report);
    return NULL;
  }
  report_value = take_json(env, report);
  if (!report_value) return NULL;
  if (napi_set_element(env, pair, 0, corpus_value) != napi_ok ||
      napi_set_element(env, pair, 1, report_value) != napi_ok)
    return throw_internal(env);
  return pair;
}

/* checkPaths(paths[], optionsJson?) -> reportJson, with or without errors in the files. */
static napi_value CheckPaths(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  char *options = NULL, *report = NULL;
  char **paths = NULL;
  uint32_t n = 0;
  napi_value result = NULL;
  if (!get_args(env, info, 2, argv)) return throw_internal(env);
  paths = get_string_list(env, argv[0], "paths", &n);
  if (!paths) return NULL;
  if (!get_string(env, argv[1], "options", STR_OPTIONAL, &options, NULL)) goto done;
  int rc = faqlite_check_paths((const char *const *)paths, n, options, &report);
  /* FAQLITE_EFORMAT means "errors found": the report lists them, it is not a failure here. */
  if ((rc == FAQLITE_OK || rc == FAQLITE_EFORMAT) && report)
    result = take_json(env, report);
  else
    result = throw_faqlite(env, rc);
done:
  free_string_list(paths, n);
  free(options);
  return result;
}

/* ---- module ---------------------------------------------------------------------------------- */

static napi_value c_string(napi_env env, const char *text) {
  napi_value s;
  if (napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &s) != napi_ok)
    return throw_internal(env);
  return s;
}

static napi_value Version(napi_env env, napi_callback_info info) {
  (void)info;
  return c_string(env, faqlite_version_string());
}

static napi_value Fingerprint(napi_env env, napi_callback_info info) {
  (void)info;
  return c_string(env, faqlite_analyzer_fingerprint());
}

static napi_value Init(napi_env env, napi_value exports) {
  static const struct {
    const char *name;
    napi_callback fn;
  } functions[] = {
      {"open", Open},
      {"close", Close},
      {"isClosed", IsClosed},
      {"ask", Ask},
      {"askSync", AskSync},
      {"put", Put},
      {"delete", Delete},
      {"indexPaths", IndexPaths},
      {"indexText", IndexText},
      {"rebuild", Rebuild},
      {"get", Get},
      {"stats", Stats},
      {"unanswered", Unanswered},
      {"analyze", Analyze},
      {"importText", ImportText},
      {"checkPaths", CheckPaths},
      {"version", Version},
      {"fingerprint", Fingerprint},
  };
  for (size_t i = 0; i < sizeof functions / sizeof functions[0]; ++i) {
    napi_value fn;
    if (napi_create_function(env, functions[i].name, NAPI_AUTO_LENGTH, functions[i].fn, NULL,
                             &fn) != napi_ok ||
        napi_set_named_property(env, exports, functions[i].name, fn) != napi_ok)
      return throw_internal(env);
  }
  napi_value number;
  if (napi_create_int32(env, faqlite_version_number(), &number) != napi_ok ||
      napi_set_named_property(env, exports, "versionNumber", number) != napi_ok)
    return throw_internal(env);
  return exports;
}

NAPI_MODULE(faqlite, Init)
