# Installs the built sopengine into a fresh prefix, then configures the examples folder as a
# project of its own that finds it with find_package(sopengine), builds the embedding example
# and runs it on an SOP; with the bindings, the installed Python package loads the SOP and the
# installed PHP class walks it. Fails on any step that fails.
file(REMOVE_RECURSE ${WORK_DIR})
function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "failed (${status}): ${ARGN}\n${out}")
    endif()
    message(STATUS "${out}")
endfunction()
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/build -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_CXX_FLAGS=${CONSUMER_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${CONSUMER_FLAGS}")
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build --target sop-embed)
run(${WORK_DIR}/build/sop-embed ${SOP_FILE})

# PYTHON_PRELOAD: what Python needs in its environment to load a sanitized module, its
# variables separated by '|' (empty otherwise; see sopengine_preload_environment).
if(PYTHON)
    string(REPLACE "|" ";" PYTHON_PRELOAD "${PYTHON_PRELOAD}")
    set(ENV{PYTHONPATH} ${WORK_DIR}/prefix/${PYTHON_DIR})
    run(${CMAKE_COMMAND} -E env ${PYTHON_PRELOAD} ${PYTHON} -c "import sopengine, sys; print(sopengine.load_file(sys.argv[1]).title)"
        ${SOP_FILE})
endif()
if(PHP)
    set(ENV{SOPENGINE_C_LIBRARY} ${WORK_DIR}/prefix/${LIB_DIR}/libsopengine_c.so)
    run(${PHP} -d include_path=${WORK_DIR}/prefix/${PHP_DIR} ${CONSUMER_DIR}/embed/walk.php
        ${SOP_FILE})
endif()
