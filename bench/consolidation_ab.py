"""Consolidation CPU of two versions of pmsdesk, alternated in one run: is a change slower?

On a shared machine the floor of ``python -m bench`` moves with everyone else's
work (a floor measured at load 9 took three times as long as at load 1), but
the CPU a process spends importing the same packages hardly does. This runs
the kept packages of a full-scale ``--workdir`` through two source trees (for
example a ``git worktree`` of main before a change, and the change), in turn,
each in its own process, and prints the CPU ratio of their medians:

    .venv/bin/python -m bench.consolidation_ab --before /tmp/old --after . \\
        --workdir /tmp/bench-full --packages 30 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

#: What each child runs: import the first N kept packages into a fresh head office, print "wall cpu rows".
CHILD = """
import sys, time
from pathlib import Path
from bench import consolidation as c
work, n, target = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
packages = [c._kept_package(p) for p in sorted((work / "packages").glob("*.pmspkg"))[:n]]
for suffix in ("", "-wal", "-shm"):
    Path(str(target) + suffix).unlink(missing_ok=True)
database = c.prepare_head(work / "migrated.sqlite", target, packages)
wall, cpu = time.perf_counter(), time.process_time()
rows = c.import_all(database, packages)
print(time.perf_counter() - wall, time.process_time() - cpu, rows)
"""


def one_run(tree: Path, workdir: Path, packages: int) -> tuple[float, float, int]:
    target = workdir / f"ab-{tree.resolve().name}.sqlite"
    done = subprocess.run([sys.executable, "-c", CHILD, str(workdir), str(packages), str(target)], cwd=tree,
                          env={"PYTHONPATH": str(tree.resolve()), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, check=True)
    wall, cpu, rows = done.stdout.split()[-3:]
    return float(wall), float(cpu), int(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.consolidation_ab", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="source tree of the version before")
    parser.add_argument("--after", type=Path, required=True, help="source tree of the version after")
    parser.add_argument("--workdir", type=Path, required=True, help="a full-scale bench --workdir with packages")
    parser.add_argument("--packages", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    cpu: dict[str, list[float]] = {"before": [], "after": []}
    rows: set[int] = set()
    for run in range(args.repeat):
        for name, tree in (("before", args.before), ("after", args.after)):
            wall, seconds, inserted = one_run(tree, args.workdir, args.packages)
            cpu[name].append(seconds)
            rows.add(inserted)
            print(f"run {run + 1} {name}: {seconds:.2f} s CPU, {wall:.2f} s wall, {inserted:,} rows", flush=True)
    before, after = statistics.median(cpu["before"]), statistics.median(cpu["after"])
    print(f"median CPU: before {before:.2f} s, after {after:.2f} s: after/before {after / before:.3f}"
          f"{'' if len(rows) == 1 else ' (the two versions inserted different row counts!)'}")
    return 0 if len(rows) == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
