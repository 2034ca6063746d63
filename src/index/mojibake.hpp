// Repair of "mojibake": UTF-8 text that was once decoded with a Windows code page (or Latin-1)
// and saved again as UTF-8, so that "—" reads "â€”" (windows-1252) or "β€”" (windows-1253).
//
// A run of characters is replaced only when it re-encodes, byte for byte, into one well-formed
// UTF-8 sequence whose character is of a kind such text plausibly held (punctuation, letters of a
// living script, emoji); everything else that looks mis-decoded is reported with its line, never
// guessed at. Code page tables come from ICU's converters.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace faqlite::index {

struct MojibakeRepair {
  size_t line = 0;
  std::string from;      // the mis-decoded characters as found
  std::string to;        // what they stood for
  std::string encoding;  // "windows-1252", "windows-1253" or "latin-1"
};

struct MojibakeSpot {
  size_t line = 0;
  std::string text;  // the suspicious characters with a little context
  std::string reason;
};

struct MojibakeResult {
  std::string text;  // repaired text, same line structure as the input
  std::vector<MojibakeRepair> repairs;
  std::vector<MojibakeSpot> uncertain;
};

// `utf8` must be valid UTF-8. Lines are numbered from `first_line`. Thread-safe.
MojibakeResult repair_mojibake(std::string_view utf8, size_t first_line = 1);

// Decodes bytes as windows-1252 (for input that is not UTF-8 at all). Undefined bytes become
// U+FFFD. Thread-safe.
std::string decode_windows_1252(std::string_view bytes);

}  // namespace faqlite::index
