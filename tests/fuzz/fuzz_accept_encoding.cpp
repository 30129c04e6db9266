// libFuzzer target: a client's Accept-Encoding header, and the gzip page
// made for it (compressed once, inflating back to the page).
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "exporter/metrics_page.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  // CivetWeb hands over a NUL-terminated header value.
  const std::string header(reinterpret_cast<const char*>(data), size);
  const bool gzip = portwatch::AcceptsGzip(header.c_str());
  if (!gzip) return 0;
  // The header's bytes as a page: it must inflate back unchanged.
  const portwatch::MetricsPage page(header);
  const std::string* gzipped = page.Gzipped();
  if (gzipped == nullptr || page.Gzipped() != gzipped) __builtin_trap();
  std::string inflated(header.size() + 1, '\0');
  uLongf length = static_cast<uLongf>(inflated.size());
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) __builtin_trap();
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzipped->data()));
  stream.avail_in = static_cast<uInt>(gzipped->size());
  stream.next_out = reinterpret_cast<Bytef*>(inflated.data());
  stream.avail_out = static_cast<uInt>(length);
  const int result = inflate(&stream, Z_FINISH);
  inflated.resize(stream.total_out);
  inflateEnd(&stream);
  if (result != Z_STREAM_END || inflated != header) __builtin_trap();
  return 0;
}
