# Sourced by the container scripts and tests: runs podman with a
# configuration (scripts/lib/containers.conf, through CONTAINERS_CONF)
# for hosts like the CI machine, where
#  - cgroups are v1 with a hybrid v2 mount, which crun refuses ("cgroups in
#    hybrid mode not supported"): runc it is;
#  - raising RLIMIT_NPROC/NOFILE to podman's defaults for root (1048576) is
#    refused: containers get 4096 of each.
# Elsewhere (unified cgroups v2) podman's own defaults are used.
if [[ $(stat -fc %T /sys/fs/cgroup) != cgroup2fs ]]; then
  export CONTAINERS_CONF
  CONTAINERS_CONF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/containers.conf
fi
