"""The ``pmsdesk`` command line: one module per subcommand, wired in ``main``."""
