// Engine::ask: from a question to ranked answers with confidences and an outcome.
#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "analysis/language.hpp"
#include "analysis/utf.hpp"
#include "engine/engine.hpp"
#include "engine/list_search.hpp"
#include "index/sqlite_util.hpp"
#include "search/confidence.hpp"
#include "search/filters.hpp"
#include "search/phrasing_match.hpp"
#include "search/query_builder.hpp"
#include "search/snippet.hpp"

namespace faqlite::engine {
using nlohmann::json;

namespace {

struct Candidate {
  long long rowid = 0;
  std::string table_lang;  // the primary language of the table it came from
  size_t query_index = 0;  // which Query (one per table) matched it
  search::RowEvidence evidence;
  double score = 0;  // adjusted for kind and language
  // The entry's fields that ranking reads: kept by the session for the whole question
  // (Session::entry_info), so that a candidate carries no copies of them.
  const Session::EntryInfo *info = nullptr;
  double confidence = 0;
  double phrasing = 0;
  bool topic_linked = false;
};

const search::RankParams &P() {
  return search::default_rank_params();
}

void bind_json(index::Stmt &st, int i, const json &v) {
  if (v.is_string())
    st.bind(i, v.get<std::string>());
  else if (v.is_boolean())
    st.bind(i, static_cast<long long>(v.get<bool>()));
  else if (v.is_number_integer())
    st.bind(i, v.get<long long>());
  else
    sqlite3_bind_double(st.get(), i, v.get<double>());
}

std::string collapse_space(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// The explanation of one answer: which words matched, through what, and where.
json explain(const search::Query &q, const search::RowEvidence &ev) {
  static const char *const kCols[] = {"question", "alternates", "title", "answer"};
  json matched = json::array(), missing = json::array();
  for (size_t g = 0; g < q.groups.size() && g < ev.best_alt.size(); ++g) {
    const auto &grp = q.groups[g];
    if (ev.best_alt[g] < 0) {
      if (!grp.from_context) missing.push_back(grp.word);
      continue;
    }
    const auto &alt = grp.alts[static_cast<size_t>(ev.best_alt[g])];
    json m = {{"word", grp.word}, {"via", alt.kind}, {"matched", alt.display}};
    if (ev.best_col[g] >= 0 && ev.best_col[g] < 4) m["field"] = kCols[ev.best_col[g]];
    if (grp.from_context) m["from_context"] = true;
    matched.push_back(m);
  }
  return {{"matched", matched},
          {"unmatched", missing},
          {"coverage", std::round(ev.coverage * 1000) / 1000},
          {"coverage_question", std::round(ev.coverage_q * 1000) / 1000}};
}

}  // namespace

Result Engine::ask(std::string_view question, const AskOptions &opt) {
  long bad = analysis::first_invalid_utf8(question);
  if (bad >= 0)
    throw Error(Status::kInvalid,
                "the question is not valid UTF-8 (byte " + std::to_string(bad) + ")");
  if (question.size() > opt_.max_question_bytes)
    throw Error(Status::kLimit, "the question is " + std::to_string(question.size()) +
                                    " bytes, above the limit of " +
                                    std::to_string(opt_.max_question_bytes));
  for (const auto &t : opt.context)
    if (!analysis::is_valid_utf8(t))
      throw Error(Status::kInvalid, "a context turn is not valid UTF-8");
  search::CompiledFilter filter = search::compile_filter(opt.filters);

  Result r;
  r.query = std::string(question);
  // After the session is back in the pool (declared first, destroyed last), also on an error.
  struct TrimAfter {
    HeapTrimmer &trimmer;
    ~TrimAfter() { trimmer.after_question(); }
  } trim_after{trimmer_};
  SessionLease s(*this);
  // One snapshot for every read of this question, through statements prepared once.
  index::Transaction tx(s->statement("BEGIN"), s->statement("COMMIT"), s->statement("ROLLBACK"));
  const long long gen = s->store().generation();
  s->begin_question(gen);
  const std::vector<std::string> langs = languages(*s, gen);
  std::string qlang;
  if (!opt.lang.empty())
    qlang = analysis::primary_language(opt.lang);
  else
    qlang = analysis::detect_language(
        question, langs,
        std::find(langs.begin(), langs.end(), "en") != langs.end() || langs.empty() ? "en"
                                                                                    : langs[0]);
  r.lang = opt.lang.empty() ? qlang : opt.lang;
  const double threshold = opt.threshold                  ? *opt.threshold
                           : opt_.thresholds.count(qlang) ? opt_.thresholds.at(qlang)
                                                          : opt_.threshold;

  // The question's language first; other languages only when it gives no confident answer.
  std::vector<std::string> order;
  if (std::find(langs.begin(), langs.end(), qlang) != langs.end()) order.push_back(qlang);
  for (const auto &l : langs)
    if (l != qlang) order.push_back(l);

  std::vector<search::Query> queries;
  // Candidates stay where they were found; the rankings below order pointers or indexes to them
  // (a Candidate is large: sorting the candidates themselves moved each several times).
  std::vector<Candidate> cands;
  cands.reserve(64);
  std::vector<size_t> ranked;  // into cands, best first
  std::string fallback_text;
  const size_t limit = std::max<size_t>(opt.k * 3, 20);
  std::vector<std::string> context(
      opt.context.end() - static_cast<long>(std::min(opt.context.size(), opt_.max_context_turns)),
      opt.context.end());
  std::vector<long long> allowed;  // the rows the filter lets through, once read
  bool allowed_read = false;
  // Runs `text` against the table of language L and appends its candidates to `out`.
  auto search_table = [&](const std::string &L, std::string_view text,
                          const std::vector<std::string> &ctx, std::vector<Candidate> &out) {
    LanguageCache cache = language_cache(*s, L, gen, L == qlang);
    if (L == qlang || fallback_text.empty()) {
      if (L == qlang || (!cache.fallback.empty() && L == "en")) fallback_text = cache.fallback;
    }
    search::BuildOptions bo;
    bo.synonyms = cache.synonyms.get();
    // Spelling corrections only in the question's own language: a word unknown to another
    // language's vocabulary is expected, not a typo.
    bo.vocabulary = L == qlang ? cache.vocabulary.get() : nullptr;
    bo.context = ctx;
    if (L != qlang) bo.question_lang = qlang;
    queries.push_back(search::build_query(s->analyzer(L), text, bo, P()));
    const search::Query &q = queries.back();
    if (q.match.empty()) return;
    std::string t = index::Store::fts_table(L);
    // One pass over the matching rows: faqlite_collect() keeps the best `limit` with their
    // evidence (no sort of every row, as ORDER BY rank would make, and no second evaluation of
    // the kept ones). It returns NULL, so as a condition it lets no row out of the statement:
    // SQLite loops over the rows without handing each one back (a tenth of a question at 10k).
    // With a filter it stays in the result column, where it only sees rows that passed the
    // filter (SQLite may test the conditions of a WHERE in any order). Entry fields are read
    // afterwards by rowid.
    std::string sql = filter.sql.empty()
                          ? "SELECT 1 FROM " + t + " WHERE " + t +
                                " MATCH ?1 AND faqlite_collect(" + t + ") IS NOT NULL"
                          : "SELECT faqlite_collect(" + t + ") FROM " + t + " WHERE " + t +
                                " MATCH ?1 AND rowid IN (SELECT e.rowid FROM entries e WHERE " +
                                filter.sql + ")";
    search::RankContext &rc = s->rank_context();
    rc.query = &q;
    rc.keep = limit;
    rc.collected.clear();
    rc.known_df.assign(q.phrases.size(), -1);
    std::unordered_map<std::string, long long> &phrase_dfs = s->phrase_dfs(gen);
    std::vector<std::string> phrase_keys(q.phrases.size());  // multi-term phrases only
    for (size_t i = 0; i < q.phrases.size(); ++i) {
      const auto &alt = q.groups[static_cast<size_t>(q.phrases[i].group)]
                            .alts[static_cast<size_t>(q.phrases[i].alt)];
      if (alt.terms.size() == 1) {
        if (cache.vocabulary) rc.known_df[i] = cache.vocabulary->doc_frequency(alt.terms[0]);
        continue;
      }
      if (alt.terms.empty()) continue;
      std::string &key = phrase_keys[i];
      key = t;
      for (const auto &term : alt.terms) (key += '\x1f') += term;
      auto it = phrase_dfs.find(key);
      if (it != phrase_dfs.end()) rc.known_df[i] = it->second;
    }
    ++rc.serial;
    std::vector<search::RankedRow> rows;
    // The list matcher, unless the engine asks for faqlite_collect() ("fts5"), which is also
    // the fallback. Both give the same rows; with a filter, the matcher is given the rows that
    // pass it (read once per question), faqlite_collect() the filter as a condition.
    bool by_lists = false;
    if (opt_.matcher == Matcher::kLists) {
      try {
        if (!filter.sql.empty() && !allowed_read) {
          index::Stmt &fs = s->statement("SELECT e.rowid FROM entries e WHERE " + filter.sql +
                                         " ORDER BY e.rowid");
          int farg = 1;
          for (const auto &v : filter.args) bind_json(fs, farg++, v);
          while (fs.step()) allowed.push_back(fs.int64(0));
          fs.reset();
          allowed_read = true;
        }
        by_lists = search_with_lists(*s, gen, t, q, rc.known_df, limit,
                                     filter.sql.empty() ? nullptr : &allowed, rows);
      } catch (...) {
        rc.query = nullptr;
        throw;
      }
    }
    if (!by_lists) {
      index::Stmt &st = s->statement(sql);
      st.bind(1, q.match);
      int arg = 2;
      for (const auto &v : filter.args) bind_json(st, arg++, v);
      try {
        while (st.step()) {
        }
        rows = search::take_collected(rc);
      } catch (...) {
        st.reset();
        rc.collected.clear();
        rc.query = nullptr;
        throw;
      }
      st.reset();
      rc.query = nullptr;
      for (size_t i = 0; i < phrase_keys.size() && i < rc.known_df.size(); ++i)
        if (!phrase_keys[i].empty() && rc.known_df[i] >= 0)
          phrase_dfs[phrase_keys[i]] = rc.known_df[i];
    }
    rc.query = nullptr;
    for (auto &row : rows) {
      Candidate c;
      c.rowid = row.rowid;
      c.table_lang = L;
      c.query_index = queries.size() - 1;
      c.evidence = std::move(row.evidence);
      const Session::EntryInfo *info = s->entry_info(gen, c.rowid);
      if (!info) continue;  // cannot happen inside one snapshot; skip rather than guess
      c.info = info;
      double f = 1.0;
      if (info->passage) f *= P().passage_factor;
      // Small talk answers only a question that is mostly small talk: its words must be in the
      // chit-chat entry's own phrasings, not merely somewhere in its answer.
      if (info->chitchat) f *= P().chitchat_factor * c.evidence.coverage_q;
      if (L != qlang) f *= P().other_language_factor;
      c.score = c.evidence.score * f;
      if (c.evidence.coverage_own > 0) out.push_back(std::move(c));
    }
  };

  // The topic of a short follow-up: the entry that best answered the previous turn. Entries it
  // links to as follow-ups, and entries of its section, are what "and for seniors?" is about.
  std::string topic_id, topic_section, topic_follow_ups;
  if (!context.empty() && std::find(langs.begin(), langs.end(), qlang) != langs.end()) {
    std::vector<Candidate> prev;
    search_table(qlang, context.back(), {}, prev);
    if (!prev.empty()) {
      auto best = std::max_element(
          prev.begin(), prev.end(),
          [](const Candidate &a, const Candidate &b) { return a.score < b.score; });
      topic_id = best->info->id;
      topic_section = best->info->section;
      topic_follow_ups = best->info->follow_ups;
    }
  }

  for (const auto &L : order) {
    // Other languages are searched only when the question's own language has no entry that
    // shares a word with it: with a translated corpus they hold the same facts, and each table
    // searched costs a full query.
    if (L != qlang && !ranked.empty() && cands[ranked.front()].table_lang == qlang) break;
    const size_t before = cands.size();
    search_table(L, question, context, cands);
    if (queries.back().own_groups <= 3 && !topic_id.empty()) {
      for (size_t i = before; i < cands.size(); ++i) {
        Candidate &c = cands[i];
        const std::string quoted = "\"" + c.info->id + "\"";
        if (topic_follow_ups.find(quoted) != std::string::npos) {
          c.score *= P().topic_link_factor;
          c.topic_linked = true;
        } else if (!topic_section.empty() && c.info->section == topic_section)
          c.score *= P().topic_section_factor;
      }
    }
    for (size_t i = before; i < cands.size(); ++i) ranked.push_back(i);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [&](size_t a, size_t b) { return cands[a].score > cands[b].score; });
  }
  if (fallback_text.empty()) {
    for (const auto &L : {std::string("en"), langs.empty() ? std::string() : langs[0]}) {
      if (L.empty() || std::find(langs.begin(), langs.end(), L) == langs.end()) continue;
      fallback_text = language_cache(*s, L, gen, false).fallback;
      if (!fallback_text.empty()) break;
    }
  }
  if (fallback_text.empty()) fallback_text = "Sorry, I don't have a good answer to that question.";

  // One answer per id: the same fact in another language is not a second answer.
  std::vector<Candidate *> uniq;
  uniq.reserve(ranked.size());
  for (size_t i : ranked) {
    Candidate *c = &cands[i];
    if (std::none_of(uniq.begin(), uniq.end(), [&](const Candidate *u) {
          return u->info->id_hash == c->info->id_hash && u->info->id == c->info->id;
        }))
      uniq.push_back(c);
  }
  auto by_score = [](const Candidate *a, const Candidate *b) { return a->score > b->score; };

  // Phrasing match for the leading candidates: the entry with a phrasing that says what the
  // question says, and little else, moves up (search/phrasing_match.hpp).
  const size_t rerank = std::min(uniq.size(), P().phrasing_rerank_depth);
  for (size_t i = 0; i < rerank; ++i) {
    Candidate &c = *uniq[i];
    const auto &phrasings = s->entry_phrasings(gen, c.rowid);
    const search::Query &q = queries[c.query_index];
    search::PhrasingMatch m =
        search::best_phrasing(phrasings, s->query_terms(q, c.query_index), q, c.evidence.group_idf);
    c.phrasing = m.combined;
    c.score *= (1 - P().phrasing_share) + P().phrasing_share * m.combined;
  }
  std::stable_sort(uniq.begin(), uniq.begin() + static_cast<std::ptrdiff_t>(rerank), by_score);

  for (size_t i = 0; i < uniq.size(); ++i) {
    double runner = i + 1 < uniq.size() ? uniq[i + 1]->score : 0;
    const search::Query &q = queries[uniq[i]->query_index];
    int unknown = 0;
    for (int g = 0; g < q.own_groups; ++g)
      unknown += q.groups[static_cast<size_t>(g)].known ? 0 : 1;
    search::ConfidenceInput ci{&uniq[i]->evidence,
                               runner * (uniq[i]->evidence.score / std::max(uniq[i]->score, 1e-12)),
                               uniq[i]->table_lang != qlang,
                               uniq[i]->info->passage,
                               unknown,
                               uniq[i]->topic_linked};
    uniq[i]->confidence = search::confidence(ci);
  }

  // Near ties in score are broken by confidence: when two entries match about equally, the one
  // whose own phrasings cover the question is the better answer.
  if (!uniq.empty()) {
    const double top = std::max(uniq[0]->score, 1e-12);
    std::stable_sort(uniq.begin(), uniq.end(), [&](const Candidate *a, const Candidate *b) {
      return P().tie_score_share * a->score / top + (1 - P().tie_score_share) * a->confidence >
             P().tie_score_share * b->score / top + (1 - P().tie_score_share) * b->confidence;
    });
  }
  // An answer ranked below another never claims more confidence than it.
  for (size_t i = 1; i < uniq.size(); ++i)
    uniq[i]->confidence = std::min(uniq[i]->confidence, uniq[i - 1]->confidence);

  if (!uniq.empty() && uniq[0]->confidence >= threshold) {
    r.outcome = Outcome::kAnswered;
    if (uniq.size() > 1 && uniq[1]->confidence >= threshold &&
        std::abs(uniq[0]->score - uniq[1]->score) / std::max(uniq[0]->score, uniq[1]->score) <
            opt_.clarify_margin &&
        // A top answer with a clearly better phrasing match is not a tie.
        uniq[0]->phrasing < uniq[1]->phrasing + 0.1 && !uniq[0]->info->chitchat)
      r.outcome = Outcome::kClarify;
  } else {
    r.outcome = Outcome::kFallback;
    r.fallback = fallback_text;
  }

  if (!queries.empty())
    for (const auto &c : queries.front().corrections) r.corrections.push_back({c.from, c.to});

  const size_t n = std::min(opt.k, uniq.size());
  for (size_t i = 0; i < n; ++i) {
    const Candidate &c = *uniq[i];
    Answer a;
    // Held by the answer: entry_answer() below may drop it from the session's cache.
    a.entry = s->entry(gen, c.rowid);
    const index::Entry &e = *a.entry;
    a.score = c.score;
    a.confidence = c.confidence;
    const search::Query &q = queries[c.query_index];
    const search::SnippetText &answer = s->entry_answer(gen, c.rowid);
    search::Snippet sn =
        search::make_snippet(answer, s->query_terms(q, c.query_index), e.answer, q);
    a.snippet = std::move(sn.html);
    a.highlights = std::move(sn.highlights);
    for (const auto &fid : e.follow_ups) {
      auto f = s->store().get(fid, e.lang);
      if (!f) f = s->store().get(fid, "");
      if (f) a.follow_ups.push_back({f->id, !f->question.empty() ? f->question : f->title});
    }
    if (opt.explain) a.explanation = explain(q, c.evidence);
    r.answers.push_back(std::move(a));
  }
  tx.commit();
  s.done_reading();  // log_unanswered below writes

  r.context = context;
  std::string turn = collapse_space(question);
  if (!turn.empty()) r.context.push_back(turn);
  while (r.context.size() > opt_.max_context_turns && !r.context.empty())
    r.context.erase(r.context.begin());
  if (opt_.log_unanswered && r.outcome != Outcome::kAnswered && !turn.empty() && !opt_.readonly)
    log_unanswered(r, turn);
  return r;
}

}  // namespace faqlite::engine
