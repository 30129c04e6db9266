// Corpus replay for the fuzz targets when they are not linked with
// libFuzzer: runs LLVMFuzzerTestOneInput once on every file named on the
// command line or found in a directory named there, so each seed corpus
// is a fast regression test (CTest label fuzz-regression). Exits 1 when an
// input cannot be read or nothing was replayed; a crash is the failure the
// test exists to catch.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size);

namespace {

bool Replay(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  const std::vector<char> input((std::istreambuf_iterator<char>(file)),
                                std::istreambuf_iterator<char>());
  if (!file.eof() && file.fail()) {
    std::cerr << "cannot read " << path << "\n";
    return false;
  }
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()),
                         input.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path argument(argv[i]);
    std::error_code error;
    if (std::filesystem::is_directory(argument, error)) {
      for (const auto& entry :
           std::filesystem::directory_iterator(argument, error)) {
        if (!entry.is_regular_file()) continue;
        if (!Replay(entry.path())) return 1;
        ++replayed;
      }
    } else if (!Replay(argument)) {
      return 1;
    } else {
      ++replayed;
    }
    if (error) {
      std::cerr << "cannot list " << argument << ": " << error.message()
                << "\n";
      return 1;
    }
  }
  std::cout << "replayed " << replayed << " inputs\n";
  return replayed > 0 ? 0 : 1;
}
