#include <algorithm>
#include <cctype>

#include "server/config.hpp"

namespace faqlite_server {

namespace {

// Origins compare as lower case without a trailing slash ("https://Example.org/" is
// "https://example.org"); the path never belongs to an origin.
std::string normalize(std::string o) {
  while (!o.empty() && (o.back() == '/' || o.back() == ' ')) o.pop_back();
  while (!o.empty() && o.front() == ' ') o.erase(o.begin());
  std::transform(o.begin(), o.end(), o.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return o;
}

}  // namespace

CorsPolicy::CorsPolicy(std::vector<std::string> origins) {
  for (auto &o : origins) {
    std::string n = normalize(o);
    if (n == "*")
      any_ = true;
    else if (!n.empty())
      origins_.push_back(n);
  }
}

bool CorsPolicy::allows(const std::string &origin) const {
  if (origin.empty()) return false;
  if (any_) return true;
  std::string n = normalize(origin);
  return std::find(origins_.begin(), origins_.end(), n) != origins_.end();
}

std::string CorsPolicy::header_lines(const std::string &origin) const {
  if (!allows(origin)) return "";
  if (any_) return "Access-Control-Allow-Origin: *\r\n";
  // The origin is echoed only after it matched the list; header injection is impossible because
  // the framer refuses control characters in the head.
  return "Access-Control-Allow-Origin: " + origin + "\r\nVary: Origin\r\n";
}

}  // namespace faqlite_server
