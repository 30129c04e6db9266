/* The few kernel types connect_failures.bpf.c reads, declared with
 * preserve_access_index so that libbpf relocates every field access to the
 * running kernel's layout (CO-RE, from /sys/kernel/btf/vmlinux at load).
 * Only names matter here, not offsets: no vmlinux.h of the build machine is
 * needed. */
#ifndef PORTWATCH_KERNEL_TYPES_H
#define PORTWATCH_KERNEL_TYPES_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed int __s32;
typedef signed long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;

enum bpf_map_type {
  BPF_MAP_TYPE_HASH = 1,
  BPF_MAP_TYPE_PERCPU_ARRAY = 6,
  BPF_MAP_TYPE_LRU_HASH = 9,
};

enum { BPF_ANY = 0, BPF_NOEXIST = 1 };

#pragma clang attribute push(__attribute__((preserve_access_index)), \
                             apply_to = record)

struct trace_entry {
  unsigned short type;
  unsigned char flags;
  unsigned char preempt_count;
  int pid;
};

/* syscalls:sys_enter_* and syscalls:sys_exit_* */
struct trace_event_raw_sys_enter {
  struct trace_entry ent;
  long id;
  unsigned long args[6];
};

struct trace_event_raw_sys_exit {
  struct trace_entry ent;
  long id;
  long ret;
};

/* sock:inet_sock_set_state */
struct trace_event_raw_inet_sock_set_state {
  struct trace_entry ent;
  const void *skaddr;
  int oldstate;
  int newstate;
  __u16 sport;
  __u16 dport;
  __u16 family;
  __u16 protocol;
  __u8 saddr[4];
  __u8 daddr[4];
  __u8 saddr_v6[16];
  __u8 daddr_v6[16];
};

struct ns_common {
  unsigned int inum;
};

struct net {
  struct ns_common ns;
};

typedef struct {
  struct net *net;
} possible_net_t;

struct sock_common {
  unsigned short skc_family;
  possible_net_t skc_net;
};

struct sock {
  struct sock_common __sk_common;
  __u16 sk_type;
  __u16 sk_protocol;
};

struct socket {
  struct sock *sk;
};

struct inode {
  unsigned short i_mode;
};

struct file {
  struct inode *f_inode;
  void *private_data;
};

struct fdtable {
  unsigned int max_fds;
  struct file **fd;
};

struct files_struct {
  struct fdtable *fdt;
};

struct task_struct {
  struct task_struct *group_leader;
  struct files_struct *files;
  char comm[16];
};

#pragma clang attribute pop

#endif
