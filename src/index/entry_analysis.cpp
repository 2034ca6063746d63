#include "index/entry_analysis.hpp"

#include <algorithm>

#include "analysis/utf.hpp"
#include "index/varint.hpp"

namespace faqlite::index {
namespace {

constexpr unsigned char kAnalysisVersion = 2;

}  // namespace

void AnalysisBuilder::reset() {
  a_.term_text.clear();
  a_.term_ends.clear();
  a_.ids.clear();
  a_.answer.clear();
  a_.phrasings.clear();
  write_ids_.clear();
  // Emptied, not kept: one long entry must not make every later one clear a large table.
  seen_.clear();
}

uint32_t AnalysisBuilder::add_term(std::string_view term, uint32_t write_id) {
  const uint32_t id = seen_.add(term);
  if (id == a_.term_ends.size()) {
    a_.term_text.append(term);
    a_.term_ends.push_back(static_cast<uint32_t>(a_.term_text.size()));
    write_ids_.push_back(write_id);
  }
  return id;
}

void AnalysisBuilder::answer_token(std::string_view term, int start, int end, bool colocated,
                                   uint32_t write_id) {
  if (!colocated || a_.answer.empty())
    a_.answer.push_back({start, end, static_cast<uint32_t>(a_.ids.size()), 0});
  a_.ids.push_back(add_term(term, write_id));
  ++a_.answer.back().count;
}

void AnalysisBuilder::add_phrasing(const std::vector<analysis::Word> &words) {
  std::vector<AnalyzedEntry::Unit> &out = a_.phrasings.emplace_back();
  out.reserve(words.size());
  for (const auto &w : words) {
    AnalyzedEntry::Unit u;
    u.begin = static_cast<uint32_t>(a_.ids.size());
    u.stop = w.stop;
    u.unigram = w.unigram;
    if (w.unigram) {
      for (const auto &p : w.pieces) a_.ids.push_back(add_term(p.term));
    } else {
      a_.ids.push_back(add_term(w.norm));
      for (const auto &x : w.stems) a_.ids.push_back(add_term(x));
      for (const auto &x : w.variants) a_.ids.push_back(add_term(x));
    }
    u.count = static_cast<uint32_t>(a_.ids.size()) - u.begin;
    out.push_back(u);
  }
}

void count_answer_chars(AnalysisUnits &a, std::string_view answer) {
  size_t byte = 0, chars = 0;  // a cursor: units come in text order, so one pass
  auto at = [&](size_t b) {
    b = std::min(b, answer.size());
    if (b < byte) byte = chars = 0;  // out of order (never from the tokenizer): count again
    chars += analysis::count_code_points(answer, byte, b);
    byte = b;
    return static_cast<int>(chars);
  };
  for (auto &u : a.answer) {
    u.char_start = at(static_cast<size_t>(u.start));
    u.char_end = at(static_cast<size_t>(u.end));
  }
  a.answer_chars = static_cast<size_t>(at(answer.size()));
}

std::vector<uint32_t> table_ids(const AnalyzedEntry &a, TermTable &table) {
  std::vector<uint32_t> ids(a.n_terms());
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = table.add(a.term(i));
  return ids;
}

AnalyzedEntry analyze_entry(analysis::Analyzer &analyzer, const std::string &answer,
                            const std::vector<std::string> &phrasings) {
  AnalysisBuilder b;
  std::vector<analysis::Token> tokens;
  analyzer.tokens(answer, tokens);
  for (const auto &t : tokens) b.answer_token(t.term, t.start, t.end, t.colocated);
  for (const auto &p : phrasings) b.add_phrasing(analyzer.words(p, true));
  AnalyzedEntry a = b.entry();
  count_answer_chars(a, answer);
  return a;
}

void encode_analysis(const AnalyzedEntry &a, const std::vector<uint32_t> &lexicon_ids,
                     std::string &out) {
  out.clear();
  out += static_cast<char>(kAnalysisVersion);
  put_varint(out, a.n_terms());
  for (size_t i = 0; i < a.n_terms(); ++i) put_varint(out, lexicon_ids.at(i));
  auto put_ids = [&](const AnalyzedEntry::Unit &u) {
    for (uint32_t k = 0; k < u.count; ++k) put_varint(out, a.ids[u.begin + k]);
  };
  put_varint(out, a.answer.size());
  int prev_end = 0;
  for (const auto &u : a.answer) {
    // Zigzag, although units come in text order: a negative gap must survive, not wrap.
    const long long gap = static_cast<long long>(u.start) - prev_end;
    put_varint(out, gap >= 0 ? static_cast<unsigned long long>(gap) << 1
                             : (static_cast<unsigned long long>(-gap) << 1) - 1);
    // Nearly every unit has one to three terms: the count goes with the length.
    const auto len = static_cast<unsigned long long>(u.end - u.start);
    put_varint(out, (len << 2) | (u.count < 3 ? u.count : 3u));
    if (u.count >= 3) put_varint(out, u.count - 3);
    put_ids(u);
    prev_end = u.end;
  }
  put_varint(out, a.phrasings.size());
  for (const auto &words : a.phrasings) {
    put_varint(out, words.size());
    for (const auto &u : words) {
      put_varint(out, (static_cast<unsigned long long>(u.count) << 2) | (u.stop ? 2u : 0u) |
                          (u.unigram ? 1u : 0u));
      put_ids(u);
    }
  }
}

bool decode_analysis(const unsigned char *data, size_t size, size_t answer_bytes,
                     StoredAnalysis &out) {
  // Emptied, its storage kept: a caller decoding one analysis after another allocates only
  // when one is larger than any before.
  out.terms.clear();
  out.ids.clear();
  out.answer.clear();
  for (auto &words : out.phrasings) words.clear();
  out.answer_chars = 0;
  const unsigned char *p = data, *end = data + size;
  if (size == 0 || *p++ != kAnalysisVersion) return false;
  unsigned long long v = 0;
  auto left = [&] { return static_cast<unsigned long long>(end - p); };
  // A count can be no larger than the bytes left (every item takes at least one): a damaged
  // count must not reserve gigabytes.
  auto count = [&](unsigned long long &n) { return get_varint(p, end, n) && n <= left(); };
  unsigned long long n_terms = 0;
  if (!count(n_terms)) return false;
  out.terms.resize(n_terms);
  for (auto &t : out.terms) {
    if (!get_varint(p, end, v) || v >= kLexiconLimit) return false;
    t = static_cast<uint32_t>(v);
  }
  auto get_ids = [&](AnalyzedEntry::Unit &u, unsigned long long n) {
    if (n > left()) return false;
    u.begin = static_cast<uint32_t>(out.ids.size());
    u.count = static_cast<uint32_t>(n);
    for (unsigned long long k = 0; k < n; ++k) {
      if (!get_varint(p, end, v) || v >= n_terms) return false;
      out.ids.push_back(static_cast<uint32_t>(v));
    }
    return true;
  };
  unsigned long long n_units = 0;
  if (!count(n_units)) return false;
  out.answer.resize(n_units);
  long long prev_end = 0;
  for (auto &u : out.answer) {
    unsigned long long gap = 0, len_count = 0, n = 0;
    if (!get_varint(p, end, gap) || !get_varint(p, end, len_count)) return false;
    n = len_count & 3;
    if (n == 3) {
      if (!get_varint(p, end, v) || v > left()) return false;
      n += v;
    }
    const unsigned long long len = len_count >> 2;
    const long long start = prev_end + ((gap & 1) ? -static_cast<long long>((gap + 1) >> 1)
                                                  : static_cast<long long>(gap >> 1));
    if (start < 0 || len > answer_bytes ||
        static_cast<unsigned long long>(start) > answer_bytes - len)
      return false;
    u.start = static_cast<int>(start);
    u.end = static_cast<int>(start + static_cast<long long>(len));
    if (!get_ids(u, n)) return false;
    prev_end = u.end;
  }
  unsigned long long n_phrasings = 0;
  if (!count(n_phrasings)) return false;
  out.phrasings.resize(n_phrasings);  // the phrasings kept keep their storage
  for (auto &words : out.phrasings) {
    unsigned long long n_words = 0;
    if (!count(n_words)) return false;
    words.resize(n_words);
    for (auto &u : words) {
      if (!get_varint(p, end, v)) return false;
      u.stop = (v & 2) != 0;
      u.unigram = (v & 1) != 0;
      if (!get_ids(u, v >> 2)) return false;
    }
  }
  return p == end;
}

}  // namespace faqlite::index
