/* What the kernel program (connect_failures.bpf.c) and the exporter
 * (connect_failure_source_bpf_linux.cpp) exchange through BPF maps. Plain C:
 * both sides compile it. */
#ifndef PORTWATCH_PORT_FAILURE_ABI_H
#define PORTWATCH_PORT_FAILURE_ABI_H

#define PW_COMM_LEN 16

/* Index of a failure total: operation * PW_FAMILY_COUNT + family. */
enum pw_operation { PW_OP_CONNECT = 0, PW_OP_BIND = 1, PW_OP_COUNT = 2 };
enum pw_family { PW_FAMILY_IPV4 = 0, PW_FAMILY_IPV6 = 1, PW_FAMILY_COUNT = 2 };

/* One failure's who and where; the key of the `failures` map. Fields the
 * exporter did not ask for are zero, so such failures share a key. */
struct pw_failure_key {
  __u32 netns;            /* network namespace inode */
  __u32 pid;              /* thread group id; 0 unless pids were asked for */
  __u8 family;            /* enum pw_family, of the socket */
  __u8 operation;         /* enum pw_operation */
  __u16 dport;            /* destination port, host order; 0 for bind */
  __u8 daddr[16];         /* destination, network order; IPv4 in the first 4 */
  char comm[PW_COMM_LEN]; /* the process's (thread group leader's) name */
};

#endif
