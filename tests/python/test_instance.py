"""Cases in memory: operations, refusals that change nothing, times, history, snapshots."""

import copy
import datetime

import pytest

import sopengine
from sopengine import Answer, OutcomeCode, Status

UTC = datetime.timezone.utc


def drive_to_decision(work, at):
    """Completes activities until the case waits at a decision; returns the time reached."""
    while work.status is Status.AT_ACTIVITY:
        at = work.due or at
        assert work.complete(work.current_step.actors[0], at)
    return at


def test_start_complete_and_due_times_in_the_calendars_zone(sidoarjo, tuesday):
    work = sopengine.Instance(sidoarjo)
    assert work.status is Status.NOT_STARTED and work.current_step is None
    done = work.start("sekda", tuesday)
    assert done and done.accepted and done.code is OutcomeCode.ACCEPTED and done.message == ""
    assert work.status is Status.AT_ACTIVITY
    assert work.current_step.id == "1"
    assert [a.id for a in work.actors_now] == ["sekda"]
    assert work.step_started == tuesday
    assert work.due == datetime.datetime(2024, 3, 12, 9, 0, tzinfo=work.calendar.tzinfo)
    assert work.due.tzname() == "WIB"
    assert work.due == datetime.datetime(2024, 3, 12, 2, 0, tzinfo=UTC)
    assert work.last_event == tuesday


def test_a_refusal_says_why_and_changes_nothing(sidoarjo, tuesday):
    work = sopengine.Instance(sidoarjo)
    work.start("sekda", tuesday)
    before = work.snapshot()
    wrong = work.complete("kabag", tuesday)
    assert not wrong and wrong.code is OutcomeCode.NOT_YOUR_TURN
    assert "sekda" in wrong.message
    assert work.complete("nobody", tuesday).code is OutcomeCode.UNKNOWN_ACTOR
    earlier = tuesday - datetime.timedelta(hours=1)
    assert work.complete("sekda", earlier).code is OutcomeCode.TIME_GOES_BACK
    assert work.answer("sekda", True, tuesday).code is OutcomeCode.STEP_IS_ACTIVITY
    assert work.start("sekda", tuesday).code is OutcomeCode.ALREADY_STARTED
    assert work.cancel("sekda", "", tuesday).code is OutcomeCode.MISSING_REASON
    assert work.snapshot() == before


def test_times_must_be_aware_and_any_zone_is_the_same_instant(sidoarjo, tuesday):
    work = sopengine.Instance(sidoarjo)
    with pytest.raises(ValueError, match="naive"):
        work.start("sekda", datetime.datetime(2024, 3, 12, 8, 0))
    with pytest.raises(TypeError):
        work.start("sekda", "2024-03-12T08:00")
    assert work.status is Status.NOT_STARTED
    in_utc = tuesday.astimezone(UTC)
    assert work.start("sekda", in_utc)
    assert work.step_started == tuesday
    # Microseconds are dropped: sopengine keeps whole seconds.
    later = sopengine.Instance(sidoarjo)
    later.start("sekda", tuesday + datetime.timedelta(microseconds=999_999))
    assert later.step_started == tuesday


def test_times_before_1970_are_refused_not_wrapped(sidoarjo):
    work = sopengine.Instance(sidoarjo)
    done = work.start("sekda", datetime.datetime(1969, 12, 31, tzinfo=UTC))
    assert done.code is OutcomeCode.TIME_OUT_OF_RANGE


def test_decisions_take_an_answer_or_a_bool(sidoarjo, tuesday):
    by_enum = sopengine.Instance(sidoarjo)
    by_enum.start("sekda", tuesday)
    at = drive_to_decision(by_enum, tuesday)
    by_bool = copy.copy(by_enum)
    decision = by_enum.current_step
    assert decision.kind is sopengine.StepKind.DECISION and decision.question
    assert by_enum.complete(decision.actors[0], at).code is OutcomeCode.STEP_IS_DECISION
    assert by_enum.answer(decision.actors[0], Answer.NO, at)
    assert by_bool.answer(decision.actors[0], False, at)
    assert by_enum.history == by_bool.history
    assert by_enum.history[-1].answer is Answer.NO
    with pytest.raises(TypeError):
        by_enum.answer(decision.actors[0], "no", at)


def test_history_names_steps_actors_and_times(sidoarjo, tuesday):
    work = sopengine.Instance(sidoarjo)
    work.start("sekda", tuesday)
    at = work.due
    work.complete("sekda", at)
    (record,) = work.history
    assert (record.step, record.actor, record.answer) == ("1", "sekda", None)
    assert record.started == tuesday and record.finished == at and record.due == at
    assert record.on_time and record.finished.tzname() == "WIB"
    assert work.history_size == 1


def test_copies_are_independent_cases(sidoarjo, tuesday):
    work = sopengine.Instance(sidoarjo)
    work.start("sekda", tuesday)
    other = copy.deepcopy(work)
    work.complete("sekda", work.due)
    assert work.current_step.id == "2" and other.current_step.id == "1"


def test_overdue_and_cancel(sidoarjo, tuesday):
    work = sopengine.Instance(sidoarjo)
    work.start("sekda", tuesday)
    assert not work.is_overdue(work.due)
    assert work.is_overdue(work.due + datetime.timedelta(seconds=1))
    assert work.cancel("asisten", "Dibatalkan oleh Sekda", tuesday)
    assert work.status is Status.CANCELLED and work.cancel_reason == "Dibatalkan oleh Sekda"
    assert work.complete("sekda", tuesday).code is OutcomeCode.ALREADY_FINISHED


def test_snapshot_and_restore(sidoarjo, tuesday):
    work = sopengine.Instance(sidoarjo)
    work.start("sekda", tuesday)
    work.complete("sekda", work.due)
    again = sopengine.Instance.restore(sidoarjo, work.snapshot())
    assert again.snapshot() == work.snapshot()
    assert again.history == work.history and again.due == work.due
    with pytest.raises(sopengine.RestoreError) as raised:
        sopengine.Instance.restore(sidoarjo, "not a snapshot")
    assert raised.value.code is sopengine.RestoreReason.MALFORMED
    pace = sopengine.load_file(sidoarjo.source_name.replace("sidoarjo", "pace"))
    with pytest.raises(sopengine.RestoreError) as raised:
        sopengine.Instance.restore(pace, work.snapshot())
    assert raised.value.code is sopengine.RestoreReason.OTHER_DEFINITION


def test_observers_see_every_transition(sidoarjo, tuesday):
    seen = []
    work = sopengine.Instance(sidoarjo)
    work.add_observer(seen.append)
    work.start("sekda", tuesday)
    work.complete("nobody", tuesday)  # refused: no transition
    work.complete("sekda", work.due)
    assert [(t.from_step, t.to_step, t.actor) for t in seen] == [("", "1", "sekda"), ("1", "2", "sekda")]
    assert seen[0].from_status is Status.NOT_STARTED and seen[0].to_status is Status.AT_ACTIVITY
    assert seen[0].at == tuesday and seen[0].at.tzinfo is UTC


def test_an_observer_that_raises_is_reported_and_the_transition_stands(sidoarjo, tuesday, monkeypatch):
    reported = []
    monkeypatch.setattr("sys.unraisablehook", reported.append)

    def fails(change):
        raise RuntimeError("observer bug")

    work = sopengine.Instance(sidoarjo)
    work.add_observer(fails)
    assert work.start("sekda", tuesday)
    assert work.status is Status.AT_ACTIVITY
    assert len(reported) == 1 and isinstance(reported[0].exc_value, RuntimeError)


def test_the_calendar_is_copied_into_the_case(sidoarjo, tuesday):
    calendar = sopengine.Calendar()
    work = sopengine.Instance(sidoarjo, calendar)
    calendar.utc_offset = datetime.timedelta(hours=8)
    work.start("sekda", tuesday)
    assert work.calendar.utc_offset == datetime.timedelta(hours=7)
    assert work.due == tuesday + datetime.timedelta(hours=1)


def test_reprs_help_in_a_repl(sidoarjo, tuesday):
    work = sopengine.Instance(sidoarjo)
    work.start("sekda", tuesday)
    assert repr(work) == (
        "<Instance sidoarjo-setda-pengumpulan-data-kinerja at_activity at step 1, "
        "due 2024-03-12T09:00:00+07:00>"
    )
    assert repr(sidoarjo).startswith("<Definition sidoarjo-setda-pengumpulan-data-kinerja")
    assert repr(work.complete("kabag", tuesday)).startswith("<Outcome not_your_turn: ")
    assert repr(Status.COMPLETED) == "<Status.COMPLETED: 'completed'>"


def test_every_kind_of_tzinfo_gives_the_same_instant(sidoarjo, tuesday):
    zoneinfo = pytest.importorskip("zoneinfo")
    zones = [
        datetime.timezone(datetime.timedelta(hours=8)),
        datetime.timezone(datetime.timedelta(hours=-5, minutes=-30)),
        UTC,
        zoneinfo.ZoneInfo("Asia/Jakarta"),
        zoneinfo.ZoneInfo("Europe/Amsterdam"),  # summer time: its offset changes with the date
    ]
    for zone in zones * 2:  # twice: the fixed offsets are remembered after the first time
        work = sopengine.Instance(sidoarjo)
        assert work.start("sekda", tuesday.astimezone(zone))
        assert work.step_started == tuesday, zone
    summer = datetime.datetime(2024, 7, 1, 3, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))
    work = sopengine.Instance(sidoarjo)
    assert work.start("sekda", summer)
    assert work.step_started == datetime.datetime(2024, 7, 1, 1, 0, tzinfo=UTC)


def test_outcomes_are_immutable_values(sidoarjo, tuesday):
    work = sopengine.Instance(sidoarjo)
    first = work.start("sekda", tuesday)
    with pytest.raises(AttributeError):
        first.code = OutcomeCode.NOT_YOUR_TURN
    second = work.complete("sekda", work.due)
    assert first.accepted and second.accepted and first.message == second.message == ""
