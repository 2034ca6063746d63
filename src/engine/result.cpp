#include "engine/result.hpp"

#include <cmath>

namespace faqlite::engine {
using nlohmann::json;

const char *outcome_name(Outcome o) {
  switch (o) {
    case Outcome::kAnswered:
      return "answered";
    case Outcome::kClarify:
      return "clarify";
    default:
      return "fallback";
  }
}

namespace {
// Scores and confidences are rounded so that the JSON is stable and readable.
double round4(double v) {
  return std::round(v * 10000.0) / 10000.0;
}
}  // namespace

namespace {

// The JSON is written directly, byte for byte as nlohmann::json's dump() (sorted keys, no spaces,
// invalid UTF-8 replaced) would write it: building the json tree and serializing it cost more
// than a search at small sizes, mostly copying and re-validating the answer texts.
class Writer {
 public:
  explicit Writer(std::string &out) : out_(out) {}
  void key(const char *k) {
    sep();
    out_ += '"';
    out_ += k;
    out_ += "\":";
    first_ = true;
  }
  void open(char c) {
    sep();
    out_ += c;
    first_ = true;
  }
  void close(char c) {
    out_ += c;
    first_ = false;
  }
  void str(const std::string &s) {
    sep();
    if (!escape(s)) out_ += json(s).dump(-1, ' ', false, json::error_handler_t::replace);
    first_ = false;
  }
  void num(long long v) {
    sep();
    out_ += std::to_string(v);
    first_ = false;
  }
  void boolean(bool v) {
    sep();
    out_ += v ? "true" : "false";
    first_ = false;
  }
  void value(const json &j) {
    sep();
    out_ += j.dump(-1, ' ', false, json::error_handler_t::replace);
    first_ = false;
  }

 private:
  void sep() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  // Appends `s` quoted and escaped as nlohmann::json does; false (and nothing appended) when `s`
  // is not valid UTF-8, which is left to nlohmann's replacement rules.
  bool escape(const std::string &s) {
    const size_t mark = out_.size();
    out_ += '"';
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    const size_t n = s.size();
    size_t i = 0;
    while (i < n) {
      const unsigned char c = p[i];
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        // A run of printable ASCII is copied at once.
        size_t j = i + 1;
        while (j < n && p[j] >= 0x20 && p[j] < 0x80 && p[j] != '"' && p[j] != '\\') ++j;
        out_.append(s, i, j - i);
        i = j;
        continue;
      }
      if (c < 0x80) {
        switch (c) {
          case '"':
            out_ += "\\\"";
            break;
          case '\\':
            out_ += "\\\\";
            break;
          case '\b':
            out_ += "\\b";
            break;
          case '\f':
            out_ += "\\f";
            break;
          case '\n':
            out_ += "\\n";
            break;
          case '\r':
            out_ += "\\r";
            break;
          case '\t':
            out_ += "\\t";
            break;
          default:
            if (c < 0x20) {
              static const char kHex[] = "0123456789abcdef";
              out_ += "\\u00";
              out_ += kHex[c >> 4];
              out_ += kHex[c & 15];
            } else {
              out_ += static_cast<char>(c);
            }
        }
        ++i;
        continue;
      }
      // RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
      size_t len = 0;
      unsigned char lo = 0x80, hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF)
        len = 2;
      else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
      } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
      }
      bool ok = len > 0 && i + len <= n && p[i + 1] >= lo && p[i + 1] <= hi;
      for (size_t k = 2; ok && k < len; ++k) ok = p[i + k] >= 0x80 && p[i + k] <= 0xBF;
      if (!ok) {
        out_.resize(mark);
        return false;
      }
      out_.append(s, i, len);
      i += len;
    }
    out_ += '"';
    return true;
  }
  std::string &out_;
  bool first_ = true;
};

}  // namespace

void render_json(Result &r) {
  std::string out;
  size_t reserve = 256 + r.query.size();
  for (const auto &a : r.answers) reserve += 512 + a.entry->answer.size() + 2 * a.snippet.size();
  out.reserve(reserve);
  Writer w(out);
  // Keys in byte order, as a json object (a std::map) orders them.
  w.open('{');
  w.key("answered");
  w.boolean(r.outcome == Outcome::kAnswered);
  w.key("answers");
  w.open('[');
  for (const auto &a : r.answers) {
    w.open('{');
    w.key("answer");
    w.str(a.entry->answer);
    w.key("confidence");
    w.value(json(round4(a.confidence)));
    if (!a.explanation.is_null()) {
      w.key("explanation");
      w.value(a.explanation);
    }
    w.key("follow_ups");
    w.open('[');
    for (const auto &f : a.follow_ups) {
      w.open('{');
      w.key("id");
      w.str(f.id);
      w.key("question");
      w.str(f.question);
      w.close('}');
    }
    w.close(']');
    w.key("highlights");
    w.open('[');
    for (const auto &h : a.highlights) {
      w.open('[');
      w.num(h.first);
      w.num(h.second);
      w.close(']');
    }
    w.close(']');
    w.key("id");
    w.str(a.entry->id);
    w.key("kind");
    w.str(a.entry->kind);
    w.key("lang");
    w.str(a.entry->lang);
    if (!a.entry->meta.empty()) {
      w.key("meta");
      w.value(a.entry->meta);
    }
    w.key("question");
    w.str(a.entry->question);
    w.key("score");
    w.value(json(round4(a.score)));
    w.key("section");
    w.str(a.entry->section);
    w.key("snippet");
    w.str(a.snippet);
    w.key("tags");
    w.open('[');
    for (const auto &t : a.entry->tags) w.str(t);
    w.close(']');
    w.key("title");
    w.str(a.entry->title);
    w.close('}');
  }
  w.close(']');
  w.key("context");
  w.open('[');
  for (const auto &c : r.context) w.str(c);
  w.close(']');
  if (!r.corrections.empty()) {
    w.key("corrections");
    w.open('[');
    for (const auto &c : r.corrections) {
      w.open('{');
      w.key("from");
      w.str(c.from);
      w.key("to");
      w.str(c.to);
      w.close('}');
    }
    w.close(']');
  }
  if (r.outcome == Outcome::kFallback) {
    w.key("fallback");
    w.str(r.fallback);
  }
  w.key("lang");
  w.str(r.lang);
  w.key("outcome");
  w.str(outcome_name(r.outcome));
  w.key("query");
  w.str(r.query);
  w.close('}');
  r.json = std::move(out);
}

}  // namespace faqlite::engine
