// Deterministic randomness for the benchmark data: the same seed gives the same corpus on every
// machine and standard library (std:: distributions are implementation-defined, so none is used).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace faqlite::bench {

// SplitMix64: tiny, fast, and good enough to draw words.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n).
  size_t below(size_t n) { return n ? static_cast<size_t>(uniform() * static_cast<double>(n)) : 0; }
  // Uniform in [lo, hi].
  int between(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<size_t>(hi - lo + 1)));
  }
  bool chance(double p) { return uniform() < p; }
  template <typename T>
  const T &pick(const std::vector<T> &v) {
    return v[below(v.size())];
  }
  template <typename T>
  void shuffle(std::vector<T> &v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }

 private:
  uint64_t s_;
};

// Zipf-Mandelbrot ranks: P(r) ~ 1 / (r + q)^s. Natural text has s near 1 and a small q that
// flattens the very top.
class Zipf {
 public:
  Zipf(size_t n, double s, double q) : cdf_(n) {
    double total = 0;
    for (size_t r = 0; r < n; ++r) {
      total += 1.0 / std::pow(static_cast<double>(r) + 1.0 + q, s);
      cdf_[r] = total;
    }
    for (double &c : cdf_) c /= total;
  }
  size_t sample(Rng &rng) const {
    auto it = std::lower_bound(cdf_.begin(), cdf_.end(), rng.uniform());
    return it == cdf_.end() ? cdf_.size() - 1 : static_cast<size_t>(it - cdf_.begin());
  }
  size_t size() const { return cdf_.size(); }

 private:
  std::vector<double> cdf_;
};

}  // namespace faqlite::bench
