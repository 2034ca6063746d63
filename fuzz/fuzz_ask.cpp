// Query building and search: faqlite_ask with any bytes and any options against a small index.
//
// Input: the first line is the ask options JSON, the rest (any bytes, NULs included) is the
// question, passed with its explicit length. When the call is refused (usually for the options)
// it is asked again with default options, so that most inputs search.
// Checks: only input errors (EINVAL, ELIMIT) fail; a result is valid JSON whose answers exist in
// the corpus, agree with the accessors, respect k and have confidences in [0, 1].
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_common.hpp"

namespace {

using nlohmann::json;

// Several languages and scripts, synonyms, a fallback, follow-ups, passages and chitchat, so that
// every stage of the search (stems, synonyms, spelling, unigram phrases, other-language tables,
// filters, snippets) has something to work on.
const char kCorpusEn[] = R"({"faqlite": 1, "lang": "en",
 "fallback": "Sorry, try asking about passwords or billing.",
 "synonyms": [["invoice", "bill", "receipt"], ["password", "passcode"], ["e-mail", "email", "mail"]],
 "entries": [
  {"id": "reset", "question": "How do I reset my password?", "alternates": ["forgot password"],
   "answer": "Open Settings, choose Security and press Reset password.", "section": "Account",
   "tags": ["account", "security"], "follow_ups": ["email", "missing"], "meta": {"prio": 2}},
  {"id": "email", "question": "How can I change my e-mail address?",
   "answer": "Go to Settings, then Profile, and type the new address.", "section": "Account",
   "tags": ["account"]},
  {"id": "invoice", "question": "Where do I find my invoices?", "answer": "Invoices are under Billing.",
   "section": "Billing", "tags": ["billing"], "meta": {"prio": 1, "public": true}},
  {"id": "price", "question": "How much does the plan cost?",
   "answer": "The plan costs 100,000 credits a year (3.5% VAT).", "section": "Billing"},
  {"id": "guide", "title": "About the product", "section": "Guide",
   "answer": "The product helps teams share documents. It keeps every version."},
  {"id": "hello", "kind": "chitchat", "question": "hello", "answer": "Hello! Ask me anything."}
 ]})";

const char kCorpusOther[] =
    R"({"id": "reset", "lang": "de", "question": "Wie setze ich mein Passwort zurück?", "answer": "Öffnen Sie die Einstellungen und wählen Sie Sicherheit."}
{"id": "reset", "lang": "fr", "question": "Comment réinitialiser mon mot de passe ?", "answer": "Ouvrez les paramètres de l'application."}
{"id": "reset", "lang": "ru", "question": "Как сбросить пароль?", "answer": "Откройте настройки и выберите «Безопасность»."}
{"id": "reset", "lang": "ar", "question": "كيف أعيد تعيين كلمة المرور؟", "answer": "افتح الإعدادات واختر الأمان."}
{"id": "reset", "lang": "ja", "question": "パスワードをリセットするには？", "answer": "設定を開き、セキュリティを選びます。"}
{"id": "reset", "lang": "zh-Hans", "question": "如何重置密码？", "answer": "打开设置，选择安全。"}
{"id": "reset", "lang": "ko", "question": "비밀번호를 재설정하려면?", "answer": "설정을 열고 보안을 선택하세요."}
{"id": "price", "lang": "es", "question": "¿Cuánto cuesta el plan?", "answer": "El plan cuesta 100.000 créditos al año."}
)";

std::set<std::string> g_ids = {"reset", "email", "invoice", "price", "guide", "hello"};

faqlite_engine *engine() {
  static faqlite_engine *e = [] {
    faqlite_engine *x = nullptr;
    fuzz::require_ok(faqlite_open(":memory:", "{\"max_question_bytes\": 65536}", &x), "open");
    fuzz::require_ok(faqlite_index_text(x, kCorpusEn, -1, "en.json", nullptr), "index en");
    fuzz::require_ok(faqlite_index_text(x, kCorpusOther, -1, "other.jsonl", nullptr),
                     "index other");
    return x;
  }();
  return e;
}

void check_result(faqlite_result *r, const std::string &opts) {
  const char *text = faqlite_result_json(r);
  if (!text) fuzz::die("faqlite_result_json", "NULL");
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) fuzz::die("result", "not a JSON object");
  const size_t n = faqlite_result_count(r);
  if (!j.contains("answers") || !j["answers"].is_array() || j["answers"].size() != n)
    fuzz::die("result", "answers do not match faqlite_result_count");
  size_t k = 5;
  json o = json::parse(opts, nullptr, false);
  if (o.is_object() && o.contains("k") && o["k"].is_number_integer()) k = o["k"].get<size_t>();
  if (n > k) fuzz::die("result", "more answers than k");
  const int outcome = faqlite_result_outcome(r);
  if (outcome < FAQLITE_OUTCOME_ANSWERED || outcome > FAQLITE_OUTCOME_FALLBACK)
    fuzz::die("result", "unknown outcome");
  if ((outcome == FAQLITE_OUTCOME_FALLBACK) != (faqlite_result_fallback(r) != nullptr))
    fuzz::die("result", "fallback text and outcome disagree");
  if (outcome != FAQLITE_OUTCOME_FALLBACK && n == 0)
    fuzz::die("result", "answered without answers");
  for (size_t i = 0; i < n; ++i) {
    const char *id = faqlite_result_id(r, i);
    if (!id || !g_ids.count(id))
      fuzz::die("result", std::string("unknown id ") + (id ? id : "NULL"));
    if (j["answers"][i]["id"] != id) fuzz::die("result", "JSON and accessor ids differ");
    double c = faqlite_result_confidence(r, i);
    if (!(c >= 0.0 && c <= 1.0)) fuzz::die("result", "confidence outside [0, 1]");
    if (!faqlite_result_snippet(r, i) || !faqlite_result_answer(r, i))
      fuzz::die("result", "missing snippet or answer");
  }
  if (faqlite_result_id(r, n) != nullptr) fuzz::die("result", "id past the end");
}

// Returns the result code after checking it and the result.
int ask(const std::string &question, const char *opts) {
  faqlite_result *r = nullptr;
  int rc = faqlite_ask(engine(), question.data(), static_cast<long>(question.size()), opts, &r);
  if (rc != FAQLITE_OK) {
    if (r) fuzz::die("faqlite_ask", "result set on failure");
    fuzz::check_failure(rc, "faqlite_ask");
    if (rc != FAQLITE_EINVAL && rc != FAQLITE_ELIMIT)
      fuzz::die("faqlite_ask", std::string(faqlite_strerror(rc)) + ": " + faqlite_last_error());
    return rc;
  }
  check_result(r, opts ? opts : "");
  faqlite_result_free(r);
  return rc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string in(reinterpret_cast<const char *>(data), size);
  size_t nl = in.find('\n');
  std::string opts = nl == std::string::npos ? std::string() : in.substr(0, nl);
  std::string question = nl == std::string::npos ? in : in.substr(nl + 1);
  // The options string is a C string: a NUL inside ends it, as it would for any C caller.
  opts = opts.c_str();
  if (ask(question, opts.empty() ? nullptr : opts.c_str()) != FAQLITE_OK && !opts.empty())
    ask(question, nullptr);
  return 0;
}
