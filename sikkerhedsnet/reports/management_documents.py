"""The management dashboard and the placement economics as `tables.Report`s (page, CSV, XLSX, committee PDF).

Figures come from management_selectors (counted in the database) and rules.management; every chart is drawn
from the same rows as its table and leaves out what suppression withholds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.measures.models import Measure
from sikkerhedsnet.safety.models import SafetyPlan

from . import charts, selectors
from . import management_selectors as ms
from .access import municipality_id_of
from .documents import NOT_RELEASED, _drawn, _protect_columns, _shown, caseload_report, chart_alt
from .publication.services import frozen_months, is_released, released_until, scope_of
from .rules.figures import Share
from .rules.management import DeadlineFigures, month_counts, months_between, placement_year, year_counts
from .suppression import (
    HIDDEN,
    Hidden,
    grid_sum,
    is_disclosive,
    is_small,
    money_withheld,
    secondary_suppression,
    total_is_safe,
)
from .tables import (
    COUNT,
    DECIMAL,
    KR,
    NUMBER,
    PERCENT,
    SHARE,
    Chart,
    Column,
    Derived,
    Protected,
    Report,
    Section,
    Table,
    Unreleased,
)

T = TypeVar("T")


def kind_labels() -> dict[str, str]:
    """Short column labels for the four measure kinds."""
    return {
        "foster_family": _("Plejefamilie m.v."),
        "network_foster_family": _("Netværksplejefamilie"),
        "residential": _("Børne- og ungehjem"),
        "preventive": _("Forebyggende og støttende"),
    }


def area_labels() -> dict[str, str]:
    return {
        ms.PREVENTION: _("Tidlig forebyggelse"),
        ms.SUPPORT: _("Støttende indsatser"),
        ms.PLACEMENT: _("Anbringelser"),
    }


def area_note() -> str:
    return _(
        "Tidlig forebyggelse: indsatser efter Barnets lov § 30 (før 2024 SEL § 11, stk. 3). Støttende indsatser: "
        "øvrige indsatser i hjemmet (Barnets lov § 32). Sagsbehandlingens lønudgifter er ikke i sagsdata og indgår "
        "derfor ikke."
    )


def _month_label(month: date) -> str:
    return date_format(month, "M Y")


def _percent(part: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(100) * part / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _drawn_share(cell: object, suppressed: bool) -> float | Hidden | None:
    """A share for a chart: None when there is none, marked ".." (not drawn) when the table withholds it."""
    if isinstance(cell, Unreleased):
        if suppressed:
            return NOT_RELEASED
        cell = cell.value
    if isinstance(cell, Protected):
        if suppressed:
            return HIDDEN
        cell = cell.value
    share: Share = cell  # type: ignore[assignment]
    if share.percent is None:
        return None
    if suppressed and is_disclosive((share.part, share.total, share.total - share.part)):
        return HIDDEN
    return float(share.percent)


def grid_note() -> str:
    return _(
        "Tal for perioden er summen af månederne i den. Af diskretionshensyn vises et tal kun, når ingen af "
        'månederne har 1–4; ellers vises "..".'
    )


def period_text(start: date, end: date) -> str:
    return _("Periode: %(start)s–%(end)s.") % {"start": date_format(start, "F Y"), "end": date_format(end, "F Y")}


# --- the dashboard --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Release:
    """Releasing the dashboard's month cells to those who see suppressed figures: complete months only, each
    frozen at its first release (reports/publication/services.py)."""

    municipality_id: int | None
    scope: str
    today: date

    @property
    def until(self) -> date:
        return released_until(self.today)

    def released(self, month: date) -> bool:
        return is_released(month, self.today)

    def freeze(
        self,
        series: str,
        per_month: dict[date, T],
        encode: Callable[[T], Any] = lambda v: v,
        decode: Callable[[Any], T] = lambda v: v,
    ) -> dict[date, T]:
        return frozen_months(
            municipality_id=self.municipality_id,
            report="ledelsesinformation",
            series=series,
            scope=self.scope,
            per_month=per_month,
            today=self.today,
            encode=encode,
            decode=decode,
        )


def release_for(user: User, team_ids: list[int], today: date) -> Release:
    whole = user.role != "team_leader"
    return Release(municipality_id_of(user), scope_of(team_ids, whole_municipality=whole), today)


def release_note(release: Release) -> str:
    return _(
        "Kun hele, afsluttede måneder offentliggøres: måneder efter %(day)s er ikke offentliggjort endnu. Et "
        "offentliggjort månedstal ændres ikke bagefter, heller ikke ved en sen registrering."
    ) % {"day": date_format(release.until, "j. F Y")}


def dashboard_report(user: User, start: date, end: date, *, suppressed: bool, now: datetime, today: date) -> Report:
    """Management information for [start, end] (whole months) in the user's teams. Suppressed, only complete
    months are released, each frozen at its first release (`Release`); stocks and spending then stop at the end
    of the last complete month."""
    team_ids = selectors.report_team_ids(user)
    release = release_for(user, team_ids, today) if suppressed else None
    data_end = min(end, release.until) if release is not None else end
    sections = [
        caseload_report(user, suppressed=suppressed).sections[0],
        *_notification_sections(team_ids, start, end, suppressed, today, release),
        _deadline_section(team_ids, start, end, suppressed, now, today, release),
        _safety_section(user, team_ids, start, max(start, min(data_end, today)), suppressed),
        *_placement_sections(team_ids, min(data_end, today), suppressed),
        *_spending_sections(team_ids, start, data_end, suppressed),
    ]
    scope = _("Dit team") if user.role == "team_leader" else _("Hele kommunen")
    return Report(
        title=_("Ledelsesinformation"),
        slug="ledelsesinformation",
        intro=f"{period_text(start, end)} {scope}.",
        sections=sections,
        data_at=now,
    )


def _notification_sections(
    team_ids: list[int], start: date, end: date, suppressed: bool, today: date, release: Release | None = None
) -> list[Section]:
    # The grid is whole calendar years of months, whatever months were asked for: the months of a year add up
    # to the year's count in the next table, so within each year a small month withholds other months too
    # (secondary suppression), and so does the change it takes part in. Deciding this on the whole year (not on
    # the months asked for) gives every request the same cells withheld: Jan–May and Jan–Jun cannot differ.
    grid_start, grid_end = date(start.year, 1, 1), date(end.year, 12, 31)
    counts = ms.notifications_per_month(team_ids, grid_start, grid_end)
    if release is not None:  # complete months only, as first released (a month without any is a released 0)
        every_month = months_between(date(start.year - 1, 1, 1), grid_end)
        counts = release.freeze("notifications", {m: counts.get(m, 0) for m in every_month})
    grid = month_counts(counts, start=grid_start, end=grid_end)
    grid_protected: set[tuple[date, int]] = set()  # (month, column)
    unsafe_years: set[int] = set()  # years whose total would give a small month back: withheld in the year table
    for column, values in ((1, [m.count for m in grid]), (2, [m.previous_year or 0 for m in grid])):
        for year in {m.month.year for m in grid}:
            rows_of_year = [i for i, m in enumerate(grid) if m.month.year == year]
            parts = [values[i] for i in rows_of_year]
            extra = secondary_suppression(parts)
            for j in extra:
                grid_protected.add((grid[rows_of_year[j]].month, column))
            if not total_is_safe(parts, extra):
                unsafe_years.add(year if column == 1 else year - 1)
    monthly = [m for m in grid if start <= m.month <= end]
    protected = {(i, c) for i, m in enumerate(monthly) for c in (1, 2) if (m.month, c) in grid_protected}
    month_rows: list[list[object]] = []
    for i, m in enumerate(monthly):
        change = Derived(m.change_percent, (m.previous_year or 0, m.count)) if m.change_percent is not None else None
        if release is not None and not release.released(m.month):
            month_rows.append([date_format(m.month, "F Y"), Unreleased(m.count), Unreleased(m.previous_year), None])
            continue
        month_rows.append(
            [
                date_format(m.month, "F Y"),
                Protected(m.count) if (i, 1) in protected else m.count,
                Protected(m.previous_year) if (i, 2) in protected else m.previous_year,
                Protected(change) if change is not None and {(i, 1), (i, 2)} & protected else change,
            ]
        )
    years = list(range(start.year - 1, end.year + 1))
    if release is not None:  # a year is the sum of its released months, and released when all of them are
        yearly = year_counts({y: sum(v for m, v in counts.items() if m.year == y) for y in years}, years)
    else:
        yearly = year_counts(ms.notifications_per_year(team_ids, years), years)
    year_rows: list[list[object]] = []
    for i, (year, count, year_change) in enumerate(yearly):
        change_cell: object = (
            Derived(year_change, (yearly[i - 1][1] if i else 0, count)) if year_change is not None else None
        )
        if release is not None and not release.released(date(year, 12, 1)):
            year_rows.append([year, Unreleased(count), None])
            continue
        unsafe = year in unsafe_years or (i > 0 and yearly[i - 1][0] in unsafe_years)
        year_rows.append(
            [
                year,
                Protected(count) if year in unsafe_years else count,
                Protected(change_cell) if unsafe and change_cell is not None else change_cell,
            ]
        )
    year_note = ""
    if release is not None and end >= release.until:
        year_note = release_note(release)
    elif end.year >= today.year:
        year_note = _("%(year)s er ikke afsluttet: tallet dækker året til og med i dag.") % {"year": today.year}
    return [
        Section(
            _("Underretninger pr. måned"),
            Table(
                _("Underretninger pr. måned"),
                [
                    Column(_("Måned")),
                    Column(_("Underretninger"), COUNT),
                    Column(_("Samme måned året før"), COUNT),
                    Column(_("Ændring"), PERCENT),
                ],
                month_rows,
                _(
                    "En underretning tælles i den måned, den er modtaget; dubletter, der er lagt sammen, tælles "
                    "én gang."
                ),
            ),
            Chart(
                charts.grouped_bars_svg(
                    [_month_label(m.month) for m in monthly],
                    month_series := [  # type: ignore[arg-type]
                        (_("Underretninger"), [_drawn(row[1], suppressed) for row in month_rows]),
                        (
                            _("Samme måned året før"),
                            [None if row[2] is None else _drawn(row[2], suppressed) for row in month_rows],
                        ),
                    ],
                    title=_("Underretninger pr. måned"),
                    y_label=_("Antal"),
                ),
                chart_alt(
                    _("Søjler for underretninger pr. måned og samme måned året før. Tallene står i tabellen."),
                    *[values for _label, values in month_series],
                ),
            ),
        ),
        Section(
            _("Underretninger pr. år"),
            Table(
                _("Underretninger pr. år"),
                [
                    Column(_("År"), NUMBER),
                    Column(_("Underretninger"), COUNT),
                    Column(_("Ændring fra året før"), PERCENT),
                ],
                year_rows,
                year_note,
            ),
        ),
    ]


DEADLINE_COUNTS = ("on_time", "late", "overdue", "pending")


def period_figures(per_month: dict[date, DeadlineFigures], months: list[date]) -> tuple[DeadlineFigures, set[str]]:
    """A period's deadline figures as the sum of its month cells, and which of the four counts suppression
    withholds: those with a month cell of 1–4 (`suppression.grid_sum`), so that no two overlapping periods
    differ by a withheld month."""
    empty = DeadlineFigures(0, 0, 0, 0)
    cells = [per_month.get(m, empty) for m in months]
    sums, withheld = {}, set()
    for name in DEADLINE_COUNTS:
        sums[name], released = grid_sum(getattr(c, name) for c in cells)
        if not released:
            withheld.add(name)
    return DeadlineFigures(**sums), withheld


def _deadline_row(label: str, figures: DeadlineFigures, withheld: set[str], *, has_open: bool = True) -> list[object]:
    def cell(name: str) -> object:
        value = getattr(figures, name)
        return Protected(value) if name in withheld else value

    # The share rests on on time, late and overdue: withheld with any of them.
    share_withheld = bool(withheld & {"on_time", "late", "overdue"})
    return [
        label,
        cell("on_time"),
        cell("late"),
        cell("overdue") if has_open else None,
        cell("pending") if has_open else None,
        Protected(figures.share_on_time) if share_withheld else figures.share_on_time,
    ]


def _deadline_section(
    team_ids: list[int],
    start: date,
    end: date,
    suppressed: bool,
    now: datetime,
    today: date,
    release: Release | None = None,
) -> Section:
    months = months_between(start, end)
    per_month = {
        "assessed": ms.assessment_figures(team_ids, start, end, now=now, by_month=True),
        "investigations": ms.investigation_figures(team_ids, start, end, today=today, by_month=True),
        "followups": ms.followup_figures(team_ids, start, end, by_month=True),
    }
    unreleased = False
    if release is not None:  # complete months only, each as first released (pending → kept no longer shows)
        unreleased = any(not release.released(m) for m in months)
        months = [m for m in months if release.released(m)]
        empty = DeadlineFigures(0, 0, 0, 0)
        for name, cells in per_month.items():
            per_month[name] = release.freeze(
                f"deadlines_{name}",
                {m: cells.get(m, empty) for m in months},
                encode=lambda f: [f.on_time, f.late, f.overdue, f.pending],
                decode=lambda v: DeadlineFigures(*v),
            )
    assessed, assessed_withheld = period_figures(per_month["assessed"], months)
    investigations, investigations_withheld = period_figures(per_month["investigations"], months)
    followups, followups_withheld = period_figures(per_month["followups"], months)
    if not suppressed:
        assessed_withheld, investigations_withheld, followups_withheld = set(), set(), set()
    labels = [_("Vurderet inden for 24 timer"), _("Undersøgt inden for 4 måneder"), _("Opfølgning til tiden")]
    rows = [
        _deadline_row(_("Underretninger vurderet inden for 24 timer (Barnets lov § 136)"), assessed, assessed_withheld),
        _deadline_row(
            _("Børnefaglige undersøgelser afsluttet inden for 4 måneder (Barnets lov § 20)"),
            investigations,
            investigations_withheld,
        ),
        _deadline_row(
            _("Opfølgninger holdt senest på den planlagte dato (Barnets lov § 95)"),
            followups,
            followups_withheld,
            has_open=False,
        ),
    ]
    if release is not None and not months:  # nothing of the period is complete yet
        rows = [[row[0], *[None if c is None else Unreleased(c) for c in row[1:]]] for row in rows]
    shares = [_drawn_share(row[5], suppressed) for row in rows]
    return Section(
        _("Frister overholdt"),
        Table(
            _("Frister overholdt i perioden"),
            [
                Column(_("Frist")),
                Column(_("Til tiden"), COUNT),
                Column(_("For sent"), COUNT),
                Column(_("Overskredet, ikke gjort"), COUNT),
                Column(_("Frist ikke nået endnu"), COUNT),
                Column(_("Andel til tiden"), SHARE),
            ],
            rows,
            _(
                "Underretninger modtaget i perioden, undersøgelser med opmærksomhedsdato i perioden og afholdte "
                "opfølgninger planlagt i perioden. Andelen er til tiden ud af dem, hvis udfald kendes (gjort eller "
                "overskredet). Opfølgninger, der endnu ikke er holdt, står på teamets fristliste."
            )
            + (" " + grid_note() if suppressed else "")
            + (" " + release_note(release) if release is not None and unreleased else ""),
        ),
        Chart(
            charts.grouped_bars_svg(
                labels,
                [(_("Andel til tiden"), shares)],
                title=_("Andel til tiden"),
                y_label="%",
            ),
            chart_alt(_("Søjler for andelen af frister, der er overholdt. Tallene står i tabellen."), shares),
        ),
    )


def endings_released(period: dict[str, object], per_month: dict[date, Any]) -> bool:
    """May the period's safety-plan endings be released? Only as the sum of released month cells: every month's
    count of children (and of each outcome) is 0 or 5 and up, and the period's counts are those sums (no child
    counted in two months), so two overlapping periods never differ by a withheld month."""
    cells: list[Any] = list(per_month.values())
    by_outcome: dict[str, int] = period["by_outcome"]  # type: ignore[assignment]
    checks = [(period["children"], [c.children for c in cells])]
    checks += [(n, [c.by_outcome.get(code, 0) for c in cells]) for code, n in by_outcome.items()]
    for total, values in checks:
        summed, released = grid_sum(values)
        if not released or summed != total:
            return False
    return True


def _safety_section(user: User, team_ids: list[int], start: date, end: date, suppressed: bool) -> Section:
    figures = ms.safety_figures(municipality_id_of(user), team_ids, start, end)
    labels = dict(SafetyPlan.Outcome.choices)
    by_outcome: dict[str, int] = figures["by_outcome"]  # type: ignore[assignment]
    outcome_rows = _protect_columns([[str(labels.get(code, code)), n] for code, n in by_outcome.items()])
    children: object = figures["children"]
    if suppressed and not endings_released(
        figures, ms.safety_endings_per_month(municipality_id_of(user), team_ids, start, end)
    ):
        children = Protected(children)
        outcome_rows = [[label, n if isinstance(n, Protected) else Protected(n)] for label, n in outcome_rows]
    rows: list[list[object]] = [
        [
            _("Børn med en godkendt sikkerhedsplan i kraft pr. %(day)s") % {"day": date_format(end, "j. F Y")},
            figures["plans_in_force"],
        ],
        [_("Børn, hvis sikkerhedsplan sluttede i perioden"), children],
        *[[_("– heraf: %(outcome)s") % {"outcome": row[0]}, row[1]] for row in outcome_rows],
    ]
    return Section(
        _("Sikkerhedsplaner"),
        Table(
            _("Sikkerhedsplaner"),
            [Column(_("Opgørelse")), Column(_("Børn"), COUNT)],
            rows,
            grid_note() if suppressed else "",
        ),
    )


def _consent_label(code: str) -> str:
    labels: dict[str, str] = {
        Measure.Consent.WITH_CONSENT: _("Med samtykke"),
        Measure.Consent.WITHOUT_CONSENT: _("Uden samtykke"),
    }
    return labels.get(code, _("Ikke registreret"))


def _placement_sections(team_ids: list[int], end: date, suppressed: bool) -> list[Section]:
    on = ms.placements_on(team_ids, end)
    type_labels = {k: str(v) for k, v in Measure.PlacementType.choices}
    by_type: dict[str, dict[str, int]] = {}
    for placement_type, consent, children in on.by_type:
        by_type.setdefault(placement_type, {}).setdefault(consent, 0)
        by_type[placement_type][consent] += children
    consents = ["with_consent", "without_consent"]
    if any("" in counts for counts in by_type.values()):
        consents.append("")  # consent not recorded (e.g. a placement registered through the API)
    types = [t for t in [*type_labels, ""] if t in by_type]
    # Each consent column adds up to (about) the placed children shown below: protect a lone small cell.
    labels = [type_labels.get(t, _("Anbringelsessted ikke registreret")) for t in types]
    type_rows = _protect_columns(
        [[label, *[by_type[t].get(c, 0) for c in consents]] for label, t in zip(labels, types, strict=True)]
    )
    without = Share(on.without_consent, on.placed)
    network = Share(on.network, on.foster)
    when = date_format(on.day, "j. F Y")
    return [
        Section(
            _("Anbringelser efter type og samtykke"),
            Table(
                _("Anbragte børn pr. %(day)s efter anbringelsessted og samtykke") % {"day": when},
                [Column(_("Anbringelsessted")), *[Column(_consent_label(c), COUNT) for c in consents]],
                type_rows,
                _("Et barn med to anbringelser samme dag tælles under begge anbringelsessteder."),
            ),
            Chart(
                charts.grouped_bars_svg(
                    labels,
                    type_series := [  # type: ignore[arg-type]
                        (_consent_label(c), [_drawn(row[i + 1], suppressed) for row in type_rows])
                        for i, c in enumerate(consents)
                    ],
                    title=_("Anbragte børn efter anbringelsessted og samtykke"),
                    y_label=_("Børn"),
                ),
                chart_alt(
                    _("Søjler for anbragte børn pr. anbringelsessted, opdelt på samtykke. Tallene står i tabellen."),
                    *[values for _label, values in type_series],
                ),
            )
            if type_rows
            else None,
        ),
        Section(
            _("Samtykke og netværksanbringelser"),
            Table(
                _("Nøgletal pr. %(day)s") % {"day": when},
                [Column(_("Nøgletal")), Column(_("Børn"), COUNT), Column(_("Ud af"), COUNT), Column(_("Andel"), SHARE)],
                [
                    [_("Anbragt uden samtykke"), without.part, without.total, without],
                    [_("Netværksplejefamilie ud af alle i plejefamilie"), network.part, network.total, network],
                ],
                _(
                    "Billund 2014: 34 % uden samtykke (landsplan 16 %) og 5 % af plejefamilieanbringelserne i "
                    "netværket."
                ),
            ),
        ),
    ]


def _spending_sections(team_ids: list[int], start: date, end: date, suppressed: bool) -> list[Section]:
    by_kind = ms.spending_per_month(team_ids, start, end, by="kind")
    kinds = kind_labels()
    used = [k for k in kinds if any(k in amounts for _m, amounts in by_kind)]
    month_rows: list[list[object]] = [
        [date_format(m, "F Y"), *[a.get(k, 0) for k in used], sum(a.values())] for m, a in by_kind
    ]
    totals: list[object] = [sum(row[i + 1] for row in month_rows) for i in range(len(used) + 1)]  # type: ignore[misc]
    drawn: list[list[object]] = [[a.get(k, 0) for _m, a in by_kind] for k in used]
    if suppressed:
        month_rows, totals, drawn = _money_protected(team_ids, start, end, by_kind, used, month_rows, totals)
    if month_rows:
        month_rows.append([_("I alt"), *totals])
    by_area = ms.spending_per_month(team_ids, start, end, by="area")
    areas = area_labels()
    area_totals = {a: sum(amounts.get(a, 0) for _m, amounts in by_area) for a in areas}
    total = sum(area_totals.values())
    area_rows: list[list[object]] = [[areas[a], area_totals[a], _percent(area_totals[a], total)] for a in areas]
    total_cell: object = total
    area_shares: list[object] = [float(_percent(area_totals[a], total) or 0) for a in areas]
    if suppressed:
        children = ms.children_paid_for(team_ids, start, end, by="area")
        hidden, total_safe = money_withheld([children.get(a, 0) for a in areas])
        for i in hidden:
            area_rows[i] = [area_rows[i][0], Protected(area_rows[i][1]), Protected(area_rows[i][2])]
            area_shares[i] = HIDDEN
        if not total_safe:
            total_cell = Protected(total)
    area_rows.append([_("I alt"), total_cell, _percent(total, total)])
    return [
        Section(
            _("Udgifter pr. måned og indsatstype"),
            Table(
                _("Udgifter pr. måned og indsatstype (kr.)"),
                [Column(_("Måned")), *[Column(kinds[k], KR) for k in used], Column(_("I alt"), KR)],
                month_rows,
                _("Hver indsats' månedspris, forholdsmæssigt for måneder, hvor den kun løb en del af måneden."),
            ),
            Chart(
                charts.grouped_bars_svg(
                    [_month_label(m) for m, _a in by_kind],
                    [(kinds[k], drawn[j]) for j, k in enumerate(used)],  # type: ignore[misc]
                    title=_("Udgifter pr. måned og indsatstype"),
                    y_label=_("kr."),
                    money=True,
                ),
                _("Søjler for udgifter pr. måned, én søjle pr. indsatstype. Tallene står i tabellen."),
            )
            if used
            else None,
        ),
        Section(
            _("Budgetfordeling: forebyggelse og anbringelse"),
            Table(
                _("Udgifter i perioden efter område (kr.)"),
                [Column(_("Område")), Column(_("Udgift"), KR), Column(_("Andel"), PERCENT)],
                area_rows,
                area_note()
                + " "
                + _(
                    "Billund 2014: forebyggelse 1 %, sagsbehandling 14 %, hjemmebaserede indsatser 33 %, "
                    "anbringelser 52 %."
                ),
            ),
            Chart(
                charts.grouped_bars_svg(
                    [areas[a] for a in areas],
                    [(_("Andel"), area_shares)],  # type: ignore[list-item]
                    title=_("Fordeling af udgifterne"),
                    y_label="%",
                ),
                _("Søjler for hvert områdes andel af udgifterne. Tallene står i tabellen."),
            )
            if total
            else None,
        ),
    ]


def _money_protected(
    team_ids: list[int],
    start: date,
    end: date,
    by_kind: list[tuple[date, dict[str, int]]],
    used: list[str],
    month_rows: list[list[object]],
    totals: list[object],
) -> tuple[list[list[object]], list[object], list[list[object]]]:
    """The spending table as it leaves the department: a kroner cell resting on 1–4 children is withheld, with a
    companion in its month (or the month's total) so that the total minus the cells shown does not give it
    back (`suppression.money_withheld`). A kind's period total is withheld when any of its months is (the
    months shown would give it back), and so is the grand total when any month's total is."""
    children = ms.children_paid_for_per_month(team_ids, start, end, by="kind")
    rows: list[list[object]] = []
    drawn: list[list[object]] = [[] for _k in used]
    column_hidden = [False] * (len(used) + 1)
    for (month, _amounts), row in zip(by_kind, month_rows, strict=True):
        hidden, total_safe = money_withheld([children.get((month, k), 0) for k in used])
        cells = list(row)
        for i in hidden:
            cells[i + 1] = Protected(cells[i + 1])
            column_hidden[i] = True
        if not total_safe:
            cells[-1] = Protected(cells[-1])
            column_hidden[-1] = True
        for j in range(len(used)):
            drawn[j].append(HIDDEN if j in hidden else cells[j + 1])
        rows.append(cells)
    protected_totals = [Protected(t) if column_hidden[i] else t for i, t in enumerate(totals)]
    return rows, protected_totals, drawn


# --- placement pattern and economics (Billund Table 4, 5) ------------------------------------------------------


def placement_economics_report(
    user: User, first_year: int, last_year: int, *, suppressed: bool, now: datetime
) -> Report:
    """Placed children per year (annual average and at year end), cost, average price per placement, share
    without consent, network share of foster placements, and the spending split per year."""
    team_ids = selectors.report_team_ids(user)
    years = list(range(first_year, last_year + 1))
    spending = ms.spending_per_month(team_ids, date(first_year, 1, 1), date(last_year, 12, 1), by="area")
    areas = area_labels()
    per_year = {y: dict.fromkeys(areas, 0) for y in years}
    for month, amounts in spending:
        for area, amount in amounts.items():
            per_year[month.year][area] += amount
    rows = ms.placement_rows(team_ids, date(first_year, 1, 1), date(last_year, 12, 31))
    # The year's cost is the placements' spending summed by the database (each month rounded to whole kroner).
    figures = [placement_year(rows, year, cost=per_year[year][ms.PLACEMENT]) for year in years]
    year_rows = []
    for f in figures:
        basis = (int(f.average_placed.to_integral_value(rounding=ROUND_HALF_UP)),)
        year_rows.append(
            [
                f.year,
                Derived(f.average_placed, basis),
                Derived(f.cost, basis),
                Derived(f.average_price, basis),
                f.placed_at_year_end,
                f.without_consent_at_year_end.part,
                f.without_consent_at_year_end,
                f.network_of_foster_at_year_end.total,
                f.network_of_foster_at_year_end.part,
                f.network_of_foster_at_year_end,
            ]
        )
    split_rows = []
    for y in years:
        total = sum(per_year[y].values())
        split_rows.append(
            [y, *[per_year[y][a] for a in areas], total, *[_percent(per_year[y][a], total) for a in areas]]
        )
    hidden = [suppressed and is_small(int(r[1].basis[0])) for r in year_rows]  # type: ignore[attr-defined]
    sections = [
        Section(
            _("Anbragte børn pr. år"),
            Table(
                _("Anbragte børn og samtykke"),
                [
                    Column(_("År"), NUMBER),
                    Column(_("Anbragte (årsgennemsnit)"), DECIMAL),
                    Column(_("Anbragte 31.12."), COUNT),
                    Column(_("Heraf uden samtykke"), COUNT),
                    Column(_("Andel uden samtykke"), SHARE),
                ],
                [[r[0], r[1], *r[4:7]] for r in year_rows],
                _(
                    "Årsgennemsnit = anbragte barnedage ÷ årets dage (et barn tælles én gang pr. dag). For "
                    "indeværende år regnes løbende anbringelser med til årets udgang. Billund 2014: 88 i gennemsnit, "
                    "83 pr. 31.12., heraf 28 uden samtykke (34 %; landsplan 16 %)."
                ),
            ),
            Chart(
                charts.grouped_bars_svg(
                    [str(f.year) for f in figures],
                    placed_series := [  # type: ignore[arg-type]
                        (
                            _("Anbragte (årsgennemsnit)"),
                            [HIDDEN if h else float(f.average_placed) for f, h in zip(figures, hidden, strict=True)],
                        ),
                        (_("Anbragte 31.12."), [_shown(f.placed_at_year_end, suppressed) for f in figures]),
                    ],
                    title=_("Anbragte børn pr. år"),
                    y_label=_("Børn"),
                ),
                chart_alt(
                    _(
                        "Søjler for anbragte børn pr. år, som årsgennemsnit og ved årets udgang. Tallene står i "
                        "tabellen."
                    ),
                    *[values for _label, values in placed_series],
                ),
            ),
        ),
        Section(
            _("Udgift og pris pr. anbringelse"),
            Table(
                _("Udgift og gennemsnitlig pris pr. anbringelse (kr.)"),
                [
                    Column(_("År"), NUMBER),
                    Column(_("Anbragte (årsgennemsnit)"), DECIMAL),
                    Column(_("Udgift til anbringelser"), KR),
                    Column(_("Gns. pris pr. anbringelse"), KR),
                ],
                [r[:4] for r in year_rows],
                _(
                    "Pris pr. anbringelse = årets udgift ÷ årsgennemsnittet af anbragte. Udgiften er hver "
                    "anbringelses månedspris, forholdsmæssigt for dele af måneder. Billund 2014: 39,8 mio. kr. ÷ 88 "
                    "= 452.273 kr."
                ),
            ),
            Chart(
                charts.grouped_bars_svg(
                    [str(f.year) for f in figures],
                    [
                        (
                            _("Gns. pris pr. anbringelse"),
                            prices := [HIDDEN if h else f.average_price for f, h in zip(figures, hidden, strict=True)],
                        ),
                    ],
                    title=_("Gennemsnitlig pris pr. anbringelse"),
                    y_label=_("kr."),
                    money=True,
                ),
                chart_alt(
                    _("Søjler for den gennemsnitlige pris pr. anbringelse pr. år. Tallene står i tabellen."), prices
                ),
            ),
        ),
        Section(
            _("Netværksanbringelser pr. år"),
            Table(
                _("Børn i plejefamilie pr. 31.12. og andelen i netværkspleje"),
                [
                    Column(_("År"), NUMBER),
                    Column(_("I plejefamilie 31.12."), COUNT),
                    Column(_("Heraf i netværkspleje"), COUNT),
                    Column(_("Netværksandel"), SHARE),
                ],
                [[r[0], *r[7:10]] for r in year_rows],
                _(
                    "Plejefamilier omfatter almen, forstærket, specialiseret og netværksplejefamilie (ikke eget "
                    "værelse og kostskole). Billund: 3 af 62 i netværkspleje (5 %)."
                ),
            ),
        ),
        Section(
            _("Budgetfordeling pr. år"),
            Table(
                _("Udgifter efter område pr. år (kr. og %)"),
                [
                    Column(_("År"), NUMBER),
                    *[Column(label, KR) for label in areas.values()],
                    Column(_("I alt"), KR),
                    *[Column(_("%(area)s, andel") % {"area": label}, PERCENT) for label in areas.values()],
                ],
                split_rows,
                area_note(),
            ),
            Chart(
                charts.grouped_bars_svg(
                    [str(y) for y in years],
                    [
                        (label, [float(r[len(areas) + 2 + i] or 0) for r in split_rows])
                        for i, label in enumerate(areas.values())
                    ],
                    title=_("Fordeling af udgifterne pr. år"),
                    y_label="%",
                ),
                _("Søjler for hvert områdes andel af årets udgifter. Tallene står i tabellen."),
            ),
        ),
    ]
    return Report(
        title=_("Anbringelser og økonomi"),
        slug="anbringelser-oekonomi",
        intro=_("År %(first)s–%(last)s.") % {"first": first_year, "last": last_year},
        sections=sections,
        data_at=now,
    )
