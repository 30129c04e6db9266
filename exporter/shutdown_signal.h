#pragma once

namespace portwatch {

/// Blocks the shutdown signals in the calling thread and in threads it
/// starts afterwards, and handles them from then on: on POSIX a thread of
/// its own receives them, ending the process at once while it is still
/// starting (a start-up step that hangs cannot make it ignore SIGTERM) and
/// handing them to WaitForShutdownSignal once it serves. Call first thing
/// in main, before any other thread exists.
void BlockShutdownSignals();

/// Waits until the process is asked to stop (SIGTERM/SIGINT on POSIX,
/// console control events or the service manager on Windows); returns what
/// asked. One implementation per platform.
const char* WaitForShutdownSignal();

}  // namespace portwatch
