# The README's walk in C++, C, Python and PHP on one SOP: fails unless all of them succeed and
# print the same lines. Variables: FILE (the SOP), CXX_WALK and C_WALK (the programs), PYTHON
# and PYTHON_WALK, and, unless PHP is empty, PHP, PHP_WALK and PHP_INCLUDE (the folder of
# Sopengine.php); PYTHONPATH and SOPENGINE_C_LIBRARY come from the test's environment.
set(walks
    "C++|${CXX_WALK}|${FILE}"
    "C|${C_WALK}|${FILE}"
    "Python|${PYTHON}|${PYTHON_WALK}|${FILE}")
if(PHP)
    list(APPEND walks "PHP|${PHP}|-d|include_path=${PHP_INCLUDE}|${PHP_WALK}|${FILE}")
endif()
set(expected "")
foreach(walk IN LISTS walks)
    string(REPLACE "|" ";" command "${walk}")
    list(POP_FRONT command language)
    execute_process(COMMAND ${command} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "the ${language} walk failed (${status}):\n${out}${err}")
    endif()
    if(expected STREQUAL "")
        set(expected "${out}")
        set(first ${language})
    elseif(NOT out STREQUAL expected)
        message(FATAL_ERROR "the ${language} walk differs from the ${first} walk:\n"
            "${first}:\n${expected}\n${language}:\n${out}")
    endif()
endforeach()
list(LENGTH walks count)
message(STATUS "${count} walks, the same:\n${expected}")
