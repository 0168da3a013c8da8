"""The dashboard, the statistics and the CSV exports. Reads only: nothing here writes."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from casework.audit.models import Action
from casework.audit.services import audit_record
from casework.cases import rules
from casework.cases.forms import CaseFilterForm
from casework.cases.models import Kind, Status, Urgency
from casework.cases.selectors import case_list

from .charts import bar_chart
from .disclosure import INTERNAL_NOTICE, SHAREABLE_NOTICE, shown_count, shown_median
from .exports import csv_response
from .forms import PeriodForm
from .selectors import Median, Statistics, dashboard, period_statistics, today

# ?audience= of the statistics: council staff choose; everyone else gets the shareable figures.
SHAREABLE = "shareable"
INTERNAL = "internal"


@require_GET
def dashboard_view(request):
    return render(request, "reports/dashboard.html", {"dashboard": dashboard(request.user)})


@require_GET
def today_view(request):
    """Where signing in leads: what needs the user today, critical first."""
    return render(request, "reports/today.html", {"today": today(request.user)})


def _statistics_audience(request) -> bool:
    """Whether the figures must be shareable (small counts suppressed); 403 for those who may
    not see statistics, or who ask for the council's exact figures without being council."""
    user = request.user
    audience = request.GET.get("audience", "")
    if rules.can_see_internal_statistics(user):
        return audience == SHAREABLE
    if not rules.can_see_statistics(user) or audience == INTERNAL:
        raise PermissionDenied
    return True


def _sections(stats: Statistics) -> list[tuple[str, list]]:
    return [
        (_("Cases by kind"), stats.by_kind),
        (_("Cases by province"), stats.by_province),
        (_("Cases by organisation"), stats.by_organisation),
        (_("Outcomes of the cases closed so far"), stats.outcomes),
    ]


def _page_context(form: PeriodForm, shareable: bool) -> dict:
    return {
        "form": form,
        "shareable": shareable,
        "shareable_notice": SHAREABLE_NOTICE,
        "internal_notice": INTERNAL_NOTICE,
    }


def requested_statistics(request) -> tuple[PeriodForm, bool, Statistics | None]:
    """The period form, whether the figures must be shareable, and the statistics of the
    period asked for (None when the period is invalid)."""
    shareable = _statistics_audience(request)
    form = PeriodForm(request.GET)
    period = form.period()
    return form, shareable, (period_statistics(*period) if period else None)


def _invalid_period(request, form: PeriodForm, shareable: bool):
    context = _page_context(form, shareable)
    return render(request, "reports/statistics.html", context, status=400)


@require_GET
def statistics_view(request):
    form, shareable, stats = requested_statistics(request)
    if stats is None:
        return _invalid_period(request, form, shareable)
    context = _page_context(form, shareable) | {
        "stats": stats,
        "total": shown_count(stats.total, shareable=shareable),
        "charts": [
            bar_chart(title, tallies, shareable=shareable) for title, tallies in _sections(stats)
        ],
        "times": [
            (
                times.agency,
                _shown(times.to_escalation, shareable),
                _shown(times.to_response, shareable),
            )
            for times in stats.times
        ],
        "period_query": f"from={stats.start}&to={stats.end}",
    }
    return render(request, "reports/statistics.html", context)


def _shown(median: Median, shareable: bool) -> tuple[str, str]:
    """(median days, number of cases) as they may be shown."""
    return (
        shown_median(median.days, median.cases, shareable=shareable),
        shown_count(median.cases, shareable=shareable),
    )


def statistics_shown(stats: Statistics, shareable: bool) -> dict:
    """The figures as the page shows them (small counts suppressed when shareable): the API's."""

    def median(value: Median) -> dict:
        days, cases = _shown(value, shareable)
        return {"median_days": days, "cases": cases}

    return {
        "start": stats.start,
        "end": stats.end,
        "shareable": shareable,
        "notice": str(SHAREABLE_NOTICE if shareable else INTERNAL_NOTICE),
        "total": shown_count(stats.total, shareable=shareable),
        "sections": [
            {
                "title": str(title),
                "rows": [
                    {"label": str(t.label), "cases": shown_count(t.count, shareable=shareable)}
                    for t in tallies
                ],
            }
            for title, tallies in _sections(stats)
        ],
        "times": [
            {
                "agency": times.agency,
                "to_escalation": median(times.to_escalation),
                "to_response": median(times.to_response),
            }
            for times in stats.times
        ],
    }


def _statistics_rows(stats: Statistics, *, shareable: bool) -> list[list[str]]:
    notice = SHAREABLE_NOTICE if shareable else INTERNAL_NOTICE
    rows = [
        [_("Cases submitted from %(start)s to %(end)s") % {"start": stats.start, "end": stats.end}],
        [notice],
        [_("Section"), _("Category"), _("Cases"), _("Median days")],
        [_("All cases"), "", shown_count(stats.total, shareable=shareable), ""],
    ]
    for title, tallies in _sections(stats):
        rows += [[title, t.label, shown_count(t.count, shareable=shareable), ""] for t in tallies]
    for times in stats.times:
        for title, median in (
            (_("From submission to escalation"), times.to_escalation),
            (_("From escalation to the government's response"), times.to_response),
        ):
            days, cases = _shown(median, shareable)
            rows.append([title, times.agency, cases, days])
    return [[str(cell) for cell in row] for row in rows]


@require_GET
def statistics_csv(request):
    form, shareable, stats = requested_statistics(request)
    if stats is None:
        return _invalid_period(request, form, shareable)
    audience = SHAREABLE if shareable else INTERNAL
    audit_record(
        action=Action.STATISTICS_EXPORTED,
        request=request,
        target=f"{stats.start}..{stats.end} {audience}",
    )
    return csv_response(
        _statistics_rows(stats, shareable=shareable),
        f"casework-statistics-{stats.start}-{stats.end}-{audience}.csv",
    )


def _filters_described(request) -> str:
    """The export's filters for the audit log; the search text is left out, as it may be a
    person's name."""
    described = [f"{key}={value}" for key, value in request.GET.items() if key != "q" and value]
    if request.GET.get("q"):
        described.append("q=…")
    return "case list " + "&".join(described)


@require_GET
def case_export(request):
    """The case list as /cases/ shows it (same filters, same columns), for council staff."""
    if not rules.can_export_case_list(request.user):
        raise PermissionDenied
    form = CaseFilterForm(request.GET or None, user=request.user)
    cases = case_list(request.user, form.filters())
    # Labels are read now, in the user's language: the rows are produced after this returns.
    kind, status, urgency = (
        {value: str(label) for value, label in choices}
        for choices in (Kind.choices, Status.choices, Urgency.choices)
    )
    header = [
        _("Reference"), _("Kind"), _("Status"), _("Urgency"), _("Next deadline"),
        _("Organisation"), _("Assigned to"),
    ]  # fmt: skip

    def rows():
        yield header
        for case in cases.iterator(chunk_size=1000):
            yield [
                case.reference,
                kind[case.kind],
                status[case.status],
                urgency[case.urgency],
                case.next_deadline.isoformat() if case.next_deadline else "",
                case.organisation.name,
                case.assigned_to.display_name if case.assigned_to else "",
            ]

    audit_record(
        action=Action.CASE_LIST_EXPORTED, request=request, target=_filters_described(request)
    )
    return csv_response(rows(), f"cases-{timezone.localdate().isoformat()}.csv")
