"""A Python walk of every shipped SOP gives the history and due times of the C++ walk
(sop-runner walk --json), on the default calendar and the national calendar of 2025, answering
yes everywhere and answering no at the first decision."""

import json
import os
import subprocess

import pytest

import sopengine
from conftest import NATIONAL_2025, SHIPPED

RUNNER = os.environ.get("SOP_RUNNER")
START = "2025-03-27T08:00"  # before Nyepi, Ramadan's hours and Idul Fitri's days off


def python_walk(sop, calendar, first_answer):
    """Each step by its first actor in exactly its standard time; returns the records and the
    answers given."""
    work = sopengine.Instance(sop, calendar)
    now = work.calendar.parse(START)
    assert work.start(sop.actors[0].id, now)
    answers = []
    while (step := work.current_step) is not None:
        assert len(answers) <= len(sop.steps), "the walk goes round a loop"
        now = work.due or now
        if step.kind is sopengine.StepKind.DECISION:
            value = first_answer if not answers else sopengine.Answer.YES
            answers.append(value)
            done = work.answer(step.actors[0], value, now)
        else:
            done = work.complete(step.actors[0], now)
        assert done, done.message
    return work, answers


def runner_walk(path, calendar_file, answers):
    command = [RUNNER, "walk", str(path), "--start", START, "--json"]
    if calendar_file:
        command += ["--calendar", str(calendar_file)]
    if answers:
        command += ["--answers", ",".join(a.value for a in answers)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.skipif(not RUNNER, reason="SOP_RUNNER names sop-runner (ctest sets it)")
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
@pytest.mark.parametrize("calendar_file", [None, NATIONAL_2025], ids=["default", "indonesia-2025"])
@pytest.mark.parametrize("first_answer", [sopengine.Answer.YES, sopengine.Answer.NO], ids=["yes", "no"])
def test_python_walk_equals_the_cpp_walk(path, calendar_file, first_answer):
    sop = sopengine.load_file(path)
    calendar = sopengine.load_calendar_file(calendar_file) if calendar_file else None
    work, answers = python_walk(sop, calendar, first_answer)
    expected = runner_walk(path, calendar_file, answers)
    fmt = work.calendar.format
    walked = [
        {
            "step": r.step,
            "actor": r.actor,
            "answer": r.answer.value if r.answer else None,
            "started": fmt(r.started),
            "due": fmt(r.due) if r.due else None,
            "finished": fmt(r.finished),
            "completes": r.completes,
            "sop": sop.id,
            "within": [],  # the shipped SOPs run no related SOP
        }
        for r in work.history
    ]
    assert walked == expected["steps"]
    assert expected["completed"] == (work.status is sopengine.Status.COMPLETED)
    assert expected["finished"] == fmt(work.last_event)
