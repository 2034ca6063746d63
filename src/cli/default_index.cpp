// The default index: built from the bundled corpus on first use and cached, so that
// `faqlite ask "question"` works with no set-up. The cache name carries a signature of the
// corpus files and the analyzer, so an edited corpus or a new faqlite builds a fresh one.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>

#include "cli/cli.hpp"

#ifndef FAQLITE_SOURCE_CORPUS_DIR
#define FAQLITE_SOURCE_CORPUS_DIR ""
#endif
#ifndef FAQLITE_INSTALL_CORPUS_DIR
#define FAQLITE_INSTALL_CORPUS_DIR ""
#endif

namespace fs = std::filesystem;

namespace faqlite_cli {

std::string bundled_corpus_dir() {
  const char *env = std::getenv("FAQLITE_CORPUS");
  for (const char *d : {env ? env : "", FAQLITE_SOURCE_CORPUS_DIR, FAQLITE_INSTALL_CORPUS_DIR}) {
    std::error_code ec;
    if (*d && fs::is_directory(d, ec)) return d;
  }
  return "";
}

namespace {

std::string cache_dir() {
  const char *xdg = std::getenv("XDG_CACHE_HOME");
  const char *home = std::getenv("HOME");
  std::string base = xdg && *xdg ? xdg : (home && *home ? std::string(home) + "/.cache" : "/tmp");
  return base + "/faqlite";
}

std::string corpus_signature(const std::string &dir) {
  std::vector<std::string> parts;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    auto ext = it->path().extension().string();
    if (ext != ".json" && ext != ".jsonl") continue;
    struct stat st {};
    if (::stat(it->path().c_str(), &st) != 0) continue;
    parts.push_back(it->path().string() + ":" + std::to_string(st.st_size) + ":" +
                    std::to_string(static_cast<long long>(st.st_mtime)));
  }
  std::sort(parts.begin(), parts.end());
  std::string all = dir + "|" + faqlite_analyzer_fingerprint() + "|" + faqlite_version_string();
  for (const auto &p : parts) all += "|" + p;
  char hex[32];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(all));
  return hex;
}

int progress(const char *source, size_t done, size_t total, void *) {
  (void)source;
  if (total >= 5000)
    std::fprintf(stderr, "\rfaqlite: indexing the bundled corpus %zu/%zu", done, total);
  return 0;
}

}  // namespace

faqlite_engine *open_engine(const Args &a, bool readonly, int &exit_code) {
  faqlite_engine *e = nullptr;
  std::string opts = readonly ? "{\"readonly\":true}" : "{}";
  if (a.has("--db")) {
    std::string db = a.get("--db");
    int rc = faqlite_open(db.c_str(), opts.c_str(), &e);
    if (rc != FAQLITE_OK) exit_code = fail(rc, "cannot open " + db);
    return e;
  }
  std::string corpus = bundled_corpus_dir();
  if (corpus.empty()) {
    std::fprintf(stderr,
                 "faqlite: no --db given and the bundled corpus was not found (set "
                 "FAQLITE_CORPUS to its folder)\n");
    exit_code = kExitUsage;
    return nullptr;
  }
  std::string dir = cache_dir();
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string path = dir + "/default-" + corpus_signature(corpus) + ".db";
  if (!fs::exists(path, ec)) {
    // Build beside the final name and rename, so a concurrent or interrupted build never leaves
    // a half-built default index in place.
    std::string tmp = path + ".tmp" + std::to_string(::getpid());
    fs::remove(tmp, ec);
    int rc = faqlite_open(tmp.c_str(), nullptr, &e);
    if (rc == FAQLITE_OK) {
      const char *paths[] = {corpus.c_str()};
      rc = faqlite_index_paths(e, paths, 1, nullptr, progress, nullptr);
      if (rc != FAQLITE_OK) {
        exit_code = fail(rc, "cannot index the bundled corpus " + corpus);
        faqlite_close(e);
        fs::remove(tmp, ec);
        return nullptr;
      }
      faqlite_close(e);
      e = nullptr;
      // Fold the WAL into the file before renaming it.
      fs::rename(tmp, path, ec);
      fs::remove(tmp + "-wal", ec);
      fs::remove(tmp + "-shm", ec);
    } else {
      exit_code = fail(rc, "cannot create the default index " + tmp);
      return nullptr;
    }
  }
  int rc = faqlite_open(path.c_str(), opts.c_str(), &e);
  if (rc != FAQLITE_OK) exit_code = fail(rc, "cannot open the default index " + path);
  return e;
}

}  // namespace faqlite_cli
