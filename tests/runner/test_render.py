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


class Render(unittest.TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="sop-render-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        kept = os.environ.get("SOP_RENDER_PICTURES")
        self.pictures = Path(kept) if kept else self.folder

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


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], *sys.argv[1:]], verbosity=2)
