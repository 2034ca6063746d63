// The two matchers agree: {"matcher": "lists"} (cached phrase lists with MaxScore skipping, the
// default) and {"matcher": "fts5"} (one FTS5 statement with faqlite_collect(), the reference) must
// give byte-identical result JSON for every question, on the bundled corpus, on a synthetic corpus
// large enough for MaxScore to skip rows, and across writes that must invalidate the lists the
// session caches.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "test_helpers.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char *kFts5 = R"({"matcher": "fts5"})";

// The result JSON text exactly as faqlite_result_json() writes it, or "ERROR rc: message".
std::string ask_raw(faqlite_engine *e, const std::string &q, const std::string &opts) {
  faqlite_result *r = nullptr;
  const int rc = faqlite_ask(e, q.data(), static_cast<long>(q.size()),
                             opts.empty() ? nullptr : opts.c_str(), &r);
  if (rc != FAQLITE_OK)
    return "ERROR " + std::to_string(rc) + ": " + std::string(faqlite_last_error());
  const char *text = faqlite_result_json(r);
  std::string out = text ? text : "ERROR: no result JSON";
  faqlite_result_free(r);
  return out;
}

bool is_error(const std::string &raw) {
  return raw.rfind("ERROR", 0) == 0;
}

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string &name) : path(test::temp_path(name)) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
};

// Two engines on one index file: the reference and the default (lists) matcher.
struct SharedPair {
  TempDir dir;
  std::string db;
  test::Engine ref, lists;
  explicit SharedPair(const std::string &name)
      : dir(name), db((dir.path / "index.db").string()), ref(db, kFts5), lists(db) {
    REQUIRE(ref.e);
    REQUIRE(lists.e);
  }
};

// One question asked of both engines.
struct Asked {
  std::string question, options, fts5, lists;
};

// Asks both engines and collects the questions where they disagree; report() fails the test
// case with the first few of them, both JSON texts in full.
struct Comparer {
  faqlite_engine *ref, *lists;
  size_t asked = 0, with_answers = 0;
  std::vector<Asked> differ, errors;

  Comparer(faqlite_engine *r, faqlite_engine *l) : ref(r), lists(l) {}

  // Returns the reference JSON.
  std::string compare(const std::string &q, const json &options) {
    const std::string opts = options.dump();
    Asked a{q, opts, ask_raw(ref, q, opts), ask_raw(lists, q, opts)};
    ++asked;
    if (is_error(a.fts5) || is_error(a.lists))
      errors.push_back(a);
    else if (a.fts5 != a.lists)
      differ.push_back(a);
    else if (a.fts5.find("\"answers\":[]") == std::string::npos)
      ++with_answers;
    return a.fts5;
  }

  void report(const std::string &what) {
    INFO(what << " (so far " << asked << " questions asked of both matchers, " << with_answers
              << " of them with answers)");
    for (size_t i = 0; i < differ.size() && i < 5; ++i)
      FAIL_CHECK("the matchers disagree\nquestion: "
                 << differ[i].question << "\noptions:  " << differ[i].options
                 << "\nfts5:  " << differ[i].fts5 << "\nlists: " << differ[i].lists);
    for (size_t i = 0; i < errors.size() && i < 5; ++i)
      FAIL_CHECK("an ask failed\nquestion: " << errors[i].question << "\noptions:  "
                                             << errors[i].options << "\nfts5:  " << errors[i].fts5
                                             << "\nlists: " << errors[i].lists);
    CHECK(differ.size() == 0);
    CHECK(errors.size() == 0);
    differ.clear();
    errors.clear();
  }
};

std::vector<json> eval_questions() {
  return test::eval_items();
}

// Hand-written questions: CJK, misspelled, stop words only, punctuation only, FTS5 syntax,
// mixed scripts, other languages. Each is asked with and without a language.
struct Hand {
  const char *question, *lang;
};
const std::vector<Hand> &hand_questions() {
  static const std::vector<Hand> q = {
      {"国际销售经理的薪水", "zh"},
      {"国际销售经理的薪水是多少", "zh"},
      {"需要出差吗", "zh"},
      {"薪水", "zh"},
      {"海外営業マネージャーの年収はいくら？", "ja"},
      {"在宅勤務はできますか", "ja"},
      {"出張は多いですか", "ja"},
      {"東京都の天気予報を確認するには", "ja"},
      {"how mutch dose an internatinal sales manger earn", "en"},
      {"wat skils do i ned", "en"},
      {"resposibilites of the jbo", "en"},
      {"salery", "en"},
      {"¿necesito un MBAA?", "es"},
      {"cuanto gana un gerente de ventas internacionales", "es"},
      {"Gehallt eines internationalen Vertriebsleiters", "de"},
      {"сколько зарабатывает менеджер по международным продажам", "ru"},
      {"كم راتب مدير المبيعات الدولية؟", "ar"},
      {"quel est le salaire moyen", "fr"},
      {"o salário é bom?", "pt"},
      {"what is the of and to it", "en"},
      {"is it", "en"},
      {"de la el que y", "es"},
      {"der die das und", "de"},
      {"的 了 是", "zh"},
      {"?", "en"},
      {"", "en"},
      {"   ", "en"},
      {"!!! ... ???", "en"},
      {"…", "en"},
      {"salary 薪水 зарплата راتب", "en"},
      {"salary salary salary salary salary", "en"},
      {"\"median salary\"", "en"},
      {"salary AND NOT travel OR mba", "en"},
      {"NEAR(salary travel, 2)", "en"},
      {"sal* trav*", "en"},
      {"answer: salary", "en"},
      {"(((", "en"},
      {"100,000 12 years 2024", "en"},
      {"quanto guadagna un responsabile vendite internazionali?", "it"},
      {"mba", "ja"},
      {"salary", "fr"},
      {"how much does an international sales manager earn and do they travel a lot and is an "
       "MBA needed and what are the skills and what is a day like and can I work from home",
       "en"},
  };
  return q;
}

// Conversation turns: context (oldest first) and the follow-up.
struct Turn {
  std::vector<std::string> context;
  const char *question, *lang;
};
const std::vector<Turn> &turns() {
  static const std::vector<Turn> t = {
      {{"how much does an international sales manager earn?"}, "and for seniors?", "en"},
      {{"what does a junior do?"}, "and after 12 years?", "en"},
      {{"is there a lot of travel?", "what skills do I need?", "how much do they make?"},
       "and at the top?",
       "en"},
      {{"国际销售经理的薪水"}, "高级的呢？", "zh"},
      {{"¿cuánto gana un gerente de ventas internacionales?"}, "¿y los principiantes?", "es"},
      {{"what does the morning look like?"}, "and the afternoon?", "en"},
      {{"?"}, "and for seniors?", "en"},
      {{"salary"}, "", "en"},
  };
  return t;
}

// A small deterministic generator (splitmix64): the same corpus on every platform.
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed) {}
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  bool chance(double p) { return unit() < p; }
};

// A vocabulary for one synthetic language and its word frequencies: rank 0 is in most entries,
// ranks 1..4 in about a third, ranks 5..59 in a few percent (the words that fill the kept rows,
// so that the rows holding only frequent words can be skipped), the rest a tail that thins out.
struct Lexicon {
  std::vector<std::string> words;
  std::string joiner;  // between words: " " or "" (Chinese)

  size_t pick(Rng &r) const {
    const double u = r.unit();
    if (u < 0.06) return 1 + r.below(4);
    if (u < 0.18) return 5 + r.below(55);
    const double v = r.unit();
    return 60 + static_cast<size_t>(v * v * static_cast<double>(words.size() - 60));
  }
  // `n` words for one field, the most frequent word first half the time when `frequent`.
  std::string field(Rng &r, size_t n, bool frequent) const {
    std::vector<size_t> picked;
    if (frequent && r.chance(0.5)) picked.push_back(0);
    while (picked.size() < n) picked.push_back(pick(r));
    // Now and then a word twice (term frequency 2 in the column).
    if (r.chance(0.2)) picked.push_back(picked[r.below(picked.size())]);
    std::string out;
    for (size_t i = 0; i < picked.size(); ++i) {
      if (i) out += joiner;
      out += words[picked[i]];
    }
    return out;
  }
};

Lexicon pseudo_lexicon(const std::vector<std::string> &syllables, const std::string &suffix,
                       uint64_t seed, size_t n) {
  Lexicon lex;
  lex.joiner = " ";
  Rng r(seed);
  std::set<std::string> seen;
  while (lex.words.size() < n) {
    std::string w;
    const size_t parts = 2 + r.below(2);
    for (size_t i = 0; i < parts; ++i) w += syllables[r.below(syllables.size())];
    if (!suffix.empty() && r.chance(0.15)) w += suffix;
    if (seen.insert(w).second) lex.words.push_back(w);
  }
  return lex;
}

Lexicon chinese_lexicon() {
  Lexicon lex;
  lex.joiner = "";
  lex.words = {"销售", "经理", "客户", "市场", "公司", "产品", "团队", "经验", "技能", "培训",
               "出差", "合同", "谈判", "语言", "管理", "工作", "时间", "目标", "预算", "报告",
               "会议", "服务", "质量", "价格", "订单", "物流", "出口", "进口", "汽车", "电脑",
               "银行", "学校", "医院", "城市", "国家", "文化", "历史", "音乐", "电影", "天气",
               "朋友", "家庭", "孩子", "老师", "学生", "问题", "方法", "机会", "能力", "责任",
               "计划", "项目", "系统", "网络", "数据", "安全", "环境", "健康", "运动", "旅游",
               "飞机", "火车", "酒店", "餐厅", "咖啡", "茶叶", "水果", "蔬菜", "衣服", "手机"};
  return lex;
}

json synthetic_entry(Rng &r, const Lexicon &lex, const std::string &id, size_t i) {
  json e = {{"id", id}};
  const size_t kind = r.below(10);
  if (kind < 8) {
    e["question"] = lex.field(r, 3 + r.below(5), true);
    json alts = json::array();
    const size_t n_alts = r.below(4);
    for (size_t a = 0; a < n_alts; ++a) alts.push_back(lex.field(r, 2 + r.below(4), true));
    if (!alts.empty()) e["alternates"] = alts;
  } else if (kind == 8) {
    e["kind"] = "chitchat";
    e["question"] = lex.field(r, 2 + r.below(2), false);
  }  // else a passage: no question
  e["answer"] = lex.field(r, 8 + r.below(30), true);
  if (r.chance(0.6)) e["title"] = lex.field(r, 1 + r.below(3), false);
  e["section"] = lex.words[5 + i % 12];
  if (r.chance(0.5)) {
    json tags = json::array();
    const size_t n_tags = 1 + r.below(3);
    for (size_t t = 0; t < n_tags; ++t) tags.push_back(lex.words[r.below(lex.words.size())]);
    e["tags"] = tags;
  }
  return e;
}

// The entries of one synthetic language; every 37th entry repeats the one before under another id
// (exact ties, broken by row order in both matchers).
std::vector<json> synthetic_entries(const Lexicon &lex, const std::string &prefix, size_t n,
                                    uint64_t seed) {
  Rng r(seed);
  std::vector<json> out;
  for (size_t i = 0; i < n; ++i) {
    const std::string id = prefix + "-" + std::to_string(i);
    if (i % 37 == 36) {
      json copy = out.back();
      copy["id"] = id;
      out.push_back(copy);
    } else {
      out.push_back(synthetic_entry(r, lex, id, i));
    }
  }
  return out;
}

// Questions that mix one very frequent word with rarer ones, and a few other shapes.
std::vector<std::string> synthetic_questions(const Lexicon &lex, size_t n, uint64_t seed,
                                             const std::string &filler) {
  Rng r(seed);
  auto mid = [&] { return lex.words[5 + r.below(55)]; };
  auto rare = [&] { return lex.words[60 + r.below(lex.words.size() - 60)]; };
  auto freq = [&] { return lex.words[r.below(5)]; };
  const std::string &j = lex.joiner;
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    std::string q;
    switch (i % 9) {
      case 0:
        q = lex.words[0] + j + mid();
        break;
      case 1:
        q = lex.words[0] + j + mid() + j + mid();
        break;
      case 2:
        q = lex.words[0] + j + rare() + j + mid();
        break;
      case 3:
        q = freq() + j + freq() + j + mid();
        break;
      case 4:
        q = lex.words[0] + j + lex.words[1] + j + lex.words[2];
        break;
      case 5:
        q = mid() + j + mid() + j + mid() + j + lex.words[0] + j + rare();
        break;
      case 6:
        q = filler + j + lex.words[0] + j + mid() + "?";
        break;
      case 7:
        q = lex.words[0];
        break;
      default: {
        // A misspelled mid word (one letter dropped) next to the frequent one.
        std::string w = mid();
        if (j == " " && w.size() > 5) w.erase(2, 1);
        q = lex.words[0] + j + w + j + mid();
      }
    }
    out.push_back(q);
  }
  return out;
}

void write_text(const fs::path &p, const std::string &text) {
  std::ofstream f(p, std::ios::binary);
  f << text;
  REQUIRE(f.good());
}

bool has_answer(const std::string &raw, const std::string &id, const std::string &lang = "") {
  json j = json::parse(raw);
  for (const auto &a : j["answers"])
    if (a["id"] == id && (lang.empty() || a["lang"] == lang)) return true;
  return false;
}

std::string top_of(const std::string &raw) {
  return test::top_id(json::parse(raw));
}

void index_ok(faqlite_engine *e, const std::string &path) {
  const int rc = test::index_path(e, path);
  INFO("indexing " << path << ": " << faqlite_last_error());
  REQUIRE(rc == FAQLITE_OK);
}

}  // namespace

TEST_CASE("lists and fts5 matchers agree on the bundled corpus", "[list_matcher]") {
  SharedPair p("lm-corpus");
  index_ok(p.lists, FAQLITE_CORPUS_DIR);
  Comparer c(p.ref, p.lists);

  std::vector<json> items = eval_questions();
  REQUIRE(items.size() >= 300);
  // The main form of each question, kept for the warm-cache pass and the threads below.
  std::vector<std::pair<std::string, std::string>> main_asks;
  std::vector<std::string> main_ref;
  for (const auto &item : items) {
    const std::string q = item["query"].get<std::string>();
    json opts = {{"k", 10}, {"explain", true}};
    if (item.contains("context")) opts["context"] = item["context"];
    json with_lang = opts;
    with_lang["lang"] = item["lang"];
    main_asks.emplace_back(q, with_lang.dump());
    main_ref.push_back(c.compare(q, with_lang));
    c.compare(q, opts);  // the language detected
    json few = {{"k", 1}, {"lang", item["lang"]}};
    json many = {{"k", 50}, {"lang", item["lang"]}};
    c.compare(q, few);
    c.compare(q, many);
    if (item.contains("context")) c.compare(q, json{{"k", 10}, {"explain", true}});
  }
  c.report("eval questions, cold cache");
  REQUIRE(c.with_answers > items.size());

  for (const auto &h : hand_questions()) {
    c.compare(h.question, json{{"k", 10}, {"explain", true}, {"lang", h.lang}});
    c.compare(h.question, json{{"k", 10}, {"explain", true}});
    c.compare(h.question, json{{"k", 3}, {"lang", h.lang}, {"threshold", 0}});
  }
  for (const auto &t : turns()) {
    c.compare(t.question,
              json{{"k", 10}, {"explain", true}, {"lang", t.lang}, {"context", t.context}});
    c.compare(t.question, json{{"k", 10}, {"explain", true}, {"context", t.context}});
  }
  // A filter takes the FTS5 path in both engines; asking it must not upset the lists engine's
  // cache for the questions after it.
  c.compare("how much do they make", json::parse(R"({"k": 10, "filters": {"kind": "faq"}})"));
  c.compare("how much do they make", json::parse(R"({"k": 10, "filters": {"section": "Salary"}})"));
  c.compare("how much do they make", json{{"k", 10}, {"explain", true}});
  c.report("hand-written questions");

  // The same questions again: the lists engine now serves them from its cached lists.
  for (size_t i = 0; i < main_asks.size(); ++i) {
    const std::string again = ask_raw(p.lists, main_asks[i].first, main_asks[i].second);
    if (again != main_ref[i])
      c.differ.push_back({main_asks[i].first, main_asks[i].second, main_ref[i], again});
  }
  c.report("eval questions, warm cache");

  // Two threads, each with its own session and cache, asking the same questions in opposite
  // orders. Catch2 assertions are not thread-safe: each thread only records.
  std::vector<std::vector<size_t>> wrong(2);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 2; ++t)
    threads.emplace_back([&, t] {
      for (size_t n = 0; n < main_asks.size(); ++n) {
        const size_t i = t == 0 ? n : main_asks.size() - 1 - n;
        if (ask_raw(p.lists, main_asks[i].first, main_asks[i].second) != main_ref[i])
          wrong[t].push_back(i);
      }
    });
  for (auto &th : threads) th.join();
  for (const auto &w : wrong)
    for (size_t k = 0; k < w.size() && k < 3; ++k)
      FAIL_CHECK("a thread's answer differs from fts5\nquestion: "
                 << main_asks[w[k]].first << "\noptions:  " << main_asks[w[k]].second
                 << "\nfts5:  " << main_ref[w[k]]
                 << "\nlists: " << ask_raw(p.lists, main_asks[w[k]].first, main_asks[w[k]].second));
  REQUIRE(wrong[0].empty());
  REQUIRE(wrong[1].empty());
}

TEST_CASE("lists and fts5 matchers agree where MaxScore skips rows", "[list_matcher]") {
  TempDir dir("lm-synthetic");
  const fs::path corpus = dir.path / "corpus";
  fs::create_directories(corpus);

  const Lexicon en =
      pseudo_lexicon({"ka",  "lo",  "mi",  "nu",  "re",  "so",  "ti",  "va",  "zel", "dor",
                      "fin", "gar", "hum", "jex", "kor", "lum", "mox", "pra", "qui", "ruv"},
                     "", 11, 700);
  const Lexicon es = pseudo_lexicon({"ta", "ro", "mes", "lin", "ca", "bu", "dé", "fo", "gal", "ño",
                                     "pe", "sa", "ver", "zu", "lí", "mon"},
                                    "ción", 12, 400);
  const Lexicon zh = chinese_lexicon();

  // English: a JSON document with synonym sets (one of them a two-word phrase).
  // Among them, spread through the rows, 80 entries with the same text under different ids: a
  // question about them has more exact ties than rows kept, so which tied rows are kept (the
  // first in row order) shows in the answers.
  std::vector<json> en_entries;
  const std::string same_q = en.words[20] + " " + en.words[33] + " " + en.words[400];
  const std::string same_a = en.words[0] + " " + en.words[400] + " " + en.words[20];
  for (json &e : synthetic_entries(en, "en", 3200, 21)) {
    en_entries.push_back(std::move(e));
    if (en_entries.size() % 41 == 40)
      en_entries.push_back({{"id", "en-same-" + std::to_string(en_entries.size())},
                            {"question", same_q},
                            {"answer", same_a}});
  }
  json en_doc = {{"faqlite", 1},
                 {"name", "synthetic en"},
                 {"lang", "en"},
                 {"fallback", "No answer."},
                 {"synonyms",
                  {{en.words[7], en.words[61], en.words[200]},
                   {en.words[12], en.words[90] + " " + en.words[91]},
                   {en.words[1], en.words[300]}}},
                 {"entries", en_entries}};
  write_text(corpus / "a-en.json", en_doc.dump());
  // Spanish: a JSON document, words with accents.
  json es_doc = {{"faqlite", 1},
                 {"name", "sintético"},
                 {"lang", "es"},
                 {"fallback", "Sin respuesta."},
                 {"synonyms", json::array({json::array({es.words[6], es.words[70]})})},
                 {"entries", synthetic_entries(es, "es", 900, 22)}};
  write_text(corpus / "b-es.json", es_doc.dump());
  // Chinese: JSON Lines, the language on every line.
  std::string zh_lines;
  for (json e : synthetic_entries(zh, "zh", 700, 23)) {
    e["lang"] = "zh";
    zh_lines += e.dump() + "\n";
  }
  write_text(corpus / "c-zh.jsonl", zh_lines);

  const std::string db = (dir.path / "index.db").string();
  test::Engine ref(db, kFts5), lists(db);
  REQUIRE(ref.e);
  REQUIRE(lists.e);
  index_ok(lists, corpus.string());
  char *stats = nullptr;
  REQUIRE(faqlite_stats(lists, &stats) == FAQLITE_OK);
  INFO("stats: " << stats);
  faqlite_free(stats);

  Comparer c(ref, lists);
  struct Set {
    const Lexicon *lex;
    const char *lang, *filler;
    size_t n;
    uint64_t seed;
  };
  const Set sets[] = {{&en, "en", "what is the", 270, 31},
                      {&es, "es", "¿cuál es el", 90, 32},
                      {&zh, "zh", "什么是", 90, 33}};
  for (const Set &s : sets) {
    const std::vector<std::string> qs = synthetic_questions(*s.lex, s.n, s.seed, s.filler);
    for (size_t i = 0; i < qs.size(); ++i) {
      c.compare(qs[i], json{{"k", 10}, {"explain", true}, {"lang", s.lang}});
      if (i % 5 == 0) c.compare(qs[i], json{{"k", 1}, {"lang", s.lang}});
      if (i % 5 == 1) c.compare(qs[i], json{{"k", 50}, {"lang", s.lang}, {"threshold", 0}});
      if (i % 5 == 2) c.compare(qs[i], json{{"k", 10}});
      // Filters: the lists engine ranks only the rows that pass them, faqlite_collect() sees
      // only those; a section keeps a twelfth of the rows, "not passage" most of them.
      if (i % 6 == 0)
        c.compare(qs[i], json{{"k", 10},
                              {"lang", s.lang},
                              {"filters", {{"section", s.lex->words[5 + i % 12]}}}});
      if (i % 14 == 1)
        c.compare(qs[i], json{{"k", 10}, {"filters", {{"not", {{"kind", "passage"}}}}}});
      if (i % 11 == 2) c.compare(qs[i], json{{"k", 10}, {"filters", {{"id", "no-such-entry"}}}});
    }
  }
  // Spanish words asked without their accents (the analyzer folds them).
  for (size_t i = 0; i < 12; ++i) {
    std::string w = es.words[5 + i];
    for (const auto &[accented, plain] :
         {std::pair<std::string, std::string>{"é", "e"}, {"í", "i"}, {"ó", "o"}})
      for (size_t at; (at = w.find(accented)) != std::string::npos;)
        w.replace(at, accented.size(), plain);
    c.compare(es.words[0] + " " + w, json{{"k", 10}, {"explain", true}, {"lang", "es"}});
  }
  // The two-word synonym phrase, and the phrase's own words.
  c.compare(en.words[0] + " " + en.words[90] + " " + en.words[91],
            json{{"k", 10}, {"explain", true}, {"lang", "en"}});
  c.compare(en.words[0] + " " + en.words[12], json{{"k", 10}, {"explain", true}, {"lang", "en"}});
  // The tied entries.
  for (const std::string &q :
       {same_q, en.words[400], en.words[0] + " " + en.words[400], en.words[20] + " " + en.words[33],
        en.words[0] + " " + en.words[20] + " " + en.words[33] + " " + en.words[400]}) {
    c.compare(q, json{{"k", 10}, {"explain", true}, {"lang", "en"}});
    c.compare(q, json{{"k", 1}, {"lang", "en"}});
    c.compare(q, json{{"k", 50}, {"lang", "en"}});
  }
  c.report("synthetic corpus");
  REQUIRE(c.with_answers > 400);
}

namespace {

// The questions asked around every write of the generation test.
const std::vector<std::pair<std::string, std::string>> &generation_questions() {
  static const std::vector<std::pair<std::string, std::string>> q = {
      {"what is the median salary", "en"},
      {"salary range", "en"},
      {"do I have to travel a lot", "en"},
      {"quokka marmalade", "en"},
      {"wombat chutney", "en"},
      {"groom a llama", "en"},
      {"median salary narnia", "en"},
      {"国际销售经理的薪水", "zh"},
      {"需要经常出差吗", "zh"},
      {"¿cuánto gana un gerente de ventas internacionales?", "es"},
  };
  return q;
}

// Asks every generation question of both engines; returns the lists engine's answers.
std::vector<std::string> compare_generation(Comparer &c, const std::string &step) {
  std::vector<std::string> out;
  for (const auto &[q, lang] : generation_questions()) {
    const json opts = {{"k", 10}, {"explain", true}, {"lang", lang}, {"threshold", 0}};
    c.compare(q, opts);
    // The lists engine asked a second time, from its cache.
    out.push_back(ask_raw(c.lists, q, opts.dump()));
  }
  c.report(step);
  return out;
}

// Puts, replaces and deletes entries between questions; `write` runs one write (on one engine of
// a shared index, or on both engines of two private ones).
void generation_scenario(
    Comparer &c, const std::function<void(const std::function<int(faqlite_engine *)> &)> &write) {
  const std::string lists_en = R"({"k": 10, "lang": "en", "threshold": 0})";
  compare_generation(c, "after indexing");

  // A new entry.
  write([](faqlite_engine *e) {
    return faqlite_put(e,
                       R"({"id": "salary-narnia", "lang": "en", "question": "What is the median )"
                       R"(salary in Narnia?", "alternates": ["median salary narnia"], )"
                       R"("answer": "Narnia pays in gold."})",
                       -1, 0);
  });
  auto after = compare_generation(c, "after a put");
  REQUIRE(top_of(after[6]) == "salary-narnia");

  // An entry replaced by unrelated text.
  write([](faqlite_engine *e) {
    return faqlite_put(e,
                       R"({"id": "salary-median", "lang": "en", "question": "How do I groom a )"
                       R"(llama?", "answer": "Gently, with a llama brush."})",
                       -1, 1);
  });
  after = compare_generation(c, "after a replace");
  REQUIRE(top_of(after[5]) == "salary-median");
  REQUIRE(json::parse(after[5])["answers"][0]["question"] == "How do I groom a llama?");

  // An entry deleted in one language, then one deleted in every language.
  REQUIRE(has_answer(ask_raw(c.lists, "salary range", lists_en), "salary-range", "en"));
  write([](faqlite_engine *e) { return faqlite_delete(e, "salary-range", "en"); });
  after = compare_generation(c, "after a delete in one language");
  REQUIRE_FALSE(has_answer(after[1], "salary-range", "en"));
  REQUIRE(has_answer(ask_raw(c.lists, "do I have to travel a lot", lists_en), "travel"));
  write([](faqlite_engine *e) { return faqlite_delete(e, "travel", nullptr); });
  after = compare_generation(c, "after a delete in every language");
  REQUIRE_FALSE(has_answer(after[2], "travel"));
  REQUIRE_FALSE(has_answer(after[8], "travel"));

  // The row of a deleted entry given to the next one: lists cached for the old entry's words
  // must not find the new entry under them.
  write([](faqlite_engine *e) {
    return faqlite_put(
        e, R"({"id": "zz-quokka", "lang": "en", "answer": "quokka marmalade quokka"})", -1, 0);
  });
  after = compare_generation(c, "after a put at the end");
  REQUIRE(top_of(after[3]) == "zz-quokka");
  write([](faqlite_engine *e) { return faqlite_delete(e, "zz-quokka", "en"); });
  write([](faqlite_engine *e) {
    return faqlite_put(e, R"({"id": "zz-wombat", "lang": "en", "answer": "wombat chutney"})", -1,
                       0);
  });
  after = compare_generation(c, "after a delete and a put in its place");
  REQUIRE_FALSE(has_answer(after[3], "zz-quokka"));
  REQUIRE_FALSE(has_answer(after[3], "zz-wombat"));
  REQUIRE(top_of(after[4]) == "zz-wombat");

  // Corpus text, a rebuild, and a replace_all that drops every other language.
  write([](faqlite_engine *e) {
    const std::string text =
        R"({"id": "llama-care", "question": "How often should I groom a llama?", "answer": "Weekly."})"
        "\n"
        R"({"id": "narnia-tax", "question": "Is salary in Narnia taxed?", "answer": "No."})"
        "\n";
    return faqlite_index_text(e, text.data(), static_cast<long>(text.size()), "extra.jsonl",
                              R"({"lang": "en"})");
  });
  compare_generation(c, "after indexing text");
  write([](faqlite_engine *e) { return faqlite_rebuild(e); });
  compare_generation(c, "after a rebuild");
  write([](faqlite_engine *e) {
    return test::index_path(e, std::string(FAQLITE_CORPUS_DIR) + "/en.json",
                            R"({"replace_all": true})");
  });
  after = compare_generation(c, "after replace_all");
  REQUIRE(has_answer(after[1], "salary-range", "en"));  // back from the corpus file
  REQUIRE_FALSE(has_answer(after[6], "salary-narnia"));
  REQUIRE_FALSE(has_answer(after[7], "salary-median", "zh"));
}

}  // namespace

TEST_CASE("writes invalidate the lists engine's cached lists", "[list_matcher]") {
  SECTION("two engines on one index file, writes through either") {
    SharedPair p("lm-generations");
    index_ok(p.lists, FAQLITE_CORPUS_DIR);
    Comparer c(p.ref, p.lists);
    size_t n = 0;
    generation_scenario(c, [&](const std::function<int(faqlite_engine *)> &op) {
      // Alternate: the lists engine must notice writes made through the other engine too.
      faqlite_engine *writer = n++ % 2 ? p.ref.e : p.lists.e;
      const int rc = op(writer);
      INFO("write " << n << ": " << faqlite_last_error());
      REQUIRE(rc == FAQLITE_OK);
    });
  }
  SECTION("two private in-memory engines, the same writes on both") {
    test::Engine ref(":memory:", kFts5), lists(":memory:");
    index_ok(ref, FAQLITE_CORPUS_DIR);
    index_ok(lists, FAQLITE_CORPUS_DIR);
    Comparer c(ref, lists);
    generation_scenario(c, [&](const std::function<int(faqlite_engine *)> &op) {
      REQUIRE(op(ref) == FAQLITE_OK);
      REQUIRE(op(lists) == FAQLITE_OK);
    });
  }
}

TEST_CASE("the matcher option takes \"lists\" or \"fts5\", nothing else", "[list_matcher]") {
  for (const char *good : {R"({"matcher": "lists"})", R"({"matcher": "fts5"})"}) {
    faqlite_engine *e = nullptr;
    INFO(good);
    REQUIRE(faqlite_open(":memory:", good, &e) == FAQLITE_OK);
    REQUIRE(e != nullptr);
    faqlite_close(e);
  }
  for (const char *bad :
       {R"({"matcher": "bogus"})", R"({"matcher": 3})", R"({"matcher": null})",
        R"({"matcher": true})", R"({"matcher": ["lists"]})", R"({"matcher": "LISTS"})",
        R"({"matcher": ""})", R"({"matcher": "fts5 "})"}) {
    INFO(bad);
    static char sentinel;
    faqlite_engine *e = reinterpret_cast<faqlite_engine *>(&sentinel);  // must become NULL
    REQUIRE(faqlite_open(":memory:", bad, &e) == FAQLITE_EINVAL);
    REQUIRE(e == nullptr);
    REQUIRE(faqlite_last_error_code() == FAQLITE_EINVAL);
    REQUIRE(std::strstr(faqlite_last_error(), "matcher") != nullptr);
  }
}
