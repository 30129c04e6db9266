#pragma once

namespace portwatch {

/// Blocks the shutdown signals in the calling thread and in threads it
/// starts afterwards. Call first thing in main, before any thread exists.
void BlockShutdownSignals();

/// Waits until the process is asked to stop (SIGTERM/SIGINT on POSIX,
/// console control events or the service manager on Windows); returns what
/// asked. One implementation per platform.
const char* WaitForShutdownSignal();

}  // namespace portwatch
