"""Durable cases from Python: a SQLite store as a context manager, refusals, queries, the log."""

import datetime
import threading

import pytest

import sopengine
from conftest import DEFINITIONS, TEST_DATA
from sopengine import OutcomeCode, Status, StoreErrc


@pytest.fixture
def db(tmp_path):
    with sopengine.Store(tmp_path / "cases.sqlite") as store:
        yield store
    assert store.closed


def test_a_case_from_start_to_verified_log(db, wib, tuesday):
    sop = db.add_definition_file(DEFINITIONS / "sidoarjo.xml")
    assert db.backend == "sqlite" and sopengine.Store.schema_version >= 1
    assert [d.fingerprint for d in db.definitions()] == [sop.fingerprint]
    assert db.find_definition(sop.fingerprint) == sop
    started = db.start(sop.id, "sekda", tuesday, id="surat-1", by=sopengine.Person("Ir. Ahmad", "1970"))
    assert started and started.code is OutcomeCode.ACCEPTED
    case = started.state
    assert (case.id, case.status, case.step, case.revision) == ("surat-1", Status.AT_ACTIVITY, "1", 1)
    assert case.due == datetime.datetime(2024, 3, 12, 2, 0, tzinfo=datetime.timezone.utc)
    done = db.complete("surat-1", "sekda", case.due, revision=case.revision)
    assert done and done.state.revision == 2 and done.state.step == "2"
    events = db.history("surat-1")
    assert [e.kind for e in events] == [sopengine.EventKind.START, sopengine.EventKind.COMPLETE]
    assert events[0].person == sopengine.Person("Ir. Ahmad", "1970")
    assert events[1].previous == events[0].hash and events[1].on_time
    assert db.verify() and db.verify("surat-1").events == 2
    work = db.load_case("surat-1")
    assert isinstance(work, sopengine.Instance) and work.current_step.id == "2"


def test_refusals_name_their_reason_and_change_nothing(db, tuesday):
    sop = db.add_definition_file(DEFINITIONS / "sidoarjo.xml")
    case = db.start(sop.id, "sekda", tuesday, id="c").state
    wrong = db.complete("c", "kabag", tuesday)
    assert not wrong and wrong.code is OutcomeCode.NOT_YOUR_TURN and wrong.state == case
    stale = db.complete("c", "sekda", tuesday, revision=0)
    assert stale.code is StoreErrc.CONFLICT
    assert db.complete("nope", "sekda", tuesday).code is StoreErrc.NO_SUCH_CASE
    assert db.start(sop.id, "sekda", tuesday, id="c").code is StoreErrc.CASE_EXISTS
    assert db.start("no-such-sop", "sekda", tuesday).code is StoreErrc.NO_SUCH_DEFINITION
    assert db.find_case("c") == case and db.find_case("nope") is None


def test_inbox_overdue_cases_and_report(db, tuesday):
    sop = db.add_definition_file(DEFINITIONS / "sidoarjo.xml")
    for number in range(3):
        db.start(sop.id, "sekda", tuesday + datetime.timedelta(minutes=number), id=f"c{number}")
    assert [c.id for c in db.inbox("sekda")] == ["c0", "c1", "c2"]
    assert db.inbox("kabag") == []
    later = tuesday + datetime.timedelta(days=1)
    assert [c.id for c in db.overdue(later, limit=2)] == ["c0", "c1"]
    assert len(db.cases(sop=sop.id, status=Status.AT_ACTIVITY)) == 3
    db.complete("c0", "sekda", later)
    (first, *_) = db.report(sop.id)
    assert (first.step, first.performed, first.timed, first.on_time) == ("1", 1, 1, 0)
    assert first.on_time_rate == 0.0


def test_calendars_are_stored_by_name(db, tuesday):
    sop = db.add_definition_file(DEFINITIONS / "sidoarjo.xml")
    wita = sopengine.Calendar()
    wita.utc_offset = datetime.timedelta(hours=8)
    fingerprint = db.add_calendar("wita", wita)
    assert len(fingerprint) == 64 and db.find_calendar("wita") == wita
    assert db.find_calendar("none") is None
    assert db.start(sop.id, "sekda", tuesday, calendar="none").code is StoreErrc.NO_SUCH_CALENDAR
    case = db.start(sop.id, "sekda", tuesday, calendar="wita").state
    assert case.calendar == "wita"


def test_a_closed_store_refuses_further_calls(tmp_path, tuesday):
    store = sopengine.Store(str(tmp_path / "x.sqlite"))
    store.close()
    with pytest.raises(sopengine.Error, match="closed"):
        store.find_case("c")
    assert "closed" in repr(store)


def test_a_file_that_is_not_a_store_raises_store_error(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(sopengine.StoreError) as raised:
        sopengine.Store(junk)
    assert raised.value.code is StoreErrc.INCOMPATIBLE
    assert str(junk) in str(raised.value)
    with pytest.raises(TypeError):
        sopengine.Store(tmp_path / "y.sqlite", busy_timeout=5)


def test_threads_may_share_a_store(db, tuesday):
    sop = db.add_definition_file(DEFINITIONS / "sidoarjo.xml")
    case = db.start(sop.id, "sekda", tuesday, id="shared").state
    results = []

    def complete():
        results.append(db.complete("shared", "sekda", case.due, revision=case.revision))

    threads = [threading.Thread(target=complete) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(bool(r) for r in results) == [False, False, False, True]
    assert {r.code for r in results if not r} == {StoreErrc.CONFLICT}
    assert db.find_case("shared").revision == 2


def test_a_completed_case_keeps_its_ending(db, tuesday):
    db.add_definition_file(TEST_DATA / "valid" / "service.xml")
    hour = datetime.timedelta(hours=1)
    assert db.start("izin", "pemohon", tuesday, id="kembali")
    assert db.complete("kembali", "pemohon", tuesday + hour)
    done = db.answer("kembali", "petugas", sopengine.Answer.NO, tuesday + 2 * hour)
    assert done.state.status is Status.COMPLETED and done.state.ending == "dikembalikan"
    assert db.find_case("kembali").ending == "dikembalikan"
    assert [(e.ending, e.cases) for e in db.endings("izin")] == [
        ("terbit", 0),
        ("ditolak", 0),
        ("dikembalikan", 1),
    ]
    assert db.endings("izin")[2].label == "Berkas dikembalikan kepada pemohon"
