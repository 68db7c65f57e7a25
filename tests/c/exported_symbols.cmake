# cmake -DNM=nm -DLIBRARY=libsopengine_c.so -DHEADER=sopengine.h -P exported_symbols.cmake
# Fails unless the library's dynamic symbol table defines exactly the functions the header
# declares: every one of them, and nothing else (no C++ symbol, no symbol of a linked library).
execute_process(COMMAND ${NM} -D --defined-only ${LIBRARY}
    OUTPUT_VARIABLE table RESULT_VARIABLE failed)
if(failed)
    message(FATAL_ERROR "${NM} could not read ${LIBRARY}")
endif()
string(REPLACE "\n" ";" lines "${table}")
set(exported "")
foreach(line IN LISTS lines)
    # "0000000000012345 T name": functions (T), data (D, B, R), weak (W, V), ...
    if(line MATCHES "^[0-9a-fA-F]* +[A-Za-z] +([^ ]+)$")
        list(APPEND exported "${CMAKE_MATCH_1}")
    endif()
endforeach()

file(READ ${HEADER} header)
string(REGEX MATCHALL "SOP_C_API [^;]*[ *](sop_[a-z0-9_]+)\\(" declarations "${header}")
set(declared "")
foreach(declaration IN LISTS declarations)
    string(REGEX MATCH "(sop_[a-z0-9_]+)\\($" _ "${declaration}")
    list(APPEND declared "${CMAKE_MATCH_1}")
endforeach()
list(LENGTH declared declared_count)
if(declared_count LESS 50)
    message(FATAL_ERROR "found only ${declared_count} declarations in ${HEADER}")
endif()

set(unexpected "${exported}")
list(REMOVE_ITEM unexpected ${declared})
set(missing "${declared}")
list(REMOVE_ITEM missing ${exported})
if(unexpected OR missing)
    message(FATAL_ERROR "${LIBRARY} exports what its header does not declare: [${unexpected}]; "
        "declares but does not export: [${missing}]")
endif()
list(LENGTH exported count)
message(STATUS "${LIBRARY}: exactly the ${count} functions of ${HEADER}")
