"""The regulator's coverage report (排查任务覆盖情况, seed 004 annex 3-1 item 1) of one enterprise,
and its admin's rules: the facts come through the `CoverageFacts` port (projections/coverage_facts.py,
or in_memory_coverage.py), the checks are the domain's (domain/coverage*.py), the rules are the
enterprise's `coveragerules-<id>` stream (the defaults until it sets them)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol

from libs.clock import Clock
from libs.repository import CommandContext, Repository
from services.inspection.application.coverage_commands import SetCoverageRules
from services.inspection.application.guardian_coverage import CoverageQueries, guardian_coverage
from services.inspection.domain import coverage as checks
from services.inspection.domain.coverage_facts import Facts
from services.inspection.domain.coverage_rules import ControlLevel, FrequencyRule
from services.inspection.domain.coverage_rules_events import CoverageRules
from services.inspection.domain.coverage_similarity import Copyable, similar_pairs

Row = dict[str, Any]


class CoverageFacts(Protocol):
    async def facts(self, enterprise_id: str) -> Facts: ...


@dataclass
class Coverage:
    facts: CoverageFacts
    rules: Repository[CoverageRules]
    clock: Clock
    similarity: float  # the threshold when the request names none (InspectionSettings)
    guardians: CoverageQueries | None = None  # each 包保责任人's coverage of the national list

    async def rules_of(self, enterprise_id: str) -> CoverageRules:
        return await self.rules.find(enterprise_id) or CoverageRules(enterprise_id)

    async def set_rules(self, cmd: SetCoverageRules, ctx: CommandContext) -> Row:
        rules = await self.rules_of(cmd.enterprise_id)
        rules.set(cmd.checked(), ctx.actor, self.clock.now())
        await self.rules.save(rules, ctx)
        return rules_answer(rules)

    async def report(self, enterprise_id: str, similarity: float | None = None) -> Row:
        facts = await self.facts.facts(enterprise_id)
        rules = await self.rules_of(enterprise_id)
        threshold = self.similarity if similarity is None else similarity
        posts = {p.id: p.name for p in facts.posts}
        sections = {
            "hazard_sources": _section(checks.hazard_sources_without_tasks(facts)),
            "high_risk_units": _section(checks.high_risk_units_without_tasks(facts)),
            "posts": _section(checks.posts_without_tasks(facts)),
            "copied_tasks": _copies(facts, threshold, posts),
            "key_parameters": _key_parameters(facts),
            "frequencies": {**_section(checks.too_rare_tasks(facts, rules.frequencies)),
                            "rules": rules_answer(rules)["rules"]},
            "guardians": await self._guardians(enterprise_id),
        }
        summary = {name: section["count"] for name, section in sections.items()}
        return {"enterprise_id": enterprise_id, "generated_at": self.clock.now(), "similarity": threshold,
                "summary": {**summary, "total": sum(summary.values())}, **sections}


    async def _guardians(self, enterprise_id: str) -> Row:
        objects = await guardian_coverage(self.guardians, enterprise_id) if self.guardians is not None else []
        gaps = sum(1 for o in objects for role in o.roles if role.missing)
        return {"count": gaps, "items": [asdict(o) for o in objects]}


def _section(items: list[Row]) -> Row:
    return {"count": len(items), "items": items}


def _copies(facts: Facts, threshold: float, posts: dict[str, str | None]) -> Row:
    pairs, count = similar_pairs(facts.tasks, threshold)
    return {"count": count, "listed": len(pairs), "items": [
        {"score": p.score, "a": _side(p.a, posts), "b": _side(p.b, posts)} for p in pairs]}


def _side(c: Copyable, posts: dict[str, str | None]) -> Row:
    ids = sorted(c.post_ids)
    return {"task_ids": list(c.task_ids), "plan_id": c.plan_id, "post_ids": ids,
            "post_names": [posts.get(p) for p in ids], "troubleshoot_content": c.content}


def _key_parameters(facts: Facts) -> Row:
    tasks, plans = checks.rounds_without_key_parameters(facts)
    return {"count": len(tasks) + len(plans), "tasks": tasks, "plans": plans}


def rules_answer(rules: CoverageRules) -> Row:
    return {"rules": [_rule(rules.frequencies[level], level in rules.own) for level in ControlLevel]}


def _rule(rule: FrequencyRule, own: bool) -> Row:
    return {"control_level": rule.level.value, "control_level_label": rule.level.label, "check_cycle": rule.cycle,
            "check_cycle_unit": rule.unit.value, "text": rule.text, "source": "企业设定" if own else "默认"}


