"""The people behind the roles from Python: people and assignments in a Store, operations by a
person (holder, Plt., Plh.), separation of duties, a person's desk and the printable record.
On tests/data/valid/four-eyes.xml (unit "U"): 1 drafted by staf or kasubag, 2 verified by another
person, 3 signed by kabag or kasubag who did neither."""

import datetime

import pytest

import sopengine
from conftest import TEST_DATA
from sopengine import (
    Assignment,
    ByPerson,
    Capacity,
    ErrorCode,
    EventKind,
    OutcomeCode,
    Person,
    StaffChangeKind,
    StoreErrc,
)

BUDI = Person("Budi Santoso, S.E.", "197501012000031002", "Pembina (IV/a)")
SARI = Person("Sari Dewi, S.Sos.", "198203032006042003", "Penata Tk. I (III/d)")
ANI = Person("Ani Lestari", "199001012015032001")
DEDI = Person("Dedi Kurnia", "199202022016031002")
LETTER = "800/112/404.1.1/2026"


@pytest.fixture
def db(tmp_path, wib):
    with sopengine.Store(tmp_path / "cases.sqlite") as store:
        store.add_definition_file(TEST_DATA / "valid" / "four-eyes.xml")
        for who in (BUDI, SARI, ANI, DEDI):
            assert store.put_person(who, wib.parse("2026-01-02T08:00"))
        since = datetime.date(2020, 1, 1)
        for who, role in ((BUDI, "kabag"), (ANI, "staf"), (DEDI, "staf")):
            assert store.assign(Assignment(who.nip, "U", role, since), wib.parse("2026-01-02T08:00"))
        yield store


def plh(db, wib):
    made = db.assign(
        Assignment(
            SARI.nip,
            "U",
            "kabag",
            datetime.date(2026, 3, 3),
            to=datetime.date(2026, 3, 4),
            capacity=Capacity.PLH,
            letter=LETTER,
        ),
        wib.parse("2026-03-02T08:00"),
    )
    assert made and made.code is None
    return made.assignment


def drafted_and_verified(db, wib, case_id):
    """A case at step 3: drafted by Ani, and verified by Dedi after Ani was refused."""
    assert db.start("empat-mata", ByPerson(ANI.nip), wib.parse("2026-03-02T08:00"), id=case_id)
    assert db.complete(case_id, ByPerson(ANI.nip), wib.parse("2026-03-02T08:30"))
    own = db.answer(case_id, ByPerson(ANI.nip), True, wib.parse("2026-03-02T08:40"))
    assert own.code is OutcomeCode.SEPARATION_OF_DUTIES and own.state.revision == 2
    assert db.answer(case_id, ByPerson(DEDI.nip), True, wib.parse("2026-03-02T08:45"))


def test_people_and_assignments_are_kept_with_their_history(db, wib):
    assert db.find_person(BUDI.nip) == BUDI and db.find_person("0") is None
    assert [p.nip for p in db.people()] == sorted(p.nip for p in (BUDI, SARI, ANI, DEDI))
    acting = plh(db, wib)
    assert (acting.role, acting.capacity, acting.letter) == ("kabag", Capacity.PLH, LETTER)
    assert acting.from_ == datetime.date(2026, 3, 3) and acting.covers(datetime.date(2026, 3, 4))
    assert not acting.covers(datetime.date(2026, 3, 5))
    on_the_fourth = db.assignments(role="kabag", on=datetime.date(2026, 3, 4))
    assert [(a.nip, a.capacity) for a in on_the_fourth] == [
        (BUDI.nip, Capacity.HOLDER),
        (SARI.nip, Capacity.PLH),
    ]
    assert db.assignments(role="kabag", on=datetime.date(2026, 3, 5)) == on_the_fourth[:1]
    longer = db.set_period(acting.id, acting.from_, datetime.date(2026, 3, 6), wib.parse("2026-03-03T08:00"))
    assert longer and longer.assignment.to == datetime.date(2026, 3, 6)
    revoked = db.revoke(acting.id, "salah orang", wib.parse("2026-03-03T09:00"))
    assert revoked.assignment.revoked and revoked.assignment.revoked_reason == "salah orang"
    assert db.assignments(nip=SARI.nip) == []
    assert db.assignments(nip=SARI.nip, with_revoked=True) == [revoked.assignment]
    history = db.staff_history(SARI.nip)
    assert [c.kind for c in history] == [
        StaffChangeKind.PERSON,
        StaffChangeKind.ASSIGN,
        StaffChangeKind.PERIOD,
        StaffChangeKind.REVOKE,
    ]
    assert all(c.assignment == acting.id for c in history[1:])
    assert [c.sequence for c in db.staff_history()] == list(range(1, 11))


def test_staff_changes_are_refused_with_typed_reasons(db, wib):
    at = wib.parse("2026-03-02T08:00")
    start = datetime.date(2026, 3, 3)
    assert db.put_person(Person("", "1"), at).code is ErrorCode.INVALID_ARGUMENT
    nobody = db.assign(Assignment("0", "U", "kabag", start), at)
    assert nobody.code is StoreErrc.NO_SUCH_PERSON and nobody.assignment is None
    assert db.assign(Assignment(SARI.nip, "U", "bupati", start), at).code is StoreErrc.NO_SUCH_ROLE
    assert db.assign(Assignment(SARI.nip, "X", "kabag", start), at).code is StoreErrc.NO_SUCH_ROLE
    no_letter = db.assign(Assignment(SARI.nip, "U", "kabag", start, to=start, capacity=Capacity.PLH), at)
    assert no_letter.code is ErrorCode.INVALID_ARGUMENT and "letter" in no_letter.message
    twice = db.assign(Assignment(ANI.nip, "U", "staf", start), at)
    assert twice.code is StoreErrc.OVERLAPPING
    assert db.revoke(999, "x", at).code is StoreErrc.NO_SUCH_ASSIGNMENT
    assert [c.kind for c in db.staff_history(SARI.nip)] == [StaffChangeKind.PERSON]


def test_a_plh_signs_only_within_the_letters_period(db, wib):
    plh(db, wib)
    drafted_and_verified(db, wib, "c1")
    early = db.complete("c1", ByPerson(SARI.nip), wib.parse("2026-03-02T15:00"))
    assert early.code is StoreErrc.APPOINTMENT_NOT_STARTED and "2026-03-02" in early.message
    late = db.complete("c1", ByPerson(SARI.nip), wib.parse("2026-03-05T09:00"))
    assert late.code is StoreErrc.APPOINTMENT_EXPIRED and LETTER in late.message
    assert db.complete("c1", ByPerson("0"), wib.parse("2026-03-04T09:00")).code is StoreErrc.NO_SUCH_PERSON
    assert db.find_case("c1").revision == 3
    signed = db.complete("c1", ByPerson(SARI.nip), wib.parse("2026-03-04T09:00"))
    assert signed and signed.state.status is sopengine.Status.COMPLETED
    events = db.history("c1")
    assert [e.kind for e in events] == [
        EventKind.START,
        EventKind.COMPLETE,
        EventKind.ANSWER,
        EventKind.COMPLETE,
    ]
    assert [(e.person, e.actor, e.capacity) for e in events] == [
        (ANI, "staf", Capacity.HOLDER),
        (ANI, "staf", Capacity.HOLDER),
        (DEDI, "staf", Capacity.HOLDER),
        (SARI, "kabag", Capacity.PLH),
    ]
    assert events[-1].letter == LETTER and events[-1].person.rank == SARI.rank
    assert db.verify("c1") and db.verify("c1").events == 4
    page = db.record_html("c1")
    assert "Plh. Kabag" in page and LETTER in page and SARI.name in page
    assert db.record_html("nope") is None


def test_a_role_the_step_does_not_wait_for_is_not_the_persons_turn(db, wib):
    drafted_and_verified(db, wib, "c1")
    staf = db.complete("c1", ByPerson(ANI.nip, "staf"), wib.parse("2026-03-02T09:00"))
    assert staf.code is OutcomeCode.NOT_YOUR_TURN
    unassigned = db.complete("c1", ByPerson(SARI.nip), wib.parse("2026-03-02T09:00"))
    assert unassigned.code is StoreErrc.NOT_ASSIGNED
    assert db.complete("c1", ByPerson(BUDI.nip, "kabag"), wib.parse("2026-03-02T09:00"))
    assert db.history("c1")[-1].capacity is Capacity.HOLDER


def test_the_desk_of_a_person_who_holds_one_role_and_acts_for_another(db, wib):
    assert db.assign(Assignment(SARI.nip, "U", "staf", datetime.date(2020, 1, 1)), wib.parse("2026-01-02T08:00"))
    plh(db, wib)
    drafted_and_verified(db, wib, "at-signing")
    assert db.start("empat-mata", "staf", wib.parse("2026-03-02T10:00"), id="at-drafting")
    desk = db.desk(SARI.nip, datetime.date(2026, 3, 4))
    assert [(d.case.id, d.role, d.capacity, d.letter) for d in desk] == [
        ("at-signing", "kabag", Capacity.PLH, LETTER),
        ("at-drafting", "staf", Capacity.HOLDER, ""),
    ]
    assert [d.case.id for d in db.desk(SARI.nip, datetime.date(2026, 3, 5))] == ["at-drafting"]
    assert db.desk(SARI.nip, datetime.date(2026, 3, 4), sop="other") == []
    assert [d.role for d in db.desk(BUDI.nip, datetime.date(2026, 3, 4), limit=1)] == ["kabag"]


def test_names_of_units_and_titles():
    sop = sopengine.load_file(TEST_DATA / "valid" / "four-eyes.xml")
    assert sopengine.unit_of(sop) == "U"
    assert [sopengine.title_of(c) for c in Capacity] == ["", "", "Plt.", "Plh."]
    assert repr(ByPerson("1", "kabag")) == "ByPerson('1', 'kabag')"
    assert repr(BUDI) == "Person('Budi Santoso, S.E.', '197501012000031002', 'Pembina (IV/a)')"
