#include "server/ask_request.hpp"

#include <nlohmann/json.hpp>

namespace faqlite_server {

using nlohmann::json;

namespace {

ApiError bad(std::string message) {
  return {400, "invalid_request", std::move(message)};
}

const char *type_name(const json &v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

std::string wrong_type(const std::string &field, const char *expected, const json &v) {
  return "field \"" + field + "\" must be " + expected + ", not " + type_name(v);
}

}  // namespace

std::optional<ApiError> parse_ask_request(std::string_view body, size_t max_question,
                                          AskRequest &out) {
  if (json_depth(body, kMaxJsonDepth) > kMaxJsonDepth)
    return bad("the JSON body is nested more than " + std::to_string(kMaxJsonDepth) +
               " levels deep");
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded()) return ApiError{400, "bad_json", "the body is not valid JSON (UTF-8)"};
  if (!j.is_object()) return bad("the body must be a JSON object");

  json options = json::object();
  bool have_question = false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string &k = it.key();
    const json &v = it.value();
    if (k == "question" || k == "query") {
      if (have_question) return bad("give \"question\" or \"query\", not both");
      if (!v.is_string()) return bad(wrong_type(k, "a string", v));
      have_question = true;
      out.question = v.get<std::string>();
      if (out.question.size() > max_question)
        return ApiError{422, "limit_exceeded",
                        "the question is " + std::to_string(out.question.size()) +
                            " bytes long, above the limit of " + std::to_string(max_question)};
    } else if (k == "lang") {
      if (!v.is_null() && !v.is_string()) return bad(wrong_type(k, "a string or null", v));
      if (v.is_string() && !v.get<std::string>().empty()) options[k] = v;
    } else if (k == "k") {
      if (!v.is_number_integer()) return bad(wrong_type(k, "an integer", v));
      options[k] = v;
    } else if (k == "context") {
      if (v.is_null()) continue;
      if (!v.is_array()) return bad(wrong_type(k, "an array of strings", v));
      for (const auto &turn : v) {
        if (!turn.is_string()) return bad("field \"context\" must hold only strings");
        if (turn.get<std::string>().size() > max_question)
          return ApiError{
              422, "limit_exceeded",
              "a context turn is longer than " + std::to_string(max_question) + " bytes"};
      }
      options[k] = v;
    } else if (k == "filters") {
      if (v.is_null()) continue;
      if (!v.is_object()) return bad(wrong_type(k, "an object", v));
      options[k] = v;
    } else if (k == "threshold") {
      if (v.is_null()) continue;
      if (!v.is_number()) return bad(wrong_type(k, "a number", v));
      options[k] = v;
    } else if (k == "explain") {
      if (!v.is_boolean()) return bad(wrong_type(k, "a boolean", v));
      options[k] = v;
    } else {
      return bad("unknown field \"" + k.substr(0, 64) + "\"");
    }
  }
  if (!have_question) return bad("field \"question\" (a string) is required");
  out.options_json = options.dump(-1, ' ', false, json::error_handler_t::replace);
  return std::nullopt;
}

}  // namespace faqlite_server
