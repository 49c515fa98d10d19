"""The tabs of the agreements screen, in order."""

AGREEMENT_TAB, ASSESSMENT_TAB, PREVIEW_TAB, DEVELOPMENT_TAB = range(4)
