// gzip for the static files, done once at start-up: httplib would otherwise compress them anew
// for every request (brotli at its slowest setting costs about 100 ms of CPU per widget download,
// an easy way to exhaust the workers).
#pragma once

#include <string>
#include <string_view>

namespace faqlite_server {

// The gzip encoding of `data`, or "" if compression failed.
std::string gzip_compress(std::string_view data);

// Whether an Accept-Encoding header value accepts gzip (a "gzip" or "*" token without q=0).
bool accepts_gzip(const std::string &accept_encoding);

}  // namespace faqlite_server
