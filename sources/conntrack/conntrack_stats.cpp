#include "sources/conntrack/conntrack_stats.h"

namespace portwatch {

std::string_view ConntrackCounterName(ConntrackCounter counter) {
  switch (counter) {
    case ConntrackCounter::kFound:
      return "found";
    case ConntrackCounter::kInvalid:
      return "invalid";
    case ConntrackCounter::kInsert:
      return "insert";
    case ConntrackCounter::kInsertFailed:
      return "insert_failed";
    case ConntrackCounter::kDrop:
      return "drop";
    case ConntrackCounter::kEarlyDrop:
      return "early_drop";
    case ConntrackCounter::kError:
      return "error";
    case ConntrackCounter::kSearchRestart:
      return "search_restart";
    case ConntrackCounter::kClashResolve:
      return "clash_resolve";
    case ConntrackCounter::kChainTooLong:
      return "chaintoolong";
  }
  return "";
}

}  // namespace portwatch
