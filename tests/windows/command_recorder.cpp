// Stands in, under wine, for the Windows tools the MSI's custom actions run
// and wine does not have (netsh advfirewall, PowerShell's LocalAccounts
// cmdlets; sc.exe's "failure"): appends its own command line as one UTF-8
// line to C:\portwatch-msi-commands.log and exits 0, so the test can check
// what the installer asked for and when.
//   copied over C:\windows\system32\netsh.exe, sc.exe, ...\powershell.exe

#include <windows.h>

#include <cstdio>
#include <string>

int main() {
  const wchar_t* command_line = GetCommandLineW();
  const int size = WideCharToMultiByte(CP_UTF8, 0, command_line, -1, nullptr, 0,
                                       nullptr, nullptr);
  std::string utf8(static_cast<size_t>(size > 0 ? size : 1), '\0');
  WideCharToMultiByte(CP_UTF8, 0, command_line, -1, utf8.data(), size, nullptr,
                      nullptr);
  utf8.resize(utf8.find('\0'));
  FILE* log = std::fopen("C:\\portwatch-msi-commands.log", "ab");
  if (log == nullptr) return 1;
  std::fprintf(log, "%s\n", utf8.c_str());
  std::fclose(log);
  return 0;
}
