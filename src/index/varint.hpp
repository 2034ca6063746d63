// The little-endian base-128 integers of faqlite's own blobs (postings chunks, stored entry
// analyses): seven bits a byte, the high bit set on every byte but the last.
#pragma once

#include <string>

namespace faqlite::index {

inline void put_varint(std::string &out, unsigned long long v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

// The general case of get_varint() below.
// False when the bytes end before the integer does or it is longer than 64 bits: blobs come
// from a file, and a damaged one must be refused, not read past its end.
inline bool get_varint_long(const unsigned char *&p, const unsigned char *end,
                            unsigned long long &v) {
  v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= end) return false;
    const unsigned char b = *p++;
    v |= static_cast<unsigned long long>(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

// Most integers of a postings chunk (row gaps, counts, position gaps) fit in one byte: that case
// is tested first and inline, which took a third off decoding a chunk.
inline bool get_varint(const unsigned char *&p, const unsigned char *end, unsigned long long &v) {
  if (p < end && *p < 0x80) {
    v = *p++;
    return true;
  }
  return get_varint_long(p, end, v);
}

// Steps over `n` varints without reading their values (a row's positions, counted by its
// occurrence counts, which a reader does not return): a byte below 0x80 ends one. False when the
// bytes end first or a varint is longer than 9 bytes (no position is: a damaged blob).
inline bool skip_varints(const unsigned char *&p, const unsigned char *end, long long n) {
  int run = 0;  // continuation bytes of the current varint
  while (n > 0) {
    if (p == end) return false;
    const unsigned char b = *p++;
    if (b & 0x80) {
      if (++run >= 9) return false;
    } else {
      run = 0;
      --n;
    }
  }
  return true;
}

}  // namespace faqlite::index
