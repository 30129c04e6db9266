/* Counts TCP port-allocation failures as they happen, in the kernel:
 *  - connect() failing because no local port was free for its destination
 *    (EADDRNOTAVAIL): the kernel sets the socket to SYN_SENT, then picks
 *    the port (inet_hash_connect() / inet6_hash_connect()); only when that
 *    fails does the socket go back to CLOSE while still without a source
 *    port, which is what is counted. A source address that is not local
 *    fails earlier (routing, still CLOSE) and a socket bound to a fixed
 *    port has one, so neither is counted. Counting at the transition also
 *    counts connects that do not come from connect() (io_uring, TCP Fast
 *    Open's sendmsg, kernel sockets) and costs no syscall hook on the
 *    connect() path; the one failure of port selection that is not
 *    EADDRNOTAVAIL, ENOMEM for the port's bind bucket, counts too.
 *  - bind() to port 0 failing with EADDRINUSE on a TCP socket: no port of
 *    the range was free to bind.
 * Tracepoints only (sock:inet_sock_set_state, syscalls:sys_{enter,exit}_
 * bind): no kprobes, no BPF trampolines (fexit), which many kernels lack.
 * User space reads
 * `totals` (never evicted) and drains `failures` (bounded, LRU): what an
 * eviction loses from the breakdown is the difference between the two. */
#include "kernel_types.h"

#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

#include "connect_failure_abi.h"

char LICENSE[] SEC("license") = "GPL";

#define AF_INET 2
#define AF_INET6 10
#define IPPROTO_TCP 6
#define SOCK_STREAM 1
#define TCP_SYN_SENT 2
#define TCP_CLOSE 7
#define EADDRINUSE 98
#define S_IFMT 0170000
#define S_IFSOCK 0140000

/* Set by the exporter before load (--collector.connect_failures.pid). */
const volatile __u8 record_pid = 0;

/* Failures per operation and family, since load; never evicted. */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, PW_OP_COUNT * PW_FAMILY_COUNT);
  __type(key, __u32);
  __type(value, __u64);
} totals SEC(".maps");

/* Failures per who and where since the exporter last drained the map; its
 * size is set by the exporter (--collector.connect_failures.map-entries). */
struct {
  __uint(type, BPF_MAP_TYPE_LRU_HASH);
  __uint(max_entries, 10240);
  __type(key, struct pw_failure_key);
  __type(value, __u64);
} failures SEC(".maps");

/* A thread inside bind() to port 0, and the fd it binds. */
struct {
  __uint(type, BPF_MAP_TYPE_LRU_HASH);
  __uint(max_entries, 4096);
  __type(key, __u64);
  __type(value, __u32);
} binding SEC(".maps");

static void fill_process(struct pw_failure_key *key) {
  struct task_struct *task = (struct task_struct *)bpf_get_current_task();
  BPF_CORE_READ_STR_INTO(&key->comm, task, group_leader, comm);
  if (record_pid) key->pid = bpf_get_current_pid_tgid() >> 32;
}

static __u32 netns_of(const struct sock *sk) {
  return BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
}

static void count_failure(const struct pw_failure_key *key) {
  /* The breakdown first, the total second: user space reads the total
   * first, so the total never runs ahead of what it drains. */
  __u64 *count = bpf_map_lookup_elem(&failures, key);
  if (!count) {
    __u64 zero = 0;
    bpf_map_update_elem(&failures, key, &zero, BPF_NOEXIST);
    count = bpf_map_lookup_elem(&failures, key);
  }
  if (count) __sync_fetch_and_add(count, 1);
  __u32 slot = key->operation * PW_FAMILY_COUNT + key->family;
  __u64 *total = bpf_map_lookup_elem(&totals, &slot);
  if (total) *total += 1;
}

SEC("tracepoint/sock/inet_sock_set_state")
int on_state_change(struct trace_event_raw_inet_sock_set_state *ctx) {
  if (ctx->protocol != IPPROTO_TCP || ctx->oldstate != TCP_SYN_SENT ||
      ctx->newstate != TCP_CLOSE || ctx->sport != 0) {
    return 0;
  }
  struct pw_failure_key key = {};
  key.operation = PW_OP_CONNECT;
  key.dport = ctx->dport;
  if (ctx->family == AF_INET) {
    key.family = PW_FAMILY_IPV4;
    bpf_core_read(key.daddr, 4, &ctx->daddr);
  } else {
    key.family = PW_FAMILY_IPV6;
    bpf_core_read(key.daddr, 16, &ctx->daddr_v6);
  }
  key.netns = netns_of((const struct sock *)ctx->skaddr);
  fill_process(&key); /* the connecting task: this runs in its context */
  count_failure(&key);
  return 0;
}

SEC("tracepoint/syscalls/sys_enter_bind")
int on_bind_enter(struct trace_event_raw_sys_enter *ctx) {
  struct {
    __u16 family;
    __u16 port;
  } address = {};
  if (ctx->args[2] < sizeof(address)) return 0;
  if (bpf_probe_read_user(&address, sizeof(address), (void *)ctx->args[1])) {
    return 0;
  }
  if ((address.family != AF_INET && address.family != AF_INET6) ||
      address.port != 0) {
    return 0;
  }
  __u64 thread = bpf_get_current_pid_tgid();
  __u32 fd = ctx->args[0];
  bpf_map_update_elem(&binding, &thread, &fd, BPF_ANY);
  return 0;
}

/* The socket behind the calling process's `fd`, or NULL. */
static struct sock *socket_of(__u32 fd) {
  struct task_struct *task = (struct task_struct *)bpf_get_current_task();
  struct fdtable *table = BPF_CORE_READ(task, files, fdt);
  if (!table || fd >= BPF_CORE_READ(table, max_fds)) return 0;
  struct file **files = BPF_CORE_READ(table, fd);
  struct file *file = 0;
  if (bpf_probe_read_kernel(&file, sizeof(file), files + fd) || !file) {
    return 0;
  }
  if ((BPF_CORE_READ(file, f_inode, i_mode) & S_IFMT) != S_IFSOCK) return 0;
  struct socket *socket = BPF_CORE_READ(file, private_data);
  return BPF_CORE_READ(socket, sk);
}

SEC("tracepoint/syscalls/sys_exit_bind")
int on_bind_exit(struct trace_event_raw_sys_exit *ctx) {
  __u64 thread = bpf_get_current_pid_tgid();
  __u32 *fd = bpf_map_lookup_elem(&binding, &thread);
  if (!fd) return 0;
  __u32 bound_fd = *fd;
  bpf_map_delete_elem(&binding, &thread);
  if (ctx->ret != -EADDRINUSE) return 0;
  struct sock *sk = socket_of(bound_fd);
  if (!sk || BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP ||
      BPF_CORE_READ(sk, sk_type) != SOCK_STREAM) {
    return 0;
  }
  struct pw_failure_key key = {};
  key.operation = PW_OP_BIND;
  key.family = BPF_CORE_READ(sk, __sk_common.skc_family) == AF_INET6
                   ? PW_FAMILY_IPV6
                   : PW_FAMILY_IPV4;
  key.netns = netns_of(sk);
  fill_process(&key);
  count_failure(&key);
  return 0;
}
