# Builds libsopengine and libsopengine_store as shared libraries (a nested build of the library
# alone, without optimisation: what is exported does not depend on it) and fails unless every
# symbol they export is sopengine's public C++ API: in namespace sop, outside sop::detail, or
# the type information and virtual tables of its public classes. Variables: SOURCE_DIR,
# WORK_DIR, GENERATOR, NM.
function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "failed (${status}): ${ARGN}\n${out}")
    endif()
endfunction()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR} -G ${GENERATOR}
    -DBUILD_SHARED_LIBS=ON -DCMAKE_BUILD_TYPE= -DSOPENGINE_WARNINGS_AS_ERRORS=ON
    -DSOPENGINE_BUILD_TESTS=OFF -DSOPENGINE_BUILD_EXAMPLES=OFF -DSOPENGINE_BUILD_BENCHMARKS=OFF
    -DSOPENGINE_BUILD_BINDINGS=OFF -DSOPENGINE_INSTALL=OFF)
run(${CMAKE_COMMAND} --build ${WORK_DIR} --target sopengine sopengine_store)

set(public "^(typeinfo for |typeinfo name for |vtable for )?sop::")
foreach(library IN ITEMS src/libsopengine.so src/libsopengine_store.so)
    execute_process(COMMAND ${NM} -D --defined-only --demangle ${WORK_DIR}/${library}
        RESULT_VARIABLE status OUTPUT_VARIABLE listing ERROR_VARIABLE err)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "${NM} failed on ${library}: ${err}")
    endif()
    string(REPLACE "\n" ";" lines "${listing}")
    set(count 0)
    set(foreign "")
    foreach(line IN LISTS lines)
        # "<address> <type> <name>"; the linker's own markers (absolute symbols) aside.
        if(NOT line MATCHES "^[0-9a-f]+ ([A-Za-z]) (.+)$" OR CMAKE_MATCH_1 STREQUAL "A")
            continue()
        endif()
        set(name "${CMAKE_MATCH_2}")
        math(EXPR count "${count} + 1")
        if(NOT name MATCHES "${public}" OR name MATCHES "^[^(]*sop::detail::")
            string(APPEND foreign "  ${name}\n")
        endif()
    endforeach()
    if(count EQUAL 0)
        message(FATAL_ERROR "${library} exports nothing: the listing could not be read")
    endif()
    if(NOT foreign STREQUAL "")
        message(FATAL_ERROR "${library} exports symbols outside sopengine's public API:\n${foreign}")
    endif()
    message(STATUS "${library}: ${count} symbols, all of sopengine's public API")
endforeach()
