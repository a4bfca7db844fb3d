"""Invariants the database keeps, whatever code writes (one IntegrityError test per constraint)."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from sikkerhedsnet.measures.models import Measure
from sikkerhedsnet.measures.tests.factories import (
    MeasureFactory,
    OfferFactory,
    StaircaseMoveFactory,
    basis,
)

pytestmark = pytest.mark.django_db


def raises_integrity(factory, **kwargs) -> bool:  # type: ignore[no-untyped-def]
    try:
        with transaction.atomic():
            factory(**kwargs)
    except IntegrityError:
        return True
    return False


def test_measure_end_before_start_violates_constraint() -> None:
    assert raises_integrity(MeasureFactory, start_on=date(2025, 3, 1), end_on=date(2025, 2, 28))


def test_measure_step_outside_staircase_violates_constraint() -> None:
    assert raises_integrity(MeasureFactory, step=6)


def test_preventive_measure_with_placement_type_violates_constraint() -> None:
    assert raises_integrity(MeasureFactory, kind="preventive", placement_type="own_room")


def test_placement_without_consent_lacking_committee_date_violates_constraint() -> None:
    assert raises_integrity(MeasureFactory, kind="foster_family", consent="without_consent")


def test_return_home_plan_made_after_start_violates_constraint() -> None:
    assert raises_integrity(
        MeasureFactory, kind="foster_family", start_on=date(2025, 3, 1), return_home_plan_made_on=date(2025, 3, 2)
    )


def test_negative_monthly_cost_violates_constraint() -> None:
    assert raises_integrity(MeasureFactory, monthly_cost=-1)


def test_followup_cadence_outside_range_violates_constraint() -> None:
    assert raises_integrity(MeasureFactory, followup_every_months=25)


def test_staircase_move_up_without_reason_violates_constraint() -> None:
    assert raises_integrity(StaircaseMoveFactory, from_step=2, to_step=4, reason="")


def test_staircase_move_down_without_reason_is_allowed() -> None:
    assert not raises_integrity(StaircaseMoveFactory, from_step=4, to_step=2, reason="")


def test_offer_step_outside_staircase_violates_constraint() -> None:
    assert raises_integrity(OfferFactory, step=0)


def test_offer_name_unique_per_municipality(municipality) -> None:
    OfferFactory(municipality=municipality, name="Familiebehandling")
    assert raises_integrity(OfferFactory, municipality=municipality, name="Familiebehandling")


def test_legal_basis_valid_to_before_valid_from_violates_constraint() -> None:
    old = basis("sel-58")
    old.valid_to = date(2013, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        old.save()


def test_seeded_legal_bases_pair_old_and_new_paragraphs() -> None:
    assert basis("bl-32-1-7").replaces.code == "sel-52-3-5" and basis("bl-47").replaces.code == "sel-58"


def test_measure_active_on_keeps_its_contract() -> None:
    measure = MeasureFactory(start_on=date(2025, 3, 1), end_on=date(2025, 6, 30))
    assert list(Measure.objects.active_on(date(2025, 6, 30))) == [measure]
    assert not Measure.objects.active_on(date(2025, 7, 1)).exists()
