#!/bin/sh
# Stands in for a test whose tool is missing: says why and skips (CTest's
# SKIP_RETURN_CODE 77). Under CI=true, where every test must run, it fails.
if [ "${CI:-}" = "true" ]; then
  echo "FAIL: $1; CI must run this test"
  exit 1
fi
echo "SKIP: $1"
exit 77
