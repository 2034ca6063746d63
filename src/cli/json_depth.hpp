// Nesting depth of a JSON text, measured before nlohmann parses it: copying or printing a parsed
// document recurses once per level, so input from outside (question files, HTTP bodies) is
// refused above a small depth instead of overflowing the stack. The library does the same for
// what reaches it; the faces need their own check because they parse first.
#pragma once

#include <cstddef>
#include <string_view>

namespace faqlite_cli {

// The deepest nesting of objects and arrays in `text`, counting stops once it passes `limit`.
// Brackets inside strings do not count.
inline size_t json_depth(std::string_view text, size_t limit) {
  size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// Deeper than any question line or request the faces accept.
constexpr size_t kMaxInputJsonDepth = 32;

}  // namespace faqlite_cli
