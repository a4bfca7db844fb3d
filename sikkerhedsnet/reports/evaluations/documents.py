"""The evaluation report: the two groups, their movement down the staircase with confidence intervals, the
trend per round, the Børnelineal categories and goal 5 (being heard). Suppressed for analysts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sikkerhedsnet.reports import charts
from sikkerhedsnet.reports.documents import _protect_if, _share, chart_alt, interval_method
from sikkerhedsnet.reports.rules.intervals import wilson_interval
from sikkerhedsnet.reports.suppression import HIDDEN, Hidden, is_disclosive, secondary_suppression, share_basis
from sikkerhedsnet.reports.tables import (
    COUNT,
    INTERVAL,
    PERCENT,
    Chart,
    Column,
    Derived,
    Protected,
    Report,
    Section,
    Table,
)

from . import selectors
from .models import Evaluation
from .rules import CATEGORIES, COMPARISON, NEW_MODEL, compare_groups


def _group_label(group: str) -> str:
    return _("Ny model") if group == NEW_MODEL else _("Sammenligning")


def evaluation_report(evaluation: Evaluation, *, follow_up_on: date | None, suppressed: bool) -> Report:
    sizes = selectors.evaluation_group_sizes(evaluation)
    rounds = selectors.evaluation_rounds(evaluation)
    sections = [
        Section(
            _("Grupper"),
            Table(
                _("Børn i hver gruppe"),
                [Column(_("Gruppe")), Column(_("Børn"), COUNT)],
                [[_group_label(g), sizes.get(g, 0)] for g in (NEW_MODEL, COMPARISON)],
            ),
        ),
        Section(
            _("Målerunder"),
            Table(
                _("Målinger (baseline og kvartalsvise)"),
                [Column(_("Dato")), Column(_("Børn målt"), COUNT)],
                [[d.isoformat(), n] for d, n in rounds],
            ),
        ),
    ]
    follow_ups = [d for d, _n in rounds if d > evaluation.baseline_on]
    if follow_up_on is None and follow_ups:
        follow_up_on = follow_ups[-1]
    if follow_up_on is not None and follow_up_on in follow_ups:
        sections.append(_movement_section(evaluation, follow_up_on, suppressed))
        sections.append(_trend_section(evaluation, follow_ups, suppressed))
    sections.append(_category_section(evaluation, [d for d, _n in rounds]))
    sections.append(_heard_section(evaluation))
    intro = _("Baseline %(baseline)s. Lodtrækning blandt %(unit)s; %(share)s %% til ny model.") % {
        "baseline": date_format(evaluation.baseline_on, "j. F Y"),
        "unit": evaluation.get_unit_display().lower(),
        "share": evaluation.new_model_share,
    }
    return Report(
        title=evaluation.title,
        slug=f"evaluering-{evaluation.pk}",
        intro=intro,
        method=interval_method(),
        sections=sections,
    )


def _movement_section(evaluation: Evaluation, follow_up_on: date, suppressed: bool) -> Section:
    comparison = selectors.evaluation_comparison(evaluation, follow_up_on)
    rows = []
    estimates, lows, highs = [], [], []
    any_down_protected = False
    for m in (comparison.new_model, comparison.comparison):
        interval = m.interval
        basis = share_basis(m.moved_down, m.children)
        parts = [m.moved_down, m.unchanged, m.moved_up]
        protect = secondary_suppression(parts)
        # When "moved down" is withheld to protect a small part, its share would give it away too.
        down_protected = 0 in protect
        any_down_protected = any_down_protected or down_protected

        rows.append(
            [
                _group_label(m.group),
                m.children,
                *[Protected(v) if i in protect else v for i, v in enumerate(parts)],
                _protect_if(Derived(_share(m.moved_down, m.children), basis), down_protected),
                _protect_if(Derived(interval, basis), down_protected) if interval else None,
            ]
        )
        withheld = suppressed and (is_disclosive(basis) or down_protected)
        shown = None if withheld else interval
        estimates.append(HIDDEN if withheld else None if shown is None else shown.estimate)
        lows.append(None if shown is None else shown.low)
        highs.append(None if shown is None else shown.high)
    difference = comparison.difference
    both = share_basis(comparison.new_model.moved_down, comparison.new_model.children) + share_basis(
        comparison.comparison.moved_down, comparison.comparison.children
    )
    rows.append(
        [
            _("Forskel (ny model − sammenligning)"),
            None,
            None,
            None,
            None,
            _protect_if(Derived(Decimal(str(round(difference.estimate * 100, 1))), both), any_down_protected)
            if difference
            else None,
            _protect_if(Derived(difference, both), any_down_protected) if difference else None,
        ]
    )
    heading = _("Flyttet til et mindre indgribende trin (%(from)s → %(to)s)") % {
        "from": date_format(evaluation.baseline_on, "j. M Y"),
        "to": date_format(follow_up_on, "j. M Y"),
    }
    return Section(
        heading,
        Table(
            heading,
            [
                Column(_("Gruppe")),
                Column(_("Børn med begge målinger"), COUNT),
                Column(_("Flyttet ned"), COUNT),
                Column(_("Uændret"), COUNT),
                Column(_("Flyttet op"), COUNT),
                Column(_("Andel flyttet ned"), PERCENT),
                Column(_("95 %-konfidensinterval"), INTERVAL),
            ],
            rows,
            interval_method(),
        ),
        Chart(
            charts.shares_with_intervals_svg(
                [_group_label(NEW_MODEL), _group_label(COMPARISON)],
                estimates,
                lows,
                highs,
                title=_("Andel flyttet ned ad trappen"),
                y_label="%",
            ),
            chart_alt(
                _(
                    "Andel i hver gruppe, der er flyttet til et mindre indgribende trin, med 95 %-konfidensinterval. "
                    "Tallene står i tabellen."
                ),
                estimates,
            ),
        ),
    )


def _trend_section(evaluation: Evaluation, follow_ups: list[date], suppressed: bool) -> Section:
    groups = selectors.evaluation_groups(evaluation)
    baseline = selectors.evaluation_steps_on(evaluation, evaluation.baseline_on)
    rows: list[list[object]] = []
    labels: list[str] = []
    series: dict[str, list[float | Hidden | None]] = {NEW_MODEL: [], COMPARISON: []}
    for on in follow_ups:
        labels.append(on.isoformat())
        c = compare_groups(groups, baseline, selectors.evaluation_steps_on(evaluation, on))
        row: list[object] = [on.isoformat()]
        for m in (c.new_model, c.comparison):
            basis = share_basis(m.moved_down, m.children)
            # The same rule as the movement table: when "moved down" is withheld there to protect a small part,
            # its share is withheld here too (the share and the children shown there give the count back).
            down_protected = 0 in secondary_suppression([m.moved_down, m.unchanged, m.moved_up])
            row.append(_protect_if(Derived(_share(m.moved_down, m.children), basis), down_protected))
            if not m.children:
                series[m.group].append(None)
            elif suppressed and (is_disclosive(basis) or down_protected):
                series[m.group].append(HIDDEN)
            else:
                series[m.group].append(100 * m.moved_down / m.children)
        rows.append(row)
    return Section(
        _("Udvikling pr. måling"),
        Table(
            _("Andel flyttet ned siden baseline"),
            [Column(_("Måling")), Column(_("Ny model"), PERCENT), Column(_("Sammenligning"), PERCENT)],
            rows,
        ),
        Chart(
            charts.lines_svg(
                labels,
                [(_group_label(g), series[g]) for g in (NEW_MODEL, COMPARISON)],
                title=_("Andel flyttet ned siden baseline"),
                y_label="%",
                y_min=0,
                y_max=100,
            ),
            chart_alt(
                _("Linjer for andelen i hver gruppe, der er flyttet ned siden baseline. Tallene står i tabellen."),
                *series.values(),
            ),
        ),
    )


def _category_section(evaluation: Evaluation, dates: list[date]) -> Section:
    counts = selectors.evaluation_category_counts(evaluation)
    rows = []
    for d in dates:
        for g in (NEW_MODEL, COMPARISON):
            values = [counts.get((d, g, c), 0) for c in CATEGORIES]
            # The categories add up to the group's size (shown above): protect a lone small cell.
            protect = secondary_suppression(values)
            rows.append(
                [d.isoformat(), _group_label(g), *[Protected(v) if i in protect else v for i, v in enumerate(values)]]
            )
    return Section(
        _("Børnelineal-kategorier"),
        Table(
            _("Børn pr. Børnelineal-kategori"),
            [Column(_("Måling")), Column(_("Gruppe")), *[Column(c, COUNT) for c in CATEGORIES]],
            rows,
        ),
    )


def _heard_section(evaluation: Evaluation) -> Section:
    answers = selectors.evaluation_positive_answers(evaluation, since=evaluation.baseline_on)
    rows = []
    for group in (NEW_MODEL, COMPARISON):
        positive, total = answers[group]
        basis = share_basis(positive, total)
        interval = wilson_interval(positive, total)
        rows.append(
            [
                _group_label(group),
                total,
                positive,
                Derived(_share(positive, total), basis),
                Derived(interval, basis) if interval else None,
            ]
        )
    return Section(
        _("Oplever sig hørt (spørgeskema om inddragelse)"),
        Table(
            _("Svar 4 eller 5 på »Jeg er blevet hørt« siden baseline"),
            [
                Column(_("Gruppe")),
                Column(_("Svar"), COUNT),
                Column(_("Svar 4–5"), COUNT),
                Column(_("Andel"), PERCENT),
                Column(_("95 %-konfidensinterval"), INTERVAL),
            ],
            rows,
        ),
    )
