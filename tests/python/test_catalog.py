"""Related SOPs through the Python module, on tests/data/catalog: izin-reklame's step 3 runs
survei-lapangan, whose step 1 runs cek-tata-ruang."""

import pytest

import sopengine
from conftest import TEST_DATA

CATALOG = TEST_DATA / "catalog"


@pytest.fixture(scope="module")
def catalog() -> sopengine.Catalog:
    return sopengine.load_catalog(CATALOG)


def test_a_catalog_links_the_sops_steps_run(catalog):
    assert len(catalog) == 3 and "izin-reklame" in catalog and "nothing" not in catalog
    assert [d.id for d in catalog.definitions] == ["cek-tata-ruang", "izin-reklame",
                                                   "survei-lapangan"]
    permit = catalog["izin-reklame"]
    assert permit.linked and permit.step("3").sop == "survei-lapangan"
    assert permit.related("3").id == "survei-lapangan"
    assert permit.related(permit.step("3")).related("1").id == "cek-tata-ruang"
    assert permit.related("2") is None and catalog.find("nothing") is None
    with pytest.raises(KeyError):
        catalog["nothing"]
    # The same SOPs linked from definitions already loaded.
    linked = sopengine.link([sopengine.load_file(p) for p in sorted(CATALOG.glob("*.xml"))])
    assert linked["izin-reklame"].related("3").id == "survei-lapangan"


def test_a_related_sop_that_is_missing_is_a_located_load_error():
    alone = sopengine.load_file(CATALOG / "izin-reklame.xml")
    assert not alone.linked and alone.related("3") is None
    with pytest.raises(sopengine.LoadError) as raised:
        sopengine.link([alone])
    assert [d.code for d in raised.value.diagnostics] == ["unknown-sop"]
    assert raised.value.diagnostics[0].location.line > 0
    # A case needs the linked definition.
    with pytest.raises(sopengine.Error) as refused:
        sopengine.Instance(alone)
    assert refused.value.code is sopengine.ErrorCode.NOT_LINKED


def test_a_case_runs_the_related_sop_as_a_sub_case(catalog, wib):
    work = sopengine.Instance(catalog["izin-reklame"])
    assert work.start("pemohon", wib.parse("2024-03-11T08:00"))
    assert work.complete("pemohon", wib.parse("2024-03-12T08:00"))
    assert work.answer("petugas", True, wib.parse("2024-03-12T09:00"))
    survey = work.sub_case
    assert survey.definition.id == "survei-lapangan" and survey.current_step.id == "1"
    assert survey.sub_case.definition.id == "cek-tata-ruang"
    assert [a.id for a in work.actors_now] == ["staf"]
    assert work.complete("kabid", wib.parse("2024-03-12T10:00")).code is (
        sopengine.OutcomeCode.NOT_YOUR_TURN)
    assert work.complete("staf", wib.parse("2024-03-12T11:00"))
    assert work.complete("pemohon", wib.parse("2024-03-13T11:00"))
    assert work.answer("kasi", False, wib.parse("2024-03-13T12:00"))
    assert work.sub_case is None and work.current_step.id == "4"
    assert [s.ending.id for s in work.sub_cases] == ["tidak-layak"]
    assert [(r.step, r.ending) for r in work.history][-1] == ("3", "tidak-layak")
