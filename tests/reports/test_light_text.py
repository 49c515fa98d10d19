"""A traffic light's name stays readable on its colour in print: ink on a pale fill, white on a dark one."""

from reportlab.lib import colors

from pmsdesk.reports.pdf.blocks import on_light_fill
from pmsdesk.scoring.rules import ZA_SDBIP_RULES


def test_the_pale_met_green_takes_ink_and_the_dark_lights_take_white():
    fills = {band["code"]: colors.HexColor(band["colour"]) for band in ZA_SDBIP_RULES["body"]["bands"]}
    assert on_light_fill(fills["met"])
    assert not any(on_light_fill(fills[code]) for code in ("not_met", "well_met", "extremely_well_met"))
    assert not on_light_fill(None)
