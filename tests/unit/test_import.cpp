// faqlite_import_text and `faqlite import`: guide documents into corpus JSON.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "test_helpers.hpp"

using nlohmann::json;

namespace {

struct Imported {
  int rc = FAQLITE_ERROR;
  std::string text;  // the corpus JSON as returned
  json corpus;
  json report;
};

Imported import(const std::string &doc, const json &opts = json::object()) {
  char *corpus = nullptr, *report = nullptr;
  std::string o = opts.dump();
  Imported r;
  r.rc =
      faqlite_import_text(doc.data(), static_cast<long>(doc.size()), o.c_str(), &corpus, &report);
  if (corpus) {
    r.text = corpus;
    r.corpus = json::parse(r.text);
  }
  if (report) r.report = json::parse(report);
  faqlite_free(corpus);
  faqlite_free(report);
  return r;
}

std::string read(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fixture(const std::string &name) {
  return read(test::data("import/" + name));
}

// The seed lives beside the repository (shared/seeds), as in CI; the repository root is two
// levels above tests/data.
std::string seed_path() {
  return std::string(FAQLITE_TEST_DATA) +
         "/../../../shared/seeds/international-sales-manager-guide.txt";
}

const json *find_entry(const json &corpus, const std::string &id) {
  for (const auto &e : corpus["entries"])
    if (e["id"] == id) return &e;
  return nullptr;
}

std::vector<json> of_kind(const json &corpus, const std::string &kind) {
  std::vector<json> out;
  for (const auto &e : corpus["entries"])
    if (e["kind"] == kind) out.push_back(e);
  return out;
}

std::vector<std::string> ids(const json &corpus) {
  std::vector<std::string> out;
  for (const auto &e : corpus["entries"]) out.push_back(e["id"].get<std::string>());
  return out;
}

// Words as a reader counts them: tokens with a letter or digit ("-" list marks do not count).
size_t words(const std::string &text) {
  size_t n = 0;
  std::istringstream in(text);
  std::string w;
  while (in >> w)
    if (std::any_of(w.begin(), w.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80);
        }))
      ++n;
  return n;
}

bool any_answer_contains(const json &corpus, const std::string &needle) {
  for (const auto &e : corpus["entries"])
    if (e["answer"].get<std::string>().find(needle) != std::string::npos) return true;
  return false;
}

std::string write_temp(const std::string &name, const std::string &text) {
  std::string path = test::temp_path(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace

TEST_CASE("import: the seed guide gives its sections, its ten FAQ pairs and repaired text",
          "[import][seed]") {
  if (!std::filesystem::exists(seed_path())) {
    WARN("seed guide not found at " << seed_path() << "; test skipped");
    return;
  }
  std::string seed = read(seed_path());
  // The guide's questions, read independently of the importer: its lines that end with "?".
  std::vector<std::string> questions;
  std::istringstream lines(seed);
  for (std::string l; std::getline(lines, l);) {
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.pop_back();
    if (!l.empty() && l.back() == '?') questions.push_back(l);
  }
  REQUIRE(questions.size() == 10);

  Imported a = import(seed, {{"source", "guide.txt"}});
  REQUIRE(a.rc == FAQLITE_OK);
  REQUIRE(a.corpus["lang"] == "en");
  REQUIRE(a.corpus["name"] == "International Sales Manager Career Path Guide");

  std::vector<std::string> faq_questions;
  for (const auto &e : of_kind(a.corpus, "faq")) {
    faq_questions.push_back(e["question"].get<std::string>());
    REQUIRE(e["section"] == "Frequently Asked Questions");
    REQUIRE(!e["answer"].get<std::string>().empty());
  }
  REQUIRE(faq_questions == questions);
  const json *travel = find_entry(a.corpus, "faq-is-extensive-travel-mandatory-for-an");
  REQUIRE(travel);
  REQUIRE((*travel)["answer"].get<std::string>().rfind("While travel remains", 0) == 0);

  std::set<std::string> sections;
  for (const auto &e : a.corpus["entries"]) sections.insert(e["section"].get<std::string>());
  for (const char *s : {"Key Responsibilities", "Work Setting", "Tech Stack", "Market Demand",
                        "Annual Salary (US, USD)", "Global Outlook", "Portfolio Tips"})
    REQUIRE(sections.count(s));
  const json *resp = find_entry(a.corpus, "key-responsibilities");
  REQUIRE(resp);
  REQUIRE((*resp)["answer"].get<std::string>().rfind("- Develop and implement", 0) == 0);

  // The windows-1253 mojibake is repaired, and reported.
  REQUIRE(a.text.find("β€") == std::string::npos);
  REQUIRE(a.text.find("πŸ") == std::string::npos);
  REQUIRE(any_answer_contains(a.corpus, "70,000—130,000"));
  REQUIRE(a.report["repairs"]["by_encoding"]["windows-1253"].get<int>() >= 5);
  REQUIRE(a.report["uncertain"].empty());

  // The subscription plans at the end are page boilerplate, not content.
  REQUIRE(a.report["boilerplate"]["dropped"] == true);
  REQUIRE(!any_answer_contains(a.corpus, "/month"));
  REQUIRE(!any_answer_contains(a.corpus, "Jobicy"));

  for (const auto &e : of_kind(a.corpus, "passage")) {
    INFO(e["id"]);
    REQUIRE(words(e["answer"].get<std::string>()) <= 150);
  }

  // Importing again gives the same output, ids included.
  Imported b = import(seed, {{"source", "guide.txt"}});
  REQUIRE(b.text == a.text);

  // The output passes the checker (warnings only: imported FAQ entries have no alternates) and
  // indexes and answers.
  std::string path = write_temp("seed-import.json", a.text);
  const char *p[] = {path.c_str()};
  char *report = nullptr;
  REQUIRE(faqlite_check_paths(p, 1, nullptr, &report) == FAQLITE_OK);
  REQUIRE(json::parse(report)["errors"] == 0);
  faqlite_free(report);
  std::filesystem::remove(path);
  test::Engine e;
  REQUIRE(faqlite_index_text(e, a.text.data(), static_cast<long>(a.text.size()), "seed", nullptr) ==
          FAQLITE_OK);
  REQUIRE(test::top_id(test::ask(e,
                                 "Is extensive travel mandatory for an International Sales "
                                 "Manager?")) == "faq-is-extensive-travel-mandatory-for-an");
}

TEST_CASE("import: a Markdown help-desk handbook", "[import]") {
  Imported r = import(fixture("helpdesk.md"), {{"source", "helpdesk.md"}});
  REQUIRE(r.rc == FAQLITE_OK);
  REQUIRE(r.report["format"] == "markdown");
  REQUIRE(r.corpus["lang"] == "en");  // from the front matter
  REQUIRE(r.report["lang_detected"] == false);
  REQUIRE(r.corpus["name"] == "Northwind Helpdesk Handbook");

  const json *intro = find_entry(r.corpus, "northwind-helpdesk-handbook");
  REQUIRE(intro);
  std::string intro_text = (*intro)["answer"];
  REQUIRE(intro_text.find("help portal (https://help.northwind.example/handbook)") !=
          std::string::npos);
  REQUIRE(intro_text.find("**") == std::string::npos);
  REQUIRE(!any_answer_contains(r.corpus, "internal note"));

  // Nested headings: the section is the top-level one, the title the entry's own heading.
  const json *rules = find_entry(r.corpus, "password-rules");
  REQUIRE(rules);
  REQUIRE((*rules)["section"] == "Accounts");
  REQUIRE((*rules)["title"] == "Password rules");
  REQUIRE((*rules)["answer"] ==
          "Passwords must follow these rules:\n- At least 12 characters\n- At least one number "
          "and one symbol such as # or !\n- Not one of the last five passwords");
  REQUIRE(r.report["empty_headings"].empty());  // "Accounts" has sub-sections

  // A long section is split at a paragraph boundary into passages within the limit.
  const json *t1 = find_entry(r.corpus, "troubleshooting");
  const json *t2 = find_entry(r.corpus, "troubleshooting-2");
  REQUIRE(t1);
  REQUIRE(t2);
  REQUIRE(find_entry(r.corpus, "troubleshooting-3") == nullptr);
  std::string a1 = (*t1)["answer"], a2 = (*t2)["answer"];
  REQUIRE(words(a1) <= 150);
  REQUIRE(words(a2) <= 150);
  REQUIRE(a1.rfind("When a customer reports", 0) == 0);
  REQUIRE(a1.substr(a1.size() - 8) == "secrets.");
  REQUIRE(a2.rfind("Network problems look different", 0) == 0);
  REQUIRE(a2.find("northwind --diagnose --verbose") != std::string::npos);

  // Question headings and bold question lines become FAQ entries.
  const json *esc = find_entry(r.corpus, "northwind-helpdesk-handbook-how-do-i-escalate-a-ticket");
  REQUIRE(esc);
  REQUIRE((*esc)["kind"] == "faq");
  REQUIRE((*esc)["answer"].get<std::string>().rfind("Assign it to the Tier 2 queue", 0) == 0);
  auto faq = of_kind(r.corpus, "faq");
  REQUIRE(faq.size() == 4);
  REQUIRE(faq[1]["question"] == "Can customers pay by invoice?");
  REQUIRE(faq[1]["answer"] ==
          "Yes, on annual plans. The invoice is sent by e-mail and is due within 30 days.");
  REQUIRE(faq[1]["title"] == "Billing");
  REQUIRE(faq[1]["section"] == "FAQ");
  REQUIRE(faq[2]["question"] == "Can a plan be changed in the middle of a month?");
  REQUIRE(faq[3]["question"] == "Do we offer refunds?");
  REQUIRE(faq[3]["answer"] == "Within 14 days of the first payment, without questions asked.");
}

TEST_CASE("import: a web page saved as text, with mojibake, a banner and a footer", "[import]") {
  std::string doc = fixture("web-export.txt");
  Imported r = import(doc, {{"source", "web-export.txt"}, {"drop", {"(?i)^accept cookies"}}});
  REQUIRE(r.rc == FAQLITE_OK);
  REQUIRE(r.report["format"] == "text");
  REQUIRE(r.corpus["lang"] == "en");
  REQUIRE(r.text.find('\r') == std::string::npos);

  // windows-1252 (with Latin-1 holes), windows-1253 and doubly mis-decoded text are repaired.
  for (const char *good :
       {"Acme Cloud Backup — from the first", "pick “Restore”, and", "the Café Reports folder",
        "You can’t restore", "overwritten’s contents", "showed ’ instead"})
    REQUIRE(any_answer_contains(r.corpus, good));
  for (const char *bad : {"â€”", "Ã©", "â€™", "ðŸ", "β€"})
    REQUIRE(!any_answer_contains(r.corpus, bad));
  REQUIRE(find_entry(r.corpus, "getting-started"));  // "🔒 Getting Started", decoration removed
  REQUIRE(r.report["repairs"]["by_encoding"].contains("windows-1252"));
  REQUIRE(r.report["repairs"]["by_encoding"].contains("windows-1253"));

  // What cannot be decoded with certainty is reported with its line, and left as it was.
  REQUIRE(r.report["uncertain"].size() == 1);
  REQUIRE(r.report["uncertain"][0]["line"] == 23);
  REQUIRE(r.report["uncertain"][0]["text"].get<std::string>().find("â€?") != std::string::npos);
  REQUIRE(any_answer_contains(r.corpus, "shown as \"â€?\""));

  // The user's pattern drops the cookie banner; the subscription footer is recognized.
  REQUIRE(
      r.report["dropped"] ==
      json::parse(
          R"([{"line": 5, "text": "Accept cookies to keep browsing this site", "pattern": "(?i)^accept cookies"}])"));
  REQUIRE(!any_answer_contains(r.corpus, "cookies"));
  const json &bp = r.report["boilerplate"];
  REQUIRE(bp["dropped"] == true);
  REQUIRE(bp["from_line"] == 39);
  REQUIRE(bp["headings"][0] == "Share this article");
  for (const char *m : {"share", "subscription", "price per period", "copyright"})
    REQUIRE(std::find(bp["markers"].begin(), bp["markers"].end(), m) != bp["markers"].end());
  REQUIRE(!any_answer_contains(r.corpus, "$5/month"));
  REQUIRE(!any_answer_contains(r.corpus, "newsletter"));
  REQUIRE(of_kind(r.corpus, "faq").size() == 3);

  Imported kept = import(doc, {{"keep_boilerplate", true}});
  REQUIRE(kept.rc == FAQLITE_OK);
  REQUIRE(kept.report["boilerplate"]["dropped"] == false);
  REQUIRE(any_answer_contains(kept.corpus, "$12/month"));
}

TEST_CASE("import: a Spanish guide with an FAQ section", "[import]") {
  Imported r = import(fixture("guia-es.txt"), {{"id_prefix", "soporte-"}});
  REQUIRE(r.rc == FAQLITE_OK);
  REQUIRE(r.corpus["lang"] == "es");
  REQUIRE(r.report["lang_detected"] == true);
  for (const auto &id : ids(r.corpus)) REQUIRE(id.rfind("soporte-", 0) == 0);
  auto faq = of_kind(r.corpus, "faq");
  REQUIRE(faq.size() == 4);
  for (const auto &e : faq) {
    REQUIRE(e["question"].get<std::string>().rfind("¿", 0) == 0);
    REQUIRE(e["section"] == "Preguntas frecuentes");
  }
  REQUIRE(faq[1]["answer"] ==
          "En España, el sueldo de entrada ronda los 18.000 euros brutos al año.\nCon "
          "experiencia y certificaciones puede superar los 28.000 euros.");
  REQUIRE(find_entry(r.corpus, "soporte-faq-cuánto-gana-un-técnico-de-soporte"));
  // The heading after the last answer ends the FAQ section.
  const json *contact = find_entry(r.corpus, "soporte-contacto");
  REQUIRE(contact);
  REQUIRE((*contact)["kind"] == "passage");
  REQUIRE((*contact)["section"] == "Contacto");
  const json *tasks = find_entry(r.corpus, "soporte-tareas-principales");
  REQUIRE(tasks);
  REQUIRE((*tasks)["answer"].get<std::string>().rfind("- Registrar cada incidencia", 0) == 0);
}

TEST_CASE("import: ids do not move when other parts of the document change", "[import]") {
  std::string doc = fixture("guia-es.txt");
  Imported before = import(doc);
  std::string edited = doc;
  size_t at = edited.find("Preguntas frecuentes");
  REQUIRE(at != std::string::npos);
  edited.insert(at, "Herramientas\n\nSe usan programas de tickets y de acceso remoto.\n\n");
  edited.insert(
      edited.find("Tareas principales"),
      "Un párrafo nuevo antes de las tareas, que cambia todas las líneas siguientes.\n\n");
  Imported after = import(edited);
  REQUIRE(before.rc == FAQLITE_OK);
  REQUIRE(after.rc == FAQLITE_OK);
  std::set<std::string> after_ids;
  for (const auto &id : ids(after.corpus)) after_ids.insert(id);
  for (const auto &id : ids(before.corpus)) {
    INFO(id);
    REQUIRE(after_ids.count(id));
  }
  REQUIRE(after_ids.count("herramientas"));
}

TEST_CASE("import: genuine text that only looks mis-decoded is left alone", "[import]") {
  for (const std::string para :
       {"Die „Straße“ ist lang, das Wort „Fuß“ auch; „Ö“ und „Ü“ sind Umlaute.",
        "C'est voilà\u00A0» disait-il, «\u00A0déjà\u00A0» répondit-elle à la gare de Besançon.",
        "SÃO PAULO e SÃO LUÍS são cidades grandes com muitas empresas de tecnologia.",
        "«ΚΑΛΗΜΕΡΑ ΣΑΣ» και «ΚΑΛΟ ΜΗΝΑ» σε όλους τους φίλους μας εδώ στην πόλη της Αθήνας."}) {
    Imported r = import("Title\n\n" + para + "\n", {{"format", "text"}});
    INFO(para);
    REQUIRE(r.rc == FAQLITE_OK);
    REQUIRE(r.corpus["entries"].size() == 1);
    REQUIRE(r.corpus["entries"][0]["answer"] == para);
    REQUIRE(r.report["repairs"]["characters"] == 0);
  }
}

TEST_CASE("import: input that is not UTF-8 is read as windows-1252", "[import]") {
  std::string doc = "Menu\n\nThe caf\xE9 opens at 8 \x96 every day.\n";
  Imported r = import(doc);
  REQUIRE(r.rc == FAQLITE_OK);
  REQUIRE(r.report["encoding"].get<std::string>().find("windows-1252") != std::string::npos);
  REQUIRE(r.corpus["entries"][0]["answer"] == "The café opens at 8 – every day.");
}

TEST_CASE("import: long sections are split within the limit, lists between items", "[import]") {
  std::string para;
  for (int i = 0; i < 40; ++i)
    para += "Sentence number " + std::to_string(i) + " has exactly eight short words. ";
  std::string list;
  for (int i = 0; i < 30; ++i) list += "- Item " + std::to_string(i) + " of the long list here\n";
  Imported r = import("# Guide\n\n## Prose\n\n" + para + "\n\n## List\n\n" + list,
                      {{"max_passage_words", 60}, {"min_passage_words", 20}});
  REQUIRE(r.rc == FAQLITE_OK);
  size_t prose = 0, lists = 0;
  for (const auto &e : r.corpus["entries"]) {
    std::string a = e["answer"];
    INFO(a);
    REQUIRE(words(a) <= 60);
    REQUIRE(words(a) >= 20);
    if (e["title"] == "Prose") {
      ++prose;
      REQUIRE(a.back() == '.');  // cut at a sentence end
    } else {
      ++lists;
      std::istringstream in(a);
      for (std::string l; std::getline(in, l);) REQUIRE(l.rfind("- Item ", 0) == 0);
    }
  }
  REQUIRE(prose == 6);  // 320 words in passages of at most 60
  REQUIRE(lists >= 3);
}

TEST_CASE("import: options are checked and failures give no output", "[import]") {
  Imported r = import("x", {{"lenguage", "en"}});
  REQUIRE(r.rc == FAQLITE_EINVAL);
  REQUIRE(std::string(faqlite_last_error()).find("lenguage") != std::string::npos);
  REQUIRE(r.text.empty());
  REQUIRE(r.report.is_null());
  r = import("x", {{"drop", {"(unclosed"}}});
  REQUIRE(r.rc == FAQLITE_EINVAL);
  REQUIRE(std::string(faqlite_last_error()).find("does not compile") != std::string::npos);
  REQUIRE(import("x", {{"lang", "xx"}}).rc == FAQLITE_EINVAL);
  REQUIRE(import("x", {{"max_passage_words", 5}}).rc == FAQLITE_EINVAL);
  REQUIRE(import("x", {{"format", "html"}}).rc == FAQLITE_EINVAL);
  char *c = nullptr;
  REQUIRE(faqlite_import_text(nullptr, 0, nullptr, &c, nullptr) == FAQLITE_EINVAL);
  REQUIRE(c == nullptr);
  REQUIRE(faqlite_import_text("", 0, nullptr, &c, nullptr) == FAQLITE_OK);
  REQUIRE(json::parse(c)["entries"].empty());
  faqlite_free(c);
}

TEST_CASE("import: documents without content give an empty corpus", "[import]") {
  for (const std::string doc :
       {"", "\n\n   \n", "```\n\n", "# Only a title\n", "<!-- x -->\n", "FAQ\n\nWhy?\n"}) {
    INFO(doc);
    Imported r = import(doc);
    REQUIRE(r.rc == FAQLITE_OK);
    REQUIRE(r.corpus["entries"].empty());
  }
}

TEST_CASE("faqlite import: output file, report and exit codes", "[import][cli]") {
  std::string out = test::temp_path("import-out.json"), rep = test::temp_path("import-rep.json");
  std::string err = test::temp_path("import-err.txt");
  std::string cmd = std::string(FAQLITE_CLI) + " import --drop '(?i)^accept cookies' --drop " +
                    "'^Known Issues$' -o " + out + " --report " + rep + " " +
                    test::data("import/web-export.txt") + " 2>" + err;
  int st = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(st));
  REQUIRE(WEXITSTATUS(st) == 0);
  json corpus = json::parse(read(out));
  json report = json::parse(read(rep));
  REQUIRE(report["counts"]["dropped_lines"] == 2);  // both --drop patterns were applied
  REQUIRE(corpus["entries"].size() == report["counts"]["entries"]);
  std::string e = read(err);
  REQUIRE(e.find("repaired 12 mis-decoded characters") != std::string::npos);
  REQUIRE(e.find("web-export.txt:23: uncertain") != std::string::npos);
  REQUIRE(e.find("dropped page boilerplate at lines 39-59") != std::string::npos);

  st = std::system((std::string(FAQLITE_CLI) + " import " + test::data("import/nope.txt") +
                    " 2>/dev/null >/dev/null")
                       .c_str());
  REQUIRE(WEXITSTATUS(st) == 3);
  st = std::system((std::string(FAQLITE_CLI) + " import --lang xx " +
                    test::data("import/guia-es.txt") + " 2>/dev/null >/dev/null")
                       .c_str());
  REQUIRE(WEXITSTATUS(st) == 3);
  st = std::system((std::string(FAQLITE_CLI) + " import 2>/dev/null").c_str());
  REQUIRE(WEXITSTATUS(st) == 2);
  for (const auto &f : {out, rep, err}) std::filesystem::remove(f);
}
