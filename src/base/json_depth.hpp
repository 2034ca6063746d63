// How deeply a JSON text nests, measured before parsing: nlohmann's parser and its copies recurse,
// so text from outside (corpus files, options) is refused before a deep document can exhaust the
// stack (an AddressSanitizer build, with its larger frames, overflows at a few thousand levels).
#pragma once

#include <cstddef>
#include <string_view>

namespace faqlite {

// The 1-based line where `text` first nests deeper than `max_depth` objects and arrays, or 0 when
// it never does. Brackets inside strings do not count.
inline size_t json_too_deep_at(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_str = false, esc = false;
  size_t line = 1;
  for (char c : text) {
    if (c == '\n') ++line;
    if (in_str) {
      if (esc)
        esc = false;
      else if (c == '\\')
        esc = true;
      else if (c == '"')
        in_str = false;
      continue;
    }
    if (c == '"') {
      in_str = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return line;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return 0;
}

}  // namespace faqlite
