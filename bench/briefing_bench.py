"""Benchmark: a 3-page briefing, rendered by the application against bare weasyprint.

    .venv/bin/python bench/briefing_bench.py [--runs 20]

Builds a throwaway test database (in memory on SQLite; `test_<name>` when DATABASE_URL points
at PostgreSQL) with a removal case big enough for a 3-page briefing, through the real services.
Then, after one warm-up render of each that is not counted, it times alternately:

* app: `rendering.render_briefing(context, language)`, what the service runs outside its
  transactions (template -> HTML -> PDF through StaticOnlyURLFetcher);
* bare: `weasyprint.HTML(string=<the same HTML>, base_url=..., url_fetcher=<same fetcher>)
  .write_pdf(**WRITE_PDF_OPTIONS)`: the same options as the app (tagged PDF/UA-1 and PDF/A-3u,
  casework/briefings/standards.py), so the ratio measures the application's own overhead.

Budgets (DESIGN.md): app median under 0.6 s, app/bare median ratio at most 1.3. For information
it also times the whole `briefing_generate()` service (reads, rendering, file, row, event).
Exit status 1 when a budget is missed. BENCH_DUMP=<file> writes the PDF there to look at.
"""

import argparse
import datetime
import gc
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    override_settings,
    setup_test_environment,
    teardown_test_environment,
)
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader, PdfWriter  # noqa: E402
from weasyprint import HTML  # noqa: E402

from casework.accounts.models import Agency, Organisation, Role  # noqa: E402
from casework.accounts.services import organisation_create, user_create  # noqa: E402
from casework.briefings import rendering, services  # noqa: E402
from casework.briefings.standards import WRITE_PDF_OPTIONS  # noqa: E402
from casework.cases import services as case_services  # noqa: E402
from casework.cases.models import Consent, Document, GovernmentFile, Kind, Person  # noqa: E402

MEDIAN_BUDGET = 0.6
RATIO_BUDGET = 1.3
PAGES = 3
# The case is sized for 3 pages in English (French is longer and runs to 4).
LANGUAGE = "en"


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def build_case():
    """A removal case with a family, files, consents, documents and a full timeline."""
    council = organisation_create(name="Canadian Council for Refugees", kind="council")
    member = organisation_create(name="Refugee Centre of Toronto", province="ON")
    organisation_create(name="CBSA liaison", kind=Organisation.Kind.GOVERNMENT, agency="CBSA")
    director = user_create(
        username="director",
        password=None,
        organisation=council,
        role=Role.POLICY_DIRECTOR,
        first_name="Marie",
        last_name="Lefebvre",
        email="policy@ccrweb.example",
    )
    worker = user_create(
        username="worker",
        password=None,
        organisation=member,
        role=Role.CASEWORKER,
    )
    # Three pages: the first page's summary, the details, the documents and contact.
    grounds = (
        "Both children were born in Canada and attend school in Toronto. Omar has a "
        "congenital heart condition followed at SickKids; the cardiologist states that an "
        "interruption of care would put his life at risk."
    )
    case = case_services.case_create(
        actor=worker,
        kind=Kind.REMOVAL_DEFERRAL,
        summary=(
            "Ms Haddad arrived in 2019 and her refugee claim was refused in 2023. Her removal "
            "is scheduled before her humanitarian and compassionate application is decided."
        ),
        grounds=grounds,
        requested_action=(
            "Defer the removal until the H&C application is decided, and expedite the "
            "H&C decision given the children's situation."
        ),
        deadline=timezone.localdate() + datetime.timedelta(days=12),
        deadline_note="H&C decision expected",
        removal={
            "removal_at": timezone.now() + datetime.timedelta(days=9),
            "location": "Toronto Pearson International Airport",
            "destination": "SY",
            "order_type": "deportation",
            "detained": True,
            "detention_facility": "Toronto Immigration Holding Centre",
            "cbsa_office": "GTA Enforcement and Intelligence Operations",
        },
    )
    people = [
        (
            Person.Role.REMOVAL_SUBJECT,
            "Haddad",
            "Amina",
            datetime.date(1985, 6, 15),
            "SY",
            "1234567890",
            "",
        ),
        (Person.Role.CHILD, "Haddad", "Yara", datetime.date(2016, 9, 1), "CA", "", "Daughter"),
        (Person.Role.CHILD, "Haddad", "Omar", datetime.date(2019, 2, 10), "CA", "", "Son"),
        (Person.Role.CHILD, "Haddad", "Lina", datetime.date(2021, 11, 23), "CA", "", "Daughter"),
        (
            Person.Role.OTHER_PARENT,
            "Haddad",
            "Karim",
            datetime.date(1981, 3, 2),
            "SY",
            "87654321",
            "Husband, in Canada with a pending PRRA",
        ),
        (
            Person.Role.FAMILY_MEMBER,
            "Saleh",
            "Nour",
            datetime.date(1960, 1, 1),
            "SY",
            "",
            "Mother, dependent",
        ),
    ]
    added = []
    for role, family, given, born, country, uci, relationship in people:
        added.append(
            case_services.person_add(
                case=case,
                actor=worker,
                role=role,
                family_name=family,
                given_names=given,
                date_of_birth=born,
                citizenship=country,
                uci=uci,
                relationship=relationship,
            )
        )
    files = [
        (GovernmentFile.Agency.IRCC, GovernmentFile.FileKind.HC, "E000123456", 0),
        (GovernmentFile.Agency.IRB, GovernmentFile.FileKind.REFUGEE_CLAIM, "TB9-12345", 0),
        (GovernmentFile.Agency.IRCC, GovernmentFile.FileKind.PRRA, "E000765432", 4),
        (GovernmentFile.Agency.FC, GovernmentFile.FileKind.JUDICIAL_REVIEW, "IMM-1234-24", 0),
    ]
    for agency, kind, number, person in files:
        case_services.government_file_add(
            case=case,
            actor=worker,
            agency=agency,
            kind=kind,
            number=number,
            person=added[person],
            submitted_on=datetime.date(2025, 11, 3),
        )
    for person in (added[0], added[4]):
        case_services.consent_add(
            case=case,
            actor=worker,
            person=person,
            signed_by=Consent.Signer.SELF,
            signed_on=timezone.localdate(),
            covers_cbsa=True,
            covers_ircc=True,
        )
    documents = [
        ("passport-amina.pdf", Document.DocumentKind.IDENTITY),
        ("direction-to-report.pdf", Document.DocumentKind.REMOVAL_ORDER),
        ("sickkids-cardiology-report.pdf", Document.DocumentKind.MEDICAL),
    ]
    for name, kind in documents:
        case_services.document_add(
            case=case,
            actor=worker,
            kind=kind,
            upload=SimpleUploadedFile(name, blank_pdf(), "application/pdf"),
        )

    def act(case, actor, name, **params):
        return case_services.TRANSITION_SERVICES[name](
            case=case, actor=actor, expected_version=None, **params
        )

    case = act(case, worker, "submit")
    case = act(case, director, "start_review")
    case = act(case, director, "request_info", comment="Add the cardiology report.")
    case = act(case, worker, "resubmit")
    case = act(case, director, "start_review")
    case = act(case, director, "accept")
    case = act(
        case,
        director,
        "escalate",
        target=Agency.CBSA,
        sent_on=timezone.localdate(),
        government_reference="",
    )
    return case, director


def timed(function) -> float:
    # Garbage left by the run before is collected first, as timeit does, or a collection of it
    # lands in whichever run comes next: app or bare, at random (medians 0.16 or 0.24 s).
    gc.collect()
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with (
            tempfile.TemporaryDirectory() as storage,
            override_settings(PRIVATE_STORAGE_ROOT=Path(storage)),
        ):
            return run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def run(args) -> int:
    case, director = build_case()
    context = rendering.briefing_context(case, actor=director, recipient="CBSA", number=1)
    html = rendering.render_html(context, LANGUAGE)

    def app():
        return rendering.render_briefing(context, LANGUAGE)

    def bare():
        return HTML(
            string=html,
            base_url=rendering.BASE_URL,
            url_fetcher=rendering.StaticOnlyURLFetcher(),
        ).write_pdf(**WRITE_PDF_OPTIONS)

    pdf = app()  # warm-up (fonts, caches): not counted
    bare()
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    if os.environ.get("BENCH_DUMP"):
        Path(os.environ["BENCH_DUMP"]).write_bytes(pdf)
    if pages != PAGES:
        print(f"the benchmark case gives {pages} pages, not {PAGES}: adjust build_case()")
        return 2

    app_times, bare_times = [], []
    for _ in range(args.runs):  # alternate, so drift in machine load hits both alike
        app_times.append(timed(app))
        bare_times.append(timed(bare))
    service_times = [
        timed(
            lambda: services.briefing_generate(
                case=case, actor=director, language=LANGUAGE, recipient="CBSA"
            )
        )
        for _ in range(5)
    ]

    app_median = statistics.median(app_times)
    bare_median = statistics.median(bare_times)
    ratio = app_median / bare_median
    print(
        f"Briefing benchmark: {pages} pages, {len(pdf):,} bytes, language {LANGUAGE}, "
        f"{args.runs} timed runs each after 1 warm-up"
    )
    print(f"{'':34} {'median':>9} {'p90':>9} {'min':>9}")
    for label, values in (
        ("app: template + weasyprint", app_times),
        ("bare: weasyprint from string", bare_times),
    ):
        print(
            f"{label:34} {statistics.median(values):8.3f}s {p90(values):8.3f}s {min(values):8.3f}s"
        )
    print(
        f"{'service briefing_generate (5 runs)':34} {statistics.median(service_times):8.3f}s "
        f"{'':>9} {min(service_times):8.3f}s"
    )
    median_ok = app_median < MEDIAN_BUDGET
    ratio_ok = ratio <= RATIO_BUDGET
    print(f"ratio app/bare (medians): {ratio:.3f}")
    print(
        f"budget median < {MEDIAN_BUDGET} s: {'holds' if median_ok else 'MISSED'} "
        f"({app_median:.3f} s)"
    )
    print(f"budget ratio <= {RATIO_BUDGET}: {'holds' if ratio_ok else 'MISSED'} ({ratio:.3f})")
    return 0 if median_ok and ratio_ok else 1


if __name__ == "__main__":
    sys.exit(main())
