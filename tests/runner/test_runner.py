"""Tests of the sop-runner command: every command on every shipped SOP, exit codes, diagnostics,
JSON read back with Python's own parser, and a scripted `run` session through a pipe.

Run by ctest (one test per class); by hand:
    SOP_RUNNER=build/examples/sop-runner python3 tests/runner/test_runner.py [Class]
"""

import json
import xml.etree.ElementTree as ElementTree
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNNER = os.environ.get("SOP_RUNNER", str(ROOT / "build" / "examples" / "sop-runner"))
DEFINITIONS = ROOT / "sop-definitions"
DATA = ROOT / "tests" / "data"

# The shipped SOPs: steps, decisions, and the standard (all-yes) duration in working minutes.
SHIPPED = {
    "sidoarjo.xml": {"steps": 10, "actors": 6, "decisions": ["8"], "standard": 1080},
    "pace.xml": {"steps": 9, "actors": 4, "decisions": ["8"], "standard": 2280},
    "way-kanan.xml": {"steps": 13, "actors": 4, "decisions": ["9"], "standard": 4025},
    "kalbar.xml": {"steps": 10, "actors": 6, "decisions": ["6", "7"], "standard": 500},
    "kediri.xml": {"steps": 6, "actors": 3, "decisions": [], "standard": 1460},
}

DIAGNOSTIC = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): "
                        r"(?P<message>.+) \[(?P<code>[a-z0-9-]+)\]$")


def runner(*args, stdin=None, env=None, cwd=None):
    """Runs sop-runner; returns the completed process (text mode)."""
    environment = dict(os.environ)
    environment.pop("NO_COLOR", None)
    environment["COLUMNS"] = "120"
    environment.update(env or {})
    return subprocess.run([RUNNER, *map(str, args)], input=stdin, capture_output=True, text=True,
                          env=environment, cwd=cwd, timeout=60)


class Cli(unittest.TestCase):
    def test_version(self):
        done = runner("--version")
        self.assertEqual(done.returncode, 0)
        self.assertRegex(done.stdout, r"^sop-runner \d+\.\d+\.\d+")

    def test_every_command_has_help(self):
        for command in ["", "lint", "info", "walk", "run", "dot", "case", "case start",
                        "case inbox", "case verify"]:
            with self.subTest(command=command):
                done = runner(*command.split(), "--help")
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertIn("Usage", done.stdout)

    def test_usage_errors_exit_2(self):
        for args in [[], ["bogus"], ["lint"], ["info"], ["lint", "--colour", "x", "f.xml"],
                     ["lint", "--color", "purple", DEFINITIONS / "pace.xml"],
                     ["info", DEFINITIONS / "pace.xml", "extra"],
                     ["walk", DEFINITIONS / "pace.xml", "--answers", "maybe"],
                     ["walk", DEFINITIONS / "pace.xml", "--start", "yesterday"],
                     ["walk", DEFINITIONS / "pace.xml", "--hours", "16:00-08:00"],
                     ["walk", DEFINITIONS / "pace.xml", "--days", "mon,funday"],
                     ["walk", DEFINITIONS / "pace.xml", "--holiday", "2024-02-30"],
                     ["walk", DEFINITIONS / "pace.xml", "--utc-offset", "7"],
                     ["run", DEFINITIONS / "pace.xml", "--start", "2024-13-01T08:00"]]:
            with self.subTest(args=args):
                done = runner(*args)
                self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
                self.assertTrue(done.stderr.strip(), "a usage error says what is wrong")
                self.assertEqual(done.stdout, "")

    def test_commands_on_a_file_with_errors_exit_1(self):
        broken = DATA / "invalid" / "unknown-actor.xml"
        for command in ["info", "walk", "run", "dot"]:
            with self.subTest(command=command):
                done = runner(command, broken, stdin="")
                self.assertEqual(done.returncode, 1)
                self.assertEqual(done.stdout, "")
                self.assertIn(f"{broken}:17:29: error:", done.stderr)
                self.assertIn("[unknown-actor]", done.stderr)

    def test_a_missing_file_exits_1(self):
        for command in ["lint", "info", "walk", "dot"]:
            with self.subTest(command=command):
                done = runner(command, "no-such-sop.xml")
                self.assertEqual(done.returncode, 1)
                self.assertIn("no-such-sop.xml: error:", done.stdout + done.stderr)
                self.assertIn("[file-not-found]", done.stdout + done.stderr)


class Lint(unittest.TestCase):
    def test_shipped_definitions_are_clean(self):
        done = runner("lint", "--werror", *[DEFINITIONS / name for name in SHIPPED])
        self.assertEqual(done.returncode, 0, done.stdout)
        self.assertEqual(done.stdout, "")
        self.assertIn("5 files checked: 0 with errors, 0 errors, 0 warnings", done.stderr)

    def test_a_folder_stands_for_its_xml_files(self):
        # The five SOPs, the five calendar files (linted as calendars) and the two example SOPs
        # of the folder inside.
        done = runner("lint", DEFINITIONS)
        self.assertEqual(done.returncode, 0, done.stdout)
        self.assertIn("12 files checked: 0 with errors", done.stderr)

    def test_every_invalid_test_file_fails_with_its_golden_diagnostics(self):
        for document in sorted((DATA / "invalid").glob("*.xml")):
            with self.subTest(document=document.name):
                done = runner("lint", document.name, cwd=DATA / "invalid")
                self.assertEqual(done.returncode, 1)
                golden = (DATA / "invalid" / (document.name + ".errors")).read_text()
                self.assertEqual(done.stdout, golden)

    def test_diagnostics_are_compiler_style_with_line_and_column(self):
        done = runner("lint", DATA / "invalid" / "malformed.xml",
                      DATA / "invalid" / "unknown-actor.xml")
        self.assertEqual(done.returncode, 1)
        lines = done.stdout.splitlines()
        self.assertGreaterEqual(len(lines), 3)
        for line in lines:
            match = DIAGNOSTIC.match(line)
            self.assertIsNotNone(match, line)
            self.assertGreater(int(match["line"]), 0)
            self.assertGreater(int(match["column"]), 0)
        self.assertTrue(lines[0].startswith(f"{DATA / 'invalid' / 'malformed.xml'}:"))
        self.assertIn("[xml-syntax]", lines[0])
        self.assertIn("did you mean 'kasubag'?", done.stdout)

    def test_one_bad_file_among_good_ones_fails_the_run(self):
        done = runner("lint", DEFINITIONS / "pace.xml", DATA / "invalid" / "dead-end.xml",
                      DEFINITIONS / "kediri.xml")
        self.assertEqual(done.returncode, 1)
        self.assertIn("3 files checked: 1 with errors", done.stderr)

    def test_warnings_pass_unless_werror(self):
        warned = DATA / "valid" / "warnings.xml"
        done = runner("lint", warned)
        self.assertEqual(done.returncode, 0)
        self.assertEqual(len(done.stdout.splitlines()), 2)
        self.assertTrue(all(DIAGNOSTIC.match(line)["severity"] == "warning"
                            for line in done.stdout.splitlines()))
        strict = runner("lint", "--werror", warned)
        self.assertEqual(strict.returncode, 1)
        self.assertIn("warnings are errors", strict.stderr)

    def test_colour_only_on_request_or_a_terminal(self):
        broken = DATA / "invalid" / "unknown-actor.xml"
        self.assertNotIn("\033[", runner("lint", broken).stdout)  # a pipe: no colour
        coloured = runner("lint", "--color", "always", broken).stdout
        self.assertIn("\033[1;31merror:\033[0m", coloured)
        self.assertNotIn("\033[", runner("lint", "--color", "never", broken).stdout)
        # Without the escapes, the text is the plain text.
        self.assertEqual(re.sub("\033\\[[0-9;]*m", "", coloured), runner("lint", broken).stdout)

    def test_json_report(self):
        done = runner("lint", "--json", DEFINITIONS / "kalbar.xml",
                      DATA / "invalid" / "unknown-actor.xml", DATA / "valid" / "warnings.xml",
                      "no-such-sop.xml")
        self.assertEqual(done.returncode, 1)
        report = json.loads(done.stdout)
        self.assertFalse(report["ok"])
        self.assertEqual([entry["file"] for entry in report["files"]],
                         [str(DEFINITIONS / "kalbar.xml"),
                          str(DATA / "invalid" / "unknown-actor.xml"),
                          str(DATA / "valid" / "warnings.xml"), "no-such-sop.xml"])
        clean, broken, warned, missing = report["files"]
        self.assertEqual((clean["valid"], clean["errors"], clean["diagnostics"]), (True, 0, []))
        self.assertFalse(broken["valid"])
        self.assertEqual(broken["errors"], 2)
        first = broken["diagnostics"][0]
        self.assertEqual((first["severity"], first["code"], first["line"], first["column"]),
                         ("error", "unknown-actor", 17, 29))
        self.assertTrue(warned["valid"])
        self.assertEqual(warned["warnings"], 2)
        self.assertEqual(missing["diagnostics"][0]["code"], "file-not-found")
        self.assertIsNone(missing["diagnostics"][0]["line"])
        self.assertEqual(report["errors"], 3)
        self.assertEqual(report["warnings"], 2)


class Info(unittest.TestCase):
    def test_text_shows_header_actors_table_and_analysis(self):
        for name, expected in SHIPPED.items():
            with self.subTest(sop=name):
                done = runner("info", DEFINITIONS / name)
                self.assertEqual(done.returncode, 0, done.stderr)
                sop = json.loads(runner("info", "--json", DEFINITIONS / name).stdout)
                self.assertTrue(done.stdout.startswith(sop["title"] + "\n"))
                self.assertIn(f"Nomor SOP           {sop['number']}", done.stdout)
                for actor in sop["actors"]:
                    self.assertRegex(done.stdout, rf"\n  {actor['id']} +{re.escape(actor['name'])}\n")
                headings = sop["headings"]
                self.assertRegex(done.stdout, rf"\n{re.escape(headings['number'])} +"
                                              rf"{re.escape(headings['activity'].split()[0])}")
                for step in sop["steps"]:
                    self.assertRegex(done.stdout, rf"\n{step['id']} +\S")
                self.assertRegex(done.stdout,
                                 rf"standard \(all yes\)  [^\n]*\({expected['standard']} working "
                                 rf"minutes\)")

    def test_json_has_the_documented_schema(self):
        for name, expected in SHIPPED.items():
            with self.subTest(sop=name):
                done = runner("info", "--json", DEFINITIONS / name)
                self.assertEqual(done.returncode, 0, done.stderr)
                sop = json.loads(done.stdout)
                for key in ["id", "title", "number", "actors", "steps", "analysis"]:
                    self.assertIn(key, sop)
                self.assertEqual(len(sop["steps"]), expected["steps"])
                self.assertEqual(len(sop["actors"]), expected["actors"])
                actor_ids = {actor["id"] for actor in sop["actors"]}
                step_ids = {step["id"] for step in sop["steps"]} | {"end"}
                decisions = []
                for step in sop["steps"]:
                    self.assertIn(step["kind"], ["activity", "decision"])
                    self.assertTrue(set(step["actors"]) <= actor_ids)
                    self.assertTrue(step["description"])
                    for key in ["requirements", "output", "duration_text"]:
                        self.assertIsInstance(step[key], str)
                    minutes = step["duration_minutes"]
                    self.assertTrue(minutes is None or (isinstance(minutes, int) and minutes > 0))
                    if step["kind"] == "decision":
                        decisions.append(step["id"])
                        self.assertIn(step["yes"], step_ids)
                        self.assertIn(step["no"], step_ids)
                        self.assertIsNone(step["next"])
                    else:
                        self.assertIn(step["next"], step_ids)
                        self.assertIsNone(step["yes"])
                        self.assertIsNone(step["no"])
                self.assertEqual(decisions, expected["decisions"])
                analysis = sop["analysis"]
                self.assertEqual(analysis["standard_duration_minutes"], expected["standard"])
                self.assertEqual(analysis["standard_duration_minutes"], sum(
                    (next(s for s in sop["steps"] if s["id"] == id)["duration_minutes"] or 0)
                    for id in analysis["standard_path"]))
                self.assertLessEqual(analysis["shortest_minutes"], analysis["longest_minutes"])
                self.assertEqual(set(analysis["workload_minutes"]), actor_ids)
                # Every step counts once for each of its actors.
                self.assertEqual(sum(analysis["workload_minutes"].values()),
                                 sum((s["duration_minutes"] or 0) * len(s["actors"])
                                     for s in sop["steps"]))

    def test_json_keeps_identity_as_written(self):
        kalbar = json.loads(runner("info", "--json", DEFINITIONS / "kalbar.xml").stdout)
        self.assertEqual(kalbar["number"], "065 / 3 / DP-B")
        self.assertEqual(kalbar["identity"]["approved_by"]["nip"], "19791208 200003 2 002")
        self.assertEqual(kalbar["identity"]["created"], {"text": "4 Januari 2021",
                                                         "date": "2021-01-04", "written": True})
        step2 = next(step for step in kalbar["steps"] if step["id"] == "2")
        self.assertIsNone(step2["duration_minutes"])
        self.assertEqual(step2["duration_text"], "Sesuai dengan waktu yang ditentukan")
        self.assertEqual(kalbar["analysis"]["steps_without_duration"], ["2"])
        way_kanan = json.loads(runner("info", "--json", DEFINITIONS / "way-kanan.xml").stdout)
        self.assertEqual(way_kanan["identity"]["created"],
                         {"text": "Februari 2022", "date": None, "written": True})
        # Way Kanan's form has a Tanggal Pengesahan and no Tanggal Efektif.
        self.assertEqual(way_kanan["identity"]["effective"],
                         {"text": "", "date": None, "written": False})
        self.assertEqual(way_kanan["headings"]["quality"], "MUTU BUKU")


class Endings(unittest.TestCase):
    def test_info_names_endings_external_actors_joint_steps_and_paths_per_ending(self):
        done = runner("info", "--json", DATA / "valid" / "service.xml")
        self.assertEqual(done.returncode, 0, done.stderr)
        info = json.loads(done.stdout)
        self.assertEqual([e["id"] for e in info["endings"]], ["terbit", "ditolak", "dikembalikan"])
        self.assertEqual([a["external"] for a in info["actors"]], [True, False, False, False])
        self.assertEqual([s["together"] for s in info["steps"]], [False, False, True, False, False])
        per_ending = info["analysis"]["endings"]
        self.assertEqual(per_ending["dikembalikan"]["shortest_path"], ["1", "2"])
        self.assertEqual(per_ending["dikembalikan"]["shortest_minutes"], 30)
        self.assertEqual(per_ending["dikembalikan"]["shortest_external_minutes"], 480)
        self.assertEqual(per_ending["terbit"]["longest_minutes"], 690)
        self.assertEqual(info["analysis"]["standard_ending"], "terbit")
        text = runner("info", DATA / "valid" / "service.xml").stdout
        self.assertIn("Pemohon (external)", text)
        self.assertIn("Petugas Loket (petugas) + Tim Teknis", text)
        self.assertRegex(text, r"to ditolak +3 jam 30 menit \(210 working minutes\): steps 1 2 3 4; "
                               r"and 480 working minutes with external actors")
        # A definition without endings shows none of this.
        plain = runner("info", DEFINITIONS / "sidoarjo.xml").stdout
        self.assertNotIn("Endings", plain)
        self.assertNotIn("to end", plain)


class RelatedSops(unittest.TestCase):
    """A step that runs a related SOP: its folder (or --catalog) links it, walks go through
    the sub-case, info shows the step's SOP, lint links the SOPs it is given."""

    EXAMPLE = DEFINITIONS / "examples" / "izin-reklame.xml"

    def test_a_walk_goes_through_the_sub_case_of_the_related_sop(self):
        done = runner("walk", self.EXAMPLE, "--start", "2026-03-10T08:00", "--json",
                      "--answers", "yes,no,no")
        self.assertEqual(done.returncode, 0, done.stderr)
        report = json.loads(done.stdout)
        self.assertEqual(report["ending"], "ditolak")
        inner = [(s["within"], s["sop"], s["step"], s["answer"]) for s in report["steps"]
                 if s["within"]]
        self.assertEqual(inner, [(["5"], "dpmptsp-survei-lokasi", "1", None),
                                 (["5"], "dpmptsp-survei-lokasi", "2", None),
                                 (["5"], "dpmptsp-survei-lokasi", "3", None),
                                 (["5"], "dpmptsp-survei-lokasi", "4", "no")])
        self.assertEqual(report["steps"][-1]["step"], "6")
        done_steps = [s for s in report["steps"] if s["completes"]]
        for earlier, later in zip(done_steps, done_steps[1:]):
            self.assertEqual(earlier["finished"], later["started"])
        text = runner("walk", self.EXAMPLE, "--start", "2026-03-10T08:00").stdout
        self.assertRegex(text, r"\n5 > 4 +verifikator +yes ")
        self.assertIn(": terbit (Izin reklame diterbitkan)", text)
        # Three levels: the test catalog's izin-reklame runs survei-lapangan, which runs
        # cek-tata-ruang.
        nested = runner("walk", DATA / "catalog" / "izin-reklame.xml", "--json")
        self.assertEqual(nested.returncode, 0, nested.stderr)
        self.assertIn(["3", "1"], [s["within"] for s in json.loads(nested.stdout)["steps"]])

    def test_the_catalog_is_the_files_folder_unless_named(self):
        with tempfile.TemporaryDirectory() as folder:
            alone = Path(folder) / "izin-reklame.xml"
            shutil.copy(self.EXAMPLE, alone)
            done = runner("walk", alone)
            self.assertEqual(done.returncode, 1)
            self.assertIn("runs SOP 'dpmptsp-survei-lokasi', which the catalog does not have",
                          done.stderr)
            self.assertIn("name the folder that holds them with --catalog", done.stderr)
            named = runner("walk", alone, "--catalog", DEFINITIONS / "examples", "--json")
            self.assertEqual(named.returncode, 0, named.stderr)

    def test_info_names_the_related_sop_of_a_step(self):
        done = runner("info", "--json", self.EXAMPLE)
        self.assertEqual(done.returncode, 0, done.stderr)
        steps = {s["id"]: s for s in json.loads(done.stdout)["steps"]}
        self.assertEqual(steps["5"]["sop"], "dpmptsp-survei-lokasi")
        self.assertEqual(steps["5"]["sop_number"], "503/     /438.7.24/2026")
        self.assertIsNone(steps["4"]["sop"])
        text = runner("info", self.EXAMPLE).stdout
        self.assertIn("=> SOP dpmptsp-survei-lokasi (Survei", text)

    def test_the_store_takes_the_related_sop_first_and_runs_the_sub_case(self):
        with tempfile.TemporaryDirectory() as folder:
            db = str(Path(folder) / "cases.sqlite")
            # Given in name order, the permit before the survey it runs: stored after it.
            added = runner("case", "--db", db, "add", self.EXAMPLE,
                           DEFINITIONS / "examples" / "survei-lokasi.xml")
            self.assertEqual(added.returncode, 0, added.stderr)
            self.assertEqual([line.split(":")[1].split()[0] for line in added.stdout.splitlines()],
                             ["dpmptsp-survei-lokasi", "dpmptsp-izin-reklame"])
            steps = [("start", "dpmptsp-izin-reklame", "--id", "r1", "--actor", "pemohon"),
                     ("complete", "r1", "--actor", "pemohon"),
                     ("answer", "r1", "yes", "--actor", "petugas"),
                     ("complete", "r1", "--actor", "petugas"),
                     ("complete", "r1", "--actor", "verifikator"),
                     ("complete", "r1", "--actor", "tim-teknis"),
                     ("complete", "r1", "--actor", "kabid")]
            for minute, command in enumerate(steps):
                done = runner("case", "--db", db, *command, "--at", f"2026-03-10T09:{minute:02}")
                self.assertEqual(done.returncode, 0, done.stderr)
            desk = runner("case", "--db", db, "inbox", "verifikator", "--json")
            self.assertEqual(desk.returncode, 0, desk.stderr)
            self.assertEqual([(c["id"], c["step"]) for c in json.loads(desk.stdout)], [("r1", "5")])

    def test_lint_links_the_sops_it_is_given(self):
        self.assertEqual(runner("lint", "--werror", DEFINITIONS / "examples").returncode, 0)
        done = runner("lint", self.EXAMPLE)
        self.assertEqual(done.returncode, 1)
        self.assertRegex(done.stdout, r"izin-reklame.xml:\d+:\d+: error: step 5 of "
                                      r"dpmptsp-izin-reklame runs SOP 'dpmptsp-survei-lokasi'.*"
                                      r"\[unknown-sop\]")


class Walk(unittest.TestCase):
    def walk(self, name, *args):
        done = runner("walk", DEFINITIONS / name, "--start", "2024-03-12T08:00", "--json", *args)
        self.assertEqual(done.returncode, 0, done.stderr)
        return json.loads(done.stdout)

    def test_every_shipped_sop_walks_the_standard_path_by_default(self):
        for name, expected in SHIPPED.items():
            with self.subTest(sop=name):
                report = self.walk(name)
                self.assertTrue(report["completed"])
                self.assertEqual(len(report["steps"]), expected["steps"])
                self.assertEqual(report["working_minutes"], expected["standard"])
                self.assertEqual(report["steps"][0]["started"], "2024-03-12T08:00:00+07:00")
                for earlier, later in zip(report["steps"], report["steps"][1:]):
                    self.assertEqual(earlier["finished"], later["started"])
                for step in report["steps"]:
                    self.assertEqual(step["finished"], step["due"] or step["started"])
                    self.assertEqual(step["answer"],
                                     "yes" if step["step"] in expected["decisions"] else None)

    def test_a_service_walk_reports_its_ending_and_the_applicants_time_apart(self):
        done = runner("walk", DATA / "valid" / "service.xml", "--start", "2024-03-12T08:00",
                      "--json", "--answers", "yes,no")
        self.assertEqual(done.returncode, 0, done.stderr)
        report = json.loads(done.stdout)
        self.assertEqual(report["ending"], "ditolak")
        # The applicant's day, then 30 + 120 + 60 minutes with the unit.
        self.assertEqual((report["unit_minutes"], report["external_minutes"]), (210, 480))
        self.assertEqual(report["working_minutes"], 690)
        # The applicant's step has no due time; each of the meeting's three actors confirms it.
        self.assertIsNone(report["steps"][0]["due"])
        meeting = [(s["actor"], s["completes"]) for s in report["steps"] if s["step"] == "3"]
        self.assertEqual(meeting, [("petugas", False), ("teknis", False), ("kabid", True)])
        text = runner("walk", DATA / "valid" / "service.xml", "--start", "2024-03-12T08:00")
        self.assertIn("completed after 5 steps, 1170 working minutes (19 jam 30 menit), of them "
                      "690 with the unit and 480 with external actors: terbit (Izin diterbitkan)",
                      text.stdout)

    def test_the_national_calendar_skips_nyepi_idulfitri_and_cuti_bersama(self):
        done = runner("walk", DEFINITIONS / "sidoarjo.xml", "--start", "2025-03-27T08:00",
                      "--json", "--calendar", DEFINITIONS / "calendars" / "indonesia-2025.xml")
        self.assertEqual(done.returncode, 0, done.stderr)
        steps = {s["step"]: s for s in json.loads(done.stdout)["steps"]}
        # Thursday 27 March 2025 keeps Ramadan hours (08:00-15:00, 12:00-12:30 off): step 5's
        # hour from 12:00 ends at 13:30.
        self.assertEqual(steps["5"]["due"], "2025-03-27T13:30:00+07:00")
        # Step 6 (1 Hari): 28 March (cuti bersama Nyepi), 29 (Nyepi), 31 March and 1 April
        # (Idulfitri), 2-4 and 7 April (cuti bersama) are off: Tuesday 8 April, same clock time.
        self.assertEqual(steps["6"]["due"], "2025-04-08T13:30:00+07:00")
        # Step 8's hour from 15:30: to 16:00, then Wednesday 07:30-08:00.
        self.assertEqual(steps["8"]["due"], "2025-04-09T08:00:00+07:00")
        # --hours overrides the file's weekday hours; Ramadan's period keeps its own.
        over = runner("walk", DEFINITIONS / "sidoarjo.xml", "--start", "2025-04-08T08:00",
                      "--json", "--hours", "08:00-12:00", "--calendar",
                      DEFINITIONS / "calendars" / "indonesia-2025.xml")
        self.assertEqual(over.returncode, 0, over.stderr)
        steps = {s["step"]: s for s in json.loads(over.stdout)["steps"]}
        # Steps 1-4 fill Tuesday's four hours, step 5 is Wednesday 08:00-09:00, and step 6's
        # day is one day of four hours: Thursday 09:00.
        self.assertEqual(steps["6"]["started"], "2025-04-09T09:00:00+07:00")
        self.assertEqual(steps["6"]["due"], "2025-04-10T09:00:00+07:00")

    def test_a_calendar_file_with_errors_stops_the_walk(self):
        with tempfile.TemporaryDirectory() as folder:
            bad = Path(folder) / "bad.xml"
            bad.write_text('<calendar format="1" id="x" time-zone="CET"/>')
            done = runner("walk", DEFINITIONS / "sidoarjo.xml", "--calendar", bad)
            self.assertEqual(done.returncode, 1)
            self.assertIn("bad.xml:1:40: error: time-zone \"CET\"", done.stderr)

    def test_answers_are_used_in_order(self):
        report = self.walk("kalbar.xml", "--answers", "no,yes,tidak,ya,yes")
        self.assertEqual([(s["step"], s["actor"], s["answer"]) for s in report["steps"]
                          if s["answer"]],
                         [("6", "kabag", "no"), ("6", "kabag", "yes"), ("7", "karo", "no"),
                          ("6", "kabag", "yes"), ("7", "karo", "yes")])
        self.assertEqual(report["working_minutes"], 500 + 120 + 30 + 30 + 240)
        self.assertEqual(report["steps"][-1]["step"], "10")

    def test_text_table(self):
        done = runner("walk", DEFINITIONS / "sidoarjo.xml", "--start", "2024-03-12T08:00",
                      "--answers", "no,yes")
        self.assertEqual(done.returncode, 0, done.stderr)
        lines = done.stdout.splitlines()
        self.assertRegex(lines[1], r"^step +actor +answer +started +due +finished$")
        # Steps 1-5 take an hour each, step 6 a working day, step 7 two hours: 8 runs 15:00-16:00.
        self.assertRegex(done.stdout, r"\n8 +kabag +no +2024-03-13T15:00:00\+07:00 +"
                                      r"2024-03-13T16:00:00\+07:00 +2024-03-13T16:00:00\+07:00\n")
        self.assertIn("completed after 12 steps, 1260 working minutes", done.stdout)

    def test_too_few_answers(self):
        done = runner("walk", DEFINITIONS / "kalbar.xml", "--start", "2024-03-12T08:00",
                      "--answers", "no")
        self.assertEqual(done.returncode, 1)
        self.assertEqual(done.stdout, "")
        self.assertIn("step 6 is a decision", done.stderr)
        self.assertIn("no answer left", done.stderr)

    def test_answers_left_over(self):
        for name, answers in [("kediri.xml", "yes"), ("sidoarjo.xml", "yes,no")]:
            with self.subTest(sop=name):
                done = runner("walk", DEFINITIONS / name, "--answers", answers)
                self.assertEqual(done.returncode, 1)
                self.assertEqual(done.stdout, "")
                self.assertIn("left over", done.stderr)

    def test_calendar_options(self):
        plain = self.walk("kediri.xml")
        self.assertEqual(plain["finished"], "2024-03-15T08:20:00+07:00")  # 3 days and 20 minutes
        holiday = self.walk("kediri.xml", "--holiday", "2024-03-13")
        self.assertEqual(holiday["finished"], "2024-03-18T08:20:00+07:00")  # over the weekend
        saturday = self.walk("kediri.xml", "--holiday", "2024-03-13", "--days",
                             "mon,tue,wed,thu,fri,sat")
        self.assertEqual(saturday["finished"], "2024-03-16T08:20:00+07:00")
        # Four-hour days: step 4 (480 minutes) starts Tuesday 08:20 and takes 220 + 240 + 20.
        short_days = self.walk("kediri.xml", "--hours", "08:00-12:00")
        self.assertEqual(short_days["steps"][3]["due"], "2024-03-14T08:20:00+07:00")
        wita = self.walk("kediri.xml", "--utc-offset", "+08:00")
        self.assertEqual(wita["started"], "2024-03-12T08:00:00+08:00")
        self.assertEqual(wita["working_minutes"], 1460)


    def test_answers_are_exactly_the_answer_words(self):
        report = self.walk("kalbar.xml", "--answers", "N,Y,T,YA,y")
        self.assertEqual([s["answer"] for s in report["steps"] if s["answer"]],
                         ["no", "yes", "no", "yes", "yes"])
        for answers, complaint in [("yes,,no", "answer 2 is empty"), ("yes,no,", "answer 3 is empty"),
                                   (",yes", "answer 1 is empty"), ("yes, no", '" no" is not an answer'),
                                   ("oke", '"oke" is not an answer')]:
            with self.subTest(answers=answers):
                done = runner("walk", DEFINITIONS / "kalbar.xml", "--answers", answers)
                self.assertEqual(done.returncode, 2)
                self.assertIn(complaint, done.stderr)

    def test_a_sop_without_a_number_has_no_empty_parentheses(self):
        source = (DATA / "valid" / "minutes.xml").read_text()
        with tempfile.TemporaryDirectory() as folder:
            unnumbered = Path(folder, "unnumbered.xml")
            unnumbered.write_text(re.sub(r"<number>[^<]*</number>", "<number/>", source))
            walk = runner("walk", unnumbered, "--start", "2024-03-12T08:00")
            run = runner("run", unnumbered, "--start", "2024-03-12T08:00", stdin="")
        self.assertEqual(walk.returncode, 0, walk.stderr)
        self.assertTrue(walk.stdout.startswith("Uji: a walk from"), walk.stdout)
        self.assertTrue(run.stdout.startswith("Uji: 2 steps"), run.stdout)
        self.assertNotIn("()", walk.stdout + run.stdout)


class Run(unittest.TestCase):
    def session(self, name, script, cwd, status=0):
        done = runner("run", DEFINITIONS / name, "--start", "2024-03-12T08:00", stdin=script,
                      cwd=cwd)
        self.assertEqual(done.returncode, status, done.stdout + done.stderr)
        return done.stdout

    def test_a_script_with_a_failed_command_exits_1(self):
        with tempfile.TemporaryDirectory() as folder:
            self.session("kediri.xml", "start kasubbag\nstatus\n", folder, status=0)
            for failing in ["complete nobody", "frobnicate", "load missing.snapshot"]:
                with self.subTest(command=failing):
                    out = self.session("kediri.xml", f"start kasubbag\n{failing}\nstatus\n",
                                       folder, status=1)
                    self.assertIn("> status", out)  # the script runs on after the failure

    def test_not_your_turn_comes_before_the_kind_of_step(self):
        steps = ["start sekda"] + [f"complete {who}" for who in
                                   ["sekda", "asisten", "kabag", "jf", "staf", "bagian", "jf"]]
        steps += ["complete staf", "yes staf", "complete kabag"]
        with tempfile.TemporaryDirectory() as folder:
            out = self.session("sidoarjo.xml", "\n".join(steps) + "\n", folder, status=1)
        at_decision = out.split("> complete staf\n")[-1]  # the second one, at step 8
        self.assertTrue(at_decision.startswith("refused [not_your_turn]: step 8"), at_decision)
        self.assertTrue(at_decision.split("> yes staf\n", 1)[1].startswith(
            "refused [not_your_turn]"))
        self.assertTrue(at_decision.split("> complete kabag\n", 1)[1].startswith(
            "refused [step_is_decision]"))

    def test_save_replaces_a_snapshot_whole_or_not_at_all(self):
        with tempfile.TemporaryDirectory() as folder:
            out = self.session("kediri.xml", "start kasubbag\nsave case.snapshot\n", folder)
            before = Path(folder, "case.snapshot").read_text()
            Path(folder, "case.snapshot.partial").mkdir()  # the write through it fails
            Path(folder, "sub").mkdir()
            out = self.session("kediri.xml", "start kasubbag\ncomplete kasubbag\n"
                               "save case.snapshot\nsave sub\nsave nowhere/case.snapshot\n",
                               folder, status=1)
            self.assertEqual(Path(folder, "case.snapshot").read_text(), before)
            self.assertEqual(sorted(p.name for p in Path(folder).iterdir()),
                             ["case.snapshot", "case.snapshot.partial", "sub"])
        self.assertIn("error: cannot write case.snapshot.partial: Is a directory", out)
        self.assertIn("error: cannot write sub: Is a directory", out)
        self.assertIn("error: cannot write nowhere/case.snapshot.partial: No such file or directory",
                      out)

    def test_load_refuses_folders_and_oversized_files(self):
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "sub").mkdir()
            with open(Path(folder, "huge.snapshot"), "wb") as huge:
                huge.truncate(64 * 1024 * 1024 + 1)
            out = self.session("kediri.xml", "load sub\nload huge.snapshot\nload none\n", folder,
                               status=1)
        self.assertIn("error: cannot read sub: it is a folder, not a file", out)
        self.assertIn("error: cannot read huge.snapshot: it is 67108865 bytes, over the limit of "
                      "67108864 bytes", out)
        self.assertIn("error: cannot read none: no such file", out)

    def test_scripted_session_with_a_refusal_and_a_snapshot(self):
        with tempfile.TemporaryDirectory() as folder:
            out = self.session("sidoarjo.xml", "\n".join([
                "# a comment, then a refusal before the start",
                "complete sekda",
                "start sekda",
                "complete asisten",
                "complete sekda 2024-03-12T09:00",
                "save case.snapshot",
                "complete asisten 2024-03-12T10:00",
                "history",
                "load case.snapshot",
                "history",
                "complete asisten 2024-03-12T11:00",
                "quit",
                "status",
            ]) + "\n", folder, status=1)
            snapshot = (Path(folder) / "case.snapshot").read_text()
        self.assertTrue(snapshot.startswith("sopengine-snapshot 1\n"))
        self.assertIn("refused [not_started]", out)
        self.assertIn("refused [not_your_turn]: step 1", out)
        self.assertIn("ok: step 1 completed at 2024-03-12T09:00:00+07:00", out)
        self.assertIn("saved case.snapshot (1 step performed)", out)
        # After the load, step 2 is waiting again and the history is the snapshot's.
        after_load = out.split("> load case.snapshot\n", 1)[1]
        self.assertTrue(after_load.startswith("loaded case.snapshot (1 step performed)"))
        self.assertIn("step 2 (activity): Asisten menerima disposisi", after_load)
        history = after_load.split("> history\n", 1)[1].split("> ", 1)[0]
        self.assertEqual(len(history.splitlines()), 1)
        self.assertIn("ok: step 2 completed at 2024-03-12T11:00:00+07:00", after_load)
        # quit ends the session: the status after it is never run.
        self.assertTrue(out.rstrip().endswith("> quit"))

    def test_a_case_driven_to_completion_through_the_decision(self):
        steps = ["start sekda"] + [f"complete {who}" for who in
                                   ["sekda", "asisten", "kabag", "jf", "staf", "bagian", "jf"]]
        steps += ["complete kabag", "no kabag", "complete jf", "yes kabag", "complete staf",
                  "complete kabag", "status"]
        with tempfile.TemporaryDirectory() as folder:
            out = self.session("sidoarjo.xml", "\n".join(steps) + "\n", folder, status=1)
        self.assertIn("refused [step_is_decision]", out)
        self.assertIn("ok: step 8 answered no (Tidak)", out)
        self.assertIn("ok: step 8 answered yes (Ya)", out)
        self.assertTrue(out.rstrip().endswith("completed at 2024-03-12T08:00:00+07:00 after 12 steps performed"))

    def test_bad_commands_and_snapshots_change_nothing(self):
        with tempfile.TemporaryDirectory() as folder:
            other = runner("run", DEFINITIONS / "pace.xml", "--start", "2024-03-12T08:00",
                           stdin="start camat\nsave pace.snapshot\n", cwd=folder)
            self.assertEqual(other.returncode, 0)
            Path(folder, "garbage.snapshot").write_text("not a snapshot\n")
            out = self.session("sidoarjo.xml", "\n".join([
                "start sekda", "frobnicate", "complete", "time tomorrow", "wait forever",
                "load pace.snapshot", "load garbage.snapshot", "load missing.snapshot",
                "cancel sekda", "history", "status"]) + "\n", folder, status=1)
        self.assertIn("error: unknown command 'frobnicate'", out)
        self.assertIn("error: write complete ACTOR [TIME]", out)
        self.assertIn("error: write time 2024-03-12T09:30", out)
        self.assertIn("error: write wait DURATION", out)
        self.assertIn("error: cannot load pace.snapshot [other_definition]", out)
        self.assertIn("error: cannot load garbage.snapshot [malformed]", out)
        self.assertIn("error: cannot read missing.snapshot", out)
        self.assertIn("refused [missing_reason]", out)
        self.assertTrue(out.rstrip().endswith("next:        complete sekda"))

    def test_times_keep_to_the_supported_range(self):
        with tempfile.TemporaryDirectory() as folder:
            out = self.session("sidoarjo.xml", "\n".join([
                "time 1969-12-31T08:00", "time 9999-12-31T15:30", "start sekda", "wait 1 jam",
                "time 9999-12-30T08:00", "start sekda", "status"]) + "\n", folder, status=1)
            early = runner("run", DEFINITIONS / "sidoarjo.xml", "--start", "1960-01-01T08:00",
                           stdin="", cwd=folder)
        self.assertIn("error: write time 2024-03-12T09:30 (1970 to 9999)", out)
        # Step 1 would be due an hour later: past 9999-12-31T23:59:59Z, so refused whole.
        self.assertIn("refused [time_out_of_range]: step 1 would be due \"1 Jam\" (1 jam) after "
                      "9999-12-31T15:30:00+07:00", out)
        self.assertIn("error: that would move the clock past 9999-12-31T23:59:59Z", out)
        self.assertIn("ok: started at 9999-12-30T08:00:00+07:00", out)
        self.assertEqual(early.returncode, 2)
        self.assertIn("from 1970 to 9999", early.stderr)

    def test_end_of_input_ends_the_session(self):
        with tempfile.TemporaryDirectory() as folder:
            out = self.session("kediri.xml", "start kasubbag\ncancel kasubbag data sudah ada\n",
                               folder)
        self.assertIn("cancelled at 2024-03-12T08:00:00+07:00: data sudah ada", out)


class Dot(unittest.TestCase):
    def test_every_shipped_sop(self):
        for name, expected in SHIPPED.items():
            with self.subTest(sop=name):
                done = runner("dot", DEFINITIONS / name)
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertTrue(done.stdout.startswith("digraph "))
                self.assertTrue(done.stdout.rstrip().endswith("}"))
                self.assertEqual(done.stdout.count("subgraph cluster_"), expected["actors"])
                self.assertEqual(done.stdout.count("shape=diamond"), len(expected["decisions"]))
                self.assertEqual(done.stdout.count('label="Ya"'), len(expected["decisions"]))
                self.assertEqual(done.stdout.count('label="Tidak"'), len(expected["decisions"]))


class Render(unittest.TestCase):
    SVG = "{http://www.w3.org/2000/svg}"

    def test_every_shipped_sop_to_a_file(self):
        with tempfile.TemporaryDirectory() as folder:
            for name, expected in SHIPPED.items():
                with self.subTest(sop=name):
                    out = Path(folder) / (name + ".html")
                    done = runner("render", DEFINITIONS / name, "-o", out)
                    self.assertEqual(done.returncode, 0, done.stderr)
                    self.assertEqual(done.stdout, "")
                    page = ElementTree.parse(out).getroot()  # well-formed, or this raises
                    self.assertEqual(page.tag, "{http://www.w3.org/1999/xhtml}html")
                    steps = page.findall(f".//{self.SVG}g[@class='step']")
                    self.assertEqual(len(steps), expected["steps"])
                    decisions = [g.get("data-step") for g in steps if g.get("data-kind") == "decision"]
                    self.assertEqual(decisions, expected["decisions"])
                    self.assertEqual(list(Path(folder).glob("*.partial")), [])

    def test_standard_output_and_svg(self):
        html = runner("render", DEFINITIONS / "kalbar.xml")
        self.assertEqual(html.returncode, 0, html.stderr)
        self.assertTrue(html.stdout.startswith("<!DOCTYPE html>"))
        svg = runner("render", "--svg", DEFINITIONS / "kalbar.xml", "-o", "-")
        self.assertEqual(svg.returncode, 0, svg.stderr)
        root = ElementTree.fromstring(svg.stdout.encode("utf-8"))
        self.assertEqual(root.tag, f"{self.SVG}svg")
        self.assertEqual(root.get("data-pages"), "1")
        self.assertEqual(len(root.findall(f".//{self.SVG}g[@class='step']")), 10)
        # Kalbar's loops back: 6 -> 5 and 7 -> 6, each a "Tidak" arrow.
        loops = {(g.get("data-from"), g.get("data-to"))
                 for g in root.findall(f".//{self.SVG}g[@data-label='Tidak']")}
        self.assertEqual(loops, {("6", "5"), ("7", "6")})

    def test_errors_leave_no_file(self):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "out.html"
            out.write_text("before", encoding="utf-8")
            broken = runner("render", DATA / "invalid" / "unknown-actor.xml", "-o", out)
            self.assertEqual(broken.returncode, 1)
            self.assertIn("error:", broken.stderr)
            self.assertEqual(out.read_text(encoding="utf-8"), "before")
            unwritable = runner("render", DEFINITIONS / "kediri.xml", "-o", Path(folder) / "no" / "x.html")
            self.assertEqual(unwritable.returncode, 1)
            self.assertIn("cannot write", unwritable.stderr)
            self.assertEqual(sorted(p.name for p in Path(folder).iterdir()), ["out.html"])
        usage = runner("render")
        self.assertEqual(usage.returncode, 2)



def store_walk(test, db, sop_file, calendar=None, case_id="c1"):
    """Walks one shipped SOP to its end through `case` commands (every decision yes); returns the
    `show --json` of the finished case."""
    start = ["case", "--db", db, "start", sop_file, "--id", case_id, "--at", "2025-02-03T08:00",
             "--json"]
    walked = runner("walk", sop_file, "--json")
    test.assertEqual(walked.returncode, 0, walked.stderr)
    start += ["--actor", json.loads(walked.stdout)["steps"][0]["actor"]]
    if calendar:
        start += ["--calendar", calendar]
    done = runner(*start)
    test.assertEqual(done.returncode, 0, done.stderr)
    state = json.loads(done.stdout)
    while state["status"] in ("at_activity", "at_decision"):
        at = state["due"] or state["step_started"]
        command = ["complete", case_id] if state["status"] == "at_activity" else ["answer", case_id, "yes"]
        done = runner("case", "--db", db, *command, "--actor", state["actors"][0], "--at", at[:19],
                      "--revision", state["revision"], "--json")
        test.assertEqual(done.returncode, 0, done.stderr)
        state = json.loads(done.stdout)
    test.assertEqual(state["status"], "completed")
    shown = runner("case", "--db", db, "show", case_id, "--json")
    test.assertEqual(shown.returncode, 0, shown.stderr)
    return json.loads(shown.stdout)


class People(unittest.TestCase):
    """People, their appointments and operations by a person, from the terminal."""

    SURVEY = DEFINITIONS / "examples" / "survei-lokasi.xml"
    DEDI, SARI = "198502022010011002", "197504042000032004"

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.db = str(Path(self.folder.name) / "cases.sqlite")
        for arguments in (
                ("add", self.SURVEY),
                ("person", self.DEDI, "--name", "Dedi Kurnia, S.T."),
                ("person", self.SARI, "--name", "Sari Dewi", "--rank", "Pembina (IV/a)"),
                ("assign", self.SARI, "verifikator", "--sop", "dpmptsp-survei-lokasi", "--as",
                 "plh", "--letter", "800/3/2026", "--from", "2026-03-09", "--to", "2026-03-10"),
                ("start", "dpmptsp-survei-lokasi", "--id", "s1", "--actor", "verifikator",
                 "--at", "2026-03-10T08:00")):
            done = self.case(*arguments)
            self.assertEqual(done.returncode, 0, done.stderr)

    def tearDown(self):
        self.folder.cleanup()

    def case(self, *args):
        return runner("case", "--db", self.db, *args)

    def test_a_plh_acts_within_the_letter_and_is_refused_after_it(self):
        desk = self.case("desk", self.SARI, "--date", "2026-03-10", "--json")
        self.assertEqual(desk.returncode, 0, desk.stderr)
        self.assertEqual([(item["id"], item["role"], item["capacity"], item["letter"])
                          for item in json.loads(desk.stdout)],
                         [("s1", "verifikator", "plh", "800/3/2026")])
        self.assertIn("nothing on the desk",
                      self.case("desk", self.SARI, "--date", "2026-03-11").stdout)
        late = self.case("complete", "s1", "--by", self.SARI, "--at", "2026-03-11T08:00")
        self.assertEqual(late.returncode, 1)
        self.assertIn("refused (appointment_expired)", late.stderr)
        self.assertEqual(self.case("complete", "s1", "--by", self.DEDI).returncode, 1)
        done = self.case("complete", "s1", "--by", self.SARI, "--at", "2026-03-10T09:00")
        self.assertEqual(done.returncode, 0, done.stderr)
        shown = json.loads(self.case("show", "s1", "--json").stdout)["history"][-1]
        self.assertEqual((shown["person"]["name"], shown["capacity"], shown["letter"]),
                         ("Sari Dewi", "plh", "800/3/2026"))
        self.assertIn("Plh. Sari Dewi (NIP", self.case("show", "s1").stdout)

    def test_assignments_are_edited_and_their_history_kept(self):
        self.assertEqual(self.case("period", "1", "--from", "2026-03-09", "--to",
                                   "2026-03-12").returncode, 0)
        listed = json.loads(self.case("assignments", "--json").stdout)
        self.assertEqual(listed[0]["to"], "2026-03-12")
        self.assertEqual(self.case("revoke", "1", "--reason", "keliru").returncode, 0)
        self.assertEqual(json.loads(self.case("assignments", "--json").stdout), [])
        log = json.loads(self.case("staff-log", "--nip", self.SARI, "--json").stdout)
        self.assertEqual([entry["kind"] for entry in log], ["person", "assign", "period", "revoke"])
        bad = self.case("assign", self.DEDI, "kadis", "--sop", "dpmptsp-survei-lokasi", "--from",
                        "2026-03-09")
        self.assertEqual(bad.returncode, 1)
        self.assertIn("refused (no_such_role)", bad.stderr)
        nobody = self.case("complete", "s1")
        self.assertEqual(nobody.returncode, 2)
        self.assertIn("--actor ID, or --by NIP", nobody.stderr)


class Case(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.db = str(Path(self.folder.name) / "cases.sqlite")

    def tearDown(self):
        self.folder.cleanup()

    def case(self, *args):
        return runner("case", "--db", self.db, *args)

    def test_every_shipped_sop_walks_through_the_store_as_in_memory(self):
        for name in SHIPPED:
            with self.subTest(sop=name):
                shown = store_walk(self, self.db, DEFINITIONS / name, case_id=name)
                walked = runner("walk", DEFINITIONS / name, "--start", "2025-02-03T08:00", "--json")
                self.assertEqual(walked.returncode, 0, walked.stderr)
                steps = json.loads(walked.stdout)["steps"]
                performed = [event for event in shown["history"] if event["kind"] != "start"]
                self.assertEqual([event["step"] for event in performed],
                                 [step["step"] for step in steps])
                self.assertEqual([event["due"] for event in performed],
                                 [step["due"] for step in steps])
                self.assertTrue(all(event["on_time"] in (True, None) for event in performed))
        done = self.case("verify", "--json")
        self.assertEqual(done.returncode, 0, done.stdout)
        self.assertEqual(json.loads(done.stdout)["cases"], len(SHIPPED))

    def test_inbox_overdue_report_and_conflicts(self):
        sidoarjo = DEFINITIONS / "sidoarjo.xml"  # effective from 12 March 2024
        early = self.case("start", sidoarjo, "--actor", "sekda", "--at", "2024-03-11T08:00")
        self.assertEqual(early.returncode, 1)
        self.assertIn("no version of SOP \"sidoarjo-setda-pengumpulan-data-kinerja\" is effective "
                      "on 2024-03-11", early.stderr)
        for case_id in ["a", "b"]:
            done = self.case("start", sidoarjo, "--id", case_id, "--actor", "sekda", "--at",
                             "2024-03-18T08:00")
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertIn("step 1 for sekda, due 2024-03-18T09:00:00+07:00", done.stdout)
        self.assertEqual(self.case("complete", "a", "--actor", "sekda", "--at", "2024-03-18T08:30",
                                   "--revision", "1").returncode, 0)
        stale = self.case("complete", "a", "--actor", "asisten", "--at", "2024-03-18T08:40",
                          "--revision", "1")
        self.assertEqual(stale.returncode, 1)
        self.assertIn("refused (conflict)", stale.stderr)
        wrong = self.case("complete", "b", "--actor", "kabag", "--at", "2024-03-18T08:40")
        self.assertEqual(wrong.returncode, 1)
        self.assertIn("refused (not_your_turn)", wrong.stderr)
        inbox = json.loads(self.case("inbox", "asisten", "--json").stdout)
        self.assertEqual([item["id"] for item in inbox], ["a"])
        overdue = json.loads(self.case("overdue", "--at", "2024-03-18T09:10", "--json").stdout)
        self.assertEqual([item["id"] for item in overdue], ["b"])
        self.assertEqual(self.case("overdue", "--at", "2024-03-18T08:50").stdout.strip(), "no cases")
        report = json.loads(self.case("report", "sidoarjo-setda-pengumpulan-data-kinerja",
                                      "--json").stdout)
        self.assertEqual(report["steps"][0], {"step": "1", "performed": 1, "timed": 1,
                                              "on_time": 1, "on_time_rate": 1.0,
                                              "working_minutes": 30, "standard_minutes": 60})
        self.assertEqual(report["endings"], [{"ending": "end", "label": "Selesai", "cases": 0}])
        cancelled = self.case("cancel", "b", "--actor", "sekda", "--reason", "ditarik",
                              "--at", "2024-03-18T10:00", "--person", "Siti", "--nip", "1970")
        self.assertEqual(cancelled.returncode, 0, cancelled.stderr)
        listed = json.loads(self.case("list", "--status", "cancelled", "--json").stdout)
        self.assertEqual([item["id"] for item in listed], ["b"])
        history = json.loads(self.case("show", "b", "--json").stdout)["history"]
        self.assertEqual(history[-1]["person"], {"name": "Siti", "nip": "1970", "rank": ""})
        self.assertEqual(history[-1]["reason"], "ditarik")

    def test_a_completed_case_shows_its_ending_and_the_report_counts_endings(self):
        service = DATA / "valid" / "service.xml"
        for args in (["start", service, "--id", "k", "--actor", "pemohon", "--at", "2024-03-11T08:00"],
                     ["complete", "k", "--actor", "pemohon", "--at", "2024-03-11T09:00"]):
            done = self.case(*args)
            self.assertEqual(done.returncode, 0, done.stderr)
        done = self.case("answer", "k", "no", "--actor", "petugas", "--at", "2024-03-11T10:00")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("case k: completed, ending dikembalikan (revision 3)", done.stdout)
        shown = json.loads(self.case("show", "k", "--json").stdout)
        self.assertEqual(shown["ending"], "dikembalikan")
        self.assertIn(", completed, ending dikembalikan", self.case("show", "k").stdout)
        report = json.loads(self.case("report", "izin", "--json").stdout)
        self.assertEqual([(e["ending"], e["cases"]) for e in report["endings"]],
                         [("terbit", 0), ("ditolak", 0), ("dikembalikan", 1)])
        text = self.case("report", "izin").stdout
        self.assertRegex(text, r"dikembalikan +1 +Berkas dikembalikan kepada pemohon")

    def test_verify_names_a_tampered_case(self):
        store_walk(self, self.db, DEFINITIONS / "kediri.xml", case_id="k1")
        store_walk(self, self.db, DEFINITIONS / "pace.xml", case_id="p1")
        connection = sqlite3.connect(self.db)
        connection.execute("UPDATE sop_events SET actor = 'someone' WHERE case_id = 'p1' AND seq = 3")
        connection.commit()
        connection.close()
        done = self.case("verify")
        self.assertEqual(done.returncode, 1)
        self.assertIn("case p1, event 3:", done.stdout)
        self.assertNotIn("k1", done.stdout)
        self.assertEqual(self.case("verify", "k1").returncode, 0)

    def test_the_national_calendar_from_the_store(self):
        done = self.case("calendar", "indonesia", DEFINITIONS / "calendars" / "indonesia.xml")
        self.assertEqual(done.returncode, 0, done.stderr)
        shown = store_walk(self, self.db, DEFINITIONS / "sidoarjo.xml", calendar="indonesia")
        self.assertEqual(shown["calendar"], "indonesia")
        walked = runner("walk", DEFINITIONS / "sidoarjo.xml", "--start", "2025-02-03T08:00",
                        "--calendar", DEFINITIONS / "calendars" / "indonesia.xml", "--json")
        steps = json.loads(walked.stdout)["steps"]
        self.assertEqual([event["due"] for event in shown["history"][1:]],
                         [step["due"] for step in steps])

    def test_refusals_and_bad_input(self):
        missing = self.case("complete", "nope", "--actor", "x")
        self.assertEqual(missing.returncode, 1)
        self.assertIn("refused (no_such_case)", missing.stderr)
        self.assertEqual(self.case("start", "no-such-sop", "--actor", "x").returncode, 1)
        self.assertEqual(self.case("start", DATA / "invalid" / "unknown-actor.xml",
                                   "--actor", "x").returncode, 1)
        self.assertEqual(self.case("start", DEFINITIONS / "pace.xml", "--actor", "x",
                                   "--calendar", "nowhere").returncode, 2)
        self.assertEqual(self.case("answer", "nope", "maybe", "--actor", "x").returncode, 2)
        not_a_db = Path(self.folder.name) / "text.sqlite"
        not_a_db.write_text("this is not a database, just text " * 200)
        done = runner("case", "--db", not_a_db, "list")
        self.assertEqual(done.returncode, 1)
        self.assertIn("not a SQLite database", done.stderr)
        self.assertEqual(runner("case", "list").returncode, 2)  # no --db, no SOP_DB

    def test_postgresql_through_the_same_commands(self):
        folder = tempfile.mkdtemp(prefix="sopengine-pg-")
        cluster = ROOT / "scripts" / "pg-cluster.sh"
        started = subprocess.run(["bash", cluster, "start", folder], capture_output=True, text=True,
                                 timeout=120)
        self.assertEqual(started.returncode, 0, started.stderr)
        try:
            uri = started.stdout.strip()
            shown = store_walk(self, uri, DEFINITIONS / "way-kanan.xml")
            self.assertEqual(len(shown["history"]), SHIPPED["way-kanan.xml"]["steps"] + 1)
            self.assertEqual(runner("case", "--db", uri, "verify").returncode, 0)
        finally:
            subprocess.run(["bash", cluster, "stop", folder], capture_output=True, timeout=120)

if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], *sys.argv[1:]], verbosity=2)
