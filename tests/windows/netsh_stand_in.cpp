// Stands in, under wine, for the two netsh views the exporter reads and
// wine's netsh lacks:
//   netsh int ipv4|ipv6 show dynamicport tcp
//   netsh int ipv4|ipv6 show excludedportrange protocol=tcp
// It prints Windows' text for the network namespace it runs in:
// net.ipv4.ip_local_port_range as a start port and a number of ports, and
// net.ipv4.ip_local_reserved_ports as excluded ranges (Linux applies both
// to IPv6 too), read through wine's drive Z: (the Unix root). Lines end in
// "\r\n" as netsh writes them, or in "\r\r\n" with
// PORTWATCH_NETSH_LINE_END=crcrlf (netsh's text through a text-mode
// stream). Anything else: netsh's "not found" message and exit code 1.
// tests/e2e/wine_endpoints_test.py copies it over
// C:\windows\system32\netsh.exe.

#include <windows.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace {

constexpr char kSysctlDirectory[] = "Z:\\proc\\sys\\net\\ipv4\\";

std::string Lower(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

bool ReadSysctl(const char* name, std::string& out) {
  FILE* file = std::fopen((std::string(kSysctlDirectory) + name).c_str(), "rb");
  if (file == nullptr) return false;
  char chunk[4096];
  std::size_t got = 0;
  out.clear();
  while ((got = std::fread(chunk, 1, sizeof chunk, file)) > 0) {
    out.append(chunk, got);
  }
  std::fclose(file);
  return true;
}

// "a-b,c,..." (ip_local_reserved_ports) as [first, last] pairs.
bool ParseReserved(const std::string& text,
                   std::vector<std::pair<unsigned, unsigned>>& out) {
  std::size_t start = 0;
  while (start < text.size() && text[start] != '\n') {
    std::size_t end = text.find_first_of(",\n", start);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(start, end - start);
    unsigned first = 0;
    unsigned last = 0;
    char dash = 0;
    const int fields =
        std::sscanf(item.c_str(), "%u%c%u", &first, &dash, &last);
    if (fields == 1) {
      last = first;
    } else if (fields != 3 || dash != '-') {
      return false;
    }
    out.emplace_back(first, last);
    start = end + 1;
  }
  return true;
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "netsh stand-in: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.push_back(Lower(argv[i]));
  const bool show =
      args.size() == 5 && (args[0] == "int" || args[0] == "interface") &&
      (args[1] == "ipv4" || args[1] == "ipv6") && args[2] == "show";
  const bool dynamicport = show && args[3] == "dynamicport" && args[4] == "tcp";
  const bool excluded =
      show && args[3] == "excludedportrange" && args[4] == "protocol=tcp";
  if (!dynamicport && !excluded) {
    std::string command;
    for (int i = 1; i < argc; ++i) command += std::string(" ") + argv[i];
    std::printf("The following command was not found:%s.\n", command.c_str());
    return 1;
  }
  const char* line_end_name = std::getenv("PORTWATCH_NETSH_LINE_END");
  const std::string eol =
      line_end_name != nullptr && std::string(line_end_name) == "crcrlf"
          ? "\r\r\n"
          : "\r\n";
  std::string text;
  char line[128];
  if (dynamicport) {
    std::string range;
    unsigned first = 0;
    unsigned last = 0;
    if (!ReadSysctl("ip_local_port_range", range) ||
        std::sscanf(range.c_str(), "%u %u", &first, &last) != 2 ||
        first > last) {
      return Fail("cannot read ip_local_port_range: \"" + range + "\"");
    }
    text = eol + "Protocol tcp Dynamic Port Range" + eol +
           "---------------------------------" + eol;
    std::snprintf(line, sizeof line, "Start Port      : %u", first);
    text += line + eol;
    std::snprintf(line, sizeof line, "Number of Ports : %u", last - first + 1);
    text += line + eol + eol;
  } else {
    std::string reserved_text;
    std::vector<std::pair<unsigned, unsigned>> reserved;
    if (!ReadSysctl("ip_local_reserved_ports", reserved_text) ||
        !ParseReserved(reserved_text, reserved)) {
      return Fail("cannot read ip_local_reserved_ports: \"" + reserved_text +
                  "\"");
    }
    text = eol + "Protocol tcp Port Exclusion Ranges" + eol + eol +
           "Start Port    End Port" + eol + "----------    --------" + eol;
    for (const auto& [first, last] : reserved) {
      std::snprintf(line, sizeof line, "%10u  %10u", first, last);
      text += line + eol;
    }
    text += eol + "* - Administered port exclusions." + eol + eol;
  }
  // WriteFile, not stdio: the bytes exactly as netsh writes them.
  DWORD written = 0;
  if (!WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), text.data(),
                 static_cast<DWORD>(text.size()), &written, nullptr) ||
      written != text.size()) {
    return Fail("cannot write to standard output");
  }
  return 0;
}
