#pragma once

#include <string_view>

#include "sources/conntrack/conntrack_stats.h"

namespace portwatch {

/// Parses /proc/net/stat/nf_conntrack: a header line of column names, then
/// one line of 8-digit hexadecimal values per CPU. Sums each known counter
/// over the CPUs into `stats` (columns it does not know are skipped; the
/// `entries` column repeats the global count on every line and is not
/// summed). Throws SourceError, naming the line, on anything else: no
/// header, a line with more or fewer values than the header has names, a
/// value that is not hexadecimal or does not fit.
void ParseProcConntrackStats(std::string_view text, ConntrackStats& stats);

}  // namespace portwatch
