// Load generator for the process benchmark: forks PROCESSES children that
// each hold SOCKETS TCP sockets on loopback (a listener of its own and
// connections to it, both ends kept), prints "ready" when all hold them,
// and lets them go when its standard input closes. Run it inside a network
// namespace with a wide ip_local_port_range.
//   process_load PROCESSES SOCKETS
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "process_load: %s: %s\n", what, std::strerror(errno));
  std::_Exit(1);
}

// In a child: the listener, SOCKETS / 2 connections to it (client and
// accepted ends), then a byte on `ready`, then wait for `hold` to close.
[[noreturn]] void Child(long sockets, int ready, int hold) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener < 0 ||
      bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) ||
      listen(listener, 1024) ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length)) {
    Die("listener");
  }
  for (long i = 0; i < (sockets - 1) / 2; ++i) {
    const int client = socket(AF_INET, SOCK_STREAM, 0);
    if (client < 0 || connect(client, reinterpret_cast<sockaddr*>(&address),
                              sizeof address)) {
      Die("connect");
    }
    if (accept(listener, nullptr, nullptr) < 0) Die("accept");
  }
  const char byte = 1;
  if (write(ready, &byte, 1) != 1) Die("ready");
  char ignored;
  while (read(hold, &ignored, 1) > 0) {
  }
  std::_Exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: process_load PROCESSES SOCKETS\n");
    return 2;
  }
  const long processes = std::atol(argv[1]);
  const long sockets = std::atol(argv[2]);
  int ready[2];
  int hold[2];
  if (pipe(ready) || pipe(hold)) Die("pipe");
  std::vector<pid_t> children;
  for (long i = 0; i < processes; ++i) {
    const pid_t pid = fork();
    if (pid < 0) Die("fork");
    if (pid == 0) {
      close(ready[0]);
      close(hold[1]);
      Child(sockets, ready[1], hold[0]);
    }
    children.push_back(pid);
  }
  close(ready[1]);
  close(hold[0]);
  for (long i = 0; i < processes; ++i) {
    char byte;
    if (read(ready[0], &byte, 1) != 1) Die("a child failed");
  }
  std::printf("ready\n");
  std::fflush(stdout);
  char ignored;
  while (read(STDIN_FILENO, &ignored, 1) > 0) {
  }
  close(hold[1]);
  for (pid_t child : children) waitpid(child, nullptr, 0);
  return 0;
}
