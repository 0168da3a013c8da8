"""The load test's people (locust): members, council staff and government contacts of the demo
data, working as they do, each with their own session.

* Members (caseworkers and org admins): the dashboard, their case list, a search, a case page;
  now and then a new case, filled in (a person, a consent, a document upload) and submitted.
* Council staff (director, staff): the task inbox, the queue of submissions, case pages,
  triage (start review, then accept or ask for information), a briefing generated.
* Government contacts (IRCC, CBSA): their escalated cases, the briefing list, a download.

Requests are named by page (`/cases/[ref]/`), so the report gives one line per page. Failures
are what a person would see as broken: a 5xx, a refused connection, an unexpected 4xx. A 409
(two staff acted on the same case at once; the second is told so) is a correct answer and is
counted apart, as "conflicts", in the report.
"""

import datetime
import io
import os
import random
import re

from locust import HttpUser, between, events, task
from pypdf import PdfWriter

PASSWORD = os.environ.get("LOAD_PASSWORD", "casework-demo-2026")
MEMBERS = ["amina", "elise", "ben", "chloe", "dev", "farah"]
COUNCIL = ["director", "staff"]
GOVERNMENT = ["ircc", "cbsa"]

CASE_LINK = re.compile(r'href="/cases/(CCR-\d{4}-\d{5})/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BRIEFING_LINK = re.compile(r'href="/cases/(CCR-\d{4}-\d{5})/briefings/(\d+)\.pdf"')
SEARCHES = ["CCR-2026", "Ahmadi", "Morales", "école", "removal", "child", "Montréal"]


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _pdf()
# 409 answers by request name, written to LOAD_CONFLICTS_FILE when the run ends.
CONFLICTS: dict[str, int] = {}


@events.test_stop.add_listener
def _write_conflicts(**kwargs):
    if path := os.environ.get("LOAD_CONFLICTS_FILE"):
        with open(path, "w") as out:
            out.write(str(sum(CONFLICTS.values())))


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    usernames: list[str] = []

    def on_start(self):
        self.csrf = ""
        self.cases: list[str] = []
        self.page("/accounts/login/", name="/accounts/login/")
        self.post(
            "/accounts/login/",
            {"username": random.choice(self.usernames), "password": PASSWORD},  # noqa: S311
            name="/accounts/login/ (sign in)",
        )

    # Requests: pages keep their CSRF token and the case references they link to.

    def page(self, url: str, *, name: str) -> str:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return ""
            text = response.text
        if token := CSRF.search(text):
            self.csrf = token.group(1)
        return text

    def post(self, url: str, data: dict, *, name: str, files=None) -> str | None:
        """POST like a browser; the page it leads to, or None when refused."""
        with self.client.post(
            url,
            data={**data, "csrfmiddlewaretoken": self.csrf},
            files=files,
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code == 409:
                response.success()
                CONFLICTS[name] = CONFLICTS.get(name, 0) + 1
                return None
            if response.status_code != 200 or "errorlist" in response.text:
                response.failure(f"HTTP {response.status_code}: refused")
                return None
            text = response.text
        if token := CSRF.search(text):
            self.csrf = token.group(1)
        return text

    def case_list(self, query: str = "", name: str = "/cases/") -> list[str]:
        text = self.page(f"/cases/{query}", name=name)
        self.cases = list(dict.fromkeys(CASE_LINK.findall(text))) or self.cases
        return CASE_LINK.findall(text)

    def open_case(self, reference: str) -> str:
        return self.page(f"/cases/{reference}/", name="/cases/[ref]/")

    def transition(self, reference: str, page: str, name: str, **fields) -> None:
        version = re.search(rf'name="{name}-version" value="(\d+)"', page)
        if version is None:  # not offered any more: someone else moved the case
            return
        data = {f"{name}-version": version.group(1)}
        data |= {f"{name}-{key}": value for key, value in fields.items()}
        self.post(
            f"/cases/{reference}/transition/{name}/",
            data,
            name=f"/cases/[ref]/transition/{name}/",
        )

    # What everyone does

    @task(3)
    def browse(self):
        self.case_list()

    @task(2)
    def read_a_case(self):
        if self.cases:
            self.open_case(random.choice(self.cases))  # noqa: S311

    @task(1)
    def dashboard(self):
        self.page("/dashboard/", name="/dashboard/")


class Member(Person):
    weight = 6
    usernames = MEMBERS

    @task(2)
    def search(self):
        self.case_list(f"?q={random.choice(SEARCHES)}", name="/cases/?q=")  # noqa: S311

    @task(1)
    def new_case_submitted(self):
        self.page("/cases/new/?kind=family_reunification", name="/cases/new/")
        created = self.post(
            "/cases/new/",
            {
                "kind": "family_reunification",
                "summary": "Load test: mother in Canada, two children abroad.",
                "correspondence_language": random.choice(["en", "fr"]),  # noqa: S311
            },
            name="/cases/new/ (create)",
        )
        match = created and re.search(r'action="/cases/(CCR-\d{4}-\d{5})/people/"', created)
        if not match:
            return
        reference = match.group(1)
        today = datetime.date.today().isoformat()
        self.post(
            f"/cases/{reference}/people/",
            {"person-role": "sponsor", "person-family_name": "Haddad",
             "person-given_names": "Rania", "person-date_of_birth": "1988-03-14",
             "person-date_of_birth_precision": "day", "person-citizenship": "SY"},
            name="/cases/[ref]/people/",
        )  # fmt: skip
        self.post(
            f"/cases/{reference}/consents/",
            {"consent-signed_by": "self", "consent-signer_name": "Rania Haddad",
             "consent-instrument": "council_form", "consent-covers_council": "on",
             "consent-covers_ircc": "on", "consent-covers_cbsa": "on",
             "consent-signed_on": today},
            name="/cases/[ref]/consents/",
        )  # fmt: skip
        page = self.post(
            f"/cases/{reference}/documents/",
            {"document-kind": "identity"},
            files={"document-upload": ("passport.pdf", PDF, "application/pdf")},
            name="/cases/[ref]/documents/ (upload)",
        )
        if page:
            self.transition(reference, page, "submit")


class Council(Person):
    weight = 3
    usernames = COUNCIL

    @task(2)
    def inbox(self):
        self.page("/tasks/", name="/tasks/")

    @task(2)
    def triage(self):
        submitted = self.case_list("?status=submitted", name="/cases/?status=")
        if submitted:
            reference = random.choice(submitted)  # noqa: S311
            self.transition(reference, self.open_case(reference), "start_review")

    @task(2)
    def decide(self):
        in_review = self.case_list("?status=in_review", name="/cases/?status=")
        if not in_review:
            return
        reference = random.choice(in_review)  # noqa: S311
        page = self.open_case(reference)
        if random.random() < 0.7:  # noqa: S311
            self.transition(reference, page, "accept")
        else:
            self.transition(reference, page, "request_info", comment="Add the birth records.")

    @task(1)
    def briefing(self):
        accepted = self.case_list("?status=accepted", name="/cases/?status=")
        if not accepted:
            return
        reference = random.choice(accepted)  # noqa: S311
        self.page(f"/cases/{reference}/briefings/", name="/cases/[ref]/briefings/")
        self.post(
            f"/cases/{reference}/briefings/",
            {"recipient": "IRCC", "language": "", "shared_with_organisation": "on"},
            name="/cases/[ref]/briefings/ (generate)",
        )


class Government(Person):
    weight = 1
    usernames = GOVERNMENT

    @task(2)
    def briefings(self):
        if not self.cases:
            return
        reference = random.choice(self.cases)  # noqa: S311
        text = self.page(f"/cases/{reference}/briefings/", name="/cases/[ref]/briefings/")
        links = BRIEFING_LINK.findall(text)
        if links:
            ref, number = random.choice(links)  # noqa: S311
            self.page(f"/cases/{ref}/briefings/{number}.pdf", name="/cases/[ref]/briefings/[n].pdf")
