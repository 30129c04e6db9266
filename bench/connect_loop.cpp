// Load generator for the connect_failures benchmark: for SECONDS, one
// thread opens a TCP connection to a loopback listener and closes it again
// (with an RST, so that no TIME_WAIT builds up and every connect() picks a
// fresh ephemeral port), as fast as it can, while another accepts and
// closes. Prints the number of connections and nanoseconds per
// socket()+connect()+close(). Usage: connect_loop SECONDS [PORT]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace {

void Die(const char* what) {
  std::fprintf(stderr, "connect_loop: %s: %s\n", what, std::strerror(errno));
  std::exit(1);
}

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<unsigned short>(port));
  return address;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: connect_loop SECONDS [PORT]\n");
    return 2;
  }
  const double seconds = std::atof(argv[1]);
  const sockaddr_in address = Loopback(argc > 2 ? std::atoi(argv[2]) : 7999);
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(listener, reinterpret_cast<const sockaddr*>(&address),
           sizeof address) != 0) {
    Die("bind");
  }
  if (listen(listener, 4096) != 0) Die("listen");
  std::atomic<bool> done{false};
  std::thread acceptor([&] {
    while (!done) {
      const int fd = accept(listener, nullptr, nullptr);
      if (fd >= 0) close(fd);
    }
  });
  const linger reset{1, 0};
  long connections = 0;
  const auto start = std::chrono::steady_clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  auto now = start;
  while (now < end) {
    for (int i = 0; i < 100; ++i, ++connections) {
      const int fd = socket(AF_INET, SOCK_STREAM, 0);
      if (fd < 0) Die("socket");
      if (connect(fd, reinterpret_cast<const sockaddr*>(&address),
                  sizeof address) != 0) {
        Die("connect");
      }
      setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
      close(fd);
    }
    now = std::chrono::steady_clock::now();
  }
  const double elapsed = std::chrono::duration<double>(now - start).count();
  done = true;
  // Wake the acceptor.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  close(fd);
  acceptor.join();
  std::printf("%ld %.1f\n", connections, elapsed * 1e9 / connections);
  return 0;
}
