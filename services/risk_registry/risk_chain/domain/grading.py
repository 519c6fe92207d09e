"""Grading rules (pure): LEC and LS values and their levels, the R value of a major hazard
source and its grade, and level → control level. Bands and the mapping are an enterprise's
`GradingPolicy` (defaults from DOMAIN.md §3); every function takes the policy it applies."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from libs.aggregate import DomainError
from libs.names import name_key
from services.risk_registry.risk_chain.domain.codes import AssessmentMethod, ControlLevel, MajorHazardGrade, RiskLevel

LEC_L = (10, 6, 3, 1, 0.5, 0.2, 0.1)  # 发生事故的可能性
LEC_E = (10, 6, 3, 2, 1, 0.5)  # 暴露于危险环境的频繁程度
LEC_C = (100, 40, 15, 7, 3, 1)  # 发生事故产生的后果
LS_RANGE = range(1, 6)  # L and S on 1–5
ALPHA_VALUES = (0.5, 1.0, 1.2, 1.5, 2.0)  # GB 18218-2018 table 5: people exposed outside the plant


@dataclass(frozen=True)
class Range:
    """Where a quantity of a rule is meaningful, with the reason in its message: a value outside
    (a subnormal β, a band no assessment can reach) is a typing error, not a plant."""

    low: float
    high: float
    label: str
    unit: str = ""
    source: str = ""
    zero: bool = False  # 0 is allowed besides [low, high] (an empty tank)

    def problem(self, value: float) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{self.label}须为数字"
        if not math.isfinite(value):
            return f"{self.label}须为有限的数（不能是 NaN 或无穷大）"
        if (self.zero and value == 0) or self.low <= value <= self.high:
            return None
        zero = "0 或 " if self.zero else ""
        source = f"（{self.source}）" if self.source else ""
        return (f"{self.label}须为 {zero}{_number(self.low)}～{_number(self.high)}{self.unit}，"
                f"实际为 {_number(value)}{source}")

    def check(self, value: float, field: str) -> float:
        problem = self.problem(value)
        if problem is not None:
            code = "non_finite_number" if isinstance(value, float) and not math.isfinite(value) else "out_of_range"
            raise DomainError(problem, field=field, code=code)
        return value


def _number(value: float) -> str:
    return f"{value:,.10g}"


# GB 18218-2018 表3 (toxic gases: 2 … 20, phosgene and phosphine 20) and 表4 (the other
# categories: 1 … 4); 1 when a substance is in neither.
BETA_RANGE = Range(1, 20, "校正系数 β", source="GB 18218-2018 表3、表4 的校正系数在 1～20 之间")
# GB 18218-2018 表1 and 表2 list critical quantities from 0.3 t (phosgene) to 5,000 t (W5.4
# flammable liquids); a custom one outside 0.1–5,000 t is a unit slip (kg for t).
CRITICAL_Q_RANGE = Range(0.1, 5000, "临界量 Q", " 吨", "GB 18218-2018 表1、表2 的临界量在 0.3～5000 吨之间")
# The largest tank farms hold a few million tonnes; below a kilogram is no quantity to rate.
Q_RANGE = Range(0.001, 10_000_000, "实际存在量 q", " 吨", zero=True)
# What each method can produce: the bands of a policy must lie where values fall.
LEC_VALUES = Range(min(LEC_L) * min(LEC_E) * min(LEC_C), max(LEC_L) * max(LEC_E) * max(LEC_C),
                   "LEC 分级界限", source="D = L×E×C 的取值范围")
LS_VALUES = Range(min(LS_RANGE) ** 2, max(LS_RANGE) ** 2, "LS 分级界限", source="R = L×S 的取值范围")


@dataclass(frozen=True)
class Bands:
    """Lower bounds of 重大, 较大 and 一般; anything below the last is 低."""

    major: float
    large: float
    general: float

    def level(self, value: float) -> RiskLevel:
        if value >= self.major:
            return RiskLevel.MAJOR
        if value >= self.large:
            return RiskLevel.LARGE
        if value >= self.general:
            return RiskLevel.GENERAL
        return RiskLevel.LOW

    def check(self, field_name: str) -> Bands:
        for name in ("major", "large", "general"):
            finite(getattr(self, name), f"{field_name}.{name}")
        if not (self.major > self.large > self.general > 0):
            raise DomainError("分级界限须满足 重大 > 较大 > 一般 > 0", field=field_name)
        return self


DEFAULT_CONTROL_LEVELS = {RiskLevel.MAJOR: ControlLevel.COMPANY, RiskLevel.LARGE: ControlLevel.DEPARTMENT,
                          RiskLevel.GENERAL: ControlLevel.TEAM, RiskLevel.LOW: ControlLevel.POST}


@dataclass(frozen=True)
class GradingPolicy:
    lec: Bands = Bands(320, 160, 70)
    ls: Bands = Bands(17, 11, 5)
    control_levels: dict[RiskLevel, ControlLevel] = field(default_factory=lambda: dict(DEFAULT_CONTROL_LEVELS))

    def bands(self, method: AssessmentMethod) -> Bands:
        return self.lec if method is AssessmentMethod.LEC else self.ls

    def control_level(self, level: RiskLevel) -> ControlLevel:
        return self.control_levels[level]


@dataclass(frozen=True)
class Grade:
    value: float
    level: RiskLevel


def check_bands_reachable(bands: Bands, method: AssessmentMethod, field_name: str) -> Bands:
    """Each band within what `method` can produce (LEC 0.05…10,000, LS 1…25): a band above the
    largest value makes its level unreachable and the ones below it meaningless."""
    values = LEC_VALUES if method is AssessmentMethod.LEC else LS_VALUES
    for name in ("major", "large", "general"):
        values.check(getattr(bands, name), f"{field_name}.{name}")
    return bands


def check_substance(s: Substance, field_prefix: str) -> Substance:
    """q, Q and β of one substance within their meaningful ranges (GB 18218-2018)."""
    Q_RANGE.check(s.q, f"{field_prefix}.q")
    CRITICAL_Q_RANGE.check(s.critical_q, f"{field_prefix}.critical_q")
    BETA_RANGE.check(s.beta, f"{field_prefix}.beta")
    return s


def finite(value: float, field: str, message: str | None = None) -> float:
    """`value`, or a 422 naming `field`: a rule computes only with, and only into, finite numbers
    (an infinity or NaN would be stored as null and break every reader)."""
    if not math.isfinite(value):
        raise DomainError(message or "数值须为有限数", field=field, code="non_finite_number")
    return value


def _one_of(value: float, allowed: Sequence[float], name: str, label: str) -> float:
    if value not in allowed:
        raise DomainError(f"{label}取值须为 {'/'.join(str(a) for a in allowed)} 之一，实际为 {value}", field=name)
    return value


def grade(method: AssessmentMethod, inputs: dict[str, float], policy: GradingPolicy) -> Grade:
    """Value and level of one assessment; inputs are validated against the method's scales."""
    if method is AssessmentMethod.LEC:
        for key in ("L", "E", "C"):
            if key not in inputs:
                raise DomainError(f"LEC评价缺少 {key}", field=f"inputs.{key}")
        value = (_one_of(inputs["L"], LEC_L, "inputs.L", "L(可能性)")
                 * _one_of(inputs["E"], LEC_E, "inputs.E", "E(暴露频率)")
                 * _one_of(inputs["C"], LEC_C, "inputs.C", "C(后果)"))
        value = round(finite(value, "inputs", "L×E×C 超出可计算范围"), 4)
    else:
        for key in ("L", "S"):
            if key not in inputs:
                raise DomainError(f"LS评价缺少 {key}", field=f"inputs.{key}")
        value = (_one_of(inputs["L"], LS_RANGE, "inputs.L", "L(可能性)")
                 * _one_of(inputs["S"], LS_RANGE, "inputs.S", "S(严重性)"))
    extra = set(inputs) - ({"L", "E", "C"} if method is AssessmentMethod.LEC else {"L", "S"})
    if extra:
        raise DomainError(f"{method.value}评价不接受 {', '.join(sorted(extra))}", field="inputs")
    return Grade(finite(value, "inputs"), policy.bands(method).level(value))


@dataclass(frozen=True)
class Substance:
    """A hazardous substance of a major hazard source: actual quantity q, critical quantity Q
    (both in tonnes) and its correction factor β."""

    name: str
    q: float
    critical_q: float
    beta: float


@dataclass(frozen=True)
class MajorHazardRating:
    ratio_sum: float  # Σ q/Q — a major hazard source when ≥ 1
    r_value: float  # R = α Σ β q/Q
    grade: MajorHazardGrade
    is_major_hazard_source: bool = True  # Σ q/Q ≥ 1, judged exactly


def rate_major_hazard(alpha: float, substances: Sequence[Substance]) -> MajorHazardRating:
    """GB 18218-2018: R = α·Σ βᵢ·qᵢ/Qᵢ; 一级 R ≥ 100, 二级 50 ≤ R < 100, 三级 10 ≤ R < 50, 四级 R < 10."""
    _one_of(alpha, ALPHA_VALUES, "alpha", "α(暴露人员校正系数)")
    if not substances:
        raise DomainError("至少填写一种危险化学品", field="substances")
    ratios: list[float] = []
    weighted: list[float] = []
    seen: dict[str, int] = {}
    for i, s in enumerate(substances):
        # One line per substance: a name given twice would count its q/Q twice and could make a
        # 重大危险源 (Σq/Q ≥ 1) of a store that is none.
        first = seen.setdefault(name_key(s.name), i)
        if first != i:
            raise DomainError(f"危险化学品「{s.name}」重复填写（与第{first + 1}项相同），请合并为一项",
                              field=f"substances.{i}.name")
        for name in ("q", "critical_q", "beta"):
            finite(getattr(s, name), f"substances.{i}.{name}")
        check_substance(s, f"substances.{i}")
        if s.q < 0 or s.critical_q <= 0 or s.beta <= 0:
            raise DomainError("实际存在量须 ≥ 0，临界量与校正系数须 > 0", field=f"substances.{i}")
        ratio = finite(s.q / s.critical_q, f"substances.{i}.q",
                       f"q/Q 超出可计算范围（{s.q:g} / {s.critical_q:g}），请核对实际存在量与临界量")
        ratios.append(ratio)
        weighted.append(finite(s.beta * ratio, f"substances.{i}.q", "β·q/Q 超出可计算范围，请核对实际存在量与临界量"))
    finite(sum(ratios), "substances", "Σq/Q 超出可计算范围，请核对实际存在量与临界量")
    finite(alpha * sum(weighted), "substances", "R值超出可计算范围，请核对实际存在量与临界量")
    # The thresholds are judged on the exact decimals entered, never on a rounded float: 49.999 t
    # against a critical 50 t is no major hazard source (q is taken to the kilogram), and
    # 7/10 + 2/10 + 1/10 is exactly 1 although floats make it 0.9999999999999999.
    exact_sum = sum((_exact(s.q) / _exact(s.critical_q) for s in substances), Fraction(0))
    exact_r = _exact(alpha) * sum((_exact(s.beta) * _exact(s.q) / _exact(s.critical_q) for s in substances),
                                  Fraction(0))
    if exact_r >= 100:
        g = MajorHazardGrade.FIRST
    elif exact_r >= 50:
        g = MajorHazardGrade.SECOND
    elif exact_r >= 10:
        g = MajorHazardGrade.THIRD
    else:
        g = MajorHazardGrade.FOURTH
    return MajorHazardRating(_down_to_4(exact_sum), _down_to_4(exact_r), g, exact_sum >= 1)


def _exact(value: float) -> Fraction:
    """The decimal a person entered (`repr` is the shortest one the float stands for)."""
    return Fraction(repr(value))


def _down_to_4(value: Fraction) -> float:
    """Four decimals, rounded down, so what is shown never crosses a threshold the value did not
    (99.99998 shows as 99.9999, graded 二级, not as 100)."""
    return math.floor(value * 10_000) / 10_000
