// The one exception type used inside the library. The C API turns it into a result code and a
// message; nothing of it crosses that boundary.
#pragma once

#include <stdexcept>
#include <string>

namespace faqlite {

// Mirrors the FAQLITE_E* codes of include/faqlite.h (kept numerically identical).
enum class Status {
  kOk = 0,
  kError = -1,
  kInvalid = -2,
  kNoMemory = -3,
  kNotFound = -4,
  kExists = -5,
  kCorrupt = -6,
  kVersion = -7,
  kIo = -8,
  kBusy = -9,
  kLimit = -10,
  kFormat = -11,
  kReadOnly = -12,
};

class Error : public std::runtime_error {
 public:
  Error(Status status, const std::string &message) : std::runtime_error(message), status_(status) {}
  Status status() const { return status_; }

 private:
  Status status_;
};

}  // namespace faqlite
