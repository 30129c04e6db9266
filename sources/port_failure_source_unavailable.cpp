#include "port_failure_source.h"

namespace portwatch {
namespace {

/// A build without eBPF support (libbpf, bpftool or clang were missing when
/// it was built): says so when started.
class UnavailablePortFailureSource : public PortFailureSource {
 public:
  void Start(const PortFailureSettings&) override {
    throw SourceUnavailable(
        "this build has no eBPF support (libbpf, bpftool and clang were not "
        "found when it was built)");
  }
  void Drain(PortFailureVisitor&) override {
    throw SourceUnavailable("port failure counting is not running");
  }
};

}  // namespace

std::unique_ptr<PortFailureSource> MakePortFailureSource() {
  return std::make_unique<UnavailablePortFailureSource>();
}

}  // namespace portwatch
