// The body of POST /v1/ask, checked field by field before it reaches the engine, so that every
// mistake gets a precise 400 and every crossed limit a 422.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace faqlite_server {

struct ApiError {
  int status;
  std::string code;
  std::string message;
};

struct AskRequest {
  std::string question;
  std::string options_json;  // the C API's ask options
};

// Nesting deeper than this is refused before parsing: deep documents cost stack in every later
// recursive walk (dump, destruction) for no legitimate use.
constexpr size_t kMaxJsonDepth = 32;

// The deepest nesting of arrays and objects in `text`, looking past strings; stops counting once
// `limit` is crossed.
size_t json_depth(std::string_view text, size_t limit);

std::optional<ApiError> parse_ask_request(std::string_view body, size_t max_question,
                                          AskRequest &out);

}  // namespace faqlite_server
