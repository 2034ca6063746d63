// A vector that holds its first N elements in place and moves to the heap only beyond them.
//
// A row's evidence keeps a few numbers per word of the question, and every row the matcher keeps
// carried three std::vectors of them: three allocations and three frees per row, a few hundred
// per question. A question has a handful of words, so N of them in place makes that none.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

namespace faqlite::search {

template <class T, size_t N>
class SmallVector {
 public:
  size_t size() const { return n_; }
  T *data() { return n_ <= N ? local_.data() : spill_.data(); }
  const T *data() const { return n_ <= N ? local_.data() : spill_.data(); }
  T &operator[](size_t i) { return data()[i]; }
  const T &operator[](size_t i) const { return data()[i]; }

  void assign(const T *first, const T *last) {
    const auto n = static_cast<size_t>(last - first);
    if (n <= N) {
      std::copy(first, last, local_.begin());
      spill_.clear();
    } else {
      spill_.assign(first, last);
    }
    n_ = n;
  }

 private:
  std::array<T, N> local_{};
  std::vector<T> spill_;  // all the elements when there are more than N
  size_t n_ = 0;
};

// Per group (word) of a question.
template <class T>
using GroupValues = SmallVector<T, 16>;

}  // namespace faqlite::search
