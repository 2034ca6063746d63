#include "analysis/utf.hpp"

#include <unicode/utf8.h>

namespace faqlite::analysis {

Utf16Text decode_utf8(std::string_view utf8) {
  Utf16Text out;
  const auto *s = reinterpret_cast<const uint8_t *>(utf8.data());
  const int32_t n = static_cast<int32_t>(utf8.size());
  out.byte_at.reserve(utf8.size() + 1);
  int32_t i = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, n, c);
    out.text.append(c);
    out.byte_at.push_back(start);
    if (c > 0xFFFF) out.byte_at.push_back(start);  // the trail surrogate maps to the same byte
  }
  out.byte_at.push_back(n);
  return out;
}

long first_invalid_utf8(std::string_view utf8) {
  const auto *s = reinterpret_cast<const uint8_t *>(utf8.data());
  const int32_t n = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return start;
  }
  return -1;
}

bool is_valid_utf8(std::string_view s) { return first_invalid_utf8(s) < 0; }

std::string to_utf8(const icu::UnicodeString &s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

}  // namespace faqlite::analysis
