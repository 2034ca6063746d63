// Analyzer properties beyond the golden files: language detection, stop-list hygiene, the ASCII
// fast path against ICU, offset invariants on generated text, and fingerprint contents.
#include <catch2/catch.hpp>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/analyzer.hpp"
#include "analysis/language.hpp"
#include "analysis/normalizer.hpp"
#include "analysis/stopwords.hpp"
#include "analysis/utf.hpp"

using namespace faqlite::analysis;

namespace {

std::vector<std::string> split(const std::string &s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  return out;
}

std::vector<std::string> terms_of(Analyzer &a, const std::string &text) {
  std::vector<Token> toks;
  a.tokens(text, toks);
  std::vector<std::string> out;
  for (const auto &t : toks) out.push_back(t.term);
  return out;
}

bool is_continuation_byte(const std::string &s, int at) {
  return at < static_cast<int>(s.size()) && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80;
}

// A small deterministic generator (no <random> distribution differences across libraries).
struct Lcg {
  unsigned long long state;
  unsigned next(unsigned n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>((state >> 33) % n);
  }
};

}  // namespace

TEST_CASE("language detection on short questions", "[analysis][language]") {
  std::ifstream in(std::string(FAQLITE_TEST_DATA) + "/golden/detect.tsv");
  REQUIRE(in.good());
  const std::vector<std::string> all = {"en", "es", "de", "fr", "pt", "ru", "ar", "zh", "ja"};
  std::string line;
  int n = 0, checked = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    auto cols = split(line, '\t');
    REQUIRE(cols.size() >= 2);
    std::vector<std::string> candidates = cols.size() > 2 ? split(cols[2], ',') : all;
    INFO("detect.tsv:" << n << " \"" << cols[1] << "\"");
    CHECK(detect_language(cols[1], candidates, "en") == cols[0]);
    ++checked;
  }
  CHECK(checked >= 50);
}

TEST_CASE("language detection only chooses Latin languages present in the index",
          "[analysis][language]") {
  CHECK(detect_language("¿cuánto gana un gerente?", {"en", "pt"}, "en") == "pt");
  CHECK(detect_language("wie viel verdient man", {"fr", "en"}, "fr") != "de");
  CHECK(detect_language("", {"en", "es"}, "es") == "es");
}

TEST_CASE("stop lists never contain domain words", "[analysis][stopwords]") {
  const std::vector<std::pair<std::string, std::vector<std::string>>> domain = {
      {"en",
       {"salary", "mba", "skills", "travel", "remote", "commission", "manager", "pay", "work",
        "job", "make", "earn", "cost", "price", "time", "long"}},
      {"es",
       {"salario", "sueldo", "mba", "habilidades", "viajar", "remoto", "comision", "gerente",
        "gana", "trabajo", "ganar"}},
      {"pt",
       {"salario", "mba", "habilidades", "viajar", "remoto", "comissao", "gerente", "ganha",
        "trabalho", "nao"}},
      {"de",
       {"gehalt", "mba", "fahigkeiten", "reisen", "remote", "provision", "verdient", "arbeit",
        "nicht"}},
      {"fr",
       {"salaire", "mba", "competences", "voyager", "teletravail", "commission", "gagne", "travail",
        "pas"}},
      {"ru", {"зарплата", "mba", "навыки", "командировки", "опыт", "зарабатывает"}},
      {"ar", {"الراتب", "راتب", "ماجستير", "السفر", "مهارات", "خبره"}},
      {"zh", {"工资", "年薪", "技能", "出差", "经验", "工作", "地址"}},
      {"ja", {"給料", "年収", "スキル", "出張", "経験", "必要", "仕事"}},
      {"ko", {"연봉", "기술", "출장", "경험", "필요"}},
      {"th", {"เงินเดือน", "ทักษะ", "เดินทาง", "ประสบการณ์"}},
      {"tr", {"maas", "beceri", "seyahat", "deneyim"}},
  };
  for (const auto &[lang, words] : domain) {
    for (const auto &w : words) {
      INFO(lang << ": " << w);
      CHECK_FALSE(is_stop_word(lang, w));
      CHECK_FALSE(is_stop_compound(lang, w));
    }
  }
}

TEST_CASE("negations carry intent and are never stop words", "[analysis][stopwords]") {
  const std::vector<std::pair<std::string, std::vector<std::string>>> neg = {
      {"en", {"not", "no", "without"}},
      {"es", {"no", "sin"}},
      {"pt", {"nao", "sem"}},
      {"de", {"nicht", "ohne", "kein"}},
      {"fr", {"pas", "sans", "ne"}},
      {"ru", {"не", "нет", "без"}},
      {"ar", {"لا", "لم", "بدون"}},
      {"zh", {"不", "没", "没有"}},
      {"ja", {"ない", "なし"}},
      {"ko", {"없다", "안"}},
      {"th", {"ไม่"}},
      {"tr", {"yok", "degil"}},
  };
  for (const auto &[lang, words] : neg)
    for (const auto &w : words) {
      INFO(lang << ": " << w);
      CHECK_FALSE(is_stop_compound(lang, fold_utf8(w)));
    }
}

TEST_CASE("stop words are flagged only in query mode", "[analysis][stopwords]") {
  Analyzer a("en");
  for (const Word &w : a.words("what is the salary", false)) CHECK_FALSE(w.stop);
  auto q = a.words("what is the salary", true);
  REQUIRE(q.size() == 4);
  CHECK(q[0].stop);
  CHECK(q[1].stop);
  CHECK(q[2].stop);
  CHECK_FALSE(q[3].stop);
}

TEST_CASE("stop flags of another language are added with the dictionary rules",
          "[analysis][stopwords]") {
  // A Japanese question analyzed by an English analyzer (the entry's language) still gets the
  // Japanese flags, including the rule for kana the dictionary could not segment.
  Analyzer en("en");
  std::vector<Word> words = en.words("ひらがなを書く", true);
  Analyzer::add_stop_flags(words, "ja");
  std::vector<std::string> stops;
  for (const Word &w : words)
    if (w.stop) stops.push_back(w.norm);
  CHECK(stops == std::vector<std::string>{"を"});
  // Flags are only added, never cleared.
  std::vector<Word> mixed = en.words("what 给料", true);
  Analyzer::add_stop_flags(mixed, "zh");
  REQUIRE(mixed.size() >= 2);
  CHECK(mixed[0].stop);  // "what", flagged by the English analyzer
  for (size_t i = 1; i < mixed.size(); ++i) CHECK_FALSE(mixed[i].stop);
}

TEST_CASE("question words of every language with a list are stop words", "[analysis][stopwords]") {
  const std::vector<std::pair<std::string, std::vector<std::string>>> q = {
      {"en", {"what", "how", "much", "which", "where", "when", "why"}},
      {"es", {"que", "cuanto", "cual", "como", "donde", "cuando", "necesito"}},
      {"pt", {"que", "quanto", "qual", "como", "onde", "quando", "preciso"}},
      {"de", {"was", "wie", "viel", "welche", "wo", "wann", "warum", "brauche"}},
      {"fr", {"que", "quoi", "combien", "comment", "ou", "quand", "pourquoi", "quel", "besoin"}},
      {"ru", {"что", "сколько", "какой", "как", "где", "когда", "почему", "ли"}},
      {"ar", {"ما", "ماذا", "كم", "هل", "كيف", "اين", "متي", "لماذا"}},
      {"zh", {"什么", "怎么", "多少", "吗", "呢", "哪些", "如何", "为什么"}},
      {"ja", {"です", "ですか", "ますか", "でしょうか", "どのくらい", "何", "どう", "いくら"}},
      {"ko", {"무엇", "뭐", "어떻게", "얼마", "얼마나", "왜", "언제", "어디"}},
      {"th", {"อะไร", "อย่างไร", "เท่าไหร่", "ไหม", "ทำไม", "ที่ไหน"}},
  };
  for (const auto &[lang, words] : q)
    for (const auto &w : words) {
      INFO(lang << ": " << w);
      CHECK(is_stop_word(lang, fold_utf8(w)));
    }
}

TEST_CASE("the ASCII fast path agrees with ICU NFKC case folding", "[analysis][normalizer]") {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2 *nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(st);
  REQUIRE(U_SUCCESS(st));
  std::vector<std::string> words = {"Hello",  "MBA",   "don't",    "e",       "x1",
                                    "ABC123", "u.s.a", "iPhone15", "O'Neill", "_x_"};
  std::string all;
  for (int c = 0x21; c < 0x7F; ++c) all += static_cast<char>(c);
  words.push_back(all);
  for (const auto &w : words) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(w);
    icu::UnicodeString ref = nfkc_cf->normalize(u, st);
    REQUIRE(U_SUCCESS(st));
    std::string expected;
    ref.toUTF8String(expected);
    NormalizedWord n = normalize_word(u, dominant_script(u));
    INFO(w);
    CHECK(n.cased == expected);
    CHECK(n.folded == expected);
  }
  // Turkish casing leaves the fast path for a capital I only.
  icu::UnicodeString upper = icu::UnicodeString::fromUTF8("ILIK");
  CHECK(normalize_word(upper, USCRIPT_LATIN, true).cased == "\xC4\xB1l\xC4\xB1k");  // ılık
  CHECK(normalize_word(upper, USCRIPT_LATIN, false).cased == "ilik");
}

TEST_CASE("offsets and terms keep their invariants on generated text", "[analysis][offsets]") {
  // Fragments from many scripts plus the pieces that break naive tokenizers: marks, joiners,
  // emoji sequences, separators inside numbers, apostrophes, hyphens and invalid bytes.
  const std::vector<std::string> frags = {"word",
                                          "Straße",
                                          "l'",
                                          "d’",
                                          "don't",
                                          "-",
                                          "‐",
                                          "e-mail",
                                          "100",
                                          ",",
                                          ".",
                                          "000",
                                          " ",
                                          "\xC2\xA0",
                                          "\xE2\x80\xAF",
                                          "3,5",
                                          "%",
                                          "$",
                                          "€",
                                          "東京",
                                          "の",
                                          "ﾊﾟ",
                                          "ｰ",
                                          "ー",
                                          "コンピュータ",
                                          "비밀번호를",
                                          "\xE1\x84\x92\xE1\x85\xA1",
                                          "ฉันจะ",
                                          "ที่",
                                          "ำ",
                                          "مَدْرَسَة",
                                          "١٢٣",
                                          "٬",
                                          "ёлка",
                                          "й",
                                          "\xCC\x81",
                                          "ΣΊΣΥΦΟΣ",
                                          "हिन्दी",
                                          "👍🏽",
                                          "👨‍👩‍👧",
                                          "🇯🇵",
                                          "\xE2\x80\x8D",
                                          "\xC2\xAD",
                                          "\xFF",
                                          "\xC3",
                                          "\xE2\x82",
                                          "\xF0\x9F",
                                          "İ",
                                          "I",
                                          "ı",
                                          "U.S.A.",
                                          "ＡＢＣ",
                                          "１２３",
                                          "𠀀",
                                          "𝐇",
                                          "?",
                                          "¿",
                                          "\t",
                                          "\n",
                                          "'",
                                          "’",
                                          "'s",
                                          "12",
                                          "\xEF\xBE\x9E"};
  for (const char *lang : {"en", "fr", "de", "tr", "ja", "zh", "ar", "ru", "th", "ko", "und"}) {
    Analyzer a(lang);
    Lcg rng{static_cast<unsigned long long>(lang[0]) * 7919 + lang[1]};
    for (int iter = 0; iter < 300; ++iter) {
      std::string text;
      const unsigned n = 1 + rng.next(12);
      for (unsigned i = 0; i < n; ++i) text += frags[rng.next(static_cast<unsigned>(frags.size()))];
      const bool valid = is_valid_utf8(text);
      INFO("[" << lang << "] text bytes: " << text.size() << " \"" << text << "\"");

      std::vector<Word> words = a.words(text, true);
      int prev_end = 0;
      for (const Word &w : words) {
        CHECK(w.start >= prev_end);
        CHECK(w.start < w.end);
        CHECK(w.end <= static_cast<int>(text.size()));
        CHECK_FALSE(w.norm.empty());
        CHECK(w.norm.find(' ') == std::string::npos);
        if (valid) {
          CHECK_FALSE(is_continuation_byte(text, w.start));
          CHECK_FALSE(is_continuation_byte(text, w.end));
        }
        int piece_end = w.start;
        for (const Piece &p : w.pieces) {
          CHECK(p.start >= piece_end);
          CHECK(p.start < p.end);
          CHECK(p.end <= w.end);
          CHECK_FALSE(p.term.empty());
          piece_end = p.end;
        }
        CHECK(w.unigram == !w.pieces.empty());
        for (const auto &s : w.stems) CHECK((s.size() > 1 && s[0] == kStemPrefix));
        for (const auto &v : w.variants) CHECK((!v.empty() && v[0] != kStemPrefix));
        prev_end = w.end;
      }

      // The same analyzer gives the same terms again (no state left from the previous text),
      // and a fresh one agrees.
      std::vector<std::string> first = terms_of(a, text), again = terms_of(a, text);
      CHECK(first == again);
      // tokens() (the FTS5 path) and words() + word_tokens() (the query path) agree, offsets too.
      std::vector<Token> direct, via_words;
      a.tokens(text, direct);
      for (const Word &w : a.words(text, false)) Analyzer::word_tokens(w, via_words);
      REQUIRE(direct.size() == via_words.size());
      for (size_t i = 0; i < direct.size(); ++i) {
        CHECK(direct[i].term == via_words[i].term);
        CHECK(direct[i].start == via_words[i].start);
        CHECK(direct[i].end == via_words[i].end);
        CHECK(direct[i].colocated == via_words[i].colocated);
      }
      Analyzer fresh(lang);
      CHECK(terms_of(fresh, text) == first);
    }
  }
}

TEST_CASE("surfaces re-analyzed alone give the same term", "[analysis][offsets]") {
  // What a highlight covers is what matched: analyzing a word's own surface gives its term.
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"fr",
       "L'entreprise d’un client: 100\xE2\x80\xAF"
       "000 € et 3,5 % aujourd'hui."},
      {"en", "The manager's e-mail, U.S.A. state-of-the-art ＡＢＣ１２３ naïve 👍🏽 ok"},
      {"ja", "ﾊﾟｽﾜｰﾄﾞを変更するにはどうすればいいですか"},
      {"ar", "كَلِمَة ١٠٠٬٠٠٠ ريال"},
      {"ru", "Ёлка молоко́ 100 000 ₽"},
      {"tr", "İstanbul IŞIK"},
      {"de", "Größe der E-Mail-Adresse"},
  };
  for (const auto &[lang, text] : texts) {
    Analyzer a(lang);
    for (const Word &w : a.words(text, false)) {
      std::string surface = text.substr(w.start, w.end - w.start);
      auto again = a.words(surface, false);
      INFO("[" << lang << "] " << surface);
      REQUIRE(again.size() == 1);
      CHECK(again[0].norm == w.norm);
      CHECK(again[0].stems == w.stems);
    }
  }
}

TEST_CASE("the fingerprint names the analysis version and the libraries", "[analysis]") {
  const std::string &fp = Analyzer::fingerprint();
  CHECK(fp.find("faqlite-analysis/") == 0);
  CHECK(fp.find("icu/") != std::string::npos);
  CHECK(fp.find("unicode/") != std::string::npos);
  CHECK(fp.find("snowball/") != std::string::npos);
  CHECK(&fp == &Analyzer::fingerprint());
}
