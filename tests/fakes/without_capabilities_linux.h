#pragma once

#include <functional>
#include <initializer_list>

namespace portwatch::fakes {

/// Runs `body` on a thread of its own whose effective set lacks
/// `capabilities` (CAP_* numbers): capabilities are per thread, so the
/// test process keeps its own. Lets a root test see what an unprivileged
/// exporter would. Returns after `body` has run.
void RunWithoutCapabilities(std::initializer_list<int> capabilities,
                            const std::function<void()>& body);

}  // namespace portwatch::fakes
