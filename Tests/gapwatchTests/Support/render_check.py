"""Renders an HTML report in headless Chromium to PNG and PDF and says what it saw, as JSON.

  python3 render_check.py REPORT.html OUTDIR [TEXT ...]

Prints: the fraction of non-white pixels, how many pixels have the timeline's need colour and
its gap colour, and which of the TEXTs the PDF's text does not hold ("missing").
"""
import json
import shutil
import subprocess
import sys

from PIL import Image

NEED = (0x9E, 0xCA, 0xE1)
GAP = (0xD7, 0x30, 0x1F)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("no chromium on PATH")


def main(report, outdir, expected):
    browser = chromium()
    common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"]
    png, pdf = f"{outdir}/report.png", f"{outdir}/report.pdf"
    subprocess.run(common + ["--window-size=1200,1600", f"--screenshot={png}", f"file://{report}"], check=True, capture_output=True, timeout=120)
    subprocess.run(common + ["--no-pdf-header-footer", f"--print-to-pdf={pdf}", f"file://{report}"], check=True, capture_output=True, timeout=120)
    image = Image.open(png).convert("RGB")
    pixels = list(image.getdata())
    near = lambda p, c: all(abs(a - b) <= 6 for a, b in zip(p, c))
    text = subprocess.run(["pdftotext", pdf, "-"], check=True, capture_output=True, text=True).stdout
    print(json.dumps({
        "width": image.width,
        "height": image.height,
        "non_white": sum(1 for p in pixels if p != (255, 255, 255)) / len(pixels),
        "need_pixels": sum(1 for p in pixels if near(p, NEED)),
        "gap_pixels": sum(1 for p in pixels if near(p, GAP)),
        "missing": [t for t in expected if t not in text],
        "pdf_pages": text.count("\f"),
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
