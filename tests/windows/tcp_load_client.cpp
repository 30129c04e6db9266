// A Windows TCP client for the end-to-end test under wine: opens COUNT
// connections to HOST:PORT, prints "ready <pid>" and holds them until its
// standard input closes, so the exporter sees a Windows process (with a
// PID wine reports) holding sockets on ephemeral ports.
//   tcp_load_client.exe HOST PORT COUNT

// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
// clang-format on

#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: tcp_load_client HOST PORT COUNT\n");
    return 2;
  }
  WSADATA wsa;
  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
  sockaddr_in target{};
  target.sin_family = AF_INET;
  target.sin_port = htons(static_cast<u_short>(std::atoi(argv[2])));
  if (inet_pton(AF_INET, argv[1], &target.sin_addr) != 1) return 2;
  std::vector<SOCKET> held;
  for (int i = 0; i < std::atoi(argv[3]); ++i) {
    SOCKET client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (client == INVALID_SOCKET ||
        connect(client, reinterpret_cast<const sockaddr*>(&target),
                sizeof target) != 0) {
      std::fprintf(stderr, "connect failed: %d\n", WSAGetLastError());
      return 1;
    }
    held.push_back(client);
  }
  std::printf("ready %lu\n", GetCurrentProcessId());
  std::fflush(stdout);
  while (std::getchar() != EOF) {
  }
  for (SOCKET client : held) closesocket(client);
  WSACleanup();
  return 0;
}
