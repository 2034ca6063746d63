// The FTS5 tokenizer "faqlite": the analyzer (analysis/analyzer.hpp) inside SQLite.
//
// Each FTS5 table is declared with tokenize='faqlite LANG', so every entry is analyzed by its own
// language's rules (FTS5 passes no per-row language to a tokenizer on SQLite 3.40, hence one table
// per language). Query strings that begin with kTermListMarker are lists of ready index terms made
// by the query builder from the same analyzer's output; they are emitted as they are, so terms are
// never analyzed twice (Snowball stems are not idempotent). User text never reaches FTS5 in that
// form: the analyzer never produces the marker byte.
#pragma once

#include <sqlite3.h>

#include "index/term_sink.hpp"

namespace faqlite::index {

constexpr char kTermListMarker = '\x1f';

// Registers the tokenizer on `db`. Terms of documents go to `sink` while it records (it may be
// null; it must outlive the connection). Throws Error on failure.
void register_fts_tokenizer(sqlite3 *db, TermSink *sink);

// The fts5_api of `db` (nullptr if FTS5 is missing).
struct fts5_api *fts5_api_of(sqlite3 *db);

}  // namespace faqlite::index
