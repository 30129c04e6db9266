// Load generator for the benchmark: creates N TIME_WAIT sockets (and
// optionally M ESTABLISHED ones, held until stdin closes) on loopback,
// spread over many (source address, destination) tuples of about 20k
// sockets each so that connect() never has to search a crowded port space.
// Meant to run inside a network namespace whose ip_local_port_range is
// wide and tcp_max_tw_buckets above N. Usage: tw_load N [M [FIRST_TUPLE]]
// (several processes with distinct FIRST_TUPLE values share the work).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

constexpr long kPerTuple = 20000;

sockaddr_in Address(int b, int c, int d, int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl((127u << 24) | (unsigned(b) << 16) |
                                  (unsigned(c) << 8) | unsigned(d));
  address.sin_port = htons(static_cast<unsigned short>(port));
  return address;
}

void Die(const char* what) {
  std::fprintf(stderr, "tw_load: %s: %s\n", what, std::strerror(errno));
  std::exit(1);
}

int Listen(const sockaddr_in& address) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address))
    Die("bind listener");
  if (listen(fd, 4096)) Die("listen");
  return fd;
}

// One connection from `source` to `listener`; returns {client, server}.
std::pair<int, int> Connect(const sockaddr_in& source,
                            const sockaddr_in& destination, int listener) {
  int client = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  // Pick the port at connect time, so ports are shared across 4-tuples.
  setsockopt(client, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
  if (bind(client, reinterpret_cast<const sockaddr*>(&source), sizeof source))
    Die("bind client");
  if (connect(client, reinterpret_cast<const sockaddr*>(&destination),
              sizeof destination))
    Die("connect");
  int server = accept(listener, nullptr, nullptr);
  if (server < 0) Die("accept");
  return {client, server};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: tw_load TIME_WAIT [ESTABLISHED]\n");
    return 2;
  }
  const long time_wait = std::atol(argv[1]);
  const long established = argc > 2 ? std::atol(argv[2]) : 0;
  const long first_tuple = argc > 3 ? std::atol(argv[3]) : 0;
  const long tuples =
      first_tuple + (time_wait + established + kPerTuple - 1) / kPerTuple;
  std::vector<int> listeners;
  std::vector<int> held;
  long made = 0;
  for (long tuple = first_tuple; tuple < tuples; ++tuple) {
    const sockaddr_in destination =
        Address(1, static_cast<int>(tuple / 200),
                static_cast<int>(tuple % 200) + 1, 8000);
    const sockaddr_in source = Address(2, static_cast<int>(tuple / 200),
                                       static_cast<int>(tuple % 200) + 1, 0);
    const int listener = Listen(destination);
    listeners.push_back(listener);
    for (long i = 0; i < kPerTuple && made < time_wait + established; ++i) {
      auto [client, server] = Connect(source, destination, listener);
      if (made < time_wait) {
        close(client);  // the client closes first: TIME_WAIT on its side
        char byte;
        while (read(server, &byte, 1) > 0) {
        }
        close(server);
      } else {
        held.push_back(client);
        held.push_back(server);
      }
      ++made;
    }
  }
  std::printf("%ld\n", made);
  std::fflush(stdout);
  if (established > 0) {
    char byte;
    while (read(0, &byte, 1) > 0) {
    }
  }
  return 0;
}
