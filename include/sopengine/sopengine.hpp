#pragma once

/// @file
/// The only include you need: every public part of sopengine.

#include <sopengine/analysis.hpp>
#include <sopengine/calendar.hpp>
#include <sopengine/catalog.hpp>
#include <sopengine/definition.hpp>
#include <sopengine/diagnostic.hpp>
#include <sopengine/duration.hpp>
#include <sopengine/error.hpp>
#include <sopengine/export.hpp>
#include <sopengine/instance.hpp>
#include <sopengine/load.hpp>
#include <sopengine/logging.hpp>
#include <sopengine/observer.hpp>
#include <sopengine/snapshot.hpp>
#include <sopengine/version.hpp>
