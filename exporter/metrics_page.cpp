#include "exporter/metrics_page.h"

#include <zlib.h>

#include <cctype>
#include <cstdlib>

#include "base/text.h"

namespace portwatch {
namespace {

// zlib's fastest level: Prometheus pages are repetitive text, so level 1
// already gets most of the size down at a fraction of the default's CPU
// (docs/benchmarks.md, "Compression").
constexpr int kGzipLevel = 1;
// deflateInit2's window bits: 15 (32 KiB) plus 16 for a gzip wrapper.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kMemoryLevel = 8;  // zlib's default
// HTTP's optional white space (RFC 9110, 5.6.3) around list elements.
constexpr std::string_view kOptionalWhiteSpace = " \t";

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// The q-value of one Accept-Encoding element's parameters (";q=0.5"): 1
// when absent, -1 when unreadable (then the element is ignored).
double QValue(std::string_view parameters) {
  double q = 1;
  while (!parameters.empty()) {
    const std::size_t end = parameters.find(';');
    const std::string_view parameter =
        Trim(parameters.substr(0, end), kOptionalWhiteSpace);
    parameters =
        end == std::string_view::npos ? "" : parameters.substr(end + 1);
    if (parameter.size() < 2 || (parameter[0] != 'q' && parameter[0] != 'Q') ||
        parameter[1] != '=') {
      continue;
    }
    const std::string value(Trim(parameter.substr(2), kOptionalWhiteSpace));
    char* stop = nullptr;
    q = std::strtod(value.c_str(), &stop);
    if (value.empty() || *stop != '\0' || !(q >= 0 && q <= 1)) return -1;
  }
  return q;
}

}  // namespace

bool GzipCompress(std::string_view data, std::string& out) {
  z_stream stream{};
  if (deflateInit2(&stream, kGzipLevel, Z_DEFLATED, kGzipWindowBits,
                   kMemoryLevel, Z_DEFAULT_STRATEGY) != Z_OK) {
    return false;
  }
  out.resize(deflateBound(&stream, static_cast<uLong>(data.size())));
  stream.next_in =
      reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));  // not written
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return result == Z_STREAM_END;
}

const std::string* MetricsPage::Gzipped() const {
  std::call_once(compressed_once_, [this] {
    gzip_failed_ = !GzipCompress(text_, gzipped_);
    if (gzip_failed_) std::string().swap(gzipped_);
  });
  return gzip_failed_ ? nullptr : &gzipped_;
}

bool AcceptsGzip(const char* accept_encoding) {
  if (accept_encoding == nullptr) return false;
  std::string_view elements = accept_encoding;
  double gzip_q = -1;
  double any_q = -1;
  while (!elements.empty()) {
    const std::size_t end = elements.find(',');
    const std::string_view element = elements.substr(0, end);
    elements = end == std::string_view::npos ? "" : elements.substr(end + 1);
    const std::size_t semicolon = element.find(';');
    const std::string_view coding =
        Trim(element.substr(0, semicolon), kOptionalWhiteSpace);
    const double q = QValue(semicolon == std::string_view::npos
                                ? std::string_view()
                                : element.substr(semicolon + 1));
    if (q < 0) continue;
    if (EqualsIgnoringCase(coding, "gzip") ||
        EqualsIgnoringCase(coding, "x-gzip")) {
      gzip_q = q;
    } else if (coding == "*") {
      any_q = q;
    }
  }
  return gzip_q >= 0 ? gzip_q > 0 : any_q > 0;
}

}  // namespace portwatch
