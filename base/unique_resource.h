#pragma once

#include <utility>

namespace portwatch {

/// Owns one OS resource (a file descriptor, a HANDLE) and releases it when
/// destroyed; move-only. `Traits` says what the resource is:
/// `using Value = ...;`, `static constexpr Value kEmpty`,
/// `static bool Valid(Value)` and `static void Close(Value)`.
template <typename Traits>
class UniqueResource {
 public:
  using Value = typename Traits::Value;

  UniqueResource() = default;
  explicit UniqueResource(Value value) : value_(value) {}
  UniqueResource(UniqueResource&& other) noexcept
      : value_(std::exchange(other.value_, Traits::kEmpty)) {}
  UniqueResource& operator=(UniqueResource&& other) noexcept {
    if (this != &other) Reset(std::exchange(other.value_, Traits::kEmpty));
    return *this;
  }
  UniqueResource(const UniqueResource&) = delete;
  UniqueResource& operator=(const UniqueResource&) = delete;
  ~UniqueResource() { Reset(); }

  Value get() const { return value_; }
  bool valid() const { return Traits::Valid(value_); }
  /// For out-parameters: releases what is held and returns where to store.
  Value* Receive() {
    Reset();
    return &value_;
  }
  /// Releases the resource held (if any) and holds `value` instead.
  void Reset(Value value = Traits::kEmpty) {
    if (Traits::Valid(value_)) Traits::Close(value_);
    value_ = value;
  }

 private:
  Value value_ = Traits::kEmpty;
};

}  // namespace portwatch
