// Language codes and detection.
//
// Entries carry BCP 47 tags ("pt-BR", "zh-Hans"); analysis and the per-language full-text tables
// key on the primary subtag. Detection is deliberately light: the script decides for the scripts
// that belong to one language here, and for Latin text a vote among the languages the index
// actually holds (a detector choosing among 100 languages would be wrong more often on 3 words).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace faqlite::analysis {

// "pt-BR" -> "pt", "ZH_hans" -> "zh". Empty when the tag is not of the form xx or xxx[-...].
std::string primary_language(std::string_view tag);

// True for a syntactically valid BCP 47 tag of the shape faqlite accepts (2-3 letter language,
// optional subtags of 1-8 alphanumerics).
bool is_valid_language_tag(std::string_view tag);

// True when `primary` is a language code faqlite knows by name (ISO 639-1 or a few 639-3 codes).
bool is_known_language(std::string_view primary);

// Detects the language of `text` among `candidates` (primary subtags present in the index).
// Script-specific languages are returned even when not among the candidates. `fallback` is used
// when nothing decides (usually "en").
std::string detect_language(std::string_view text, const std::vector<std::string> &candidates,
                            const std::string &fallback);

}  // namespace faqlite::analysis
