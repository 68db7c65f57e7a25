#pragma once

/// @file
/// SOPENGINE_API marks the public API. The library is built with hidden default visibility, so
/// only what carries this mark is exported from a shared libsopengine; everything else, its
/// internals and its private dependencies (pugixml, spdlog, Boost) included, stays inside.

#if defined(SOPENGINE_STATIC)
// A static library exports nothing of its own; the program it links into decides.
#define SOPENGINE_API
#elif defined(_WIN32) || defined(__CYGWIN__)
#if defined(SOPENGINE_BUILDING)
#define SOPENGINE_API __declspec(dllexport)
#else
#define SOPENGINE_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define SOPENGINE_API __attribute__((visibility("default")))
#else
#define SOPENGINE_API
#endif
