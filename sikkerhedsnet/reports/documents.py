"""Reports assembled from selectors and rules into `tables.Report`: one object for the page, CSV, XLSX and PDF.

Charts are drawn from the same rows as their tables; when figures are suppressed, the chart leaves the
withheld values out (an analyst's chart never shows what the table hides).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.children.models import Child

from . import charts, management_selectors, selectors
from .models import BusinessCase, EarlyInterventionProject, Evaluation, FitScore, InvolvementResponse
from .rules.business_case import actual_against_forecast, placement_actuals, realised_against_expected
from .rules.early_intervention import AGE_BANDS, combined, consultation_figures
from .rules.evaluation import CATEGORIES, COMPARISON, NEW_MODEL, compare_groups
from .rules.intervals import wilson_interval
from .rules.management import placement_year
from .suppression import is_disclosive, is_small, secondary_suppression, share_basis
from .tables import (
    COUNT,
    DECIMAL,
    INTERVAL,
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
    danish_int,
)


def _group_label(group: str) -> str:
    return _("Ny model") if group == NEW_MODEL else _("Sammenligning")


def _shown(value: int, suppressed: bool) -> int | None:
    """A count for a chart: None (not drawn) when it would be suppressed in the table."""
    return None if suppressed and is_small(value) else value


def interval_method() -> str:
    return _(
        "Andele med 95 %-konfidensinterval efter Wilsons score-metode; forskellen mellem grupperne med "
        "Newcombes hybride score-interval (Newcombe 1998, metode 10). Ingen kontinuitetskorrektion."
    )


# --- caseload ------------------------------------------------------------------------------------------------


def caseload_report(user: User, *, suppressed: bool) -> Report:
    load = selectors.caseload_for(user)
    status_text = {"over": _("Over mål"), "under": _("Under mål"), "within": _("Inden for mål")}
    rows = [
        [row.user.get_full_name() or row.user.username, row.user.team.name, row.open_cases, status_text[row.status]]
        for row in load.rows
    ]
    target = _("Mål: %(min)s–%(max)s åbne sager pr. rådgiver.") % {"min": load.target_min, "max": load.target_max}
    chart = None
    if rows:
        chart = Chart(
            charts.caseload_svg(
                [r[0] for r in rows],
                [_shown(r[2], suppressed) for r in rows],
                target_min=load.target_min,
                target_max=load.target_max,
                title=_("Åbne sager pr. rådgiver"),
                x_label=_("Åbne sager"),
                target_label=_("Mål"),
            ),
            _("Søjlediagram over åbne sager pr. rådgiver med kommunens mål markeret. Tallene står i tabellen."),
        )
    teams = (
        selectors.open_cases_per_team(user)
        if user.role != "team_leader"
        else [t for t in selectors.open_cases_per_team(user) if user.team and t.team == user.team.name]
    )
    return Report(
        title=_("Sagstal"),
        slug="sagstal",
        intro=target,
        sections=[
            Section(
                _("Åbne sager pr. rådgiver"),
                Table(
                    _("Åbne sager pr. rådgiver"),
                    [
                        Column(_("Rådgiver")),
                        Column(_("Team")),
                        Column(_("Åbne sager"), COUNT),
                        Column(_("I forhold til mål")),
                    ],
                    rows,
                ),
                chart,
            ),
            Section(
                _("Sager pr. team"),
                Table(
                    _("Sager pr. team"),
                    [Column(_("Team")), Column(_("Åbne sager"), COUNT), Column(_("Lukkede sager"), COUNT)],
                    [[t.team, t.open_cases, t.closed_cases] for t in teams],
                ),
            ),
        ],
    )


# --- business cases ------------------------------------------------------------------------------------------


def business_case_report(business_case: BusinessCase, *, today: date) -> Report:
    result = selectors.business_case_result(business_case)
    years = [r.year for r in result.years]
    line_rows = []
    for line in result.lines:
        kind = _("Investering") if line.kind == "investment" else _("Besparelse")
        line_rows.append([line.label, kind, *line.amounts, sum(line.amounts)])
    line_columns = [Column(_("Linje")), Column(_("Type")), *[Column(str(y), KR) for y in years], Column(_("I alt"), KR)]
    year_rows = [[r.year, r.investment, r.savings, r.net, r.cumulative] for r in result.years]
    year_rows.append([_("I alt"), result.total_investment, result.total_savings, result.total_net, None])
    summary = _("Første år med netto ≥ 0 (break-even): %(even)s. Tilbagebetalt (akkumuleret ≥ 0): %(payback)s.") % {
        "even": result.first_non_negative_year or _("ikke inden for perioden"),
        "payback": result.payback_year or _("ikke inden for perioden"),
    }
    sections = [
        Section(
            _("Netto og akkumuleret pr. år"),
            Table(
                _("Netto og akkumuleret pr. år (kr.)"),
                [
                    Column(_("År"), NUMBER),
                    Column(_("Investering"), KR),
                    Column(_("Besparelse"), KR),
                    Column(_("Netto"), KR),
                    Column(_("Akkumuleret"), KR),
                ],
                year_rows,
                _("Netto = besparelse − investering. Beløb i hele kroner."),
            ),
            Chart(
                charts.net_cumulative_svg(
                    years,
                    [r.net for r in result.years],
                    [r.cumulative for r in result.years],
                    title=_("Netto og akkumuleret pr. år"),
                    net_label=_("Netto"),
                    cumulative_label=_("Akkumuleret"),
                ),
                _(
                    "Søjler for nettoresultatet pr. år og en linje for det akkumulerede resultat. Tallene står i "
                    "tabellen."
                ),
            ),
            summary,
        ),
        Section(_("Investeringer og besparelser"), Table(_("Linjer pr. år (kr.)"), line_columns, line_rows)),
    ]
    outcomes = {o.year: (o.investment, o.savings) for o in business_case.outcomes.all()}
    if outcomes:
        realised = realised_against_expected(result, outcomes)
        sections.append(
            Section(
                _("Realiseret mod forventet"),
                Table(
                    _("Realiseret mod forventet (kr., indtastet scenarie)"),
                    [
                        Column(_("År"), NUMBER),
                        Column(_("Forventet netto"), KR),
                        Column(_("Realiseret investering"), KR),
                        Column(_("Realiseret besparelse"), KR),
                        Column(_("Realiseret netto"), KR),
                        Column(_("Forskel"), KR),
                    ],
                    [
                        [
                            r.year,
                            r.expected_net,
                            r.realised_investment,
                            r.realised_savings,
                            r.realised_net,
                            r.difference,
                        ]
                        for r in realised
                    ],
                    "; ".join(o.note for o in business_case.outcomes.all() if o.note),
                ),
                Chart(
                    charts.grouped_bars_svg(
                        [str(r.year) for r in realised],
                        [
                            (_("Forventet netto"), [r.expected_net for r in realised]),
                            (_("Realiseret netto"), [r.realised_net for r in realised]),
                        ],
                        title=_("Forventet og realiseret netto"),
                        y_label=_("kr."),
                        money=True,
                    ),
                    _("Søjler for forventet og realiseret netto pr. år. Tallene står i tabellen."),
                ),
                _(
                    "Scenarie: de realiserede tal er indtastet fra regnskabet (fx Kalundborgs opgørelse af "
                    "gevinsten), ikke beregnet fra sagernes data. »Faktisk mod prognose« nedenfor er beregnet fra "
                    "sagernes data."
                ),
            )
        )
    sections.extend(_actual_sections(business_case, result, today))
    return Report(
        title=business_case.title,
        slug=f"business-case-{business_case.pk}",
        intro=business_case.description,
        sections=sections,
        data_at=max([business_case.updated_at, *(o.recorded_at for o in business_case.outcomes.all())]),
    )


def actual_baseline(business_case: BusinessCase) -> tuple[Decimal, int, str] | None:
    """(children placed at the baseline, average annual cost per placement, where they come from).

    From the case data: the annual average of children placed in the year before the case starts, and that
    year's average price per placement (placement economics, rules.management.placement_year). Only when the
    case data have no placements that year, the business case's own typed baseline is used, labelled as a
    scenario; None when neither exists."""
    year = business_case.first_year - 1
    team_ids = management_selectors.municipality_team_ids(business_case.municipality_id)
    rows = management_selectors.placement_rows(team_ids, date(year, 1, 1), date(year, 12, 31))
    figures = placement_year(rows, year)
    if figures.average_placed and figures.average_price:
        source = _(
            "Udgangspunktet er beregnet fra sagernes data: gennemsnitligt anbragte børn i %(year)s og årets "
            "gennemsnitlige pris pr. anbringelse."
        ) % {"year": year}
        return figures.average_placed, figures.average_price, source
    if business_case.baseline_placed is not None and business_case.average_placement_cost:
        source = _(
            "Scenarie: sagernes data har ingen anbringelser i %(year)s, så udgangspunktet er det, der er "
            "indtastet i business casen."
        ) % {"year": year}
        return business_case.baseline_placed, business_case.average_placement_cost, source
    return None


def _actual_sections(business_case: BusinessCase, result, today: date) -> list[Section]:  # type: ignore[no-untyped-def]
    """Actual against forecast from the case data: placements avoided against the baseline, at average cost."""
    start = date(business_case.first_year, 1, 1)
    end = min(today, date(business_case.last_year, 12, 31))
    heading = _("Faktisk mod prognose (sagens data)")
    if end < start:
        return []
    placed = selectors.placed_children_by_month(business_case.municipality_id, start, end)
    baseline = actual_baseline(business_case)
    note = None
    if not any(placed.values()):
        note = _("Der er ingen anbringelser registreret i perioden, så der er intet at sammenligne med endnu.")
    elif baseline is None:
        note = _(
            "Der er ingen anbringelser i sagernes data for året før business casen begynder, så der er intet "
            "udgangspunkt at måle undgåede anbringelser fra."
        )
    if note is not None or baseline is None:
        return [Section(heading, Table(heading, [Column(_("Bemærkning"))], [[note]]))]
    baseline_placed, average_cost, source = baseline
    actuals = placement_actuals(
        baseline_placed=baseline_placed, placed_by_month=placed, average_cost_per_year=average_cost
    )
    rows = actual_against_forecast(result, actuals)
    explanation = _(
        "Undgåede anbringelser = %(baseline)s anbragte børn ved udgangspunktet minus antal anbragte ved hver "
        "måneds udgang; værdisat til %(cost)s kr. pr. anbringelse pr. år. Prognosen tages forholdsmæssigt for "
        "de måneder, der er data for. %(source)s"
    ) % {
        "baseline": str(baseline_placed).replace(".", ","),
        "cost": danish_int(average_cost),
        "source": source,
    }
    return [
        Section(
            heading,
            Table(
                _("Besparelse: prognose og målt (kr.)"),
                [
                    Column(_("År"), NUMBER),
                    Column(_("Måneder med data"), NUMBER),
                    Column(_("Prognose"), KR),
                    Column(_("Målt"), KR),
                    Column(_("Forskel"), KR),
                ],
                [[r.year, r.months, r.forecast_savings, r.actual_savings, r.difference] for r in rows],
                explanation,
            ),
            Chart(
                charts.grouped_bars_svg(
                    [str(r.year) for r in rows],
                    [
                        (_("Prognose"), [r.forecast_savings for r in rows]),
                        (_("Målt"), [r.actual_savings for r in rows]),
                    ],
                    title=_("Besparelse: prognose og målt"),
                    y_label=_("kr."),
                    money=True,
                ),
                _("Søjler for prognosticeret og målt besparelse pr. år. Tallene står i tabellen."),
            ),
            explanation,
        ),
        Section(
            _("Anbragte børn pr. måned"),
            Table(
                _("Anbragte børn pr. måned"),
                [
                    Column(_("Måned")),
                    Column(_("Anbragte børn"), COUNT),
                    Column(_("Undgåede anbringelser"), DECIMAL),
                    Column(_("Besparelse"), KR),
                ],
                [[m.month.strftime("%Y-%m"), m.placed, m.avoided, m.saving] for m in actuals],
            ),
        ),
    ]


# --- evaluations ---------------------------------------------------------------------------------------------


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
        hidden = interval is None or (suppressed and (is_disclosive(basis) or down_protected))
        estimates.append(None if hidden else interval.estimate)
        lows.append(None if hidden else interval.low)
        highs.append(None if hidden else interval.high)
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
            _(
                "Andel i hver gruppe, der er flyttet til et mindre indgribende trin, med 95 %-konfidensinterval. "
                "Tallene står i tabellen."
            ),
        ),
    )


def _drawn(value: object, suppressed: bool) -> int | None:
    """A table cell for a chart: None (not drawn) when the table withholds it."""
    if isinstance(value, Protected):
        return None if suppressed else int(value.value)
    return _shown(int(value), suppressed)  # type: ignore[call-overload]


def _protect_columns(rows: list[list[object]]) -> list[list[object]]:
    """Secondary suppression down each count column (after the label column) of rows whose columns sum to a
    total shown elsewhere."""
    if not rows:
        return rows
    for col in range(1, len(rows[0])):
        for index in secondary_suppression([int(row[col]) for row in rows]):  # type: ignore[call-overload]
            rows[index][col] = Protected(rows[index][col])
    return rows


def _protect_if(value: object, protected: bool) -> object:
    return Protected(value) if protected else value


def _share(part: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(100) * part / total).quantize(Decimal("0.1"))


def _trend_section(evaluation: Evaluation, follow_ups: list[date], suppressed: bool) -> Section:
    groups = selectors.evaluation_groups(evaluation)
    baseline = selectors.evaluation_steps_on(evaluation, evaluation.baseline_on)
    rows, series = [], {NEW_MODEL: [], COMPARISON: []}  # type: ignore[var-annotated]
    for on in follow_ups:
        c = compare_groups(groups, baseline, selectors.evaluation_steps_on(evaluation, on))
        row: list[object] = [on.isoformat()]
        for m in (c.new_model, c.comparison):
            basis = share_basis(m.moved_down, m.children)
            row.append(Derived(_share(m.moved_down, m.children), basis))
            hidden = not m.children or (suppressed and is_disclosive(basis))
            series[m.group].append(None if hidden else 100 * m.moved_down / m.children)
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
                [r[0] for r in rows],
                [(_group_label(g), series[g]) for g in (NEW_MODEL, COMPARISON)],
                title=_("Andel flyttet ned siden baseline"),
                y_label="%",
                y_min=0,
                y_max=100,
            ),
            _("Linjer for andelen i hver gruppe, der er flyttet ned siden baseline. Tallene står i tabellen."),
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


# --- FIT and questionnaire for one child (personal data: not suppressed, exports are logged) ---------------


def measurements_report(child: Child) -> Report:
    scores = selectors.fit_scores(child)
    responses = selectors.involvement_responses(child)
    respondent = dict(FitScore.Respondent.choices)
    fit_rows = [[s.session_on.isoformat(), str(respondent[s.respondent]), s.ors, s.srs] for s in scores]
    sections = [
        Section(
            _("FIT: ORS og SRS pr. session"),
            Table(
                _("FIT-målinger"),
                [
                    Column(_("Dato")),
                    Column(_("Hvem")),
                    Column(_("ORS (0–40)"), NUMBER),
                    Column(_("SRS (0–40)"), NUMBER),
                ],
                fit_rows,
                _(
                    "ORS: hvordan det går (klinisk grænse for voksne ca. 25). SRS: hvordan sessionen var (under 36 "
                    "bør drøftes)."
                ),
            ),
            _fit_chart(scores) if scores else None,
        ),
    ]
    who = dict(InvolvementResponse.Respondent.choices)
    sections.append(
        Section(
            _("Spørgeskema om inddragelse"),
            Table(
                _("Besvarelser (1 = helt uenig, 5 = helt enig)"),
                [
                    Column(_("Dato")),
                    Column(_("Hvem")),
                    Column(_("Inddraget"), NUMBER),
                    Column(_("Hørt"), NUMBER),
                    Column(_("Indsatsen har hjulpet"), NUMBER),
                ],
                [[r.answered_on.isoformat(), str(who[r.respondent]), r.involved, r.heard, r.effect] for r in responses],
            ),
            _involvement_chart(responses) if responses else None,
        )
    )
    return Report(
        title=_("Målinger for %(name)s") % {"name": child.full_name}, slug=f"maalinger-{child.pk}", sections=sections
    )


def _fit_chart(scores: list[FitScore]) -> Chart:
    dates = sorted({s.session_on for s in scores})
    labels = [d.strftime("%d.%m.%y") for d in dates]
    series = []
    respondent = dict(FitScore.Respondent.choices)
    for who in dict.fromkeys(s.respondent for s in scores):
        for scale in ("ors", "srs"):
            values = {s.session_on: getattr(s, scale) for s in scores if s.respondent == who}
            if any(v is not None for v in values.values()):
                series.append(
                    (
                        f"{scale.upper()} – {respondent[who]}",
                        [float(values[d]) if values.get(d) is not None else None for d in dates],
                    )
                )
    return Chart(
        charts.lines_svg(labels, series, title=_("FIT over tid"), y_label=_("Score (0–40)"), y_min=0, y_max=40),
        _("Linjer for ORS og SRS pr. respondent over sessionerne. Tallene står i tabellen."),
    )


def _involvement_chart(responses: list[InvolvementResponse]) -> Chart:
    dates = sorted({r.answered_on for r in responses})
    labels = [d.strftime("%d.%m.%y") for d in dates]
    series = []
    for field, label in (("involved", _("Inddraget")), ("heard", _("Hørt")), ("effect", _("Hjulpet"))):
        values = []
        for d in dates:
            on_day = [getattr(r, field) for r in responses if r.answered_on == d]
            values.append(sum(on_day) / len(on_day))
        series.append((label, values))
    return Chart(
        charts.lines_svg(
            labels,
            series,
            title=_("Spørgeskema over tid (gennemsnit pr. dato)"),
            y_label=_("Svar 1–5"),
            y_min=1,
            y_max=5,
        ),
        _("Linjer for gennemsnitligt svar pr. spørgsmål over tid. Besvarelserne står i tabellen."),
    )


# --- early intervention (Aarhus template) --------------------------------------------------------------------


def early_intervention_report(
    project: EarlyInterventionProject, first_year: int, last_year: int, *, suppressed: bool
) -> Report:
    years = list(range(first_year, last_year + 1))
    districts = list(project.districts.values_list("name", flat=True))
    figures = consultation_figures(
        selectors.consultation_rows(project, first_year, last_year), districts=districts, years=years
    )
    conversations = selectors.conversations_per_year(project, first_year, last_year)
    year_rows = []
    previous = None
    for f in figures:
        year_rows.append(
            [
                f.year,
                f.total,
                Derived(f.growth_percent, (previous, f.total)) if previous is not None else None,
                Derived(f.average_per_district, (f.total,)),
                f.specific_child.part,
                f.specific_child,
                f.aged_0_6,
                conversations.get(f.year, 0),
            ]
        )
        previous = f.total
    specific, young = combined(figures)
    if len(figures) > 1:
        year_rows.append(
            [
                _("%(first)s–%(last)s samlet") % {"first": first_year, "last": last_year},
                # A sum gives away a small year by subtraction: withheld when any year's count is 1–4.
                Derived(specific.total, tuple(f.total for f in figures)),
                None,
                None,
                Derived(specific.part, tuple(f.specific_child.part for f in figures)),
                Derived(
                    specific,
                    (
                        *share_basis(specific.part, specific.total),
                        *(f.total for f in figures),
                        *(f.specific_child.part for f in figures),
                    ),
                ),
                Derived(young, (*share_basis(young.part, young.total), *(f.aged_0_6.part for f in figures))),
                Derived(sum(conversations.values()), tuple(conversations.get(y, 0) for y in years)),
            ]
        )
    year_columns = [
        Column(_("År"), NUMBER),
        Column(_("Henvendelser"), COUNT),
        Column(_("Vækst"), PERCENT),
        Column(_("Gns. pr. distrikt"), DECIMAL),
        Column(_("Om et konkret barn"), COUNT),
        Column(_("Andel om et konkret barn"), SHARE),
        Column(_("Heraf 0–6 år"), SHARE),
        Column(_("Trivselssamtaler"), COUNT),
    ]
    # Each year's column adds up to a total shown in the first table: protect a lone small cell per column.
    district_rows = _protect_columns([[d, *[f.by_district.get(d, 0) for f in figures]] for d in districts])
    age_rows = _protect_columns(
        [[b.replace("-", "–") + " " + _("år"), *[f.by_age_band[b] for f in figures]] for b in AGE_BANDS]
    )
    economy_rows = []
    for year in years:
        economy = selectors.project_economy(project, year)
        if economy is not None:
            economy_rows.append([year, economy.budget, economy.spent, economy.surplus, economy.surplus_share.percent])
    sections = [
        Section(
            _("Henvendelser om sparring"),
            Table(
                _("Henvendelser om sparring pr. år"),
                year_columns,
                year_rows,
                _("Vækst i forhold til året før. »Heraf 0–6 år« er andelen af henvendelserne om et konkret barn."),
            ),
            Chart(
                charts.grouped_bars_svg(
                    [str(f.year) for f in figures],
                    [
                        (_("Henvendelser"), [_shown(f.total, suppressed) for f in figures]),
                        (_("Om et konkret barn"), [_shown(f.specific_child.part, suppressed) for f in figures]),
                    ],
                    title=_("Henvendelser om sparring pr. år"),
                    y_label=_("Antal"),
                ),
                _("Søjler for henvendelser i alt og om et konkret barn pr. år. Tallene står i tabellen."),
            ),
        ),
        Section(
            _("Henvendelser pr. distrikt"),
            Table(
                _("Henvendelser pr. distrikt"),
                [Column(_("Distrikt")), *[Column(str(y), COUNT) for y in years]],
                district_rows,
            ),
            Chart(
                charts.grouped_bars_svg(
                    districts,
                    [
                        (str(f.year), [_drawn(row[col], suppressed) for row in district_rows])
                        for col, f in enumerate(figures, start=1)
                    ],
                    title=_("Henvendelser pr. distrikt"),
                    y_label=_("Antal"),
                ),
                _("Søjler for henvendelser pr. distrikt og år. Tallene står i tabellen."),
            )
            if districts
            else None,
        ),
        Section(
            _("Aldersfordeling"),
            Table(
                _("Henvendelser om et konkret barn efter alder"),
                [Column(_("Alder")), *[Column(str(y), COUNT) for y in years]],
                age_rows,
            ),
        ),
        Section(
            _("Økonomi"),
            Table(
                _("Budget og forbrug (kr.)"),
                [
                    Column(_("År"), NUMBER),
                    Column(_("Budget"), KR),
                    Column(_("Forbrug (netto)"), KR),
                    Column(_("Mindreforbrug"), KR),
                    Column(_("Mindreforbrug i %"), PERCENT),
                ],
                economy_rows,
                _("Forbrug = udgifter minus refusioner. Et negativt mindreforbrug er et merforbrug."),
            ),
        ),
    ]
    return Report(
        title=project.name,
        slug=f"tidlig-indsats-{project.pk}",
        intro=_("Periode: %(first)s–%(last)s. Projektleder: %(leader)s.")
        % {"first": first_year, "last": last_year, "leader": project.leader or "–"},
        sections=sections,
    )
