#pragma once

#include <stdexcept>

namespace portwatch {

/// Thrown by sources when what it reads (a table, a file, a
/// registry value, the Event Log) cannot be read or is malformed. The
/// message says what was wrong and where.
class SourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown when a source cannot work on this system at all (e.g. netlink
/// sock_diag missing), so a caller may fall back to another source.
class SourceUnavailable : public SourceError {
 public:
  using SourceError::SourceError;
};

}  // namespace portwatch
