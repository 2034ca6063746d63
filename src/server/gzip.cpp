#include "server/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>

namespace faqlite_server {

std::string gzip_compress(std::string_view data) {
  z_stream zs{};
  // 15 window bits + 16 selects the gzip wrapper instead of zlib's.
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    return "";
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef *>(&out[0]);
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : "";
}

bool accepts_gzip(const std::string &header) {
  std::string h = header;
  std::transform(h.begin(), h.end(), h.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  size_t start = 0;
  while (start < h.size()) {
    size_t comma = h.find(',', start);
    if (comma == std::string::npos) comma = h.size();
    std::string item = h.substr(start, comma - start);
    start = comma + 1;
    item.erase(std::remove(item.begin(), item.end(), ' '), item.end());
    std::string coding = item.substr(0, item.find(';'));
    if (coding != "gzip" && coding != "*") continue;
    size_t q = item.find(";q=");
    if (q == std::string::npos) return true;
    // q=0, q=0.0, q=0.000 refuse the coding; any other weight accepts it.
    return item.find_first_not_of("0.", q + 3) != std::string::npos;
  }
  return false;
}

}  // namespace faqlite_server
