"""Entry point of the bundled app: the same ``pmsdesk`` command as the console script.

Built twice (installer/pmsdesk.spec): ``pmsdesk`` without a console (the window) and
``pmsdesk-cli`` with one. A windowed program on Windows has no standard streams;
they go to the null device so a message printed by the command line cannot fail.
"""

import os
import sys

from pmsdesk.cli.main import main

if __name__ == "__main__":
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process
    sys.exit(main())
