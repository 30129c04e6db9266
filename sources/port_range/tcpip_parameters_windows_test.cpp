// Runs under wine against the real registry: values written to the Tcpip
// Parameters key are read back, absent ones are nullopt.
#include "sources/port_range/tcpip_parameters_windows.h"

#include <gtest/gtest.h>
#include <windows.h>

namespace portwatch {
namespace {

constexpr const wchar_t* kKey =
    L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters";

void SetDword(const wchar_t* name, DWORD value) {
  ASSERT_EQ(RegSetKeyValueW(HKEY_LOCAL_MACHINE, kKey, name, REG_DWORD, &value,
                            sizeof value),
            ERROR_SUCCESS);
}

void Delete(const wchar_t* name) {
  RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, kKey, name);
}

TEST(RegistryTcpipParametersTest, ReadsDwordsAndAbsence) {
  Delete(L"TcpTimedWaitDelay");
  RegistryTcpipParameters parameters;
  EXPECT_EQ(parameters.ReadDword("TcpTimedWaitDelay"), std::nullopt);
  SetDword(L"TcpTimedWaitDelay", 30);
  EXPECT_EQ(parameters.ReadDword("TcpTimedWaitDelay"), 30u);
  Delete(L"TcpTimedWaitDelay");
}

}  // namespace
}  // namespace portwatch
