#pragma once

#include <string>
#include <string_view>

namespace portwatch {

/// Who a process belongs to, read from its cgroup path: the container id
/// and, under Kubernetes, the pod UID. Empty when the path does not say.
struct ContainerIdentity {
  std::string container_id;  // 64 lower-case hex digits
  std::string pod_uid;       // 8-4-4-4-12 form, as in kube_pod_info{uid}
  /// "containerd", "cri-o" or "docker" when the path names the runtime.
  std::string runtime;
};

/// Reads the container and pod of a process from the text of
/// /proc/<pid>/cgroup (cgroup v2 "0::<path>", or v1 lines, where the first
/// path naming a container wins). Understands the layouts of the systemd
/// and cgroupfs cgroup drivers for containerd, CRI-O and Docker:
///   /kubepods.slice/kubepods-burstable.slice/
///     kubepods-burstable-pod<uid with _>.slice/cri-containerd-<id>.scope
///   .../kubepods-pod<uid>.slice/crio-<id>.scope, .../docker-<id>.scope
///   /kubepods/besteffort/pod<uid>/<id>, /kubepods/pod<uid>/crio-<id>
///   /system.slice/docker-<id>.scope, /docker/<id>
/// A path that names neither yields an empty identity; never throws.
ContainerIdentity ParseCgroupIdentity(std::string_view cgroup_file);

}  // namespace portwatch
