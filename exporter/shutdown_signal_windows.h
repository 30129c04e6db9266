#pragma once

namespace portwatch {

/// Asks WaitForShutdownSignal to return (the service stop handler and the
/// console control handler). `reason` must be a string literal.
void RequestShutdown(const char* reason);

/// Tells the console control handler that the exporter has returned, so a
/// console close may end the process (it waits up to 5 s for this).
void NotifyFinished();

}  // namespace portwatch
