// A bulk write's analysis made on a second thread, ahead of the thread that writes.
//
// A bulk build spends about a quarter of its time in the analyzer (ICU segmentation, folding,
// stemming) and the rest in SQLite and the store's own tables, on one core. Analysis depends on
// nothing but an entry's text and its language, so a helper thread can analyze the next entries
// while the writer stores the current ones. The helper uses the same Analyzer class with the
// same language (its own instances: an Analyzer is not shared between threads), and the FTS5
// tokenizer replays its tokens only for the very text they were made from (TermSink::replay):
// index and queries still get their tokens from one analysis pipeline.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "analysis/analyzer.hpp"
#include "index/posting_list.hpp"

namespace faqlite::index {

// One entry's analysis: the tokens of its four full-text columns and the words of its phrasings.
struct PreparedEntry {
  std::string lang;  // the primary language whose analyzer made it; empty: not prepared
  std::string texts[kFtsColumns];
  std::vector<analysis::Token> tokens[kFtsColumns];
  std::vector<std::vector<analysis::Word>> phrasings;

  // The tokens of `text` in `lang` if this analysis holds them (a column's exact text), else null.
  const std::vector<analysis::Token> *tokens_of(int column, const std::string &text_lang,
                                                std::string_view text) const {
    if (lang.empty() || column < 0 || column >= kFtsColumns || lang != text_lang ||
        texts[column] != text)
      return nullptr;
    return &tokens[column];
  }
};

class AheadAnalysis {
 public:
  // Fills `out` for entry `index` (on the helper thread). A throw leaves that entry unprepared:
  // the writer then analyzes it itself and meets the same error, if any, where it belongs.
  using Prepare = std::function<void(size_t index, PreparedEntry &out)>;

  // Starts the helper on entries [0, n).
  AheadAnalysis(size_t n, Prepare prepare);
  // Stops the helper (it finishes the batch it is on) and waits for it.
  ~AheadAnalysis();
  AheadAnalysis(const AheadAnalysis &) = delete;
  AheadAnalysis &operator=(const AheadAnalysis &) = delete;

  // Entry `index`'s analysis, waiting for it; entries must be asked for in order 0, 1, 2...
  // Null if it could not be prepared. Valid until the next call.
  const PreparedEntry *get(size_t index);

 private:
  // Entries go over in batches, so that the two threads meet once per batch and not per entry.
  static constexpr size_t kBatch = 64;
  static constexpr size_t kBatchesAhead = 8;  // a bound on the memory the helper may run ahead
  struct Batch {
    size_t first = 0;
    std::vector<PreparedEntry> entries;
  };
  void run();

  const size_t n_;
  Prepare prepare_;
  std::mutex mu_;
  std::condition_variable ready_cv_, room_cv_;
  std::deque<Batch> ready_;   // made, not yet taken
  std::vector<Batch> spare_;  // given back by the writer, storage reused
  bool stop_ = false;
  Batch current_;  // the batch the writer reads
  bool have_current_ = false;
  std::thread helper_;
};

}  // namespace faqlite::index
