#include "index/corpus_check.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "analysis/language.hpp"
#include "analysis/normalizer.hpp"
#include "analysis/utf.hpp"
#include "base/error.hpp"
#include "base/json_depth.hpp"
#include "index/corpus_reader.hpp"

namespace faqlite::index {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ordered = nlohmann::ordered_json;

bool ends_with(const std::string &s, const char *suffix) {
  std::string x(suffix);
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

bool is_corpus_file(const std::string &f) {
  return ends_with(f, ".json") || ends_with(f, ".jsonl") || ends_with(f, ".ndjson");
}

std::vector<std::string> list_files(const std::vector<std::string> &paths) {
  std::vector<std::string> files;
  for (const auto &p : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) throw Error(Status::kNotFound, p + ": no such file or folder");
    if (!fs::is_directory(st)) {
      files.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      if (it->is_regular_file() && is_corpus_file(it->path().string()))
        found.push_back(it->path().string());
    }
    if (ec) throw Error(Status::kIo, p + ": cannot list folder: " + ec.message());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

std::string read_file(const std::string &f) {
  std::ifstream in(f, std::ios::binary);
  if (!in) throw Error(Status::kIo, f + ": cannot open for reading");
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw Error(Status::kIo, f + ": read error");
  return ss.str();
}

// Where things are in a JSON corpus document: the lines of top-level fields, of each entry and of
// each entry's fields, and of each synonym set. A light scan of the raw text, since the JSON
// library keeps no positions.
struct Positions {
  std::map<std::string, size_t> top;
  std::vector<size_t> entry;
  std::vector<std::map<std::string, size_t>> entry_keys;
  std::vector<size_t> synonyms;
};

Positions scan_positions(const std::string &text) {
  struct Frame {
    bool object;
    std::string key;
    long index = -1;
    bool want_key = true;
  };
  Positions pos;
  std::vector<Frame> st;
  size_t line = 1;
  auto value_start = [&] {
    if (st.empty() || st.back().object) return;
    long idx = ++st.back().index;
    if (st.size() == 2 && st[0].key == "entries") {
      pos.entry.resize(static_cast<size_t>(idx) + 1, line);
      pos.entry[static_cast<size_t>(idx)] = line;
      pos.entry_keys.resize(pos.entry.size());
    } else if (st.size() == 2 && st[0].key == "synonyms") {
      pos.synonyms.resize(static_cast<size_t>(idx) + 1, line);
      pos.synonyms[static_cast<size_t>(idx)] = line;
    }
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == ':') continue;
    if (c == '"') {
      std::string s;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        if (text[i] == '\n') ++line;
        s += text[i];
      }
      if (!st.empty() && st.back().object && st.back().want_key) {
        st.back().key = s;
        st.back().want_key = false;
        if (st.size() == 1) {
          pos.top.emplace(s, line);
        } else if (st.size() == 3 && st[0].key == "entries" && !st[1].object && st[1].index >= 0 &&
                   static_cast<size_t>(st[1].index) < pos.entry_keys.size()) {
          pos.entry_keys[static_cast<size_t>(st[1].index)].emplace(s, line);
        }
      } else {
        value_start();
      }
      continue;
    }
    if (c == ',') {
      if (!st.empty() && st.back().object) st.back().want_key = true;
      continue;
    }
    if (c == '{' || c == '[') {
      value_start();
      st.push_back({c == '{', "", -1, true});
      if (st.size() > 64) break;  // the reader refuses such nesting anyway
      continue;
    }
    if (c == '}' || c == ']') {
      if (!st.empty()) st.pop_back();
      continue;
    }
    value_start();
    while (i + 1 < text.size() && !std::strchr(",]}\n \t\r", text[i + 1])) ++i;
  }
  return pos;
}

struct Problem {
  std::string severity;  // "error" or "warning"
  std::string code;
  size_t file = 0;  // index into the file list
  size_t line = 0;
  std::string field;
  std::string id;
  std::string lang;
  std::string message;
  bool id_suffix = true;  // append (id "...") to the human text
};

struct Loaded {
  Entry e;
  size_t file = 0;
  size_t line = 0;
  std::map<std::string, size_t> keys;  // field -> line
};

struct Settings {
  LanguageSettings s;
  size_t file = 0;
  std::vector<size_t> lines;  // of each synonym set
};

class Checker {
 public:
  explicit Checker(const CheckOptions &opt) : opt_(opt) {}

  void check_file(size_t fi, const std::string &file) {
    std::string text = read_file(file);
    ReadOptions ro;
    ro.default_lang = opt_.default_lang;
    ro.max_entry_bytes = opt_.max_entry_bytes;
    bool jsonl = is_jsonl(file, text);
    Positions pos = jsonl ? Positions() : scan_positions(text);
    std::vector<size_t> jsonl_lines = jsonl ? nonblank_lines(text) : std::vector<size_t>();
    try {
      Corpus c = read_corpus_text(text, file, ro);
      for (size_t i = 0; i < c.entries.size(); ++i)
        add_entry(fi, std::move(c.entries[i]), i, pos, jsonl_lines, jsonl);
      for (auto &s : c.settings) settings_.push_back({std::move(s), fi, pos.synonyms});
      return;
    } catch (const Error &e) {
      if (e.status() != Status::kFormat) throw;
      reader_failed(fi, file, text, e.what(), jsonl, pos, jsonl_lines, ro);
    }
  }

  void cross_checks() {
    check_duplicates();
    check_follow_ups();
    check_translations();
    check_alternates();
    check_synonyms();
  }

  CheckReport report(const std::vector<std::string> &files) {
    std::stable_sort(problems_.begin(), problems_.end(), [](const Problem &a, const Problem &b) {
      return std::tie(a.file, a.line) < std::tie(b.file, b.line);
    });
    CheckReport r;
    ordered list = ordered::array();
    for (const auto &p : problems_) {
      (p.severity == "error" ? r.errors : r.warnings)++;
      ordered j;
      j["severity"] = p.severity;
      j["code"] = p.code;
      j["file"] = files[p.file];
      j["line"] = p.line;
      j["field"] = p.field;
      if (!p.id.empty()) j["id"] = p.id;
      if (!p.lang.empty()) j["lang"] = p.lang;
      j["message"] = p.message;
      j["text"] = human(files[p.file], p);
      list.push_back(std::move(j));
    }
    std::map<std::string, size_t> langs;
    for (const auto &l : loaded_) langs[l.e.lang]++;
    ordered out;
    out["ok"] = r.errors == 0;
    out["files"] = files;
    out["entries"] = loaded_.size();
    out["languages"] = langs;
    out["errors"] = r.errors;
    out["warnings"] = r.warnings;
    out["problems"] = std::move(list);
    out["missing_translations"] = missing_;
    r.json = out.dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
  }

 private:
  static std::string human(const std::string &file, const Problem &p) {
    std::string s = file;
    if (p.line) s += ":" + std::to_string(p.line);
    s += ": ";
    if (p.severity == "warning") s += "warning: ";
    s += p.field.empty() ? "" : p.field + ": ";
    s += p.message;
    if (!p.id.empty() && p.id_suffix)
      s += " (id \"" + p.id + "\"" + (p.lang.empty() ? "" : ", " + p.lang) + ")";
    return s;
  }

  static bool is_jsonl(const std::string &file, const std::string &text) {
    if (ends_with(file, ".jsonl") || ends_with(file, ".ndjson")) return true;
    if (ends_with(file, ".json")) return false;
    // The reader's rule for a name without a telling extension.
    size_t nl = text.find('\n');
    if (nl == std::string::npos) return false;
    std::string first = text.substr(0, nl);
    while (!first.empty() && std::isspace(static_cast<unsigned char>(first.back())))
      first.pop_back();
    return first.size() > 1 && first.back() == '}' && text.find("\"entries\"") == std::string::npos;
  }

  static std::vector<size_t> nonblank_lines(const std::string &text) {
    std::vector<size_t> lines;
    size_t no = 1, pos = 0;
    while (pos <= text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string::npos) nl = text.size();
      if (text.find_first_not_of(" \t\r\n", pos) < nl) lines.push_back(no);
      if (nl == text.size()) break;
      pos = nl + 1;
      ++no;
    }
    return lines;
  }

  void add_entry(size_t fi, Entry e, size_t index, const Positions &pos,
                 const std::vector<size_t> &jsonl_lines, bool jsonl) {
    Loaded l;
    l.file = fi;
    if (jsonl) {
      l.line = index < jsonl_lines.size() ? jsonl_lines[index] : 0;
    } else if (index < pos.entry.size()) {
      l.line = pos.entry[index];
      l.keys = pos.entry_keys[index];
    }
    l.e = std::move(e);
    loaded_.push_back(std::move(l));
  }

  void add(std::string severity, std::string code, size_t file, size_t line, std::string field,
           std::string message, std::string id = "", std::string lang = "") {
    problems_.push_back({std::move(severity), std::move(code), file, line, std::move(field),
                         std::move(id), std::move(lang), std::move(message)});
  }

  // Turns a reader message "<where> (id "x"): field "answer" is empty" into its parts.
  void add_reader_error(size_t fi, const std::string &msg, const std::string &where, size_t line,
                        const std::map<std::string, size_t> &keys, const json *entry = nullptr) {
    std::string rest = msg.compare(0, where.size(), where) == 0 ? msg.substr(where.size()) : msg;
    std::string id;
    if (rest.rfind(" (id \"", 0) == 0) {
      size_t end = rest.find("\")", 6);
      if (end != std::string::npos) {
        id = rest.substr(6, end - 6);
        rest = rest.substr(end + 2);
      }
    }
    if (rest.rfind(": ", 0) == 0) rest = rest.substr(2);
    if (id.empty() && entry && entry->is_object() && entry->contains("id") &&
        (*entry)["id"].is_string())
      id = (*entry)["id"].get<std::string>();
    std::string field, problem = rest;
    size_t f = rest.find("field \"");
    if (f != std::string::npos) {
      size_t q = rest.find('"', f + 7);
      if (q != std::string::npos) {
        field = rest.substr(f + 7, q - f - 7);
        std::string after = rest.substr(q + 1);
        if (rest.rfind("unknown", 0) == 0)
          problem = rest.substr(0, f) + "field";
        else if (f == 0 && after.rfind(": ", 0) == 0)
          problem = after.substr(2);
        else if (f == 0 && after.rfind(" ", 0) == 0)
          problem = after.substr(1);
        else if (f == 0 && after.rfind("[", 0) == 0)
          problem = after;
      }
    }
    size_t syn = rest.find("synonyms[");
    if (field.empty() && syn != std::string::npos) field = "synonyms";
    auto k = keys.find(field);
    if (k != keys.end()) line = k->second;
    std::string code = "schema";
    if (problem.find("unknown language code") != std::string::npos)
      code = "unknown_language";
    else if (field == "answer" && problem == "is empty")
      code = "empty_answer";
    else if (field == "answer" && problem == "is missing")
      code = "missing_answer";
    add("error", code, fi, line, field.empty() ? "entry" : field, problem, id);
  }

  // The file failed to read: go through it entry by entry with the reader's own entry validation
  // so that every problem is reported, and keep the entries that are valid.
  void reader_failed(size_t fi, const std::string &file, const std::string &text,
                     const std::string &msg, bool jsonl, const Positions &pos,
                     const std::vector<size_t> &jsonl_lines, const ReadOptions &ro) {
    bool fatal = msg.find("invalid UTF-8") != std::string::npos ||
                 msg.find("nested deeper") != std::string::npos ||
                 (!jsonl && msg.find("invalid JSON") != std::string::npos);
    size_t before = problems_.size(), loaded_before = loaded_.size();
    if (fatal) {
      // "file:LINE: invalid JSON: ..." -- the file cannot be read at all.
      size_t line = 0;
      std::string problem = msg;
      if (msg.compare(0, file.size() + 1, file + ":") == 0) {
        problem = msg.substr(file.size() + 1);
        char *end = nullptr;
        line = std::strtoul(problem.c_str(), &end, 10);
        if (end && *end == ':')
          problem = problem.substr(static_cast<size_t>(end - problem.c_str()) + 1);
        while (!problem.empty() && problem[0] == ' ') problem.erase(0, 1);
      }
      bool syntax = problem.rfind("invalid JSON", 0) == 0;
      add("error", syntax ? "syntax" : "unreadable", fi, line, syntax ? "syntax" : "file", problem);
      return;
    }
    if (jsonl) {
      for (size_t i = 0; i < jsonl_lines.size(); ++i) {
        size_t no = jsonl_lines[i];
        std::string line = line_text(text, no);
        std::string where = file + ":" + std::to_string(no);
        json j;
        try {
          j = json::parse(line);
        } catch (const json::exception &e) {
          std::string m = e.what();  // "[json.exception.parse_error.101] parse error at ...: why"
          size_t colon = m.find(": ");
          add("error", "syntax", fi, no, "syntax",
              "invalid JSON: " + (colon == std::string::npos ? m : m.substr(colon + 2)));
          continue;
        }
        try {
          Entry e = entry_from_json(j, where, opt_.default_lang, opt_.max_entry_bytes);
          add_entry(fi, std::move(e), i, pos, jsonl_lines, true);
        } catch (const Error &e) {
          add_reader_error(fi, e.what(), where, no, {}, &j);
        }
      }
    } else {
      json doc = json::parse(text, nullptr, false);
      if (doc.is_discarded() || !doc.is_object()) {
        add_reader_error(fi, msg, file, 1, {});
        return;
      }
      auto entries = doc.find("entries");
      if (entries == doc.end())
        add("error", "schema", fi, 1, "entries", "is missing");
      else if (!entries->is_array())
        add("error", "schema", fi, pos.top.count("entries") ? pos.top.at("entries") : 1, "entries",
            "must be an array");
      json top = doc;
      top["entries"] = json::array();
      std::vector<LanguageSettings> settings;
      try {
        Corpus c = read_corpus_text(top.dump(), file, ro);
        settings = std::move(c.settings);
      } catch (const Error &e) {
        std::string m = e.what();
        size_t line = 1;
        size_t s = m.find("synonyms[");
        if (s != std::string::npos) {
          size_t idx = std::strtoul(m.c_str() + s + 9, nullptr, 10);
          if (idx < pos.synonyms.size()) line = pos.synonyms[idx];
        }
        add_reader_error(fi, m, file, line,
                         s == std::string::npos ? pos.top : std::map<std::string, size_t>());
      }
      for (auto &s : settings) settings_.push_back({std::move(s), fi, pos.synonyms});
      std::string lang = opt_.default_lang;
      auto l = doc.find("lang");
      if (l != doc.end() && l->is_string() &&
          analysis::is_valid_language_tag(l->get<std::string>()) &&
          analysis::is_known_language(analysis::primary_language(l->get<std::string>())))
        lang = l->get<std::string>();
      if (entries != doc.end() && entries->is_array()) {
        for (size_t i = 0; i < entries->size(); ++i) {
          std::string where = "entry " + std::to_string(i);
          size_t line = i < pos.entry.size() ? pos.entry[i] : 1;
          try {
            Entry e = entry_from_json((*entries)[i], where, lang, opt_.max_entry_bytes);
            e.source = file + "#" + std::to_string(i);
            add_entry(fi, std::move(e), i, pos, jsonl_lines, false);
          } catch (const Error &e) {
            add_reader_error(
                fi, e.what(), where, line,
                i < pos.entry_keys.size() ? pos.entry_keys[i] : std::map<std::string, size_t>(),
                &(*entries)[i]);
          }
        }
      }
    }
    // Duplicates are found by the cross-checks; anything else the reader saw must not be lost.
    if (problems_.size() == before && msg.find("duplicate id") == std::string::npos) {
      loaded_.resize(loaded_before);
      add_reader_error(fi, msg, file, 0, {});
    }
  }

  static std::string line_text(const std::string &text, size_t no) {
    size_t pos = 0;
    for (size_t l = 1; l < no; ++l) {
      pos = text.find('\n', pos);
      if (pos == std::string::npos) return "";
      ++pos;
    }
    size_t nl = text.find('\n', pos);
    return text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
  }

  size_t key_line(const Loaded &l, const char *field) const {
    auto it = l.keys.find(field);
    return it == l.keys.end() ? l.line : it->second;
  }

  void check_duplicates() {
    std::map<std::pair<std::string, std::string>, const Loaded *> seen;
    for (const auto &l : loaded_) {
      auto [it, fresh] = seen.emplace(std::make_pair(l.e.id, l.e.lang), &l);
      if (fresh) continue;
      const Loaded &first = *it->second;
      add("error", "duplicate_id", l.file, key_line(l, "id"), "id",
          "\"" + l.e.id + "\" is a duplicate in language \"" + l.e.lang + "\"; the first is at " +
              file_names_[first.file] + ":" + std::to_string(key_line(first, "id")),
          l.e.id, l.e.lang);
      problems_.back().id_suffix = false;
    }
  }

  void check_follow_ups() {
    std::map<std::string, std::set<std::string>> langs_of;  // id -> languages
    for (const auto &l : loaded_) langs_of[l.e.id].insert(l.e.lang);
    for (const auto &l : loaded_) {
      for (const auto &f : l.e.follow_ups) {
        if (f == l.e.id) {
          add("warning", "self_follow_up", l.file, key_line(l, "follow_ups"), "follow_ups",
              "\"" + f + "\" is the entry itself", l.e.id, l.e.lang);
          continue;
        }
        auto it = langs_of.find(f);
        if (it != langs_of.end() && it->second.count(l.e.lang)) continue;
        std::string elsewhere;
        if (it != langs_of.end())
          for (const auto &x : it->second) elsewhere += (elsewhere.empty() ? "" : ", ") + x;
        add("error", "dangling_follow_up", l.file, key_line(l, "follow_ups"), "follow_ups",
            "\"" + f + "\" points to no entry in language \"" + l.e.lang + "\"" +
                (elsewhere.empty() ? "" : " (it exists in " + elsewhere + ")"),
            l.e.id, l.e.lang);
      }
    }
  }

  void check_translations() {
    std::map<std::string, size_t> lang_file;  // language -> first file holding it
    std::map<std::string, std::set<std::string>> langs_of;
    std::map<std::string, const Loaded *> first_of;
    std::vector<std::string> order;  // ids in first-seen order
    for (const auto &l : loaded_) {
      lang_file.emplace(l.e.lang, l.file);
      first_of.emplace(l.e.id, &l);
      if (langs_of[l.e.id].empty()) order.push_back(l.e.id);
      langs_of[l.e.id].insert(l.e.lang);
    }
    if (lang_file.size() < 2) return;
    for (const auto &id : order) {
      const auto &have = langs_of[id];
      if (have.size() == lang_file.size()) continue;
      std::string present;
      for (const auto &x : have) present += (present.empty() ? "" : ", ") + x;
      for (const auto &[lang, file] : lang_file) {
        if (have.count(lang)) continue;
        missing_[lang].push_back(id);
        const Loaded &f = *first_of[id];
        add(opt_.require_translations ? "error" : "warning", "missing_translation", file, 0, "id",
            "\"" + id + "\" has no translation in \"" + lang + "\" (present in " + present +
                "; first at " + file_names_[f.file] + ":" + std::to_string(key_line(f, "id")) + ")",
            id, lang);
        problems_.back().id_suffix = false;
      }
    }
  }

  void check_alternates() {
    for (const auto &l : loaded_)
      if (l.e.kind == "faq" && l.e.alternates.empty())
        add("warning", "no_alternates", l.file, key_line(l, "question"), "alternates",
            "FAQ entry has no alternate phrasings", l.e.id, l.e.lang);
  }

  void check_synonyms() {
    struct Where {
      size_t settings, set;
    };
    std::map<std::pair<std::string, std::string>, Where> seen;  // (lang, folded word)
    for (size_t si = 0; si < settings_.size(); ++si) {
      const Settings &s = settings_[si];
      for (size_t k = 0; k < s.s.synonyms.size(); ++k) {
        std::map<std::string, std::string> in_set;  // folded -> as written
        size_t line = k < s.lines.size() ? s.lines[k] : 0;
        for (const auto &w : s.s.synonyms[k]) {
          std::string folded = analysis::fold_utf8(w);
          auto [same, added] = in_set.emplace(folded, w);
          if (!added) {
            // Matching folds case and accents, so "sénior" and "senior" are one word there.
            std::string what = same->second == w ? "\"" + w + "\" appears twice"
                                                 : "\"" + w + "\" and \"" + same->second +
                                                       "\" are the same word once folded";
            add("warning", "synonym_repeated", s.file, line, "synonyms",
                what + " in synonyms[" + std::to_string(k) + "]", "", s.s.lang);
            continue;
          }
          auto [it, fresh] = seen.emplace(std::make_pair(s.s.lang, folded), Where{si, k});
          if (fresh) continue;
          const Settings &first = settings_[it->second.settings];
          std::string at = "synonyms[" + std::to_string(it->second.set) + "]";
          if (first.file != s.file) at += " of " + file_names_[first.file];
          add("warning", "synonym_in_two_sets", s.file, line, "synonyms",
              "\"" + w + "\" of synonyms[" + std::to_string(k) + "] is also in " + at, "",
              s.s.lang);
        }
      }
    }
  }

 public:
  std::vector<std::string> file_names_;

 private:
  CheckOptions opt_;
  std::vector<Loaded> loaded_;
  std::vector<Settings> settings_;
  std::vector<Problem> problems_;
  std::map<std::string, std::vector<std::string>> missing_;
};

}  // namespace

CheckOptions parse_check_options(const char *text) {
  CheckOptions o;
  if (!text || !*text) return o;
  std::string_view sv(text);
  auto bad = [](const std::string &m) { throw Error(Status::kInvalid, m); };
  if (!analysis::is_valid_utf8(sv)) bad("check options are not valid UTF-8");
  if (json_too_deep_at(sv, 32)) bad("check options are nested more than 32 levels deep");
  json j = json::parse(sv.begin(), sv.end(), nullptr, false);
  if (j.is_discarded()) bad("check options are not valid JSON");
  if (!j.is_object()) bad("check options must be a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string &k = it.key();
    const json &v = it.value();
    if (k == "require_translations") {
      if (!v.is_boolean()) bad("check option \"require_translations\" must be true or false");
      o.require_translations = v.get<bool>();
    } else if (k == "lang") {
      if (!v.is_string() || !analysis::is_valid_language_tag(v.get<std::string>()))
        bad("check option \"lang\" must be a language tag such as \"en\"");
      o.default_lang = v.get<std::string>();
    } else if (k == "max_entry_bytes") {
      if (!v.is_number_integer() || v.get<long long>() < 64 || v.get<long long>() > (1LL << 30))
        bad("check option \"max_entry_bytes\" must be an integer between 64 and 2^30");
      o.max_entry_bytes = static_cast<size_t>(v.get<long long>());
    } else {
      bad("unknown check option \"" + k + "\"");
    }
  }
  return o;
}

CheckReport check_corpus_paths(const std::vector<std::string> &paths, const CheckOptions &opt) {
  std::vector<std::string> files = list_files(paths);
  Checker c(opt);
  c.file_names_ = files;
  for (size_t i = 0; i < files.size(); ++i) c.check_file(i, files[i]);
  c.cross_checks();
  return c.report(files);
}

}  // namespace faqlite::index
