// Corpus loading: faqlite_index_text on any bytes, as a JSON document, as JSON Lines, and sniffed.
//
// Input: the first byte picks the source name (its extension chooses the format) and the default
// language; the rest is the corpus text. Every load replaces the whole index, so memory stays
// bounded however long the run.
// Checks: a refusal is EFORMAT (or EINVAL/ELIMIT) with a message that starts with the source name;
// an accepted corpus is counted in the stats and the index answers a question afterwards.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_common.hpp"

namespace {

const char *const kSources[] = {"fuzz.json", "fuzz.jsonl", "fuzz.ndjson", "fuzz-input"};
const char *const kOptions[] = {
    "{\"replace_all\": true}", "{\"replace_all\": true, \"lang\": \"de\"}",
    "{\"replace_all\": true, \"lang\": \"ja\"}", "{\"replace_all\": true, \"lang\": \"pt-BR\"}"};

faqlite_engine *engine() {
  return fuzz::memory_engine();
}

long long entry_count() {
  char *stats = nullptr;
  fuzz::require_ok(faqlite_stats(engine(), &stats), "stats");
  nlohmann::json j = nlohmann::json::parse(stats, nullptr, false);
  faqlite_free(stats);
  if (!j.is_object() || !j["entries"].is_number_integer()) fuzz::die("stats", "no entry count");
  return j["entries"].get<long long>();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const char *source = kSources[data[0] % 4];
  const char *options = kOptions[(data[0] >> 2) % 4];
  const char *text = reinterpret_cast<const char *>(data + 1);
  const long len = static_cast<long>(size - 1);

  int rc = faqlite_index_text(engine(), text, len, source, options);
  if (rc != FAQLITE_OK) {
    fuzz::check_failure(rc, "faqlite_index_text");
    if (rc != FAQLITE_EFORMAT && rc != FAQLITE_EINVAL && rc != FAQLITE_ELIMIT)
      fuzz::die("faqlite_index_text",
                std::string(faqlite_strerror(rc)) + ": " + faqlite_last_error());
    if (rc == FAQLITE_EFORMAT && std::string(faqlite_last_error()).rfind(source, 0) != 0)
      fuzz::die("faqlite_index_text",
                std::string("message does not name the source: ") + faqlite_last_error());
    return 0;
  }
  // Accepted: the index holds something coherent and can be searched.
  if (entry_count() < 0) fuzz::die("stats", "negative entry count");
  const std::string q(text, static_cast<size_t>(len < 64 ? len : 64));
  faqlite_result *r = nullptr;
  rc = faqlite_ask(engine(), q.data(), static_cast<long>(q.size()), nullptr, &r);
  if (rc != FAQLITE_OK) {
    fuzz::check_failure(rc, "faqlite_ask");
    // The prefix may cut a UTF-8 sequence; nothing else may fail.
    if (rc != FAQLITE_EINVAL) fuzz::die("faqlite_ask", faqlite_last_error());
  }
  faqlite_result_free(r);
  return 0;
}
