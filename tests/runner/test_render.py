"""sop-runner render, seen in a real browser: every shipped SOP is rendered to HTML, headless
Chromium (Debian's `chromium`) takes a picture of the whole document, and the picture must show
it: white A4 sheets on the grey desk, one per page, each with ink on it (the identity table on
the first, the flowchart table on the others). Chromium also prints each document to PDF,
which must have one A4 landscape page per sheet (read by poppler's `pdfinfo`).

Run by ctest as runner.render; by hand:
    SOP_RUNNER=build/examples/sop-runner python3 tests/runner/test_render.py
With SOP_RENDER_PICTURES=DIR the pictures are kept in DIR (scripts/render-docs.sh keeps them in
docs/render/).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

try:
    from PIL import Image
except ImportError:  # pragma: no cover - a setup problem, said plainly
    sys.exit("test_render.py needs Pillow: apt-get install python3-pil (scripts/setup.sh does)")

ROOT = Path(__file__).resolve().parents[2]
RUNNER = os.environ.get("SOP_RUNNER", str(ROOT / "build" / "examples" / "sop-runner"))
DEFINITIONS = ROOT / "sop-definitions"
SHIPPED = ["sidoarjo", "pace", "way-kanan", "kalbar", "kediri"]

# The page's screen layout (render.cpp's style): 297 x 210 mm sheets, 6 mm apart, at 96 px/in.
PX_PER_MM = 96 / 25.4
SHEET_W = round(297 * PX_PER_MM)
SHEET_H = round(210 * PX_PER_MM)
GAP = round(6 * PX_PER_MM)
WINDOW_W = SHEET_W + 2 * GAP + 10


def chromium():
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise AssertionError("chromium is not installed: apt-get install chromium "
                             "(scripts/setup.sh does)")
    return found


def headless(html, profile, *options, produces):
    """Runs headless Chromium on `html` with `options`; `produces` is the file it must write."""
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu",
        # No network: the document must stand on its own, and the machine may have none.
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
        *options, html.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not produces.exists():
        raise AssertionError(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")


def screenshot(html, png, height, profile):
    """Headless Chromium's picture of `html`, `height` pixels tall, in `png`."""
    headless(html, profile, "--hide-scrollbars", f"--window-size={WINDOW_W},{height}",
             f"--screenshot={png}", produces=png)


def printed_pages(html, pdf, profile):
    """Prints `html` to `pdf` as a reader would from the browser; returns pdfinfo's fields."""
    headless(html, profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", produces=pdf)
    pdfinfo = shutil.which("pdfinfo")
    if not pdfinfo:
        raise AssertionError("pdfinfo is not installed: apt-get install poppler-utils "
                             "(scripts/setup.sh does)")
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in info.splitlines() if ":" in line)


def sheets_of(html):
    """How many sheets (printed pages) the rendered document has."""
    return len(re.findall(r'<section class="sheet', html.read_text(encoding="utf-8")))


class Pictured(unittest.TestCase):
    """A scratch folder per test, and where its pictures go: $SOP_RENDER_PICTURES, or the folder."""

    prefix = "sop-render-"

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix=self.prefix))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        kept = os.environ.get("SOP_RENDER_PICTURES")
        self.pictures = Path(kept) if kept else self.folder


class Render(Pictured):

    def render(self, name):
        html = self.folder / f"{name}.html"
        done = subprocess.run([RUNNER, "render", str(DEFINITIONS / f"{name}.xml"), "-o", str(html)],
                              capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout, "")
        return html

    def test_each_shipped_sop_prints_as_sheets_with_ink(self):
        for name in SHIPPED:
            with self.subTest(sop=name):
                html = self.render(name)
                sheets = sheets_of(html)
                self.assertGreaterEqual(sheets, 2, "identity and at least one flowchart page")
                height = GAP + sheets * (SHEET_H + GAP)
                png = self.pictures / f"{name}.png"
                self.pictures.mkdir(parents=True, exist_ok=True)
                screenshot(html, png, height, self.folder / "profile")
                with Image.open(png) as picture:
                    self.assertEqual(picture.size, (WINDOW_W, height))
                    grey = picture.convert("L")
                    for sheet in range(sheets):
                        top = GAP + sheet * (SHEET_H + GAP)
                        left = (WINDOW_W - SHEET_W) // 2
                        # Inside the sheet's printable area (10 mm in from its edges).
                        margin = round(10 * PX_PER_MM)
                        area = grey.crop((left + margin, top + margin,
                                          left + SHEET_W - margin, top + SHEET_H - margin))
                        histogram = area.histogram()
                        pixels = sum(histogram)
                        paper = sum(histogram[240:]) / pixels
                        ink = sum(histogram[:96]) / pixels
                        self.assertGreater(paper, 0.5, f"sheet {sheet + 1} is not white paper")
                        self.assertGreater(ink, 0.004, f"sheet {sheet + 1} is blank")
                    # The picture's corner lies on the desk, outside every sheet.
                    desk = grey.getpixel((2, 2))
                    self.assertTrue(200 <= desk < 240, f"desk colour {desk}")

    def test_each_shipped_sop_prints_one_a4_landscape_page_per_sheet(self):
        for name in SHIPPED:
            with self.subTest(sop=name):
                html = self.render(name)
                sheets = sheets_of(html)
                info = printed_pages(html, self.folder / f"{name}.pdf", self.folder / "profile")
                self.assertEqual(int(info["Pages"]), sheets)
                width, height = re.match(r"\s*([\d.]+) x ([\d.]+) pts", info["Page size"]).groups()
                self.assertAlmostEqual(float(width), 841.9, delta=1)  # 297 mm
                self.assertAlmostEqual(float(height), 595.3, delta=1)  # 210 mm


# The example permit, driven to its end by the people of the unit: the Kepala Dinas is away and
# his Plh. signs (sop-definitions/examples, as scripts/run.sh drives it).
PEOPLE = [
    ("198001012005011001", "Rina Wati, S.T.", "Penata (III/c)", "petugas", []),
    ("198502022010011002", "Dedi Kurnia, S.T.", "Penata Muda Tk. I (III/b)", "verifikator", []),
    ("198703032012011003", "Andi Pratama, S.T.", "Penata Muda (III/a)", "tim-teknis", []),
    ("197504042000032004", "Sari Dewi, S.E., M.M.", "Pembina (IV/a)", "kabid", []),
    ("197001012000031005", "Ir. Bambang Sutrisno, M.T.", "Pembina Tk. I (IV/b)", "kadis",
     ["--as", "plh", "--letter", "800/15/DPMPTSP/2026", "--to", "2026-03-13"]),
]
PERMIT_STEPS = [  # (command, case, argument, who, at)
    ("start", "dpmptsp-izin-reklame", None, "pemohon", "2026-03-10T08:00"),
    ("complete", None, None, "pemohon", "2026-03-10T08:15"),
    ("answer", None, "yes", "198001012005011001", "2026-03-10T08:40"),
    ("complete", None, None, "198001012005011001", "2026-03-10T08:50"),
    ("complete", None, None, "198502022010011002", "2026-03-10T10:00"),
    ("complete", None, None, "198703032012011003", "2026-03-10T10:00"),
    ("complete", None, None, "197504042000032004", "2026-03-10T10:05"),
    ("complete", None, None, "198502022010011002", "2026-03-10T11:00"),  # the survey
    ("complete", None, None, "pemohon", "2026-03-11T09:00"),
    ("complete", None, None, "198703032012011003", "2026-03-11T11:00"),
    ("answer", None, "yes", "198502022010011002", "2026-03-11T13:00"),
    ("answer", None, "yes", "197504042000032004", "2026-03-11T14:00"),
    ("complete", None, None, "pemohon", "2026-03-12T09:00"),
    ("complete", None, None, "197001012000031005", "2026-03-13T10:00"),  # Plh. Kepala Dinas
    ("complete", None, None, "198001012005011001", "2026-03-16T08:30"),
]


def permit_case(runner, db):
    """Stores the example permit and its people, and drives case "izin-1" to its end."""
    store = [runner, "case", "--db", str(db)]

    def run(*arguments):
        done = subprocess.run([*store, *arguments], capture_output=True, text=True)
        if done.returncode != 0:
            raise AssertionError(f"{arguments}: {done.stderr}")
        return done.stdout

    examples = DEFINITIONS / "examples"
    run("add", str(examples / "survei-lokasi.xml"), str(examples / "izin-reklame.xml"))
    for nip, name, rank, role, more in PEOPLE:
        run("person", nip, "--name", name, "--rank", rank)
        run("assign", nip, role, "--sop", "dpmptsp-izin-reklame", "--from", "2026-03-09", *more)
    for command, sop, argument, who, at in PERMIT_STEPS:
        acting = ["--actor", who] if who == "pemohon" else ["--by", who]
        target = [sop, "--id", "izin-1"] if command == "start" else ["izin-1"]
        run(command, *target, *([argument] if argument else []), *acting, "--at", at)
    return run


class CaseRecord(Pictured):
    prefix = "sop-record-"

    def test_a_case_record_prints_with_who_acted_in_which_capacity(self):
        run = permit_case(RUNNER, self.folder / "cases.sqlite")
        html = self.folder / "izin-1.html"
        self.assertEqual(run("show", "izin-1", "--html", "-o", str(html)), "")
        # The browser's own reading of the page: every event, the Plh.'s signature and letter.
        dumped = self.folder / "dom.html"
        profile = self.folder / "profile"
        command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   f"--user-data-dir={profile}", "--dump-dom", html.as_uri()]
        dom = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
        dumped.write_text(dom.stdout, encoding="utf-8")
        self.assertEqual(len(re.findall(r"<tr data-sequence=", dom.stdout)), len(PERMIT_STEPS))
        self.assertIn('<div class="capacity">Plh. Kepala Dinas</div>', dom.stdout)
        self.assertIn("Surat Perintah 800/15/DPMPTSP/2026", dom.stdout)
        self.assertIn("NIP 197001012000031005", dom.stdout)
        self.assertIn("Selesai: Izin reklame diterbitkan", dom.stdout)
        self.assertIn('data-verified="true"', dom.stdout)
        # A picture: one white sheet on the grey desk, with ink on it.
        png = self.pictures / "case-record.png"
        self.pictures.mkdir(parents=True, exist_ok=True)
        height = GAP + SHEET_H + GAP
        screenshot(html, png, height, profile)
        with Image.open(png) as picture:
            grey = picture.convert("L")
            left = (WINDOW_W - SHEET_W) // 2
            margin = round(10 * PX_PER_MM)
            area = grey.crop((left + margin, GAP + margin, left + SHEET_W - margin,
                              GAP + SHEET_H - margin))
            histogram = area.histogram()
            pixels = sum(histogram)
            self.assertGreater(sum(histogram[240:]) / pixels, 0.5, "the sheet is not white")
            self.assertGreater(sum(histogram[:96]) / pixels, 0.01, "the sheet is blank")
            self.assertTrue(200 <= grey.getpixel((2, 2)) < 240, "the desk is not grey")
        # Printed: A4 landscape pages.
        info = printed_pages(html, self.folder / "izin-1.pdf", profile)
        self.assertGreaterEqual(int(info["Pages"]), 1)
        width, height = re.match(r"\s*([\d.]+) x ([\d.]+) pts", info["Page size"]).groups()
        self.assertAlmostEqual(float(width), 841.9, delta=1)
        self.assertAlmostEqual(float(height), 595.3, delta=1)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], *sys.argv[1:]], verbosity=2)
