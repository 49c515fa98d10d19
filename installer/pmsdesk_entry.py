"""Entry point of the bundled app: the same ``pmsdesk`` command as the console script."""

import sys

from pmsdesk.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
