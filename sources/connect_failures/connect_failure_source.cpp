#include "sources/connect_failures/connect_failure_source.h"

namespace portwatch {

const char* PortOperationLabel(PortOperation operation) {
  return operation == PortOperation::kConnect ? "connect" : "bind";
}

const char* PortOperationErrno(PortOperation operation) {
  return operation == PortOperation::kConnect ? "EADDRNOTAVAIL" : "EADDRINUSE";
}

}  // namespace portwatch
