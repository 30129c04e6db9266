#include "sources/connect_failures/connect_failure_source.h"

namespace portwatch {
namespace {

/// A build without eBPF support (libbpf, bpftool or clang were missing when
/// it was built): says so when started.
class UnavailableConnectFailureSource : public ConnectFailureSource {
 public:
  void Start(const ConnectFailureSettings&) override {
    throw SourceUnavailable(
        "this build has no eBPF support (libbpf, bpftool and clang were not "
        "found when it was built)");
  }
  void Drain(ConnectFailureVisitor&) override {
    throw SourceUnavailable("port failure counting is not running");
  }
};

}  // namespace

std::unique_ptr<ConnectFailureSource> MakeConnectFailureSource() {
  return std::make_unique<UnavailableConnectFailureSource>();
}

}  // namespace portwatch
