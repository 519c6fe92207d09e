"""统一社会信用代码 (GB 32100-2015), 危化品登记编号 and mobile numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.risk_registry.directory.domain.identifiers import (
    USCC_CHARSET,
    hazchem_code_problem,
    mobile_problem,
    uscc_check_char,
    uscc_problem,
)

# Pure and fast; no example database written to disk.
quick = settings(max_examples=200, database=None, deadline=None)


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L"])
def test_published_credit_codes_are_accepted(code):
    assert uscc_problem(code) is None


def test_check_char_of_a_published_code_is_its_last_char():
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert uscc_check_char("91110000600037341") == "L"


@pytest.mark.parametrize("code", ["91350100M000100Y4", "91350100M000100Y431", ""])
def test_credit_code_of_wrong_length_is_refused_with_its_length(code):
    assert f"{len(code)}位" in uscc_problem(code)


@pytest.mark.parametrize("forbidden", list("IOSVZ"))
def test_credit_code_with_a_letter_gb32100_excludes_is_refused(forbidden):
    code = "91350100M000100Y43".replace("M", forbidden)
    assert forbidden in uscc_problem(code)


def test_lowercase_credit_code_is_refused_as_illegal_characters():
    assert "非法字符" in uscc_problem("91350100m000100y43")


def test_credit_code_with_a_wrong_check_char_is_refused():
    assert "校验位" in uscc_problem("91350100M000100Y44")


def test_check_char_zero_is_used_when_the_weighted_sum_divides_by_31():
    # All zeros: weighted sum 0, check value (31 - 0) % 31 = 0, not an out-of-range 31.
    assert uscc_check_char("0" * 17) == "0"
    assert uscc_problem("0" * 18) is None


codes17 = st.text(alphabet=USCC_CHARSET, min_size=17, max_size=17)


@quick
@given(codes17)
def test_any_17_chars_with_their_check_char_make_a_valid_code(first17):
    assert uscc_problem(first17 + uscc_check_char(first17)) is None


@quick
@given(codes17, st.integers(0, 17), st.integers(1, len(USCC_CHARSET) - 1))
def test_changing_any_one_char_of_a_valid_code_makes_it_invalid(first17, position, shift):
    code = first17 + uscc_check_char(first17)
    replacement = USCC_CHARSET[(USCC_CHARSET.index(code[position]) + shift) % len(USCC_CHARSET)]
    mistyped = code[:position] + replacement + code[position + 1:]
    assert uscc_problem(mistyped) is not None


@pytest.mark.parametrize("code", ["350100123", "000000000"])
def test_nine_digit_hazchem_code_is_accepted(code):
    assert hazchem_code_problem(code) is None


@pytest.mark.parametrize("code", ["35010012", "3501001234", "35010012A", " 350100123", ""])
def test_hazchem_code_that_is_not_nine_digits_is_refused(code):
    assert hazchem_code_problem(code) is not None


@pytest.mark.parametrize("code", ["350100123\n", "３５０１００１２３"])
def test_hazchem_code_with_a_trailing_newline_or_fullwidth_digits_is_refused(code):
    assert hazchem_code_problem(code) is not None


@pytest.mark.parametrize("mobile", ["13800138000", "19912345678", "15000000000"])
def test_mainland_mobile_number_is_accepted(mobile):
    assert mobile_problem(mobile) is None


@pytest.mark.parametrize("mobile", ["12800138000", "10800138000", "1380013800", "138001380001", "+8613800138000",
                                    "23800138000", "1380013800a", ""])
def test_number_that_is_not_an_11_digit_mainland_mobile_is_refused(mobile):
    assert mobile_problem(mobile) is not None


@pytest.mark.parametrize("mobile", ["13800138000\n", "138００１３８０００", "13٨٠٠١٣٨٠٠٠"])
def test_mobile_with_a_trailing_newline_or_non_ascii_digits_is_refused(mobile):
    assert mobile_problem(mobile) is not None
