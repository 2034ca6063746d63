// Query-side stop words and question words per language.
//
// They are never removed from the index (positions, phrases and highlights stay exact); the query
// builder gives them no weight of their own. The lists are short on purpose: FAQ questions are
// short, and a word such as "not" or "without" can carry the intent.
#pragma once

#include <string>
#include <string_view>

namespace faqlite::analysis {

// `term` is a normalized (case-folded, diacritic-folded where the script folds) query word.
bool is_stop_word(std::string_view primary_lang, std::string_view term);

// For words of the unigram scripts, where the dictionary's word boundaries decide what a "word"
// is: also true for a Korean question word or pronoun with its ending ("얼마인가요", "저는") and
// for a Chinese word made of two or more stop words ("我的", "是什么").
bool is_stop_compound(std::string_view primary_lang, std::string_view term);

// How strongly `term` marks `primary_lang` (used by the Latin-script language vote): 0 when the
// word is not in that language's list.
int language_marker_weight(std::string_view primary_lang, std::string_view term);

// Languages that have a stop list.
const char *const *stop_word_languages();

}  // namespace faqlite::analysis
