import sys

from pmsdesk.cli.main import main

sys.exit(main())
