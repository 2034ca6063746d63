#include "analysis/utf.hpp"

#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>

namespace faqlite::analysis {

Utf16Text decode_utf8(std::string_view utf8) {
  Utf16Text out;
  decode_utf8(utf8, out);
  return out;
}

void decode_utf8(std::string_view utf8, Utf16Text &out) {
  const auto *s = reinterpret_cast<const uint8_t *>(utf8.data());
  const int32_t n = static_cast<int32_t>(utf8.size());
  out.byte_at.resize(static_cast<size_t>(n) + 1);
  // Raw pointers: through the vector the compiler reloads its data pointer on every store.
  int *byte_at = out.byte_at.data();
  // UTF-16 never needs more code units than UTF-8 has bytes; write them in place.
  UChar *buf = out.text.getBuffer(n > 0 ? n : 1);
  if (!buf) throw std::bad_alloc();
  int32_t len = 0, i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time (most text is mostly ASCII), then byte by byte.
    while (i + 8 <= n) {
      uint64_t v;
      std::memcpy(&v, s + i, 8);
      if (v & 0x8080808080808080ull) break;
      for (int k = 0; k < 8; ++k) {
        byte_at[len + k] = i + k;
        buf[len + k] = s[i + k];
      }
      len += 8;
      i += 8;
    }
    while (i < n && s[i] < 0x80) {  // ASCII: one byte, one code unit
      byte_at[len] = i;
      buf[len++] = s[i++];
    }
    if (i >= n) break;
    const int32_t start = i;
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, n, c);
    if (c > 0xFFFF) {  // the trail surrogate maps to the same byte
      byte_at[len] = start;
      buf[len++] = U16_LEAD(c);
      byte_at[len] = start;
      buf[len++] = U16_TRAIL(c);
    } else {
      byte_at[len] = start;
      buf[len++] = static_cast<UChar>(c);
    }
  }
  out.text.releaseBuffer(len);
  byte_at[len] = n;
  out.byte_at.resize(static_cast<size_t>(len) + 1);
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

bool is_valid_utf8(std::string_view s) {
  return first_invalid_utf8(s) < 0;
}

std::string to_utf8(const icu::UnicodeString &s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// The marks of the non-continuation bytes, one bit per byte, are summed by a multiplication:
// without -mpopcnt (not in the x86-64 baseline) a popcount is a library call.
size_t count_code_points(std::string_view s, size_t from, size_t to) {
  to = std::min(to, s.size());
  if (from >= to) return 0;
  size_t n = to - from, i = from;
  for (; i + 8 <= to; i += 8) {
    uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    const uint64_t marks = (x & ~(x << 1) & 0x8080808080808080ull) >> 7;
    n -= static_cast<size_t>((marks * 0x0101010101010101ull) >> 56);
  }
  for (; i < to; ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --n;
  return n;
}

}  // namespace faqlite::analysis
