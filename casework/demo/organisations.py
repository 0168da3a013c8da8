"""The demo's organisations and accounts: one login per role (README.md, "Demo logins")."""

from .schema import Account, Application, Invitation, Organisation

PASSWORD = "casework-demo-2026"  # noqa: S105  (documented demo password, README.md)

COUNCIL = Organisation(
    "Canadian Council for Refugees",
    kind="council",
    province="QC",
    works_in_english=True,
    works_in_french=True,
    name_fr="Conseil canadien pour les réfugiés",
    region="Montréal",
)
MONTREAL = Organisation(
    "Maison Passerelle Montréal",
    kind="member",
    province="QC",
    works_in_english=False,
    works_in_french=True,
    region="Grand Montréal",
    services="Accompagnement des demandeurs d'asile, réunification familiale",
    clientele="Demandeurs d'asile, familles séparées, mineurs non accompagnés",
)
TORONTO = Organisation(
    "Harbourfront Refugee Legal Clinic",
    kind="member",
    province="ON",
    works_in_english=True,
    works_in_french=False,
    region="Greater Toronto",
    services="Legal representation, removal deferral requests, H&C applications",
    clientele="Refugee claimants, people facing removal",
)
VANCOUVER = Organisation(
    "Pacific Newcomer Rights Society",
    kind="member",
    province="BC",
    works_in_english=True,
    works_in_french=False,
    region="Lower Mainland",
    services="Settlement support, family reunification",
    clientele="Refugees, separated families",
)
IRCC = Organisation(
    "IRCC Case Management Branch",
    kind="government",
    province="ON",
    works_in_english=True,
    works_in_french=True,
    agency="IRCC",
    name_fr="Direction générale du règlement des cas d'IRCC",
)
CBSA = Organisation(
    "CBSA Inland Enforcement Liaison",
    kind="government",
    province="ON",
    works_in_english=True,
    works_in_french=True,
    agency="CBSA",
    name_fr="Liaison de l'exécution de la loi dans les bureaux intérieurs de l'ASFC",
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

# For the council to review: sign in as `director`, Organisations, "Application pending".
APPLICATION = Application(
    "Prairie Refugee Support Network",
    province="SK",
    region="Regina and Saskatoon",
    email="office@prairie-refugee.example.org",
    applicant_name="Grace Mwangi",
    applicant_email="grace@prairie-refugee.example.org",
    services="Settlement support, help with family reunification and removal cases",
    clientele="Refugee claimants and resettled refugees in Saskatchewan",
    works_in_english=True,
    works_in_french=False,
    name_fr="Réseau de soutien aux réfugiés des Prairies",
)

# Open the link `manage.py demo` prints to accept it (a new Vancouver caseworker).
INVITATION = Invitation(
    by=FARAH, email="new.caseworker@example.org", role="caseworker", language="en"
)
