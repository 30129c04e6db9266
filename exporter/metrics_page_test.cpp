// Tests of the shared /metrics page and its gzip encoding.
#include "exporter/metrics_page.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <thread>
#include <vector>

namespace portwatch {
namespace {

// Inflates a gzip stream (RFC 1952) with zlib's own decoder.
std::string Gunzip(const std::string& gzipped) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzipped.data()));
  stream.avail_in = static_cast<uInt>(gzipped.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

std::string SamplePage() {
  std::string text;
  for (int i = 0; i < 2000; ++i) {
    text +=
        "portwatch_tcp_time_wait_sockets{family=\"ipv4\",remote_address=\"10."
        "0.";
    text += std::to_string(i % 256) + "." + std::to_string(i / 256);
    text += "\",remote_port=\"443\"} " + std::to_string(i) + "\n";
  }
  return text;
}

TEST(MetricsPageTest, GzipRoundTripsAndIsSmaller) {
  const MetricsPage page(SamplePage());
  const std::string* gzipped = page.Gzipped();
  ASSERT_NE(gzipped, nullptr);
  EXPECT_EQ(Gunzip(*gzipped), page.text());
  EXPECT_LT(gzipped->size() * 5, page.text().size());
  // The gzip magic number and deflate method (RFC 1952 2.3.1).
  EXPECT_EQ(static_cast<unsigned char>((*gzipped)[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>((*gzipped)[1]), 0x8b);
  EXPECT_EQ((*gzipped)[2], 8);
}

TEST(MetricsPageTest, EmptyPageStillMakesAValidStream) {
  const MetricsPage page("");
  ASSERT_NE(page.Gzipped(), nullptr);
  EXPECT_EQ(Gunzip(*page.Gzipped()), "");
}

TEST(MetricsPageTest, CompressedOnceForEveryClient) {
  const MetricsPage page(SamplePage());
  std::vector<const std::string*> seen(8);
  std::vector<std::thread> clients;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    clients.emplace_back([&page, &seen, i] { seen[i] = page.Gzipped(); });
  }
  for (std::thread& client : clients) client.join();
  for (const std::string* one : seen) EXPECT_EQ(one, seen[0]);
  EXPECT_EQ(page.Gzipped(), seen[0]);
}

TEST(AcceptsGzipTest, AsPrometheusAndCurlAsk) {
  // Prometheus' scrape request, and curl --compressed.
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("deflate, gzip"));
  EXPECT_TRUE(AcceptsGzip("gzip;q=1.0, identity;q=0.5, *;q=0"));
  EXPECT_TRUE(AcceptsGzip("GZIP"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("br, *"));
  EXPECT_TRUE(AcceptsGzip(" gzip ; q=0.001 "));
}

TEST(AcceptsGzipTest, IdentityUnlessGzipIsAcceptable) {
  EXPECT_FALSE(AcceptsGzip(nullptr));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("deflate, br"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0.000, *"));  // named beats *
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzipx, xgzip"));
}

TEST(AcceptsGzipTest, UnreadableElementsAreIgnored) {
  EXPECT_FALSE(AcceptsGzip("gzip;q=high"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=2"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=-1"));
  EXPECT_FALSE(AcceptsGzip("gzip;q="));
  EXPECT_TRUE(AcceptsGzip("gzip;q=nan, gzip"));
  EXPECT_FALSE(AcceptsGzip(",,,;;;===\xff"));
}

}  // namespace
}  // namespace portwatch
