"""The Aarhus template's figures from plain rows (domain.md §5.5)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.reports.early_intervention.rules import (
    AGE_BANDS,
    ConsultationRow,
    Economy,
    combined,
    consultation_figures,
)
from sikkerhedsnet.reports.rules.figures import Share, growth_percent

DISTRICTS = [f"Distrikt {i}" for i in range(1, 7)]


def _rows(year: int, total: int, specific: int, young: int) -> list[ConsultationRow]:
    rows = []
    for i in range(total):
        is_specific = i < specific
        band = ("0-6" if i < young else "7-12") if is_specific else None
        rows.append(ConsultationRow(year, DISTRICTS[i % 6], is_specific, band))
    return rows


def test_growth_percent_aarhus_255_to_408_is_60_percent() -> None:
    assert growth_percent(255, 408) == Decimal("60.0")


def test_growth_percent_from_zero_or_without_previous_is_none() -> None:
    assert (growth_percent(0, 5), growth_percent(None, 5)) == (None, None)


def test_consultation_figures_aarhus_2018_averages_68_per_district() -> None:
    figures = consultation_figures(
        _rows(2017, 255, 150, 75) + _rows(2018, 408, 238, 121), districts=DISTRICTS, years=[2017, 2018]
    )
    assert (figures[1].total, figures[1].average_per_district, figures[1].growth_percent) == (
        408,
        Decimal("68.0"),
        Decimal("60.0"),
    )


def test_consultation_figures_counts_per_district() -> None:
    [figure] = consultation_figures(_rows(2018, 8, 0, 0), districts=DISTRICTS, years=[2018])
    assert figure.by_district == {
        "Distrikt 1": 2,
        "Distrikt 2": 2,
        "Distrikt 3": 1,
        "Distrikt 4": 1,
        "Distrikt 5": 1,
        "Distrikt 6": 1,
    }


def test_combined_shares_over_2017_and_2018_give_58_5_percent_specific_children() -> None:
    figures = consultation_figures(
        _rows(2017, 255, 150, 75) + _rows(2018, 408, 238, 121), districts=DISTRICTS, years=[2017, 2018]
    )
    specific, young = combined(figures)
    assert (specific.part, specific.total, specific.percent) == (388, 663, Decimal("58.5"))
    assert (young.part, young.total, young.percent) == (196, 388, Decimal("50.5"))


def test_consultation_figures_empty_year_is_zero_not_an_error() -> None:
    [figure] = consultation_figures([], districts=[], years=[2019])
    assert (figure.total, figure.average_per_district, figure.specific_child.percent) == (0, None, None)


def test_consultation_figures_ignore_rows_outside_the_years() -> None:
    [figure] = consultation_figures(_rows(2016, 5, 0, 0), districts=DISTRICTS, years=[2017])
    assert figure.total == 0


def test_economy_aarhus_budget_less_spending_is_the_surplus() -> None:
    economy = Economy(budget=1_697_504, expenses=1_715_991, reimbursements=136_000)
    assert (economy.spent, economy.surplus, economy.surplus_share.percent) == (1_579_991, 117_513, Decimal("6.9"))


def test_share_percent_rounds_half_up_to_one_decimal() -> None:
    assert Share(1, 8).percent == Decimal("12.5") and Share(1, 16).percent == Decimal("6.3")


@given(
    st.lists(
        st.tuples(st.sampled_from([2017, 2018]), st.sampled_from(DISTRICTS), st.booleans(), st.sampled_from(AGE_BANDS)),
        max_size=200,
    )
)
def test_consultation_figures_property_district_counts_add_up_to_the_total(raw) -> None:
    rows = [ConsultationRow(y, d, s, b if s else None) for y, d, s, b in raw]
    for figure in consultation_figures(rows, districts=DISTRICTS, years=[2017, 2018]):
        assert sum(figure.by_district.values()) == figure.total
        assert sum(figure.by_age_band.values()) == figure.specific_child.part
