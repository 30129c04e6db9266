// Runs the netlink source against the real kernel: a listener this test
// opens on loopback must appear in the dump, exactly once.
#include "sources/sockets/netlink_socket_source_linux.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "base/unique_fd_linux.h"

namespace portwatch {
namespace {

/// Counts listeners on one local port.
class ListenerFinder : public SocketVisitor {
 public:
  explicit ListenerFinder(std::uint16_t port) : port_(port) {}
  void OnSource(const char* name) override { source = name; }
  void OnSocket(const SocketRow& row) override {
    ++rows;
    if (row.local_port == port_ && row.state == TcpState::kListen &&
        row.family == AddressFamily::kIpv4) {
      ++found;
    }
  }
  int rows = 0;
  int found = 0;
  std::string source;

 private:
  std::uint16_t port_;
};

TEST(NetlinkSocketSourceTest, SeesAListenerOpenedByTheTest) {
  UniqueFd listener(::socket(AF_INET, SOCK_STREAM, 0));
  ASSERT_TRUE(listener.valid());
  const int fd = listener.get();
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address),
            0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  NetlinkSocketSource source;
  ListenerFinder finder(ntohs(address.sin_port));
  source.ForEachSocket(finder);
  EXPECT_EQ(finder.found, 1);
  EXPECT_EQ(finder.source, "netlink");
  listener.Reset();
  ListenerFinder after(ntohs(address.sin_port));
  source.ForEachSocket(after);  // the reused buffer works twice
  EXPECT_EQ(after.found, 0);
}

}  // namespace
}  // namespace portwatch
