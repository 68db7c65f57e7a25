"""Loading SOPs: LoadError with every diagnostic, the non-raising variants, limits, paths."""

import pathlib

import pytest

import sopengine
from conftest import DEFINITIONS, SHIPPED, TEST_DATA

BROKEN = """<?xml version="1.0" encoding="UTF-8"?>
<sop format="1" id="broken">
  <identity>
    <unit>Bagian Umum</unit>
    <number>1/2024</number>
    <title>Contoh</title>
    <approved-by position="Kepala Bagian"/>
  </identity>
  <actors><actor id="staf">Staf</actor></actors>
  <procedure>
    <activity id="1" actor="kabag" next="end"><description>Mengerjakan</description></activity>
  </procedure>
</sop>
"""


def test_every_shipped_sop_loads_with_its_identity():
    assert len(SHIPPED) == 5
    for path in SHIPPED:
        sop = sopengine.load_file(path)
        assert sop.source_name == str(path)
        assert sop.title == sop.header.title != ""
        assert sop.steps and sop.actors
        assert len(sop.fingerprint) == 16 and set(sop.fingerprint) <= set("0123456789abcdef")
        assert sop.step(sop.steps[0].id) == sop.steps[0]
        assert sop.actor(sop.actors[0].id) == sop.actors[0]
        assert sop.step("no-such-step") is None and sop.actor("nobody") is None


def test_the_header_reads_as_attributes(sidoarjo):
    header = sidoarjo.header
    assert header.number == "065/438.1/SOP/135"
    assert header.approved_by.position != ""
    assert isinstance(header.legal_basis, list) and header.legal_basis
    assert header.effective.text != "" and header.effective.written
    assert not header.ratified.written  # Sidoarjo's form has no Tanggal Pengesahan
    assert sidoarjo.headings.activity != ""


def test_load_error_carries_every_diagnostic_with_its_place():
    with pytest.raises(sopengine.LoadError) as raised:
        sopengine.load_string(BROKEN, "broken.xml")
    error = raised.value
    assert isinstance(error, sopengine.Error)
    assert error.code is sopengine.ErrorCode.LOAD_FAILED
    unknown = [d for d in error.diagnostics if d.code == "unknown-actor"]
    assert len(unknown) == 1
    problem = unknown[0]
    assert problem.severity is sopengine.Severity.ERROR
    assert (problem.file, problem.line) == ("broken.xml", 11)
    assert problem.column > 0
    assert "kabag" in problem.message
    assert str(problem).startswith("broken.xml:11:")
    assert "unknown-actor" in str(error)


def test_the_non_raising_variants_return_the_diagnostics():
    failed = sopengine.try_load_string(BROKEN, "broken.xml")
    assert not failed and failed.definition is None
    assert any(d.code == "unknown-actor" for d in failed.diagnostics)
    loaded = sopengine.try_load_file(DEFINITIONS / "pace.xml")
    assert loaded and loaded.definition.id.startswith("pace")


def test_a_missing_file_is_a_load_error_not_an_os_error(tmp_path):
    with pytest.raises(sopengine.LoadError) as raised:
        sopengine.load_file(tmp_path / "nothing.xml")
    assert raised.value.diagnostics[0].file == str(tmp_path / "nothing.xml")


def test_paths_may_be_str_or_pathlike():
    as_text = sopengine.load_file(str(DEFINITIONS / "kediri.xml"))
    as_path = sopengine.load_file(pathlib.Path(DEFINITIONS / "kediri.xml"))
    assert as_text == as_path and hash(as_text) == hash(as_path)


def test_limits_are_keyword_arguments():
    with pytest.raises(sopengine.LoadError) as raised:
        sopengine.load_file(DEFINITIONS / "sidoarjo.xml", max_steps=3)
    assert [d.code for d in raised.value.diagnostics] == ["too-many-steps"]
    with pytest.raises(TypeError):
        sopengine.load_file(DEFINITIONS / "sidoarjo.xml", 3)


def test_every_invalid_test_document_raises_and_none_crashes():
    documents = sorted((TEST_DATA / "invalid").glob("*.xml"))
    assert documents
    for document in documents:
        result = sopengine.try_load_file(document)
        assert not result, document
        assert any(d.severity is sopengine.Severity.ERROR for d in result.diagnostics)


def test_standard_times_parse_or_say_what_to_write():
    time = sopengine.parse_standard_time("1-2 hari")
    assert time.is_range
    assert time.least == sopengine.TimeAmount(days=1)
    assert time.most == sopengine.TimeAmount(days=2)
    assert str(sopengine.parse_standard_time("1 jam 30 menit")) == "1 jam 30 menit"
    with pytest.raises(ValueError, match="sebentar"):
        sopengine.parse_standard_time("sebentar")
    assert sopengine.format_minutes(570) == "9 jam 30 menit"


def test_analysis_and_renderings(sidoarjo):
    found = sidoarjo.analyze()
    assert found.day_minutes == 480
    assert found.standard_path is not None
    assert found.shortest.steps[0] == sidoarjo.steps[0].id
    assert found.longest.minutes >= found.shortest.minutes
    assert {w.actor for w in found.workload} == {a.id for a in sidoarjo.actors}
    assert sidoarjo.to_dot().startswith("digraph")
    assert "<svg" in sidoarjo.to_svg()
    page = sidoarjo.to_html(logo="data:image/png;base64,AAAA")
    assert "data:image/png;base64,AAAA" in page and sidoarjo.title in page
