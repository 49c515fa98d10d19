"""The tabs of the agreements screen, in order."""

AGREEMENT_TAB, ASSESSMENT_TAB, PREVIEW_TAB = range(3)
