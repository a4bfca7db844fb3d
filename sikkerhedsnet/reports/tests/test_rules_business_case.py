"""The business case rule: Billund's table exactly, Kalundborg as a scenario, validation codes, properties."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.reports.business_cases.examples import BILLUND, KALUNDBORG, KALUNDBORG_REALISED
from sikkerhedsnet.reports.business_cases.rules import (
    BusinessCaseInvalid,
    actual_against_forecast,
    compute,
    incomplete_years,
    placement_actuals,
    realised_against_expected,
    whole_number,
)

BILLUND_TABLE = [
    # year, investment, savings, net, cumulative (domain.md §5.1)
    (2016, 4_136_000, 1_034_000, -3_102_000, -3_102_000),
    (2017, 4_136_000, 2_068_000, -2_068_000, -5_170_000),
    (2018, 4_136_000, 3_102_000, -1_034_000, -6_204_000),
    (2019, 4_136_000, 4_136_000, 0, -6_204_000),
]


def _billund(**changes):
    return {**BILLUND, **changes}


def test_compute_billund_reproduces_the_seed_table_exactly() -> None:
    result = compute(_billund())
    assert [(r.year, r.investment, r.savings, r.net, r.cumulative) for r in result.years] == BILLUND_TABLE


def test_compute_billund_breaks_even_in_2019() -> None:
    assert compute(_billund()).first_non_negative_year == 2019


def test_compute_billund_has_no_payback_within_four_years() -> None:
    assert compute(_billund()).payback_year is None


def test_compute_billund_extended_pays_back_when_cumulative_reaches_zero() -> None:
    # Continuing the ramp: 2020 +1,034,000, 2021 +2,068,000, 2022 +3,102,000 → cumulative exactly 0 in 2022.
    result = compute(_billund(years=7))
    assert (result.years[-1].year, result.years[-1].cumulative, result.payback_year) == (2022, 0, 2022)


def test_compute_billund_line_rows_match_the_seed_rows() -> None:
    lines = {line.label: line.amounts for line in compute(_billund()).lines}
    assert lines["8 færre anbragte børn"] == (706_000, 1_412_000, 2_118_000, 2_824_000)
    assert lines["4 almindelige anbringelser omlagt til netværksanbringelser"] == (303_000, 606_000, 909_000, 1_212_000)
    assert lines["Færre tvangsanbringelser (samvær, advokatudgifter m.m.)"] == (25_000, 50_000, 75_000, 100_000)


def test_compute_billund_three_year_transition_costs_6_2_million() -> None:
    assert -compute(_billund()).years[2].cumulative == 6_204_000


def test_compute_as_contract_has_exactly_the_contract_keys() -> None:
    body = compute(_billund()).as_contract()
    assert set(body) == {"years", "first_non_negative_year", "payback_year"}
    assert body["years"][0] == {
        "year": 2016,
        "investment": 4_136_000,
        "savings": 1_034_000,
        "net": -3_102_000,
        "cumulative": -3_102_000,
    }


def test_compute_kalundborg_scenario_expects_a_gain_of_580000() -> None:
    result = compute(KALUNDBORG)
    assert (result.years[0].investment, result.years[0].net, result.payback_year) == (1_000_000, 580_000, 2015)


def test_realised_against_expected_kalundborg_realised_700000_is_120000_above() -> None:
    realised = {KALUNDBORG_REALISED["year"]: (KALUNDBORG_REALISED["investment"], KALUNDBORG_REALISED["savings"])}
    [row] = realised_against_expected(compute(KALUNDBORG), realised)
    assert (row.expected_net, row.realised_net, row.difference) == (580_000, 700_000, 120_000)


def test_realised_against_expected_ignores_years_outside_the_case() -> None:
    assert realised_against_expected(compute(KALUNDBORG), {2030: (0, 0)}) == []


def test_compute_saving_amounts_give_one_amount_per_year() -> None:
    result = compute(
        {"first_year": 2020, "years": 3, "investments": [], "savings": [{"label": "Besparelse", "amounts": [5, 0, 7]}]}
    )
    assert [r.savings for r in result.years] == [5, 0, 7]


def test_compute_investment_amounts_are_accepted_as_an_extension() -> None:
    result = compute(
        {"first_year": 2020, "years": 2, "investments": [{"label": "Opstart", "amounts": [100, 0]}], "savings": []}
    )
    assert [r.net for r in result.years] == [-100, 0]


def test_compute_without_lines_is_all_zero_and_pays_back_at_once() -> None:
    result = compute({"first_year": 2020, "years": 2, "investments": [], "savings": []})
    assert (result.years[0].net, result.first_non_negative_year, result.payback_year) == (0, 2020, 2020)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"years": 0}, "years", "years_out_of_range"),
        ({"years": -4}, "years", "years_out_of_range"),
        ({"years": 31}, "years", "years_out_of_range"),
        ({"years": "4"}, "years", "invalid_years"),
        ({"years": 2.5}, "years", "invalid_years"),
        ({"years": None}, "years", "invalid_years"),
        ({"first_year": -2016}, "first_year", "invalid_first_year"),
        ({"first_year": "2016"}, "first_year", "invalid_first_year"),
        (
            {"investments": [{"label": "X", "amount_per_year": "mange"}]},
            "investments.0.amount_per_year",
            "invalid_amount",
        ),
        ({"investments": [{"label": "X", "amount_per_year": 1.5}]}, "investments.0.amount_per_year", "invalid_amount"),
        ({"investments": [{"label": "X", "amount_per_year": True}]}, "investments.0.amount_per_year", "invalid_amount"),
        (
            {"investments": [{"label": "X", "amount_per_year": -950_000}]},
            "investments.0.amount_per_year",
            "negative_amount",
        ),
        (
            {"investments": [{"label": "X", "amount_per_year": 10**13}]},
            "investments.0.amount_per_year",
            "amount_too_large",
        ),
        ({"investments": [{"label": "", "amount_per_year": 1}]}, "investments.0.label", "required"),
        ({"investments": [{"label": "X", "increment_per_year": 1}]}, "investments.0", "invalid_investment_line"),
        ({"savings": [{"label": "X", "amounts": [1, 2, 3]}]}, "savings.0.amounts", "amounts_length_mismatch"),
        ({"savings": [{"label": "X", "amounts": [1, "to", 3, 4]}]}, "savings.0.amounts.1", "invalid_amount"),
        ({"savings": [{"label": "X", "amounts": 7}]}, "savings.0.amounts", "invalid_amount"),
        (
            {"savings": [{"label": "X", "increment_per_year": 1, "amounts": [1, 2, 3, 4]}]},
            "savings.0",
            "invalid_saving_line",
        ),
        ({"savings": [{"label": "X"}]}, "savings.0", "invalid_saving_line"),
        ({"savings": "none"}, "savings", "invalid_line"),
        ({"savings": ["X"]}, "savings.0", "invalid_line"),
        ({"savings": [{"label": "X", "increment_per_year": 1}] * 51}, "savings", "too_many_lines"),
    ],
)
def test_parse_bad_input_raises_with_field_and_code(changes, field, code) -> None:
    with pytest.raises(BusinessCaseInvalid) as caught:
        compute(_billund(**changes))
    assert (caught.value.field, caught.value.code) == (field, code)


def test_parse_collects_every_problem() -> None:
    with pytest.raises(BusinessCaseInvalid) as caught:
        compute(_billund(years=0, first_year="x", investments=[{"label": "", "amount_per_year": "y"}]))
    assert {p.code for p in caught.value.problems} == {
        "years_out_of_range",
        "invalid_first_year",
        "required",
        "invalid_amount",
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5),
        (5.0, 5),
        (Decimal("7"), 7),
        (0, 0),
        ("5", None),
        (5.5, None),
        (True, None),
        (None, None),
        (float("nan"), None),
        (float("inf"), None),
        ([5], None),
    ],
)
def test_whole_number_accepts_only_whole_json_numbers(value, expected) -> None:
    assert whole_number(value) == expected


# --- properties ---------------------------------------------------------------------------------------------

amount = st.integers(min_value=0, max_value=10**9)
label = st.text(alphabet="abcæøå ", min_size=1, max_size=12).filter(lambda s: s.strip())


@st.composite
def business_cases(draw):
    years = draw(st.integers(min_value=1, max_value=30))
    investments = draw(
        st.lists(st.builds(lambda lab, a: {"label": lab, "amount_per_year": a}, label, amount), max_size=4)
    )
    saving_line = st.one_of(
        st.builds(lambda lab, a: {"label": lab, "increment_per_year": a}, label, amount),
        st.builds(lambda lab, a: {"label": lab, "amounts": a}, label, st.lists(amount, min_size=years, max_size=years)),
    )
    savings = draw(st.lists(saving_line, max_size=4))
    first_year = draw(st.integers(min_value=1900, max_value=2170))
    return {"first_year": first_year, "years": years, "investments": investments, "savings": savings}


@given(business_cases())
def test_compute_property_net_is_savings_minus_investment(case) -> None:
    assert all(r.net == r.savings - r.investment for r in compute(case).years)


@given(business_cases())
def test_compute_property_cumulative_is_running_sum_of_net(case) -> None:
    rows = compute(case).years
    assert [r.cumulative for r in rows] == [sum(x.net for x in rows[: i + 1]) for i in range(len(rows))]


@given(business_cases())
def test_compute_property_one_row_per_consecutive_year(case) -> None:
    assert [r.year for r in compute(case).years] == list(range(case["first_year"], case["first_year"] + case["years"]))


@given(business_cases())
def test_compute_property_payback_is_first_non_negative_cumulative(case) -> None:
    result = compute(case)
    expected = next((r.year for r in result.years if r.cumulative >= 0), None)
    assert result.payback_year == expected


@given(business_cases())
def test_compute_property_break_even_never_after_payback(case) -> None:
    result = compute(case)
    if result.payback_year is not None:
        assert result.first_non_negative_year is not None
        assert result.first_non_negative_year <= result.payback_year


@given(st.integers(min_value=0, max_value=10**8), st.integers(min_value=1, max_value=30))
def test_compute_property_year_k_saves_k_times_the_increment(increment, years) -> None:
    result = compute(
        {
            "first_year": 2000,
            "years": years,
            "investments": [],
            "savings": [{"label": "S", "increment_per_year": increment}],
        }
    )
    assert [r.savings for r in result.years] == [k * increment for k in range(1, years + 1)]


@given(business_cases(), st.integers(min_value=2, max_value=5))
def test_compute_property_scaling_amounts_scales_net(case, factor) -> None:
    scaled = {
        **case,
        "investments": [{**i, "amount_per_year": i["amount_per_year"] * factor} for i in case["investments"]],
        "savings": [
            {**s, "amounts": [a * factor for a in s["amounts"]]}
            if "amounts" in s
            else {**s, "increment_per_year": s["increment_per_year"] * factor}
            for s in case["savings"]
        ],
    }
    assert [r.net * factor for r in compute(case).years] == [r.net for r in compute(scaled).years]


# --- actual against forecast (the interface for the measures data) ----------------------------------------


def test_placement_actuals_values_avoided_placements_at_a_twelfth_of_the_yearly_cost() -> None:
    months = placement_actuals(
        baseline_placed=88, placed_by_month={date(2016, 1, 1): 86, date(2016, 2, 1): 90}, average_cost_per_year=453_000
    )
    # 2 avoided × 453,000 / 12 = 75,500; 2 more placed → −75,500.
    assert [(m.placed, m.avoided, m.saving) for m in months] == [(86, 2, 75_500), (90, -2, -75_500)]


def test_placement_actuals_rounds_half_up_to_whole_kroner() -> None:
    [month] = placement_actuals(
        baseline_placed=Decimal("1.5"), placed_by_month={date(2016, 1, 1): 1}, average_cost_per_year=100
    )
    assert month.saving == 4  # 0.5 × 100 / 12 = 4.1666…


def test_placement_actuals_sorts_months() -> None:
    months = placement_actuals(
        baseline_placed=10, placed_by_month={date(2016, 3, 1): 9, date(2016, 1, 1): 8}, average_cost_per_year=1200
    )
    assert [m.month for m in months] == [date(2016, 1, 1), date(2016, 3, 1)]


def test_actual_against_forecast_compares_a_complete_year() -> None:
    result = compute(_billund())
    actuals = placement_actuals(
        baseline_placed=88,
        placed_by_month={date(2016, m, 1): 86 for m in range(1, 13)},  # the whole year, 2 fewer placed each month
        average_cost_per_year=453_000,
    )
    [row] = actual_against_forecast(result, actuals, today=date(2017, 1, 1))
    # Forecast 2016 savings 1,034,000 (Billund's table); measured 12 × 2 × 453,000 / 12 = 906,000.
    assert (row.year, row.months, row.forecast_savings, row.actual_savings, row.difference) == (
        2016,
        12,
        1_034_000,
        906_000,
        -128_000,
    )


@pytest.mark.parametrize(
    ("months", "today", "compared"),
    [
        (range(1, 7), date(2017, 1, 1), False),  # six months of data: incomplete
        (range(1, 13), date(2016, 12, 31), False),  # all twelve months, but December is still running
        (range(1, 13), date(2017, 1, 1), True),  # the year is over
        ([*range(1, 6), *range(7, 13)], date(2017, 6, 1), False),  # June missing
    ],
)
def test_actual_against_forecast_compares_only_complete_years(months, today: date, compared: bool) -> None:
    actuals = placement_actuals(
        baseline_placed=88, placed_by_month={date(2016, m, 1): 86 for m in months}, average_cost_per_year=453_000
    )
    rows = actual_against_forecast(compute(_billund()), actuals, today=today)
    incomplete = incomplete_years(compute(_billund()), actuals, today=today)
    assert (bool(rows), incomplete) == (compared, [] if compared else [(2016, len(list(months)))])


def test_actual_against_forecast_skips_months_outside_the_case() -> None:
    actuals = placement_actuals(
        baseline_placed=88, placed_by_month={date(2030, 1, 1): 80}, average_cost_per_year=453_000
    )
    assert actual_against_forecast(compute(_billund()), actuals, today=date(2031, 1, 1)) == []
