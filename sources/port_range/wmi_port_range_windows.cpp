// WMI fallback for the dynamic port range: MSFT_NetTCPSetting in
// root\StandardCimv2 (documented, Windows 8 and later).
#include <objbase.h>
#include <oleauto.h>
#include <wbemidl.h>

#include <cstdio>
#include <string>

#include "base/source_error.h"
#include "sources/port_range/port_range_source_windows.h"

namespace portwatch {
namespace {

[[noreturn]] void Fail(const char* call, HRESULT result) {
  char code[16];
  std::snprintf(code, sizeof code, "0x%08lX",
                static_cast<unsigned long>(result));
  throw SourceError(std::string("WMI ") + call + " failed with " + code);
}

/// Releases a COM interface pointer when it goes out of scope.
template <typename T>
class ComPtr {
 public:
  ~ComPtr() {
    if (pointer_ != nullptr) pointer_->Release();
  }
  T** out() { return &pointer_; }
  T* operator->() const { return pointer_; }
  T* get() const { return pointer_; }

 private:
  T* pointer_ = nullptr;
};

/// COM initialisation for the calling thread, undone on scope exit.
class ComScope {
 public:
  ComScope() : result_(CoInitializeEx(nullptr, COINIT_MULTITHREADED)) {}
  ~ComScope() {
    if (SUCCEEDED(result_)) CoUninitialize();
  }

 private:
  HRESULT result_;
};

/// Owns a BSTR.
class Bstr {
 public:
  explicit Bstr(const wchar_t* text) : value_(SysAllocString(text)) {}
  ~Bstr() { SysFreeString(value_); }
  BSTR get() const { return value_; }

 private:
  BSTR value_;
};

bool ReadPort(IWbemClassObject* object, const wchar_t* name, long& value) {
  VARIANT variant;
  VariantInit(&variant);
  const bool ok = SUCCEEDED(object->Get(name, 0, &variant, nullptr, nullptr)) &&
                  (variant.vt == VT_I4 || variant.vt == VT_UI2 ||
                   variant.vt == VT_I2 || variant.vt == VT_UI4);
  if (ok) {
    VARIANT as_long;
    VariantInit(&as_long);
    VariantChangeType(&as_long, &variant, 0, VT_I4);
    value = as_long.lVal;
  }
  VariantClear(&variant);
  return ok;
}

}  // namespace

EphemeralPortRange ReadRangeFromWmi() {
  ComScope com;
  ComPtr<IWbemLocator> locator;
  HRESULT result = CoCreateInstance(CLSID_WbemLocator, nullptr,
                                    CLSCTX_INPROC_SERVER, IID_IWbemLocator,
                                    reinterpret_cast<void**>(locator.out()));
  if (FAILED(result)) Fail("CoCreateInstance(WbemLocator)", result);
  ComPtr<IWbemServices> services;
  Bstr space(L"ROOT\\StandardCimv2");
  result = locator->ConnectServer(space.get(), nullptr, nullptr, nullptr, 0,
                                  nullptr, nullptr, services.out());
  if (FAILED(result)) Fail("ConnectServer(ROOT\\StandardCimv2)", result);
  CoSetProxyBlanket(services.get(), RPC_C_AUTHN_WINNT, RPC_C_AUTHZ_NONE,
                    nullptr, RPC_C_AUTHN_LEVEL_CALL,
                    RPC_C_IMP_LEVEL_IMPERSONATE, nullptr, EOAC_NONE);
  ComPtr<IEnumWbemClassObject> rows;
  Bstr language(L"WQL");
  Bstr query(
      L"SELECT DynamicPortRangeStartPort, DynamicPortRangeNumberOfPorts "
      L"FROM MSFT_NetTCPSetting");
  result =
      services->ExecQuery(language.get(), query.get(),
                          WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY,
                          nullptr, rows.out());
  if (FAILED(result)) Fail("ExecQuery(MSFT_NetTCPSetting)", result);
  for (;;) {
    ComPtr<IWbemClassObject> row;
    ULONG returned = 0;
    result = rows->Next(5000, 1, row.out(), &returned);
    if (FAILED(result)) Fail("IEnumWbemClassObject::Next", result);
    if (returned == 0) break;
    long start = 0;
    long count = 0;
    if (ReadPort(row.get(), L"DynamicPortRangeStartPort", start) &&
        ReadPort(row.get(), L"DynamicPortRangeNumberOfPorts", count) &&
        start > 0 && count > 0 && start + count - 1 <= 65535) {
      return EphemeralPortRange(static_cast<std::uint16_t>(start),
                                static_cast<std::uint16_t>(start + count - 1));
    }
  }
  throw SourceError("WMI MSFT_NetTCPSetting has no dynamic port range");
}

}  // namespace portwatch
