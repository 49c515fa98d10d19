"""First run: the choice between a real organisation and the demo, and the set-up wizard."""

from .start_choice import StartChoice, StartChoiceDialog
from .wizard import SetupWizard

__all__ = ["SetupWizard", "StartChoice", "StartChoiceDialog"]
