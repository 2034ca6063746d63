#include "search/filters.hpp"

#include <cctype>

#include "base/error.hpp"

namespace faqlite::search {
using nlohmann::json;

namespace {

constexpr int kMaxDepth = 8;
constexpr size_t kMaxValues = 256;
// SQLite refuses expressions deeper than 1000 and more than 32766 parameters; stay far below both.
// A condition is a filter object or one of its fields.
constexpr size_t kMaxConditions = 128;
constexpr size_t kMaxBoundValues = 1024;

[[noreturn]] void bad(const std::string &where, const std::string &what) {
  throw Error(Status::kInvalid, "filters" + where + ": " + what);
}

std::vector<json> values_of(const json &v, const std::string &where) {
  std::vector<json> out;
  if (v.is_string() || v.is_number() || v.is_boolean())
    out.push_back(v);
  else if (v.is_array()) {
    for (const auto &x : v) {
      if (!(x.is_string() || x.is_number() || x.is_boolean()))
        bad(where, "values must be strings, numbers or booleans");
      out.push_back(x);
    }
  } else {
    bad(where, "expected a value or an array of values");
  }
  if (out.empty()) bad(where, "empty list of values");
  if (out.size() > kMaxValues) bad(where, "more than 256 values");
  return out;
}

void count_condition(size_t &conditions, const CompiledFilter &out, const std::string &where) {
  if (++conditions > kMaxConditions || out.args.size() > kMaxBoundValues)
    throw Error(Status::kLimit, "filters" + where + ": more than " +
                                    std::to_string(kMaxConditions) + " conditions or " +
                                    std::to_string(kMaxBoundValues) + " values");
}

std::string placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

std::string compile(const json &f, const std::string &where, int depth, CompiledFilter &out,
                    size_t &conditions) {
  if (depth > kMaxDepth) bad(where, "nested too deeply");
  count_condition(conditions, out, where);
  if (!f.is_object()) bad(where, "a filter must be a JSON object");
  if (f.empty()) return "1";
  std::string sql;
  for (auto it = f.begin(); it != f.end(); ++it) {
    const std::string key = it.key();
    const std::string at = where + "." + key;
    std::string part;
    if (key == "all" || key == "any") {
      if (!it->is_array() || it->empty()) bad(at, "expected a non-empty array of filters");
      size_t i = 0;
      for (const auto &sub : *it) {
        std::string s =
            compile(sub, at + "[" + std::to_string(i++) + "]", depth + 1, out, conditions);
        part += (part.empty() ? "(" : (key == "all" ? " AND " : " OR ")) + s;
      }
      part += ")";
    } else if (key == "not") {
      part = "NOT (" + compile(*it, at, depth + 1, out, conditions) + ")";
    } else if (key == "tags") {
      auto vals = values_of(*it, at);
      part = "EXISTS (SELECT 1 FROM json_each(e.tags) WHERE value IN (" +
             placeholders(vals.size()) + "))";
      out.args.insert(out.args.end(), vals.begin(), vals.end());
    } else if (key == "section" || key == "kind" || key == "id") {
      auto vals = values_of(*it, at);
      part = "e." + key + " IN (" + placeholders(vals.size()) + ")";
      out.args.insert(out.args.end(), vals.begin(), vals.end());
    } else if (key == "lang") {
      auto vals = values_of(*it, at);
      part = "(e.lang IN (" + placeholders(vals.size()) + ") OR e.plang IN (" +
             placeholders(vals.size()) + "))";
      out.args.insert(out.args.end(), vals.begin(), vals.end());
      out.args.insert(out.args.end(), vals.begin(), vals.end());
    } else if (key.rfind("meta.", 0) == 0 && key.size() > 5) {
      const std::string field = key.substr(5);
      for (char c : field)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
          bad(at, "meta field names may hold only letters, digits and _");
      auto vals = values_of(*it, at);
      part = "json_extract(e.meta, '$." + field + "') IN (" + placeholders(vals.size()) + ")";
      out.args.insert(out.args.end(), vals.begin(), vals.end());
    } else {
      bad(at,
          "unknown filter field (use tags, section, kind, id, lang, meta.FIELD, all, any, not)");
    }
    sql += (sql.empty() ? "" : " AND ") + part;
    count_condition(conditions, out, at);
  }
  return "(" + sql + ")";
}

}  // namespace

CompiledFilter compile_filter(const json &filter) {
  CompiledFilter out;
  if (filter.is_null()) return out;
  size_t conditions = 0;
  out.sql = compile(filter, "", 0, out, conditions);
  return out;
}

}  // namespace faqlite::search
