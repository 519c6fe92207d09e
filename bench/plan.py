"""How long and how much each measurement runs: the full run (~3 min here) or `--quick` (~1 min);
`--scale issue` raises the inspection measurements to issue 12's sizes."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Plan:
    quick: bool
    append_seconds: float  # per implementation, writer count and round
    append_rounds: int  # each case runs this often, in rotating order; the median counts
    writer_counts: tuple[int, ...]
    relay_events: int
    replay_events: int
    replay_rounds: int  # rebuilds of the same topic; the median counts
    end_to_end_seconds: float
    end_to_end_rate: float  # commands per second
    audit_log_events: int = 50_000  # entries into the audit trail, with and without the signed log
    audit_log_rounds: int = 3  # each case this often, in rotating order; the median counts
    deadline_open: int = 100_000  # open occurrences seeded (issue 12: 1M, `--scale issue`)
    deadline_due: int = 10_000  # of them due at the same instant (issue 12: 10k)
    deadline_idle_seconds: float = 20.0  # nothing due: each way watched this long
    deadline_rounds: int = 2  # the due at once, each way this often in rotating order; the median counts
    day_tasks: int = 100_000  # check tasks whose day of occurrences is generated (issue 12: 100k)
    records_per_way: int = 500  # check records posted each way (with a photo via the gateway, the baselines)
    records_clients: int = 8  # concurrent clients posting them

    @classmethod
    def full(cls) -> Plan:
        return cls(quick=False, append_seconds=3.0, append_rounds=3, writer_counts=(1, 8, 32), relay_events=50_000,
                   replay_events=50_000, replay_rounds=3, end_to_end_seconds=10.0, end_to_end_rate=50.0)

    @classmethod
    def smoke(cls) -> Plan:
        return cls(quick=True, append_seconds=1.0, append_rounds=1, writer_counts=(1, 8, 32), relay_events=10_000,
                   replay_events=10_000, replay_rounds=1, end_to_end_seconds=3.0, end_to_end_rate=50.0,
                   audit_log_events=10_000, audit_log_rounds=1, deadline_open=20_000, deadline_due=2_000,
                   deadline_idle_seconds=5.0, deadline_rounds=1, day_tasks=10_000,
                   records_per_way=150)

    def at_issue_scale(self) -> Plan:
        """The sizes issue 12 names, where they exceed the default: 1M open occurrences, a minute idle."""
        return replace(self, deadline_open=1_000_000, deadline_idle_seconds=60.0)
