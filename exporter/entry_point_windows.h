#pragma once

#include <chrono>

namespace portwatch {

/// Waits until a console run of the exporter has returned, at most
/// `timeout` (the console-close handler must not return before).
void WaitUntilFinished(std::chrono::milliseconds timeout);

}  // namespace portwatch
