"""Draw the application icon (resources/pmsdesk.png and .ico): a scorecard tile with rising bars.

Run once after changing the design: ``.venv/bin/python installer/make_icon.py``.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 256
NAVY, TEAL, AMBER, GREEN, WHITE = "#1f3a5f", "#2a9d8f", "#e9c46a", "#52b788", "#ffffff"
RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((8, 8, SIZE - 8, SIZE - 8), radius=48, fill=NAVY)
    pen.rounded_rectangle((40, 40, SIZE - 40, SIZE - 40), radius=18, fill=WHITE)
    baseline = SIZE - 64
    for index, (height, colour) in enumerate(((52, AMBER), (88, TEAL), (124, GREEN))):
        left = 64 + index * 46
        pen.rounded_rectangle((left, baseline - height, left + 34, baseline), radius=6, fill=colour)
    pen.line((58, baseline + 4, SIZE - 58, baseline + 4), fill=NAVY, width=6)
    pen.line((70, 120, 118, 96, 160, 78, 196, 60), fill=NAVY, width=7, joint="curve")
    return image


def main() -> None:
    icon = draw()
    RESOURCES.mkdir(exist_ok=True)
    icon.save(RESOURCES / "pmsdesk.png")
    icon.save(RESOURCES / "pmsdesk.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])


if __name__ == "__main__":
    main()
