// A sequence of C API calls driven by the input, checked against a model of the index.
//
// Each input opens a fresh in-memory engine and runs up to kMaxOps operations. An operation is one
// byte (the opcode and flags) followed by the bytes it consumes: small selectors (which id, which
// language) and length-prefixed payloads. The model is the map (id, lang) -> answer text of what
// must be in the index; after every write the engine's entry count, and on every get and ask the
// returned entries, must agree with it.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "fuzz_common.hpp"

namespace {

using nlohmann::json;
using Key = std::pair<std::string, std::string>;

const char *const kIds[] = {"a", "b", "c", "d"};
const char *const kLangs[] = {"en", "de", "fr", "ja", "pt-BR"};
const char *const kAskOptions[] = {
    nullptr,
    "{\"k\": 1}",
    "{\"k\": 50, \"explain\": true}",
    "{\"lang\": \"de\"}",
    "{\"lang\": \"ja\", \"threshold\": 0}",
    "{\"filters\": {\"tags\": [\"t1\"]}}",
    "{\"filters\": {\"any\": [{\"section\": \"s\"}, {\"kind\": \"faq\"}]}}",
    "{\"context\": [\"how do I pay\", \"and the invoice?\"]}",
};
constexpr size_t kMaxOps = 64;

class Input {
 public:
  Input(const uint8_t *d, size_t n) : d_(d), n_(n) {}
  bool empty() const { return i_ >= n_; }
  uint8_t byte() { return i_ < n_ ? d_[i_++] : 0; }
  // A payload of up to 255 bytes, length first.
  std::string text() {
    size_t len = byte();
    if (len > n_ - i_) len = n_ - i_;
    std::string s(reinterpret_cast<const char *>(d_ + i_), len);
    i_ += len;
    return s;
  }

 private:
  const uint8_t *d_;
  size_t n_, i_ = 0;
};

struct Run {
  faqlite_engine *e = nullptr;
  std::map<Key, std::string> model;
  unsigned serial = 0;

  std::string answer_text(const std::string &payload) {
    // Unique per write, so a stale answer can never pass for the current one.
    return "answer " + std::to_string(++serial) + " " + payload;
  }

  std::string entry_json(const std::string &id, const std::string &lang,
                         const std::string &question, const std::string &answer, uint8_t flags) {
    json j = {{"id", id}, {"lang", lang}, {"question", question}, {"answer", answer}};
    if (flags & 1) j["tags"] = {"t1"};
    if (flags & 2) j["section"] = "s";
    if (flags & 4) j["follow_ups"] = {"a", "b"};
    if (flags & 8) j["alternates"] = {question + " please"};
    // Payload bytes that are not UTF-8 become U+FFFD: this op tests the model, put_raw the bytes.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
  }

  void check_count(const char *after) {
    char *stats = nullptr;
    fuzz::require_ok(faqlite_stats(e, &stats), "stats");
    json j = json::parse(stats, nullptr, false);
    faqlite_free(stats);
    if (!j.is_object() || j["entries"] != model.size())
      fuzz::die(after, "entry count " + j["entries"].dump() + " but the model holds " +
                           std::to_string(model.size()));
  }

  void op_put(Input &in, uint8_t op) {
    const std::string id = kIds[in.byte() % 4], lang = kLangs[in.byte() % 5];
    const std::string question = in.text();
    const std::string j = entry_json(id, lang, question, answer_text(in.text()), in.byte());
    const std::string answer = json::parse(j)["answer"].get<std::string>();
    const bool replace = op & 0x10;
    int rc = faqlite_put(e, j.data(), static_cast<long>(j.size()), replace);
    const Key key{id, lang};
    if (rc == FAQLITE_OK) {
      if (!replace && model.count(key)) fuzz::die("faqlite_put", "insert over an existing entry");
      model[key] = answer;
    } else {
      fuzz::expect_no_internal_failure(rc, "faqlite_put");
      if (rc == FAQLITE_EEXISTS && (replace || !model.count(key)))
        fuzz::die("faqlite_put", "EEXISTS without an existing entry");
    }
    check_count("put");
  }

  void op_put_raw(Input &in, uint8_t op) {
    const std::string raw = in.text();
    int rc = faqlite_put(e, raw.data(), static_cast<long>(raw.size()), op & 0x10);
    if (rc != FAQLITE_OK) {
      fuzz::expect_no_internal_failure(rc, "faqlite_put raw");
      return;
    }
    // Accepted: it was a valid entry object, so the model can follow it.
    json j = json::parse(raw);
    std::string id = j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump();
    std::string lang =
        j.contains("lang") && j["lang"].is_string() && !j["lang"].get<std::string>().empty()
            ? j["lang"].get<std::string>()
            : "en";
    model[{id, lang}] = j["answer"].get<std::string>();
    check_count("put raw");
  }

  void op_delete(Input &in, uint8_t op) {
    const std::string id = kIds[in.byte() % 4];
    const uint8_t l = in.byte();
    const bool all = op & 0x10;
    int rc = faqlite_delete(e, id.c_str(), all ? nullptr : kLangs[l % 5]);
    size_t erased = 0;
    for (auto it = model.begin(); it != model.end();) {
      if (it->first.first == id && (all || it->first.second == kLangs[l % 5])) {
        it = model.erase(it);
        ++erased;
      } else {
        ++it;
      }
    }
    if (rc == FAQLITE_OK && erased == 0) fuzz::die("faqlite_delete", "deleted a missing entry");
    if (rc != FAQLITE_OK) {
      fuzz::expect_no_internal_failure(rc, "faqlite_delete");
      if (rc != FAQLITE_ENOTFOUND || erased) fuzz::die("faqlite_delete", faqlite_last_error());
    }
    check_count("delete");
  }

  void op_get(Input &in) {
    const std::string id = kIds[in.byte() % 4], lang = kLangs[in.byte() % 5];
    char *out = nullptr;
    int rc = faqlite_get(e, id.c_str(), lang.c_str(), &out);
    auto it = model.find({id, lang});
    if (rc != FAQLITE_OK) {
      if (rc != FAQLITE_ENOTFOUND || it != model.end())
        fuzz::die("faqlite_get", faqlite_last_error());
      return;
    }
    json j = json::parse(out, nullptr, false);
    faqlite_free(out);
    if (it == model.end()) {
      // Asking for "en" may return "en-US"; only a missing primary-language match is wrong.
      return;
    }
    if (!j.is_object() || j["answer"] != it->second || j["id"] != id)
      fuzz::die("faqlite_get", "stale or wrong entry for " + id + "/" + lang);
  }

  void op_ask(Input &in, uint8_t op) {
    const std::string q = in.text();
    std::string raw_opts;
    const char *opts;
    if (op & 0x10) {
      raw_opts = in.text();
      opts = raw_opts.c_str();
    } else {
      opts = kAskOptions[in.byte() % (sizeof(kAskOptions) / sizeof(kAskOptions[0]))];
    }
    faqlite_result *r = nullptr;
    int rc = faqlite_ask(e, q.data(), static_cast<long>(q.size()), opts, &r);
    if (rc != FAQLITE_OK) {
      fuzz::check_failure(rc, "faqlite_ask");
      if (rc != FAQLITE_EINVAL && rc != FAQLITE_ELIMIT)
        fuzz::die("faqlite_ask", faqlite_last_error());
      return;
    }
    json j = json::parse(faqlite_result_json(r), nullptr, false);
    if (!j.is_object() || j["answers"].size() != faqlite_result_count(r))
      fuzz::die("faqlite_ask", "result JSON does not parse or disagrees with the count");
    for (size_t i = 0; i < faqlite_result_count(r); ++i) {
      const json &a = j["answers"][i];
      auto it = model.find({a["id"].get<std::string>(), a["lang"].get<std::string>()});
      if (it == model.end()) fuzz::die("faqlite_ask", "answer from a deleted or unknown entry");
      if (it->second != a["answer"]) fuzz::die("faqlite_ask", "stale answer text");
      // The accessor gives the same text, up to a NUL the C string cannot carry.
      if (it->second.compare(0, std::string::npos, faqlite_result_answer(r, i)) != 0 &&
          it->second.find('\0') == std::string::npos)
        fuzz::die("faqlite_ask", "accessor and JSON answers differ");
    }
    faqlite_result_free(r);
  }

  void op_index(Input &in, uint8_t op) {
    // One to three entries written as JSON Lines or as a document, maybe replacing everything.
    const bool replace_all = op & 0x10, lines = op & 0x20;
    const size_t n = 1 + in.byte() % 3;
    std::map<Key, std::string> batch;
    json entries = json::array();
    for (size_t i = 0; i < n; ++i) {
      const std::string id = kIds[in.byte() % 4], lang = kLangs[in.byte() % 5];
      json j = json::parse(entry_json(id, lang, "question " + id, answer_text(in.text()), 0));
      if (batch.count({id, lang})) continue;  // duplicates are a refused corpus; keep it valid
      batch[{id, lang}] = j["answer"].get<std::string>();
      entries.push_back(j);
    }
    std::string text;
    if (lines) {
      for (const auto &j : entries) text += j.dump() + "\n";
    } else {
      text = json({{"faqlite", 1}, {"lang", "en"}, {"entries", entries}}).dump();
    }
    int rc = faqlite_index_text(e, text.data(), static_cast<long>(text.size()),
                                lines ? "ops.jsonl" : "ops.json",
                                replace_all ? "{\"replace_all\": true}" : nullptr);
    if (rc != FAQLITE_OK) fuzz::die("faqlite_index_text", faqlite_last_error());
    if (replace_all) model.clear();
    for (auto &kv : batch) model[kv.first] = kv.second;
    check_count("index_text");
  }

  void op_misc(Input &in, uint8_t op) {
    char *out = nullptr;
    int rc;
    switch ((op >> 4) % 4) {
      case 0:
        fuzz::require_ok(faqlite_rebuild(e), "rebuild");
        check_count("rebuild");
        return;
      case 1: {
        const std::string t = in.text();
        rc = faqlite_analyze(e, t.data(), static_cast<long>(t.size()), kLangs[in.byte() % 5],
                             op & 0x40 ? 1 : 0, &out);
        if (rc != FAQLITE_OK && rc != FAQLITE_EINVAL)
          fuzz::die("faqlite_analyze", faqlite_last_error());
        break;
      }
      case 2:
        rc = faqlite_unanswered(e, in.byte(), &out);
        if (rc != FAQLITE_OK) fuzz::die("faqlite_unanswered", faqlite_last_error());
        if (!json::parse(out, nullptr, false).is_array())
          fuzz::die("faqlite_unanswered", "not an array");
        break;
      default: {
        const std::string raw = in.text();
        rc = faqlite_index_text(e, raw.data(), static_cast<long>(raw.size()), "raw.jsonl", nullptr);
        if (rc == FAQLITE_OK) {
          // The model cannot follow an arbitrary corpus; stop checking counts for this input by
          // resetting the whole index to a known state.
          const char empty[] = "";
          fuzz::require_ok(
              faqlite_index_text(e, empty, 0, "empty.jsonl", "{\"replace_all\": true}"), "reset");
          model.clear();
        } else {
          fuzz::expect_no_internal_failure(rc, "faqlite_index_text raw");
        }
        check_count("raw index_text");
        break;
      }
    }
    faqlite_free(out);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Input in(data, size);
  Run run;
  // Logging unanswered questions puts a write inside faqlite_ask: the sequence exercises both.
  fuzz::require_ok(
      faqlite_open(":memory:", "{\"log_unanswered\": true, \"max_question_bytes\": 200}", &run.e),
      "open");
  for (size_t n = 0; n < kMaxOps && !in.empty(); ++n) {
    const uint8_t op = in.byte();
    switch (op % 7) {
      case 0:
        run.op_put(in, op);
        break;
      case 1:
        run.op_put_raw(in, op);
        break;
      case 2:
        run.op_delete(in, op);
        break;
      case 3:
        run.op_get(in);
        break;
      case 4:
        run.op_ask(in, op);
        break;
      case 5:
        run.op_index(in, op);
        break;
      default:
        run.op_misc(in, op);
        break;
    }
  }
  faqlite_close(run.e);
  return 0;
}
