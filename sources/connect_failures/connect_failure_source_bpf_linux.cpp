#include "sources/connect_failures/connect_failure_source_bpf_linux.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/types.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "base/capabilities_linux.h"
#include "base/log_line.h"
#include "base/utf8.h"
#include "connect_failures.skel.h"
#include "sources/connect_failures/bpf/connect_failure_abi.h"

namespace portwatch {
namespace {

/// libbpf's messages go to the debug log; the last warning is kept to say
/// why a load failed.
class LibbpfMessages {
 public:
  static LibbpfMessages& Instance() {
    static LibbpfMessages messages;
    return messages;
  }
  std::string TakeLastWarning() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::exchange(last_warning_, {});
  }

 private:
  LibbpfMessages() { libbpf_set_print(&LibbpfMessages::Print); }

  static int Print(enum libbpf_print_level level, const char* format,
                   va_list args) {
    char line[512];
    std::vsnprintf(line, sizeof(line), format, args);
    std::string text(line);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    spdlog::debug(LogLine("libbpf", {{"msg", text}}));
    if (level == LIBBPF_WARN && !text.empty()) {
      LibbpfMessages& self = Instance();
      std::lock_guard<std::mutex> lock(self.mutex_);
      self.last_warning_ = text;
    }
    return 0;
  }

  std::mutex mutex_;
  std::string last_warning_;
};

std::string Failure(const char* what, int error) {
  std::string message = std::string(what) + ": " + std::strerror(error);
  const std::string detail = LibbpfMessages::Instance().TakeLastWarning();
  if (!detail.empty()) message += " (libbpf: " + detail + ")";
  return message;
}

// Whether this process may read `path` (errno says why not). By the
// effective ids and capabilities, as opening it would: plain access()
// checks the real uid and ignores capabilities.
bool Readable(const std::string& path) {
  return ::faccessat(AT_FDCWD, path.c_str(), R_OK, AT_EACCESS) == 0;
}

ConnectFailureKey ToKey(const pw_failure_key& raw) {
  ConnectFailureKey key;
  key.netns = raw.netns;
  key.pid = raw.pid;
  key.family = raw.family == PW_FAMILY_IPV6 ? AddressFamily::kIpv6
                                            : AddressFamily::kIpv4;
  key.operation = raw.operation == PW_OP_BIND ? PortOperation::kBind
                                              : PortOperation::kConnect;
  std::memcpy(key.destination.bytes.data(), raw.daddr,
              key.family == AddressFamily::kIpv4 ? 4 : 16);
  key.destination_port = raw.dport;
  // Any process can name itself any bytes (prctl PR_SET_NAME); names that
  // differ only there count as one.
  key.process = ValidUtf8(
      std::string_view(raw.comm, ::strnlen(raw.comm, sizeof(raw.comm))));
  return key;
}

}  // namespace

void BpfConnectFailureSource::SkeletonDeleter::operator()(
    connect_failures_bpf* skeleton) const {
  connect_failures_bpf__destroy(skeleton);
}

BpfConnectFailureSource::BpfConnectFailureSource(BpfPaths paths)
    : paths_(std::move(paths)) {}

BpfConnectFailureSource::~BpfConnectFailureSource() = default;

void BpfConnectFailureSource::CheckPrerequisites() const {
  const std::string missing = MissingCapabilities({CAP_BPF, CAP_PERFMON});
  if (!missing.empty()) {
    throw SourceUnavailable("missing " + missing +
                            " (to load and attach the eBPF program)");
  }
  if (!Readable(paths_.kernel_btf)) {
    throw SourceUnavailable("the kernel has no BTF (" + paths_.kernel_btf +
                            ": CONFIG_DEBUG_INFO_BTF)");
  }
  std::string unreadable;
  bool mounted = false;
  for (const std::string& root : paths_.tracefs) {
    const std::string events = root + "/events";
    if (!Readable(events)) {
      if (errno == EACCES && unreadable.empty()) unreadable = root;
      continue;
    }
    mounted = true;
    if (Readable(events + "/syscalls/sys_enter_bind/id") &&
        Readable(events + "/sock/inet_sock_set_state/id")) {
      return;
    }
    if (errno == EACCES && unreadable.empty()) unreadable = root;
  }
  if (!unreadable.empty()) {
    throw SourceUnavailable(
        "cannot read the tracepoint ids in " + unreadable +
        " (tracefs is root-only: missing CAP_DAC_READ_SEARCH)");
  }
  if (!mounted) {
    throw SourceUnavailable(
        "tracefs is not mounted at " + paths_.tracefs.front() +
        " (mount -t tracefs nodev " + paths_.tracefs.front() + ")");
  }
  throw SourceUnavailable(
      "the kernel lacks the tracepoints syscalls:sys_enter_bind or "
      "sock:inet_sock_set_state (CONFIG_FTRACE_SYSCALLS)");
}

void BpfConnectFailureSource::Load() {
  LibbpfMessages::Instance();  // routes libbpf's output to the log
  std::unique_ptr<connect_failures_bpf, SkeletonDeleter> skeleton(
      connect_failures_bpf__open());
  if (!skeleton)
    throw SourceError(Failure("cannot open the eBPF program", errno));
  skeleton->rodata->record_pid = settings_.record_pid ? 1 : 0;
  int error =
      bpf_map__set_max_entries(skeleton->maps.failures, settings_.map_entries);
  if (error != 0)
    throw SourceError(Failure("cannot size the failure map", -error));
  error = connect_failures_bpf__load(skeleton.get());
  if (error != 0) {
    throw SourceError(Failure("the kernel refused the eBPF program", -error));
  }
  error = connect_failures_bpf__attach(skeleton.get());
  if (error != 0) {
    throw SourceError(Failure("cannot attach the eBPF program", -error));
  }
  skeleton_ = std::move(skeleton);
  ++generation_;
}

void BpfConnectFailureSource::Start(const ConnectFailureSettings& settings) {
  settings_ = settings;
  CheckPrerequisites();
  Load();
  started_ = true;
}

void BpfConnectFailureSource::ReadTotals(ConnectFailureTotals& totals) {
  const int cpus = libbpf_num_possible_cpus();
  if (cpus <= 0) throw SourceError(Failure("cannot count CPUs", -cpus));
  std::vector<std::uint64_t> per_cpu(static_cast<std::size_t>(cpus));
  for (PortOperation operation : kPortOperations) {
    for (AddressFamily family : kAddressFamilies) {
      const std::uint32_t slot =
          static_cast<std::uint32_t>(operation) * PW_FAMILY_COUNT +
          static_cast<std::uint32_t>(family);
      const int error = bpf_map__lookup_elem(
          skeleton_->maps.totals, &slot, sizeof(slot), per_cpu.data(),
          per_cpu.size() * sizeof(std::uint64_t), 0);
      if (error != 0)
        throw SourceError(Failure("cannot read the totals", -error));
      std::uint64_t sum = 0;
      for (std::uint64_t value : per_cpu) sum += value;
      totals[static_cast<std::size_t>(operation)]
            [static_cast<std::size_t>(family)] = sum;
    }
  }
}

void BpfConnectFailureSource::DrainFailures(ConnectFailureVisitor& visitor) {
  const int fd = bpf_map__fd(skeleton_->maps.failures);
  std::vector<pw_failure_key> keys(1024);
  std::vector<std::uint64_t> values(keys.size());
  pw_failure_key position{};
  bool first = true;
  for (;;) {
    __u32 batch = static_cast<__u32>(keys.size());
    const int result = bpf_map_lookup_and_delete_batch(
        fd, first ? nullptr : &position, &position, keys.data(), values.data(),
        &batch, nullptr);
    const int error = result == 0 ? 0 : errno;
    for (__u32 i = 0; i < batch; ++i)
      visitor.OnFailures(ToKey(keys[i]), values[i]);
    if (error == ENOENT) return;          // every bucket visited
    if (error == ENOSPC && batch == 0) {  // a bucket holds more than fits
      keys.resize(keys.size() * 2);
      values.resize(keys.size());
      continue;
    }
    if (error != 0)
      throw SourceError(Failure("cannot drain the failure map", error));
    first = false;
  }
}

void BpfConnectFailureSource::Drain(ConnectFailureVisitor& visitor) {
  if (!started_) throw SourceError("port failure counting was not started");
  if (!skeleton_) Load();
  try {
    // Totals first: the program counts a failure's key before its total,
    // so what is drained after never falls behind the totals read.
    ConnectFailureTotals totals{};
    ReadTotals(totals);
    visitor.OnTotals(totals, generation_);
    DrainFailures(visitor);
  } catch (const SourceError&) {
    skeleton_.reset();  // loaded again at the next drain
    throw;
  }
}

std::unique_ptr<ConnectFailureSource> MakeConnectFailureSource() {
  return std::make_unique<BpfConnectFailureSource>();
}

}  // namespace portwatch
