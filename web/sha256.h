#pragma once

#include <string>
#include <string_view>

namespace portwatch {

/// The 32-byte SHA-256 digest of `bytes` (OpenSSL), or an empty string in
/// the unlikely case OpenSSL cannot compute it.
std::string Sha256(std::string_view bytes);

}  // namespace portwatch
