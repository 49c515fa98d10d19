"""pmsdesk's benchmark suite: each workload beside its raw floor, in one run.

    .venv/bin/python -m bench [--scale small|full] [--repeat N] [--json OUT] [--only NAME,...]

Machines here are shared and noisy, so every figure is the median of several
runs and the verdict is on the ratio pmsdesk / floor, not on absolute times.
One module per workload; each returns a :class:`bench.timing.Measurement`.
"""
