"""The composition root: the one place that knows every service.

`services/<name>/` each describe themselves (`app.py`: `SPEC` and `create_app`); `libs/` is the
mechanism they share and never names one of them. This package finds the services
(`catalog`), passes what `libs` needs about them into it (the producers of events, the
registries behind `schemas/`, the supervisor's list of children) and holds the `shuangkong`
command line. Nothing imports it but its entry points: the CLI, the tests and the benchmark.
"""
