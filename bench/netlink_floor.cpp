// The cheapest possible NETLINK_SOCK_DIAG dump of all TCP sockets (IPv4 and
// IPv6): a fixed 64 KiB buffer, records counted, nothing else. The floor
// portwatch's scrape time is compared with. Prints "<records> <seconds>".
// With --no-bound-inactive it leaves out the bound-only sockets (the state
// bit that makes the kernel walk its bind table too), as
// --no-collector.tcp.bound-inactive does.
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

long DumpFamily(int fd, int family, unsigned states) {
  struct {
    nlmsghdr header;
    inet_diag_req_v2 body;
  } request{};
  request.header.nlmsg_len = sizeof request;
  request.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  request.body.sdiag_family = static_cast<unsigned char>(family);
  request.body.sdiag_protocol = IPPROTO_TCP;
  request.body.idiag_states = states;
  if (send(fd, &request, sizeof request, 0) < 0) {
    std::perror("send");
    std::exit(1);
  }
  static char buffer[64 * 1024];
  long records = 0;
  for (;;) {
    ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    if (got <= 0) {
      std::perror("recv");
      std::exit(1);
    }
    for (auto* header = reinterpret_cast<nlmsghdr*>(buffer);
         NLMSG_OK(header, static_cast<unsigned>(got));
         header = NLMSG_NEXT(header, got)) {
      if (header->nlmsg_type == NLMSG_DONE) return records;
      if (header->nlmsg_type == NLMSG_ERROR) {
        std::fprintf(stderr, "netlink error\n");
        std::exit(1);
      }
      ++records;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool bound_inactive =
      !(argc > 1 && std::strcmp(argv[1], "--no-bound-inactive") == 0);
  const unsigned states = bound_inactive ? ~0u : ~0u & ~(1u << 13);
  const auto start = std::chrono::steady_clock::now();
  int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) {
    std::perror("socket");
    return 1;
  }
  long records =
      DumpFamily(fd, AF_INET, states) + DumpFamily(fd, AF_INET6, states);
  close(fd);
  const std::chrono::duration<double> elapsed =
      std::chrono::steady_clock::now() - start;
  std::printf("%ld %.6f\n", records, elapsed.count());
  return 0;
}
