#pragma once

#include <memory>

#include "prometheus/collectable.h"
#include "web/web_security.h"

namespace portwatch {

/// A Collectable publishing whether the last look at --web.config.file
/// found it usable and when the version in use was loaded (as Prometheus
/// does for its own config). Borrows `security`, which must outlive it.
std::shared_ptr<prometheus::Collectable> MakeWebConfigCollectable(
    const WebSecurity& security);

}  // namespace portwatch
