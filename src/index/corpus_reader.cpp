#include "index/corpus_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>
#include <thread>

#include "analysis/language.hpp"
#include "analysis/utf.hpp"
#include "base/error.hpp"
#include "base/json_depth.hpp"

namespace faqlite::index {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kMaxDepth = 32;
constexpr size_t kMaxIdChars = 200;

[[noreturn]] void fail(const std::string &msg) {
  throw Error(Status::kFormat, msg);
}

void check_depth(std::string_view text, const std::string &where) {
  if (size_t line = json_too_deep_at(text, kMaxDepth))
    fail(where + ":" + std::to_string(line) + ": JSON nested deeper than " +
         std::to_string(kMaxDepth) + " levels");
}

std::string line_of(std::string_view text, size_t byte) {
  size_t line = 1 + std::count(text.begin(), text.begin() + std::min(byte, text.size()), '\n');
  return std::to_string(line);
}

json parse_json(std::string_view text, const std::string &where) {
  check_depth(text, where);
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error &e) {
    std::string msg = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: ..." -> keep the reason.
    size_t colon = msg.find(": ");
    fail(where + ":" + line_of(text, e.byte ? e.byte - 1 : 0) +
         ": invalid JSON: " + (colon == std::string::npos ? msg : msg.substr(colon + 2)));
  } catch (const json::out_of_range &e) {
    // A number too large for a double ("1e400"): nlohmann reports it without a position.
    std::string msg = e.what();
    size_t end = msg.find("] ");
    fail(where + ": invalid JSON: " + (end == std::string::npos ? msg : msg.substr(end + 2)));
  }
}

std::string get_string(const json &j, const char *field, const std::string &where, bool required) {
  auto it = j.find(field);
  if (it == j.end() || it->is_null()) {
    if (required) fail(where + ": field \"" + field + "\" is missing");
    return "";
  }
  if (!it->is_string()) fail(where + ": field \"" + field + "\" must be a string");
  return it->get<std::string>();
}

std::vector<std::string> get_strings(const json &j, const char *field, const std::string &where) {
  std::vector<std::string> out;
  auto it = j.find(field);
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_array()) fail(where + ": field \"" + field + "\" must be an array of strings");
  size_t i = 0;
  for (const auto &v : *it) {
    if (!v.is_string())
      fail(where + ": field \"" + field + "\"[" + std::to_string(i) + "] must be a string");
    out.push_back(v.get<std::string>());
    ++i;
  }
  return out;
}

bool has_control(const std::string &s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7F) return true;
  return false;
}

std::string trim(const std::string &s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

bool ends_with(const std::string &s, const char *suffix) {
  std::string x(suffix);
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

std::string check_lang(const std::string &lang, const std::string &where) {
  if (!analysis::is_valid_language_tag(lang))
    fail(where + ": field \"lang\": \"" + lang + "\" is not a BCP 47 language tag");
  std::string p = analysis::primary_language(lang);
  if (!analysis::is_known_language(p))
    fail(where + ": field \"lang\": unknown language code \"" + p + "\"");
  return lang;
}

}  // namespace

json entry_to_json(const Entry &e) {
  json j = {{"id", e.id}, {"lang", e.lang}, {"kind", e.kind}};
  if (!e.question.empty()) j["question"] = e.question;
  if (!e.alternates.empty()) j["alternates"] = e.alternates;
  j["answer"] = e.answer;
  if (!e.title.empty()) j["title"] = e.title;
  if (!e.section.empty()) j["section"] = e.section;
  if (!e.tags.empty()) j["tags"] = e.tags;
  if (!e.follow_ups.empty()) j["follow_ups"] = e.follow_ups;
  if (!e.meta.empty()) j["meta"] = e.meta;
  return j;
}

Entry entry_from_json(const json &j, const std::string &where, const std::string &default_lang,
                      size_t max_entry_bytes) {
  if (!j.is_object()) fail(where + ": an entry must be a JSON object");
  static const char *const kFields[] = {"id",         "lang",       "kind",  "question",
                                        "alternates", "answer",     "title", "section",
                                        "tags",       "follow_ups", "meta"};
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const char *f : kFields) known = known || it.key() == f;
    if (!known) fail(where + ": unknown field \"" + it.key() + "\"");
  }
  Entry e;
  auto id_it = j.find("id");
  // dump() keeps every digit; get<long long>() would wrap ids above 2^63 into negative numbers.
  if (id_it != j.end() && id_it->is_number_integer())
    e.id = id_it->dump();
  else
    e.id = get_string(j, "id", where, true);
  std::string at = where + " (id \"" + e.id + "\")";
  if (trim(e.id).empty()) fail(where + ": field \"id\" is empty");
  if (e.id.size() > kMaxIdChars * 4 || has_control(e.id))
    fail(at + ": field \"id\" must be at most 200 characters without control characters");
  e.lang = get_string(j, "lang", at, false);
  if (e.lang.empty()) e.lang = default_lang;
  check_lang(e.lang, at);
  e.question = trim(get_string(j, "question", at, false));
  e.alternates = get_strings(j, "alternates", at);
  for (auto &a : e.alternates) a = trim(a);
  e.alternates.erase(std::remove(e.alternates.begin(), e.alternates.end(), std::string()),
                     e.alternates.end());
  e.answer = get_string(j, "answer", at, true);
  if (trim(e.answer).empty()) fail(at + ": field \"answer\" is empty");
  e.title = trim(get_string(j, "title", at, false));
  e.section = trim(get_string(j, "section", at, false));
  e.tags = get_strings(j, "tags", at);
  e.follow_ups = get_strings(j, "follow_ups", at);
  e.kind = get_string(j, "kind", at, false);
  if (e.kind.empty()) e.kind = e.question.empty() ? "passage" : "faq";
  if (e.kind != "faq" && e.kind != "passage" && e.kind != "chitchat")
    fail(at + ": field \"kind\" must be \"faq\", \"passage\" or \"chitchat\", not \"" + e.kind +
         "\"");
  if (e.kind != "passage" && e.question.empty() && e.alternates.empty())
    fail(at + ": field \"question\" is required for kind \"" + e.kind + "\"");
  auto meta = j.find("meta");
  if (meta != j.end() && !meta->is_null()) {
    if (!meta->is_object()) fail(at + ": field \"meta\" must be an object");
    e.meta = *meta;
  }
  size_t bytes = e.question.size() + e.answer.size() + e.title.size() + e.section.size();
  for (const auto &a : e.alternates) bytes += a.size();
  if (bytes > max_entry_bytes)
    fail(at + ": entry is " + std::to_string(bytes) + " bytes, more than the limit of " +
         std::to_string(max_entry_bytes));
  return e;
}

void check_unique(const std::vector<Entry> &entries) {
  std::map<std::pair<std::string, std::string>, const Entry *> seen;
  for (const auto &e : entries) {
    auto key = std::make_pair(e.id, e.lang);
    auto [it, inserted] = seen.emplace(key, &e);
    if (!inserted)
      fail(e.source + ": duplicate id \"" + e.id + "\" for language \"" + e.lang + "\" (first at " +
           it->second->source + ")");
  }
}

namespace {

// The entries of JSON Lines `text`, whose first line is number `first_line`, appended to `out`
// until the first bad line (its error into `error`) or until `out` holds more than
// opt.max_entries.
void parse_lines(std::string_view text, size_t first_line, const std::string &name,
                 const ReadOptions &opt, std::vector<Entry> &out, std::exception_ptr &error) {
  try {
    size_t line_no = first_line - 1, pos = 0;
    while (pos <= text.size() && out.size() <= opt.max_entries) {
      size_t nl = text.find('\n', pos);
      std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
      ++line_no;
      if (!trim(std::string(line)).empty()) {
        std::string where = name + ":" + std::to_string(line_no);
        json j = parse_json(line, where);
        Entry e = entry_from_json(j, where, opt.default_lang, opt.max_entry_bytes);
        e.source = std::move(where);
        out.push_back(std::move(e));
      }
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
  } catch (...) {
    error = std::current_exception();
  }
}

// Large inputs are parsed in two halves on two threads (parsing and checking the JSON is a tenth
// of a million-entry build), with the outcome of reading them in order: the entries of the lines
// before the first bad line, and that line's error, or the entry limit's if it comes first.
void read_lines(std::string_view text, const std::string &name, const ReadOptions &opt,
                std::vector<Entry> &out) {
  constexpr size_t kSplitBytes = 4u << 20;
  size_t split = text.size();
  if (opt.threads >= 2 && text.size() >= kSplitBytes && std::thread::hardware_concurrency() != 1) {
    split = text.find('\n', text.size() / 2);
    split = split == std::string_view::npos ? text.size() : split + 1;
  }
  const std::string_view first = text.substr(0, split), second = text.substr(split);
  std::vector<Entry> tail;
  std::exception_ptr first_error, second_error;
  if (!second.empty()) {
    const size_t second_line =
        1 + static_cast<size_t>(std::count(first.begin(), first.end(), '\n'));
    auto parse_second = [&] { parse_lines(second, second_line, name, opt, tail, second_error); };
    std::thread helper;
    try {
      helper = std::thread(parse_second);
    } catch (const std::system_error &) {
      // No thread to be had: the second half after the first.
    }
    parse_lines(first, 1, name, opt, out, first_error);
    if (helper.joinable())
      helper.join();
    else
      parse_second();
  } else {
    parse_lines(first, 1, name, opt, out, first_error);
  }
  if (!first_error) {
    out.reserve(out.size() + tail.size());
    for (auto &e : tail) out.push_back(std::move(e));
    first_error = second_error;
  }
  // Every entry kept comes before the bad line, if any: past the limit, the limit is met first.
  if (out.size() > opt.max_entries)
    throw Error(Status::kLimit, out[opt.max_entries].source + ": more than " +
                                    std::to_string(opt.max_entries) +
                                    " entries (max_corpus_entries)");
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace

Corpus read_corpus_text(std::string_view text, const std::string &source, const ReadOptions &opt) {
  const std::string name = source.empty() ? "<input>" : source;
  long bad = analysis::first_invalid_utf8(text);
  if (bad >= 0)
    fail(name + ":" + line_of(text, static_cast<size_t>(bad)) + ": invalid UTF-8 at byte " +
         std::to_string(bad));
  Corpus c;
  bool jsonl = ends_with(name, ".jsonl") || ends_with(name, ".ndjson");
  if (!jsonl && !ends_with(name, ".json")) {
    // No telling extension: a document starts with '{' and holds "entries" at top level.
    size_t first_nl = text.find('\n');
    std::string_view first = text.substr(0, first_nl);
    jsonl = first_nl != std::string_view::npos && trim(std::string(first)).size() > 1 &&
            trim(std::string(first)).back() == '}' && text.find("\"entries\"") == std::string::npos;
  }
  if (jsonl) {
    read_lines(text, name, opt, c.entries);
  } else {
    json doc = parse_json(text, name);
    if (!doc.is_object()) fail(name + ": a corpus document must be a JSON object");
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      static const char *const kTop[] = {"faqlite",  "name",    "lang",        "fallback",
                                         "synonyms", "entries", "description", "source"};
      bool known = false;
      for (const char *f : kTop) known = known || it.key() == f;
      if (!known) fail(name + ": unknown top-level field \"" + it.key() + "\"");
    }
    auto ver = doc.find("faqlite");
    if (ver == doc.end()) fail(name + ": field \"faqlite\" (format version) is missing");
    if (!ver->is_number_integer() || ver->get<long long>() != 1)
      fail(name + ": field \"faqlite\": format version " + ver->dump() +
           " is not supported (this faqlite reads version 1)");
    std::string lang = get_string(doc, "lang", name, false);
    if (lang.empty()) lang = opt.default_lang;
    check_lang(lang, name);
    LanguageSettings ls;
    ls.lang = analysis::primary_language(lang);
    ls.fallback = get_string(doc, "fallback", name, false);
    auto syn = doc.find("synonyms");
    if (syn != doc.end() && !syn->is_null()) {
      if (!syn->is_array()) fail(name + ": field \"synonyms\" must be an array of arrays");
      size_t i = 0;
      for (const auto &set : *syn) {
        std::string at = name + ": synonyms[" + std::to_string(i++) + "]";
        if (!set.is_array() || set.size() < 2)
          fail(at + " must be an array of at least two strings");
        std::vector<std::string> words;
        for (const auto &w : set) {
          if (!w.is_string() || trim(w.get<std::string>()).empty())
            fail(at + " must hold non-empty strings");
          words.push_back(trim(w.get<std::string>()));
        }
        ls.synonyms.push_back(std::move(words));
      }
    }
    auto entries = doc.find("entries");
    if (entries == doc.end()) fail(name + ": field \"entries\" is missing");
    if (!entries->is_array()) fail(name + ": field \"entries\" must be an array");
    size_t i = 0;
    for (const auto &j : *entries) {
      std::string where = name + "#" + std::to_string(i++);
      Entry e = entry_from_json(j, where, lang, opt.max_entry_bytes);
      e.source = where;
      c.entries.push_back(std::move(e));
      if (c.entries.size() > opt.max_entries)
        throw Error(Status::kLimit, where + ": more than " + std::to_string(opt.max_entries) +
                                        " entries (max_corpus_entries)");
    }
    if (!ls.fallback.empty() || !ls.synonyms.empty()) c.settings.push_back(std::move(ls));
  }
  check_unique(c.entries);
  return c;
}

Corpus read_corpus_paths(const std::vector<std::string> &paths, const ReadOptions &opt,
                         const std::function<void(const std::string &, size_t)> &on_file) {
  std::vector<std::string> files;
  for (const auto &p : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) throw Error(Status::kNotFound, p + ": no such file or folder");
    if (fs::is_directory(st)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        std::string f = it->path().string();
        if (ends_with(f, ".json") || ends_with(f, ".jsonl") || ends_with(f, ".ndjson"))
          found.push_back(f);
      }
      if (ec) throw Error(Status::kIo, p + ": cannot list folder: " + ec.message());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(p);
    }
  }
  Corpus all;
  for (const auto &f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) throw Error(Status::kIo, f + ": cannot open for reading");
    std::stringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw Error(Status::kIo, f + ": read error");
    Corpus c = read_corpus_text(ss.str(), f, opt);
    if (on_file) on_file(f, c.entries.size());
    for (auto &e : c.entries) all.entries.push_back(std::move(e));
    if (all.entries.size() > opt.max_entries)
      throw Error(Status::kLimit, f + ": the files hold more than " +
                                      std::to_string(opt.max_entries) +
                                      " entries together (max_corpus_entries)");
    for (auto &s : c.settings) all.settings.push_back(std::move(s));
  }
  check_unique(all.entries);
  return all;
}

}  // namespace faqlite::index
