#pragma once

namespace portwatch {

/// Blocks the shutdown signals in the calling thread and in threads it
/// starts afterwards. Call first thing in main, before any thread exists.
void BlockShutdownSignals();

/// Waits until the process is asked to stop (SIGTERM/SIGINT on POSIX);
/// returns the signal's name. One implementation per platform.
const char* WaitForShutdownSignal();

}  // namespace portwatch
