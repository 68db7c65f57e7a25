"""Endings, external actors and joint steps through the Python module, on
tests/data/valid/service.xml (1 by the applicant, 2 a check that may return the file, 3 a joint
meeting of petugas, teknis and kabid, 4 a decision that may refuse, 5 the signature)."""

import pytest

import sopengine
from conftest import TEST_DATA


@pytest.fixture(scope="module")
def service() -> sopengine.Definition:
    return sopengine.load_file(TEST_DATA / "valid" / "service.xml")


def test_the_definition_names_endings_external_actors_and_joint_steps(service):
    assert [e.id for e in service.endings] == ["terbit", "ditolak", "dikembalikan"]
    assert service.ending("end") == service.endings[0]
    assert service.ending("3") is None
    assert service.actor("pemohon").external and not service.actor("kabid").external
    assert service.step("3").together
    assert repr(service.endings[1]) == "<Ending ditolak 'Permohonan ditolak'>"
    found = service.analyze()
    assert [(to.ending, to.shortest.steps) for to in found.endings] == [
        ("terbit", ["1", "2", "3", "4", "5"]),
        ("ditolak", ["1", "2", "3", "4"]),
        ("dikembalikan", ["1", "2"]),
    ]
    assert (found.shortest.minutes, found.shortest.external_minutes) == (30, 480)


def test_a_joint_step_waits_for_everyone_and_the_case_reports_its_ending(service, wib):
    work = sopengine.Instance(service)
    assert work.start("pemohon", wib.parse("2024-03-11T08:00"))
    assert work.due is None  # the applicant is not held to the unit's clock
    assert work.complete("pemohon", wib.parse("2024-03-12T08:00"))
    assert work.answer("petugas", True, wib.parse("2024-03-12T08:30"))
    assert work.complete("teknis", wib.parse("2024-03-12T09:00"))
    assert [a.id for a in work.actors_now] == ["petugas", "kabid"]
    assert [a.id for a in work.confirmed] == ["teknis"]
    again = work.complete("teknis", wib.parse("2024-03-12T09:05"))
    assert again.code is sopengine.OutcomeCode.ALREADY_CONFIRMED
    assert work.complete("petugas", wib.parse("2024-03-12T09:30"))
    assert work.complete("kabid", wib.parse("2024-03-12T10:00"))
    assert work.current_step.id == "4"
    assert [r.completes for r in work.history] == [True, True, False, False, True]
    assert work.ending is None
    assert work.answer("kabid", False, wib.parse("2024-03-12T10:30"))
    assert work.ending.id == "ditolak"
    clock = work.clock(wib.parse("2024-03-20T08:00"))
    assert (clock.unit_minutes, clock.external_minutes) == (150, 480)
    assert clock == work.clock(wib.parse("2024-03-21T08:00"))  # finished: now no longer counts
