"""Performance measurements of Shuangkong, run with `make bench` (`python -m bench`).

Each module measures one thing against a baseline that does the same work with less of our
code around it, on the same embedded PostgreSQL and Tansu broker, started by the bench itself
in the same run. Nothing here asserts a time: it measures, compares with the targets and
reports (a rich table on the console, JSON under `bench/results/`).
"""

import warnings

# platformdirs (through faststream) warns once per process that XDG_RUNTIME_DIR is unset: noise here.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
