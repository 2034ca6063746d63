// The body of POST /v1/ask, checked field by field before it reaches the engine, so that every
// mistake gets a precise 400 and every crossed limit a 422.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "cli/json_depth.hpp"

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

// Nesting deeper than this is refused before parsing (see cli/json_depth.hpp).
constexpr size_t kMaxJsonDepth = faqlite_cli::kMaxInputJsonDepth;
using faqlite_cli::json_depth;

std::optional<ApiError> parse_ask_request(std::string_view body, size_t max_question,
                                          AskRequest &out);

}  // namespace faqlite_server
