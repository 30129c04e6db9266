# cmake -DBPFTOOL=... -DOBJECT=x.bpf.o -DNAME=x_bpf -DOUTPUT=x.skel.h -P
# bpf_skeleton.cmake: `bpftool gen skeleton` into OUTPUT, which is left
# untouched when bpftool fails.
execute_process(
  COMMAND "${BPFTOOL}" gen skeleton "${OBJECT}" name "${NAME}"
  OUTPUT_FILE "${OUTPUT}.tmp"
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(REMOVE "${OUTPUT}.tmp")
  message(FATAL_ERROR "bpftool gen skeleton ${OBJECT} failed: ${result}")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
