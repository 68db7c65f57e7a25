"""Shared fixtures of the Python module's tests: the shipped SOPs and calendars, and times."""

import os
import pathlib

import pytest

import sopengine

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFINITIONS = pathlib.Path(os.environ.get("SOPENGINE_DEFINITIONS", ROOT / "sop-definitions"))
TEST_DATA = pathlib.Path(os.environ.get("SOPENGINE_TEST_DATA", ROOT / "tests" / "data"))
SHIPPED = sorted(DEFINITIONS.glob("*.xml"))
NATIONAL_2025 = DEFINITIONS / "calendars" / "indonesia-2025.xml"


@pytest.fixture(scope="session")
def sidoarjo() -> sopengine.Definition:
    return sopengine.load_file(DEFINITIONS / "sidoarjo.xml")


@pytest.fixture(scope="session")
def wib() -> sopengine.Calendar:
    """The default calendar: Monday to Friday, 08:00-16:00, UTC+07:00."""
    return sopengine.Calendar()


@pytest.fixture
def tuesday(wib):
    """Tuesday 12 March 2024, 08:00 WIB (the README's walk starts there)."""
    return wib.parse("2024-03-12T08:00")
