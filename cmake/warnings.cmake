# sopengine_target_defaults(<target>): warning flags (errors with SOPENGINE_WARNINGS_AS_ERRORS),
# with SOPENGINE_SANITIZE AddressSanitizer and UndefinedBehaviorSanitizer, and with
# SOPENGINE_FUZZ libFuzzer's coverage instrumentation, for sopengine's own targets only. Everything is PRIVATE, so embedders inherit none of it.
function(sopengine_target_defaults target)
    set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF C_EXTENSIONS OFF)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
        $<$<COMPILE_LANGUAGE:CXX>:-Wold-style-cast -Wnon-virtual-dtor -Woverloaded-virtual>)
    if(SOPENGINE_WARNINGS_AS_ERRORS)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(SOPENGINE_SANITIZE)
        target_compile_options(${target} PRIVATE
            -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
        target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    endif()
    if(SOPENGINE_FUZZ)
        # Coverage for libFuzzer (clang); the fuzz targets link the fuzzer's main.
        target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
    endif()
endfunction()

# sopengine_preload_environment(<variable>): the environment an interpreter that is not
# sanitized (python3, php) needs to load one of sopengine's sanitized libraries: with
# SOPENGINE_SANITIZE, the sanitizer's runtime preloaded first, with libstdc++ for its
# interception of C++ throws, and no leak report of the interpreter's own allocations at exit.
# Empty otherwise.
function(sopengine_preload_environment variable)
    set(environment "")
    if(SOPENGINE_SANITIZE)
        execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libasan.so
            OUTPUT_VARIABLE asan_runtime OUTPUT_STRIP_TRAILING_WHITESPACE)
        execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libstdc++.so
            OUTPUT_VARIABLE cxx_runtime OUTPUT_STRIP_TRAILING_WHITESPACE)
        set(environment "LD_PRELOAD=${asan_runtime}:${cxx_runtime}" "ASAN_OPTIONS=detect_leaks=0")
    endif()
    set(${variable} ${environment} PARENT_SCOPE)
endfunction()
