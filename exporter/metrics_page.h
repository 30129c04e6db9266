#pragma once

#include <mutex>
#include <string>
#include <string_view>

namespace portwatch {

/// One collection's /metrics page, shared by every scrape that waited for
/// that collection: the text, and its gzip encoding made on first request
/// and kept, so a page is compressed once however many clients ask for
/// gzip. Thread-safe.
class MetricsPage {
 public:
  explicit MetricsPage(std::string text) : text_(std::move(text)) {}
  MetricsPage(const MetricsPage&) = delete;
  MetricsPage& operator=(const MetricsPage&) = delete;

  const std::string& text() const { return text_; }
  /// The text gzip-compressed (RFC 1952); null if zlib failed (out of
  /// memory), and then the text is served as it is.
  const std::string* Gzipped() const;

 private:
  std::string text_;
  mutable std::once_flag compressed_once_;
  mutable std::string gzipped_;
  mutable bool gzip_failed_ = false;
};

/// Gzip-compresses `data` (RFC 1952) at zlib's fastest level; false if
/// zlib fails (only when out of memory).
bool GzipCompress(std::string_view data, std::string& out);

/// Whether a request's Accept-Encoding header (null when absent) accepts
/// gzip, as RFC 9110 12.5.3 reads it: "gzip" (or "x-gzip") with a q-value
/// above 0, or "*" with a q-value above 0 when gzip is not named. Anything
/// it cannot read counts as not accepting.
bool AcceptsGzip(const char* accept_encoding);

}  // namespace portwatch
