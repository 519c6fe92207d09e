"""The coverage report's facts in memory: the fake behind the `CoverageFacts` port of
application/coverage.py. The test states each enterprise's facts as the replica and the read
models would hold them."""

from __future__ import annotations

from services.inspection.domain.coverage_facts import Facts


class InMemoryCoverageFacts:
    def __init__(self) -> None:
        self.of: dict[str, Facts] = {}

    async def facts(self, enterprise_id: str) -> Facts:
        return self.of.get(enterprise_id, Facts())
