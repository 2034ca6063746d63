// Files served from memory: the chat widget, the demo page and the OpenAPI document. They are
// compiled into the binary (see embed_assets.cmake), so an installed `faqlite serve` needs no
// data folder and always serves the widget of its own version.
#pragma once

#include <cstddef>
#include <string_view>

namespace faqlite_server {

struct Asset {
  const char *path;  // URL path, e.g. "/widget/faq-chat.js"
  const char *content_type;
  std::string_view data;
};

extern const Asset kAssets[];
extern const size_t kAssetCount;

}  // namespace faqlite_server
