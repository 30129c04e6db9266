#include "base/run_command_windows.h"

#include <windows.h>

#include <chrono>

#include "base/source_error.h"
#include "base/unique_handle_windows.h"

namespace portwatch {
namespace {

constexpr std::chrono::seconds kCommandTimeout{5};
constexpr std::size_t kMaxOutputBytes = 1u << 20;

// Appends what the pipe holds now to `output`, up to kMaxOutputBytes.
void Drain(HANDLE pipe, std::string& output) {
  DWORD available = 0;
  while (PeekNamedPipe(pipe, nullptr, 0, nullptr, &available, nullptr) &&
         available > 0) {
    char chunk[4096];
    DWORD got = 0;
    if (!ReadFile(pipe, chunk, sizeof chunk, &got, nullptr) || got == 0) {
      return;
    }
    if (output.size() < kMaxOutputBytes) output.append(chunk, got);
  }
}

bool PipeHasData(HANDLE pipe) {
  DWORD available = 0;
  return PeekNamedPipe(pipe, nullptr, 0, nullptr, &available, nullptr) &&
         available > 0;
}

}  // namespace

std::string RunCommand(const std::string& command) {
  SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  UniqueHandle read_end;
  UniqueHandle write_end;
  if (!CreatePipe(read_end.Receive(), write_end.Receive(), &inherit, 0)) {
    throw SourceError("cannot create a pipe for \"" + command + "\"");
  }
  SetHandleInformation(read_end.get(), HANDLE_FLAG_INHERIT, 0);
  STARTUPINFOA startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdOutput = write_end.get();
  startup.hStdError = write_end.get();
  startup.hStdInput = nullptr;
  PROCESS_INFORMATION info{};
  std::string line = command;  // CreateProcessA may write to it
  const BOOL started =
      CreateProcessA(nullptr, line.data(), nullptr, nullptr, TRUE,
                     CREATE_NO_WINDOW, nullptr, nullptr, &startup, &info);
  write_end.Reset();  // the child holds its own copy
  if (!started) {
    throw SourceError("cannot run \"" + command + "\": error " +
                      std::to_string(GetLastError()));
  }
  const UniqueHandle process(info.hProcess);
  const UniqueHandle thread(info.hThread);
  // Read while it runs, and give up after kCommandTimeout.
  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + kCommandTimeout;
  DWORD exit_code = STILL_ACTIVE;
  for (;;) {
    Drain(read_end.get(), output);
    if (WaitForSingleObject(process.get(), 20) == WAIT_OBJECT_0) {
      GetExitCodeProcess(process.get(), &exit_code);
      if (PipeHasData(read_end.get())) continue;  // drain what is left
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      TerminateProcess(process.get(), 1);
      throw SourceError("\"" + command + "\" did not finish within " +
                        std::to_string(kCommandTimeout.count()) + " s");
    }
  }
  if (exit_code != 0) {
    throw SourceError("\"" + command + "\" exited with " +
                      std::to_string(exit_code));
  }
  return output;
}

}  // namespace portwatch
