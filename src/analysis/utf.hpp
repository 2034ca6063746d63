// UTF-8 <-> UTF-16 conversion that keeps a map back to the original bytes.
//
// ICU works on UTF-16, but every offset faqlite reports (FTS5 token offsets, snippet highlights)
// must point into the caller's UTF-8 text. Converting once with a per-code-unit byte map makes
// offsets correct by construction, whatever normalization later does to a token.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <unicode/unistr.h>

namespace faqlite::analysis {

struct Utf16Text {
  icu::UnicodeString text;
  // byte_at[i] is the offset in the UTF-8 input of the code point that starts at UTF-16 index i;
  // byte_at[text.length()] is the input length (a sentinel for end offsets).
  std::vector<int> byte_at;
};

// Decodes UTF-8; each invalid byte sequence becomes U+FFFD but still advances the byte map.
Utf16Text decode_utf8(std::string_view utf8);

// The same into `out`, reusing its storage (an analyzer decodes every text it is given).
void decode_utf8(std::string_view utf8, Utf16Text &out);

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Index of the first invalid byte, or -1.
long first_invalid_utf8(std::string_view s);

std::string to_utf8(const icu::UnicodeString &s);

// Code points in s[from, to) (clamped to s): the bytes that are not continuation bytes. Snippet
// windows are measured with it, so it counts eight bytes at a time.
size_t count_code_points(std::string_view s, size_t from, size_t to);

}  // namespace faqlite::analysis
