"""Controls never make a risk worse, day by day (decision 11): whatever assessments are entered,
in whatever order and with whatever dates, those the risk event accepts leave on every day a
residual risk standing that day at most the inherent one standing that day — values when both
use one method, levels across methods. What stands on a day is the assessment of that stage
with the latest date not after it, the last recorded on that date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.risk_registry.chain import (
    INHERENT,
    LEC,
    LS,
    RESIDUAL,
    DomainError,
    GradingPolicy,
    assess,
    risk_event,
)

FIRST_DAY = date(2026, 1, 1)
DAYS = 8  # few days, so assessments share dates and spans
LEC_INPUTS = [{"L": 3, "E": 6, "C": c} for c in (1, 3, 7, 15, 40)]  # 18 低, 54 低, 126 一般, 270 较大, 720 重大
LS_INPUTS = [{"L": l_, "S": s} for l_, s in ((1, 2), (2, 3), (3, 3), (3, 4), (4, 5))]  # 2, 6, 9, 12, 20

assessments = st.lists(st.tuples(
    st.sampled_from([INHERENT, RESIDUAL]),
    st.one_of(st.tuples(st.just(LEC), st.sampled_from(LEC_INPUTS)), st.tuples(st.just(LS), st.sampled_from(LS_INPUTS))),
    st.integers(0, DAYS - 1),
), min_size=1, max_size=12)


def standing(accepted, stage, day):
    """(method, value) of the assessment of `stage` standing on `day`, or None."""
    dated = [(on, i) for i, (s, _, _, on) in enumerate(accepted) if s is stage and on <= day]
    if not dated:
        return None
    _, i = max(dated)  # the latest date, then the last recorded on it
    return accepted[i][1], accepted[i][2]


def at_most(residual, inherent, policy: GradingPolicy) -> bool:
    (r_method, r_value), (i_method, i_value) = residual, inherent
    if r_method is i_method:
        return r_value <= i_value
    return int(policy.bands(r_method).level(r_value)) >= int(policy.bands(i_method).level(i_value))


@settings(max_examples=150, deadline=None)
@given(assessments)
def test_on_every_day_the_residual_risk_standing_is_at_most_the_inherent_one(entered):
    policy, risk, accepted = GradingPolicy(), risk_event(), []
    for stage, (method, inputs), offset in entered:
        on = FIRST_DAY + timedelta(days=offset)
        try:
            assess(risk, stage, method, inputs, on, policy)
        except DomainError:
            continue
        accepted.append((stage, method, risk.pending()[-1].value, on))
    for offset in range(DAYS):
        day = FIRST_DAY + timedelta(days=offset)
        residual, inherent = standing(accepted, RESIDUAL, day), standing(accepted, INHERENT, day)
        if residual is not None:
            assert inherent is not None, f"a residual risk stands on {day} without an inherent one: {accepted}"
            assert at_most(residual, inherent, policy), f"on {day}: residual {residual} above {inherent}: {accepted}"


@settings(max_examples=60, deadline=None)
@given(assessments)
def test_the_current_grade_is_what_stands_today(entered):
    risk, accepted = risk_event(), []
    for stage, (method, inputs), offset in entered:
        on = FIRST_DAY + timedelta(days=offset)
        try:
            assess(risk, stage, method, inputs, on)
        except DomainError:
            continue
        accepted.append((stage, method, risk.pending()[-1].value, on))
    last_day = FIRST_DAY + timedelta(days=DAYS)
    for stage in (INHERENT, RESIDUAL):
        now = risk.current.get(stage)
        assert standing(accepted, stage, last_day) == ((now.method, now.value) if now else None)
