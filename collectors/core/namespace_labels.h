#pragma once

#include <vector>

#include "collectors/core/metric_builder.h"
#include "collectors/core/metric_spec.h"
#include "sources/netns/netns_source.h"

namespace portwatch {

/// The labels that name a network namespace on every per-namespace series
/// (collectors netns and connect_failures), in this order; all but `netns`
/// only where known.
inline constexpr LabelNames kNamespaceLabelNames{"netns", "netns_name",
                                                 "container_id", "pod_uid"};

/// `ns`'s labels: netns (the inode), then its `ip netns` name, container id
/// and pod uid where it has them.
std::vector<Label> NamespaceLabels(const NetworkNamespace& ns);

}  // namespace portwatch
