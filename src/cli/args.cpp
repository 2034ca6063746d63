#include <algorithm>
#include <cstdio>

#include "cli/cli.hpp"

namespace faqlite_cli {

bool parse_args(int argc, char **argv, int first, const std::vector<std::string> &with_value,
                const std::vector<std::string> &switches, Args &out) {
  bool only_positional = false;
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (only_positional || a.size() < 2 || a[0] != '-') {
      out.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      only_positional = true;
      continue;
    }
    std::string value;
    bool inline_value = false;
    size_t eq = a.find('=');
    if (a.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      inline_value = true;
    }
    if (std::find(with_value.begin(), with_value.end(), a) != with_value.end()) {
      if (!inline_value) {
        if (i + 1 >= argc) {
          std::fprintf(stderr, "faqlite: option %s needs a value\n", a.c_str());
          return false;
        }
        value = argv[++i];
      }
      out.values[a] = value;
    } else if (std::find(switches.begin(), switches.end(), a) != switches.end() && !inline_value) {
      out.switches[a] = true;
    } else {
      std::fprintf(stderr, "faqlite: unknown option %s (see --help)\n", a.c_str());
      return false;
    }
  }
  return true;
}

int exit_code_for(int rc) {
  switch (rc) {
    case FAQLITE_OK:
      return kExitOk;
    case FAQLITE_EINVAL:
    case FAQLITE_EFORMAT:
    case FAQLITE_ELIMIT:
    case FAQLITE_EEXISTS:
      return kExitInput;
    case FAQLITE_ENOTFOUND:
    case FAQLITE_ECORRUPT:
    case FAQLITE_EVERSION:
    case FAQLITE_EIO:
    case FAQLITE_EBUSY:
    case FAQLITE_EREADONLY:
      return kExitIndex;
    default:
      return kExitFailure;
  }
}

int fail(int rc, const std::string &what) {
  const char *msg = faqlite_last_error();
  std::fprintf(stderr, "faqlite: %s: %s\n", what.c_str(), msg && *msg ? msg : faqlite_strerror(rc));
  return exit_code_for(rc);
}

}  // namespace faqlite_cli
