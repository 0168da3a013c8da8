"""Briefing rendering: case -> context -> HTML (Django template) -> PDF (weasyprint).

Three steps, so the service can keep the slow one (PDF) outside any database transaction:

* `briefing_context()` reads the case once and returns plain data (lists, model instances
  already loaded); `render_html()` turns it into HTML in the briefing's language. Both are fast.
* `html_to_pdf()` runs weasyprint (about half a second) and touches no database. Its output is
  tagged PDF/UA-1 and PDF/A-3u (standards.py); it is the only place the application writes a PDF.

Static resources. The template refers to the application's own static files with absolute URLs
in a private scheme, `caseworkstatic:/<path>` (the `{% briefing_static %}` tag makes them), and
weasyprint gets `StaticOnlyURLFetcher`, which serves such a URL from the staticfiles finders and
refuses everything else: no file://, no http(s)://, no data:, no relative URL, no `..`. The scheme
does not depend on STATIC_URL or on the static storage (a CDN or hashed names in production
change nothing). Stylesheets served this way must not use relative `url()`s: they would not
resolve and would be refused. Their absolute `url(caseworkstatic:/...)`s survive collectstatic:
the manifest storage leaves URLs with a letters-only scheme alone (it took `casework-static:`
for a relative path and failed).

A refusal is fatal (`FatalURLFetchingError`): a briefing never comes out silently missing a
resource, and if a template bug ever let user text become markup, rendering stops instead of
producing a PDF with it. User text reaches the template only through auto-escaping, so in
practice the fetcher is asked for the stylesheet (and the colour profile it names) and nothing
else. Attachments (`<a rel="attachment">`, `<link rel="attachment">`) go through the same
fetcher, so nothing can be embedded either.
"""

import datetime
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from casework.accounts.models import Agency, User
from casework.cases.facts import Fact, derived_facts, facts_model, facts_of
from casework.cases.labels import PRINCIPAL_ROLES
from casework.cases.models import Case, DatePrecision, GovernmentFile, Language, Person

from . import asks
from .standards import WRITE_PDF_OPTIONS

STATIC_SCHEME = "caseworkstatic"
STATIC_PREFIX = f"{STATIC_SCHEME}:/"
# Relative URLs (there should be none) resolve against this and are then refused.
BASE_URL = STATIC_PREFIX
TEMPLATE = "briefings/briefing.html"

# What the fetcher hands out, by extension: stylesheets, images, fonts and colour profiles, never
# anything else.
SERVED_TYPES = {
    ".css": "text/css",
    ".icc": "application/vnd.iccprofile",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}

# The first page is a summary: long texts are cut there and printed in full further on.
SUMMARY_CHARS = 900
ASK_CHARS = 600
GROUNDS_EXCERPT_CHARS = 450


class RefusedURL(FatalURLFetchingError):
    """A resource the briefing may not load. Stops the rendering."""


class BriefingRenderError(Exception):
    """Rendering stopped (a refused or missing resource); nothing was produced."""


def static_url(path: str) -> str:
    """The URL under which the fetcher serves the static file `path` (e.g. 'briefings/x.css')."""
    return STATIC_PREFIX + path.lstrip("/")


class StaticOnlyURLFetcher(URLFetcher):
    """Serves the application's static files to weasyprint and refuses every other URL."""

    def __init__(self):
        # The parent sets up urllib handlers (file, http, ftp, data); `fetch` below never uses
        # them, and allowed_protocols would refuse other schemes even if it did.
        super().__init__(
            timeout=1,
            allowed_protocols=[STATIC_SCHEME],
            allow_redirects=False,
            fail_on_errors=True,
        )

    def fetch(self, url, headers=None):
        path = self._static_path(url)
        found = finders.find(path)
        if not found:
            raise RefusedURL(f"no static file {path!r}")
        with open(found, "rb") as handle:
            body = handle.read()
        content_type = SERVED_TYPES[posixpath.splitext(path)[1].lower()]
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    @staticmethod
    def _static_path(url: str) -> str:
        if not isinstance(url, str) or not url.startswith(STATIC_PREFIX):
            # Say only the scheme: the rest of a refused URL is not ours to log.
            scheme = url.split(":", 1)[0][:20] if isinstance(url, str) and ":" in url else "?"
            raise RefusedURL(f"briefings load only static files, not {scheme!r} URLs")
        raw = url[len(STATIC_PREFIX) :].split("?", 1)[0].split("#", 1)[0]
        path = unquote(raw)
        segments = path.split("/")
        if (
            not path
            or path.startswith("/")
            or "\\" in path
            or "\x00" in path
            or any(segment in ("", ".", "..") for segment in segments)
        ):
            raise RefusedURL("not a plain static path")
        if posixpath.splitext(path)[1].lower() not in SERVED_TYPES:
            raise RefusedURL("not a stylesheet, image, font or colour profile")
        return path


# Context


@dataclass(frozen=True)
class PersonRow:
    person: Person
    age: int | None
    # Only the month or the year of birth is known: the age may be a year off.
    approximate_age: bool


def _cut(text: str, limit: int) -> tuple[str, bool]:
    text = text.strip()
    if len(text) <= limit:
        return text, False
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + " …", True


def briefing_context(
    case: Case,
    *,
    actor: User,
    recipient: str,
    number: int,
    now: datetime.datetime | None = None,
) -> dict:
    """Everything the template prints, read now (one query per kind of record)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    case = Case.objects.select_related("organisation").get(pk=case.pk)
    people = [
        PersonRow(
            person=person,
            age=person.age_on(today),
            approximate_age=person.date_of_birth_precision != DatePrecision.DAY,
        )
        for person in case.people.all()
    ]
    principal_roles = set(PRINCIPAL_ROLES[case.kind])
    principals = [row for row in people if row.person.role in principal_roles] or people[:1]
    minors = [row for row in people if row.age is not None and row.age < 18]
    summary_excerpt, summary_cut = _cut(case.summary, SUMMARY_CHARS)
    ask_excerpt, ask_cut = _cut(case.requested_action, ASK_CHARS)
    grounds_excerpt, _grounds_cut = _cut(case.grounds, GROUNDS_EXCERPT_CHARS)
    council = actor.organisation
    facts = facts_of(case)
    return {
        "case": case,
        "number": number,
        "recipient": recipient,
        "recipient_label": Agency(recipient).label,
        "recipient_short": GovernmentFile.Agency(recipient).label,
        "generated_at": now,
        # For the PDF's creation date (XMP and /Info), to the second as both expect.
        "created": now.isoformat(timespec="seconds"),
        "today": today,
        "people": people,
        "principals": principals,
        "others_count": len(people) - len(principals),
        "minors": minors,
        # The member's own words (summary, grounds, what is asked) are in the case's
        # correspondence language, whatever the briefing's: the template marks them with it.
        "narrative_language": case.correspondence_language,
        "summary_excerpt": summary_excerpt,
        "summary_cut": summary_cut,
        "ask_excerpt": ask_excerpt,
        "ask_cut": ask_cut,
        "grounds_excerpt": grounds_excerpt,
        "removal": getattr(case, "removal", None) if case.is_removal else None,
        "facts": facts,
        "counsel": facts.counsel if facts else None,
        "ask": asks.ASKS[case.kind],
        "legal_basis": asks.legal_basis(case.kind, facts, today=today),
        "government_files": list(case.government_files.select_related("person")),
        # Only the dates that matter to the agency: not the council's own workflow.
        "dates": _dates_that_matter(case),
        "consents": list(case.consents.select_related("person")),
        "documents": list(case.documents.order_by("uploaded_at", "id")),
        "council": council,
        "contact": {
            "name": actor.display_name,
            "email": actor.email,
            "telephone": actor.telephone or (council.telephone if council else ""),
        },
    }


def _dates_that_matter(case: Case) -> list[Fact]:
    dates = []
    if case.submitted_at:
        submitted = timezone.localtime(case.submitted_at, timezone.get_default_timezone())
        dates.append(Fact(_("Submitted to the council"), submitted.date()))
    if case.escalation_sent_on:
        dates.append(Fact(_("Previously sent to the agency"), case.escalation_sent_on))
    if case.response_received_on:
        dates.append(Fact(_("Agency's response received"), case.response_received_on))
    return dates


# Said when the member's own words are in another language than the briefing's.
NARRATIVE_NOTES = {
    Language.EN: _(
        "The member organisation wrote the summary, the grounds and its request in English; "
        "they are quoted as written."
    ),
    Language.FR: _(
        "The member organisation wrote the summary, the grounds and its request in French; "
        "they are quoted as written."
    ),
}


def _in_language(context: dict, language: str) -> dict:
    """What must be worded in the briefing's language: the facts (their choices' labels), the
    council's name, the language the member wrote in. Called under translation.override."""
    case, facts = context["case"], context["facts"]
    council = context["council"]
    narrative = context["narrative_language"]
    return {
        "facts_title": capfirst(facts_model(case.kind)._meta.verbose_name),
        "fact_rows": facts.rows() if facts else [],
        "derived_facts": derived_facts(
            case, facts, [row.person for row in context["people"]], today=context["today"]
        ),
        "council_name": council.name_in(language) if council else "",
        "narrative_note": NARRATIVE_NOTES[narrative] if narrative != language else "",
    }


def render_html(context: dict, language: str) -> str:
    """The briefing as HTML in `language`; choice labels and dates follow it too."""
    with translation.override(language):
        return render_to_string(
            TEMPLATE, {**context, **_in_language(context, language), "language": language}
        )


def html_to_pdf(html: str) -> bytes:
    """HTML to tagged PDF/UA-1 and PDF/A-3u with the static-only fetcher. Touches no database:
    call it outside transactions."""
    try:
        return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher()).write_pdf(
            **WRITE_PDF_OPTIONS
        )
    except FatalURLFetchingError as error:
        raise BriefingRenderError(str(error)) from error


def render_briefing(context: dict, language: str) -> bytes:
    """Template and PDF in one go (the benchmark measures this against bare weasyprint)."""
    return html_to_pdf(render_html(context, language))
