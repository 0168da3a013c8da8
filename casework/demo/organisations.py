"""The demo's organisations and accounts: one login per role (README.md, "Demo logins")."""

from .schema import Account, Organisation

PASSWORD = "casework-demo-2026"  # noqa: S105  (documented demo password, README.md)

COUNCIL = Organisation(
    "Canadian Council for Refugees",
    kind="council",
    province="QC",
    works_in_english=True,
    works_in_french=True,
)
MONTREAL = Organisation(
    "Maison Passerelle Montréal",
    kind="member",
    province="QC",
    works_in_english=False,
    works_in_french=True,
)
TORONTO = Organisation(
    "Harbourfront Refugee Legal Clinic",
    kind="member",
    province="ON",
    works_in_english=True,
    works_in_french=False,
)
VANCOUVER = Organisation(
    "Pacific Newcomer Rights Society",
    kind="member",
    province="BC",
    works_in_english=True,
    works_in_french=False,
)
IRCC = Organisation(
    "IRCC Case Management Branch",
    kind="government",
    province="ON",
    works_in_english=True,
    works_in_french=True,
    agency="IRCC",
)
CBSA = Organisation(
    "CBSA Inland Enforcement Liaison",
    kind="government",
    province="ON",
    works_in_english=True,
    works_in_french=True,
    agency="CBSA",
)

ORGANISATIONS = (COUNCIL, MONTREAL, TORONTO, VANCOUVER, IRCC, CBSA)

DIRECTOR = Account(
    username="director",
    organisation=COUNCIL,
    role="policy_director",
    first_name="Hélène",
    last_name="Tremblay",
    language="en",
    what_to_try="task inbox; triage, request info, accept, escalate, record responses, close",
)
STAFF = Account(
    username="staff",
    organisation=COUNCIL,
    role="council_staff",
    first_name="Marcus",
    last_name="Osei",
    language="en",
    what_to_try="the family case assigned to them; internal notes",
)
AMINA = Account(
    username="amina",
    organisation=MONTREAL,
    role="caseworker",
    first_name="Amina",
    last_name="Diallo",
    language="fr",
    what_to_try="French interface; answer the information request and resubmit",
)
ELISE = Account(
    username="elise",
    organisation=MONTREAL,
    role="org_admin",
    first_name="Élise",
    last_name="Gagnon",
    language="fr",
    what_to_try="organisation administrator: every Montréal case",
)
BEN = Account(
    username="ben",
    organisation=TORONTO,
    role="caseworker",
    first_name="Benjamin",
    last_name="Cohen",
    language="en",
    what_to_try="the critical removal case; create and submit a new case",
)
CHLOE = Account(
    username="chloe",
    organisation=TORONTO,
    role="org_admin",
    first_name="Chloé",
    last_name="Nguyen",
    language="en",
    what_to_try="organisation administrator: every Toronto case, one withdrawn by her",
)
DEV = Account(
    username="dev",
    organisation=VANCOUVER,
    role="caseworker",
    first_name="Dev",
    last_name="Sandhu",
    language="en",
    what_to_try="Vancouver's cases only: other references answer 404",
)
FARAH = Account(
    username="farah",
    organisation=VANCOUVER,
    role="org_admin",
    first_name="Farah",
    last_name="Haddad",
    language="en",
    what_to_try="organisation administrator: every Vancouver case",
)
IRCC_CONTACT = Account(
    username="ircc",
    organisation=IRCC,
    role="government_contact",
    first_name="Isabelle",
    last_name="Roy",
    language="fr",
    what_to_try="read-only: the cases escalated to IRCC",
)
CBSA_CONTACT = Account(
    username="cbsa",
    organisation=CBSA,
    role="government_contact",
    first_name="Kevin",
    last_name="MacDonald",
    language="en",
    what_to_try="read-only: the cases escalated to CBSA",
)

# In the order of the login table that `manage.py demo` prints.
ACCOUNTS = (
    DIRECTOR,
    STAFF,
    AMINA,
    ELISE,
    BEN,
    CHLOE,
    DEV,
    FARAH,
    IRCC_CONTACT,
    CBSA_CONTACT,
)
