"""Demo data for the embedded set-up: ``python manage.py demo``.

Creates the council, three member organisations, IRCC and CBSA, an account for every role and
fourteen cases spread over every kind and every state. Everything goes through the services
(the same code paths as the web UI) in one transaction. When the council already exists the
command changes nothing, so bin/serve can run it on every start.

Every person, story and file number below is invented.
"""

import datetime

from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from casework.accounts.models import Organisation
from casework.accounts.services import organisation_create, user_create
from casework.cases.services import (
    TRANSITION_SERVICES,
    case_assign,
    case_create,
    consent_add,
    government_file_add,
    note_add,
    person_add,
)

PASSWORD = "casework-demo-2026"  # noqa: S105  (documented demo password, README.md)
COUNCIL = "Canadian Council for Refugees"

# key: (name, kind, province, works in English, works in French, agency)
ORGANISATIONS = {
    "council": (COUNCIL, "council", "QC", True, True, ""),
    "montreal": ("Maison Passerelle Montréal", "member", "QC", False, True, ""),
    "toronto": ("Harbourfront Refugee Legal Clinic", "member", "ON", True, False, ""),
    "vancouver": ("Pacific Newcomer Rights Society", "member", "BC", True, False, ""),
    "ircc": ("IRCC Case Management Branch", "government", "ON", True, True, "IRCC"),
    "cbsa": ("CBSA Inland Enforcement Liaison", "government", "ON", True, True, "CBSA"),
}

# username: (organisation, role, first name, last name, language, what to try)
USERS = {
    "director": (
        "council",
        "policy_director",
        "Hélène",
        "Tremblay",
        "en",
        "task inbox; triage, request info, accept, escalate, record responses, close",
    ),
    "staff": (
        "council",
        "council_staff",
        "Marcus",
        "Osei",
        "en",
        "the family case assigned to them; internal notes",
    ),
    "amina": (
        "montreal",
        "caseworker",
        "Amina",
        "Diallo",
        "fr",
        "French interface; answer the information request and resubmit",
    ),
    "elise": (
        "montreal",
        "org_admin",
        "Élise",
        "Gagnon",
        "fr",
        "organisation administrator: every Montréal case",
    ),
    "ben": (
        "toronto",
        "caseworker",
        "Benjamin",
        "Cohen",
        "en",
        "the critical removal case; create and submit a new case",
    ),
    "chloe": (
        "toronto",
        "org_admin",
        "Chloé",
        "Nguyen",
        "en",
        "organisation administrator: every Toronto case, one withdrawn by her",
    ),
    "dev": (
        "vancouver",
        "caseworker",
        "Dev",
        "Sandhu",
        "en",
        "Vancouver's cases only: other references answer 404",
    ),
    "farah": (
        "vancouver",
        "org_admin",
        "Farah",
        "Haddad",
        "en",
        "organisation administrator: every Vancouver case",
    ),
    "ircc": (
        "ircc",
        "government_contact",
        "Isabelle",
        "Roy",
        "fr",
        "read-only: the cases escalated to IRCC",
    ),
    "cbsa": (
        "cbsa",
        "government_contact",
        "Kevin",
        "MacDonald",
        "en",
        "read-only: the cases escalated to CBSA",
    ),
}


def step(name, comment="", by=None, **params):
    """A transition; by default the case's creator submits and resubmits, the director does
    everything else."""
    if by is None:
        by = "creator" if name in ("submit", "resubmit") else "director"
    return ("transition", by, name, comment, params)


def note(by, body, internal=False):
    return ("note", by, body, internal)


def assign(to):
    return ("assign", "director", to)


def person(role, family, given, born, country, uci="", relationship="", precision="day"):
    return dict(
        role=role,
        family_name=family,
        given_names=given,
        date_of_birth=born,
        date_of_birth_precision=precision,
        citizenship=country,
        uci=uci,
        relationship=relationship,
    )


def gov_file(agency, kind, number, who, filed=None, decided=None):
    return dict(
        agency=agency, kind=kind, number=number, person=who, submitted_on=filed, decided_on=decided
    )


def consent(who, signed_by, signer, signed, instrument="council_form", ircc=False, cbsa=False):
    return dict(
        person=who,
        signed_by=signed_by,
        signer_name=signer,
        signed_on=signed,
        instrument=instrument,
        covers_ircc=ircc,
        covers_cbsa=cbsa,
    )


def case_specs(now: datetime.datetime) -> list[dict]:
    today = timezone.localdate(now)

    def day(offset: int) -> datetime.date:
        return today + datetime.timedelta(days=offset)

    def born(years: int, months: int = 0) -> datetime.date:
        month_index = today.year * 12 + today.month - 1 - years * 12 - months
        return datetime.date(month_index // 12, month_index % 12 + 1, min(today.day, 28))

    def year_only(years: int) -> datetime.date:
        return datetime.date(today.year - years, 1, 1)

    def docket(number: int, years_ago: int = 0) -> str:
        return f"IMM-{number}-{(today.year - years_ago) % 100:02d}"

    reviewed = [step("submit"), step("start_review")]
    accepted = [*reviewed, step("accept")]

    def after(**delta) -> datetime.datetime:
        return now + datetime.timedelta(**delta)

    def cmb(number: int) -> str:
        return f"CMB-{today.year}-{number:04d}"

    return [
        dict(  # draft, French
            by="amina",
            kind="family_reunification",
            correspondence_language="fr",
            summary=(
                "Mme Grâce Mukendi, personne protégée devenue résidente permanente en 2021, "
                "souhaite parrainer son fils Josué (11 ans), resté en Ouganda. Josué n'a pas été "
                "déclaré dans la demande de résidence permanente de sa mère : séparée de lui "
                "pendant les combats autour de Goma en 2017, elle le croyait mort. Le service de "
                "rétablissement des liens familiaux de la Croix-Rouge l'a retrouvé en 2025 à "
                "Kampala, chez une grand-tante âgée et malade."
            ),
            grounds=(
                "Intérêt supérieur de l'enfant : Josué vit avec une grand-tante de 71 ans "
                "hospitalisée deux fois cette année et n'est plus scolarisé depuis mars. "
                "L'omission n'était pas volontaire (attestation de recherche de la Croix-Rouge). "
                "Test d'ADN offert."
            ),
            requested_action=(
                "Demander à la DGRC d'examiner en priorité une demande CH (art. 25 LIPR) pour "
                "Josué et d'envisager un permis de séjour temporaire."
            ),
            people=[
                person("sponsor", "Mukendi", "Grâce", born(38, 4), "CD", "10934417", "mère"),
                person(
                    "excluded_member",
                    "Mukendi Ilunga",
                    "Josué",
                    born(11, 2),
                    "CD",
                    "",
                    "fils, non déclaré",
                ),
                person(
                    "caregiver",
                    "Mbuyi",
                    "Thérèse",
                    year_only(71),
                    "CD",
                    "",
                    "grand-tante maternelle",
                    precision="year",
                ),
            ],
            files=[gov_file("IRCC", "other", "E004417823", 0, day(-2400), day(-1800))],
            consents=[consent(0, "self", "Grâce Mukendi", day(-5), ircc=True)],
            steps=[
                note(
                    "amina", "Attestation de la Croix-Rouge reçue ; traduction certifiée en cours."
                )
            ],
        ),
        dict(  # submitted
            by="ben",
            kind="family_reunification",
            summary=(
                "Ms Abrehet Tesfaye came to Canada as a government-assisted refugee in 2020. Her "
                "daughter Luwam was born in Khartoum while the resettlement application was in "
                "process and was never added to it: another refugee told her she could sponsor "
                "the baby after arrival. The sponsorship was refused under R.117(9)(d) last year. "
                "Since the war in Sudan Luwam (8) lives with her grandmother in Addis Ababa "
                "without status."
            ),
            grounds=(
                "Best interests of the child: no status in Ethiopia, no schooling, grandmother "
                "is 68 and in poor health. The non-disclosure came from bad advice, not "
                "concealment; the mother has sent money every month since 2020."
            ),
            requested_action="Ask CMB to consider an H&C exemption for Luwam on priority.",
            people=[
                person("sponsor", "Tesfaye", "Abrehet", born(34, 7), "ER", "1120394471", "mother"),
                person(
                    "excluded_member",
                    "Tesfaye",
                    "Luwam",
                    born(8, 3),
                    "ER",
                    "",
                    "daughter, born before landing, not declared",
                ),
                person(
                    "caregiver",
                    "Gebre",
                    "Mebrat",
                    year_only(68),
                    "ER",
                    "",
                    "maternal grandmother",
                    precision="year",
                ),
            ],
            files=[gov_file("IRCC", "sponsorship", "F312004587", 1, day(-700), day(-320))],
            consents=[
                consent(0, "self", "Abrehet Tesfaye", day(-12), "imm5475", ircc=True),
                consent(1, "parent", "Abrehet Tesfaye", day(-12), ircc=True),
            ],
            steps=[step("submit")],
        ),
        dict(  # in review, assigned to council staff; a child ageing out
            by="dev",
            kind="family_reunification",
            summary=(
                "Ms Zahra Haidari, a protected person and permanent resident since 2021, has two "
                "children in Islamabad she did not declare: their father's family kept them in "
                "Herat and threatened her if she named them. They escaped to Pakistan in 2024 "
                "and now risk deportation to Afghanistan. Sohail turns 18 in four months."
            ),
            grounds=(
                "Best interests of the children; Mursal (14) is a girl who could not attend "
                "school in Afghanistan; risk of return under Pakistan's deportation drive; "
                "non-disclosure caused by threats (gender-based pressure)."
            ),
            requested_action=(
                "Ask CMB to process H&C exemptions for both children before Sohail turns 18, "
                "and to consider temporary resident permits."
            ),
            people=[
                person("sponsor", "Haidari", "Zahra", born(41, 1), "AF", "11872290", "mother"),
                person(
                    "excluded_member",
                    "Haidari",
                    "Sohail",
                    born(17, 8),
                    "AF",
                    "",
                    "son, not declared",
                ),
                person(
                    "excluded_member",
                    "Haidari",
                    "Mursal",
                    born(14, 5),
                    "AF",
                    "",
                    "daughter, not declared",
                ),
            ],
            files=[
                gov_file("IRCC", "other", "E102938475", 0, day(-2100), day(-1700)),
                gov_file("IRCC", "hc", "E220471963", 1, day(-95)),
            ],
            consents=[
                consent(0, "self", "Zahra Haidari", day(-20), "imm5475", ircc=True),
                consent(1, "parent", "Zahra Haidari", day(-20), ircc=True),
                consent(2, "parent", "Zahra Haidari", day(-20), ircc=True),
            ],
            steps=[
                step("submit"),
                assign("staff"),
                step("start_review", by="staff"),
                note(
                    "staff",
                    "Pilot eligibility: the sponsor became PR as a protected person, "
                    "but the public policy window closed in September. Check with "
                    "IRCC whether it will be renewed before advising.",
                    internal=True,
                ),
            ],
        ),
        dict(  # information requested, French
            by="amina",
            kind="family_reunification",
            correspondence_language="fr",
            summary=(
                "Mme Marie-Carmel Joseph, résidente permanente depuis 2022 (personne protégée), "
                "n'a pas déclaré son fils Woodley, que le père avait emmené sans son accord. "
                "Woodley (13 ans) vit à Croix-des-Bouquets chez sa grand-mère paternelle ; le "
                "quartier est contrôlé par un gang qui recrute des adolescents."
            ),
            grounds=(
                "Intérêt supérieur de l'enfant ; risque de recrutement forcé ; école fermée "
                "depuis octobre. La mère ignorait où se trouvait l'enfant lors de sa demande."
            ),
            requested_action="Demander à la DGRC un examen CH prioritaire pour Woodley.",
            people=[
                person(
                    "sponsor", "Joseph", "Marie-Carmel", born(36, 9), "HT", "5510238841", "mère"
                ),
                person(
                    "excluded_member",
                    "Joseph",
                    "Woodley",
                    born(13, 1),
                    "HT",
                    "",
                    "fils, non déclaré",
                ),
                person(
                    "other_parent",
                    "Pierre",
                    "Jean-Robert",
                    year_only(40),
                    "HT",
                    "",
                    "père",
                    precision="year",
                ),
            ],
            files=[gov_file("IRCC", "sponsorship", "F998102347", 1, day(-520), day(-150))],
            consents=[consent(0, "self", "Marie-Carmel Joseph", day(-30), "imm5475", ircc=True)],
            steps=[
                *reviewed,
                note(
                    "director",
                    "Strong best-interests facts. Without the father's consent "
                    "IRCC will stall: ask for it before escalating.",
                    internal=True,
                ),
                step(
                    "request_info",
                    "Merci de joindre le consentement du père ou une "
                    "ordonnance de garde, et d'indiquer si un test d'ADN a été "
                    "offert.",
                ),
            ],
        ),
        dict(  # accepted
            by="ben",
            kind="separated_child",
            summary=(
                "Hodan Abdi (15) lives in the Dadaab camp in Kenya with a neighbour who is being "
                "resettled to another country next month. Her mother died in 2022 and her father "
                "is missing. Her only family is her brother Mahad, a protected person in "
                "Toronto, who cannot include her in his application."
            ),
            grounds=(
                "Separated child at risk: left without any caregiver within weeks; relatives in "
                "the camp are arranging a marriage for her. UNHCR has registered her as an "
                "unaccompanied minor."
            ),
            requested_action=(
                "Ask IRCC to expedite Hodan's H&C application and to issue a temporary resident "
                "permit so she can join her brother."
            ),
            people=[
                person("child", "Abdi", "Hodan", born(15, 6), "SO", "", "separated child"),
                person(
                    "family_member",
                    "Abdi",
                    "Mahad",
                    born(24, 2),
                    "SO",
                    "4311882056",
                    "brother, protected person in Toronto",
                ),
                person(
                    "caregiver",
                    "Warsame",
                    "Halima",
                    year_only(52),
                    "SO",
                    "",
                    "neighbour in the camp",
                    precision="year",
                ),
            ],
            files=[
                gov_file("IRB", "refugee_claim", "TC2-04417", 1, day(-1300), day(-1000)),
                gov_file("IRCC", "hc", "E318820467", 0, day(-60)),
            ],
            consents=[
                consent(1, "self", "Mahad Abdi", day(-25), "imm5475", ircc=True),
                consent(0, "guardian", "Halima Warsame", day(-22), ircc=True),
            ],
            steps=[
                *accepted,
                note(
                    "director",
                    "Accepted for referral to IRCC. Please send UNHCR's best "
                    "interests determination as soon as you receive it.",
                ),
            ],
        ),
        dict(  # escalated to IRCC
            by="dev",
            kind="family_reunification",
            summary=(
                "Ms Rania Al-Khatib was resettled from Türkiye in 2017 by a sponsorship group. "
                "Her son Yousef, then a baby, was with his father, who refused to let him leave; "
                "the group told her she could add him later. The father died in 2024. Yousef "
                "(10) lives with his paternal grandmother in Gaziantep and has lost his temporary "
                "protection registration."
            ),
            grounds=(
                "Best interests of the child; risk of deportation to Syria; grandmother (77) "
                "can no longer care for him. Sponsorship refused under R.117(9)(d)."
            ),
            requested_action="Ask CMB to decide Yousef's H&C application on priority.",
            people=[
                person("sponsor", "Al-Khatib", "Rania", born(39, 3), "SY", "22105567", "mother"),
                person(
                    "excluded_member",
                    "Al-Khatib",
                    "Yousef",
                    born(10, 1),
                    "SY",
                    "",
                    "son, not declared",
                ),
            ],
            files=[
                gov_file("IRCC", "sponsorship", "F405571234", 1, day(-800), day(-410)),
                gov_file("IRCC", "hc", "E771203456", 1, day(-200)),
            ],
            consents=[
                consent(0, "self", "Rania Al-Khatib", day(-45), "imm5475", ircc=True),
                consent(1, "parent", "Rania Al-Khatib", day(-45), ircc=True),
            ],
            steps=[
                *accepted,
                step("escalate", target="IRCC", sent_on=day(-6), government_reference=cmb(417)),
                note(
                    "director",
                    "Briefing sent to the CMB liaison; call set for next week.",
                    internal=True,
                ),
            ],
        ),
        dict(  # response received from IRCC, French
            by="amina",
            kind="separated_child",
            correspondence_language="fr",
            summary=(
                "Éric Ndayishimiye (16) est arrivé seul au Canada en 2024 et a été reconnu "
                "réfugié en 2025. Il vit en famille d'accueil à Montréal. Sa mère et sa sœur de "
                "10 ans sont au camp de Nyarugusu (Tanzanie) ; enfant séparé, il ne peut pas les "
                "inclure dans sa demande de résidence permanente."
            ),
            grounds=(
                "Intérêt supérieur de l'enfant : détresse psychologique documentée par le CLSC ; "
                "sécurité de la mère et de la sœur au camp (incidents signalés au HCR)."
            ),
            requested_action=(
                "Demander à IRCC de traiter en priorité les demandes CH de la mère et de la sœur."
            ),
            people=[
                person(
                    "child",
                    "Ndayishimiye",
                    "Éric",
                    born(16, 3),
                    "BI",
                    "7730126645",
                    "enfant séparé, personne protégée",
                ),
                person("family_member", "Niyonzima", "Claudine", born(43), "BI", "", "mère"),
                person("family_member", "Ndayishimiye", "Ange", born(10, 5), "BI", "", "sœur"),
            ],
            files=[
                gov_file("IRB", "refugee_claim", "MC5-11873", 0, day(-600), day(-300)),
                gov_file("IRCC", "hc", "E662019384", 1, day(-150)),
            ],
            consents=[
                consent(0, "guardian", "DPJ de Montréal (tutelle)", day(-90), ircc=True),
                consent(1, "self", "Claudine Niyonzima", day(-80), "imm5475", ircc=True),
            ],
            steps=[
                *accepted,
                step("escalate", target="IRCC", sent_on=day(-40), government_reference=cmb(352)),
                step(
                    "record_response",
                    received_on=day(-5),
                    response=(
                        "CMB confirms priority processing of both H&C applications. Interviews "
                        "at the Nairobi visa office will be scheduled; DNA testing offered to "
                        "establish the relationships."
                    ),
                ),
                note(
                    "director",
                    "IRCC has prioritised the file. We keep it open until the "
                    "interviews are scheduled.",
                ),
            ],
        ),
        dict(  # closed, favourable, after a follow-up round
            by="ben",
            kind="family_reunification",
            summary=(
                "Mr Chinedu Okafor, a protected person, became a permanent resident in 2020. His "
                "daughter Adaeze was born in Lagos while his application was pending and was not "
                "declared on the advice of an unlicensed consultant. Adaeze's mother died in "
                "2024; the child (7) lives with a maternal aunt who cannot keep her."
            ),
            grounds="Best interests of the child; no parent left in Nigeria; bad advice.",
            requested_action="Ask CMB to grant an H&C exemption from R.117(9)(d).",
            people=[
                person("sponsor", "Okafor", "Chinedu", born(45, 2), "NG", "33028815", "father"),
                person(
                    "excluded_member",
                    "Okafor",
                    "Adaeze",
                    born(7, 4),
                    "NG",
                    "",
                    "daughter, not declared",
                ),
            ],
            files=[
                gov_file("IRCC", "sponsorship", "F227890431", 1, day(-900), day(-500)),
                gov_file("IRCC", "hc", "E553010298", 1, day(-300), day(-10)),
            ],
            consents=[
                consent(0, "self", "Chinedu Okafor", day(-160), "imm5475", ircc=True),
                consent(1, "parent", "Chinedu Okafor", day(-160), ircc=True),
            ],
            steps=[
                *accepted,
                step("escalate", target="IRCC", sent_on=day(-120), government_reference=cmb(198)),
                step(
                    "record_response",
                    received_on=day(-75),
                    response=(
                        "CMB asked for DNA results and the death certificate of the child's mother."
                    ),
                ),
                step("follow_up", "DNA results and a certified death certificate sent to CMB."),
                step(
                    "record_response",
                    received_on=day(-10),
                    response=(
                        "H&C exemption approved in principle; the Lagos visa office will request "
                        "a medical examination."
                    ),
                ),
                step("close", outcome="favourable"),
            ],
        ),
        dict(  # critical removal, escalated straight from submission
            by="ben",
            kind="removal_deferral",
            deadline=day(1),
            deadline_note="Federal Court: stay motion hearing",
            summary=(
                "Ms Lucía Morales Castaño is to be removed to Colombia in under two days with "
                "her two Canadian-born children. Her H&C application, filed four months ago, "
                "rests on the children's best interests: Mateo (2) has a congenital heart "
                "condition and surgery booked at SickKids in January. The removals officer "
                "refused deferral yesterday; counsel filed leave and a stay motion."
            ),
            grounds=(
                "Best interests of the children (Canadian citizens); medical: interruption of "
                "cardiac care; pending H&C filed well before the removal was scheduled."
            ),
            requested_action=(
                "Ask CBSA to defer removal until the stay motion is decided and, if possible, "
                "until after Mateo's surgery."
            ),
            removal=dict(
                removal_at=after(hours=40),
                location="Toronto Pearson International Airport",
                destination="CO",
                order_type="deportation",
                cbsa_office="CBSA Greater Toronto Area Region, Inland Enforcement",
            ),
            people=[
                person(
                    "removal_subject", "Morales Castaño", "Lucía", born(34, 5), "CO", "88124093"
                ),
                person("child", "Morales", "Sofía", born(5, 2), "CA", "", "daughter"),
                person("child", "Morales", "Mateo", born(2, 3), "CA", "", "son"),
            ],
            files=[
                gov_file("IRB", "refugee_claim", "TB4-09215", 0, day(-1000), day(-600)),
                gov_file("IRCC", "hc", "E904417362", 0, day(-120)),
                gov_file("FC", "stay_motion", docket(15873), 0, day(-1)),
            ],
            consents=[
                consent(
                    0, "self", "Lucía Morales Castaño", day(-3), "imm5476", ircc=True, cbsa=True
                ),
                consent(1, "parent", "Lucía Morales Castaño", day(-3), cbsa=True),
                consent(2, "parent", "Lucía Morales Castaño", day(-3), cbsa=True),
            ],
            steps=[
                step("submit"),
                step(
                    "escalate",
                    "Removal in under 48 hours; deferral refused yesterday and "
                    "the stay motion is heard tomorrow. No time for a full review.",
                    target="CBSA",
                    sent_on=day(0),
                ),
                note(
                    "ben",
                    "Counsel confirms the stay motion record was served on the "
                    "Department of Justice this morning.",
                ),
                note(
                    "director",
                    "Called the GTA removals liaison: the file goes to the "
                    "manager before the hearing.",
                    internal=True,
                ),
            ],
        ),
        dict(  # removal in ten days (high), in review
            by="dev",
            kind="removal_deferral",
            summary=(
                "Mr Mehdi Karimi has end-stage kidney disease and receives haemodialysis three "
                "times a week at Vancouver General Hospital. His claim was refused in 2025; he "
                "filed an H&C application on medical grounds six weeks ago. Removal to Iran is "
                "set for ten days from now."
            ),
            grounds=(
                "Medical: risk to life from inadequate health care (dialysis supplies are short "
                "in Iran); his nephrologist writes that he is not fit to fly without continuity "
                "of dialysis arranged."
            ),
            requested_action="Ask CBSA to defer removal until the H&C decision.",
            removal=dict(
                removal_at=after(days=10),
                location="Vancouver International Airport",
                destination="IR",
                order_type="deportation",
                cbsa_office="CBSA Pacific Region, Inland Enforcement",
            ),
            people=[
                person("removal_subject", "Karimi", "Mehdi", born(52, 8), "IR", "4055182377"),
                person("family_member", "Karimi", "Shirin", born(48, 1), "IR", "", "spouse"),
            ],
            files=[
                gov_file("IRB", "refugee_claim", "VB5-03321", 0, day(-700), day(-250)),
                gov_file("IRCC", "hc", "E120938476", 0, day(-42)),
            ],
            consents=[consent(0, "self", "Mehdi Karimi", day(-8), ircc=True, cbsa=True)],
            steps=[
                *reviewed,
                note(
                    "director",
                    "Ask the nephrologist what happens if dialysis stops for more "
                    "than a week; CBSA will want it in writing.",
                    internal=True,
                ),
            ],
        ),
        dict(  # border: detained, escalated to CBSA (critical), French
            by="amina",
            kind="border_intervention",
            correspondence_language="fr",
            deadline=day(12),
            deadline_note="Contrôle judiciaire (15 jours)",
            summary=(
                "Mme Estelle Tchoumi et sa fille Maëlle (4 ans) ont été jugées irrecevables au "
                "poste frontalier de Lacolle en vertu de l'Entente sur les tiers pays sûrs, "
                "alors que la sœur de Mme Tchoumi est résidente permanente à Montréal "
                "(exception « membre de la famille »). L'agent n'a pas accepté la copie de la "
                "carte de RP. Elles sont détenues à Laval ; renvoi vers les États-Unis prévu."
            ),
            grounds=(
                "Exception familiale de l'ETPS mal appliquée ; détention d'un enfant de 4 ans ; "
                "intérêt supérieur de l'enfant."
            ),
            requested_action=(
                "Demander à l'ASFC de réexaminer la recevabilité au vu de la preuve de statut de "
                "la sœur et de surseoir au renvoi."
            ),
            removal=dict(
                removal_at=after(days=4),
                location="Poste frontalier de Lacolle",
                destination="US",
                order_type="exclusion",
                detained=True,
                detention_facility="Centre de surveillance de l'immigration, Laval",
                cbsa_office="ASFC, région du Québec",
            ),
            people=[
                person("removal_subject", "Tchoumi", "Estelle", born(29, 10), "CM", "90214468"),
                person("child", "Tchoumi", "Maëlle", born(4, 6), "CM", "", "fille"),
                person(
                    "family_member",
                    "Nkeng",
                    "Patricia",
                    born(35, 2),
                    "CM",
                    "22871130",
                    "sœur, résidente permanente",
                ),
            ],
            files=[
                gov_file("CBSA", "other", f"LAC-{today.year}-1187", 0, day(-3), day(-3)),
                gov_file("FC", "judicial_review", docket(16204), 0, day(-1)),
            ],
            consents=[
                consent(0, "self", "Estelle Tchoumi", day(-2), "imm5476", cbsa=True),
                consent(1, "parent", "Estelle Tchoumi", day(-2), cbsa=True),
                consent(2, "self", "Patricia Nkeng", day(-2), cbsa=True),
            ],
            steps=[
                *accepted,
                step("escalate", target="CBSA", sent_on=day(-1)),
                note(
                    "amina",
                    "La sœur a obtenu une copie certifiée de sa confirmation de "
                    "résidence permanente ; transmise à l'avocate.",
                ),
                note(
                    "director",
                    "CBSA Quebec Region agreed to review the eligibility decision; "
                    "answer expected within 48 hours.",
                    internal=True,
                ),
            ],
        ),
        dict(  # declined
            by="dev",
            kind="removal_deferral",
            summary=(
                "Mr Zoltán Balogh asks for help deferring his removal to Hungary, set for next "
                "month, so that he can finish a construction contract. His claim, appeal and "
                "application for leave were refused; he has no pending application and no "
                "children or medical condition."
            ),
            requested_action="Ask CBSA to defer removal by three months.",
            removal=dict(
                removal_at=after(days=30),
                location="Vancouver International Airport",
                destination="HU",
                order_type="deportation",
                cbsa_office="CBSA Pacific Region, Inland Enforcement",
            ),
            people=[person("removal_subject", "Balogh", "Zoltán", born(46, 3), "HU", "66103352")],
            files=[
                gov_file("IRB", "refugee_claim", "VB4-01187", 0, day(-1100), day(-700)),
                gov_file("FC", "judicial_review", docket(2210, 1), 0, day(-500), day(-420)),
            ],
            consents=[consent(0, "self", "Zoltán Balogh", day(-15), cbsa=True)],
            steps=[
                *reviewed,
                step(
                    "decline",
                    "Outside the channel: no child's best interests or medical "
                    "condition, and no pending H&C or PRRA. Please refer Mr Balogh "
                    "to legal aid for advice.",
                ),
            ],
        ),
        dict(  # withdrawn by the member organisation
            by="chloe",
            kind="border_intervention",
            summary=(
                "Ms Daniela Rojas Pérez and her son Samuel (9) were found ineligible under the "
                "Safe Third Country Agreement at the Peace Bridge although her uncle is a "
                "Canadian citizen living in Hamilton (family-member exception)."
            ),
            grounds="Family-member exception; best interests of the child.",
            requested_action="Ask CBSA to re-examine eligibility with the uncle's documents.",
            removal=dict(
                location="Peace Bridge port of entry, Fort Erie",
                destination="US",
                order_type="exclusion",
                cbsa_office="CBSA Southern Ontario Region",
            ),
            people=[
                person(
                    "removal_subject", "Rojas Pérez", "Daniela", born(31, 2), "VE", "7322901184"
                ),
                person("child", "Rojas", "Samuel", born(9, 7), "VE", "", "son"),
                person(
                    "family_member",
                    "Pérez Salas",
                    "Julio",
                    born(58),
                    "CA",
                    "",
                    "uncle, Canadian citizen",
                ),
            ],
            files=[gov_file("IRB", "refugee_claim", "TC6-22014", 0, day(-2))],
            consents=[
                consent(0, "self", "Daniela Rojas Pérez", day(-6), cbsa=True),
                consent(1, "parent", "Daniela Rojas Pérez", day(-6), cbsa=True),
            ],
            steps=[
                *reviewed,
                step(
                    "withdraw",
                    "CBSA re-examined the decision on its own and referred the "
                    "claim to the RPD; no intervention needed.",
                    by="creator",
                ),
            ],
        ),
        dict(  # closed, partly favourable
            by="dev",
            kind="removal_deferral",
            summary=(
                "Mr Dawit Haile, his wife and their two children (12 and 8) were to be removed "
                "to Ethiopia in November. The family's H&C application, filed five months ago, "
                "rests on the children's schooling and establishment in Surrey."
            ),
            grounds="Best interests of the children: mid-school-year removal; establishment.",
            requested_action="Ask CBSA to defer removal until the H&C decision.",
            removal=dict(
                removal_at=timezone.make_aware(datetime.datetime(today.year + 1, 6, 30, 10, 0)),
                location="Vancouver International Airport",
                destination="ET",
                order_type="deportation",
                cbsa_office="CBSA Pacific Region, Inland Enforcement",
            ),
            people=[
                person("removal_subject", "Haile", "Dawit", born(41, 4), "ET", "55219038"),
                person(
                    "family_member", "Gebremedhin", "Selam", born(36, 8), "ET", "55219039", "spouse"
                ),
                person("child", "Haile", "Liya", born(12, 2), "ET", "", "daughter"),
                person("child", "Haile", "Nahom", born(8, 9), "ET", "", "son"),
            ],
            files=[
                gov_file("IRB", "refugee_claim", "VB4-07702", 0, day(-1200), day(-800)),
                gov_file("IRCC", "hc", "E345109872", 0, day(-150)),
            ],
            consents=[
                consent(0, "self", "Dawit Haile", day(-40), cbsa=True, ircc=True),
                consent(2, "parent", "Dawit Haile", day(-40), cbsa=True),
                consent(3, "parent", "Dawit Haile", day(-40), cbsa=True),
            ],
            steps=[
                *accepted,
                step("escalate", target="CBSA", sent_on=day(-30)),
                step(
                    "record_response",
                    received_on=day(-8),
                    response=(
                        "Removal deferred to 30 June so the children can finish the school year; "
                        "CBSA declined to wait for the H&C decision."
                    ),
                ),
                note(
                    "director",
                    "In April, ask IRCC whether the H&C can be decided before the "
                    "new removal date.",
                ),
                step("close", outcome="partial"),
            ],
        ),
        dict(  # submitted in Toronto about a family Montréal already referred: a possible duplicate
            by="ben",
            kind="family_reunification",
            summary=(
                "Ms Marie-Carmel Joseph moved from Montréal to Toronto in September and asked the "
                "clinic for help with her son Woodley (13), who was never declared and is still "
                "in Haiti. She says an organisation in Montréal may have helped her before."
            ),
            grounds="Best interests of the child: gang recruitment of teenagers near his home.",
            requested_action="Ask CMB for a priority H&C review for Woodley.",
            people=[
                person("sponsor", "JOSEPH", "Marie Carmel", born(36, 9), "HT", "5510238841"),
                person("excluded_member", "Joseph", "Woodley", born(13, 1), "HT", "", "son"),
            ],
            files=[],
            consents=[consent(0, "self", "Marie-Carmel Joseph", day(-3), "imm5475", ircc=True)],
            steps=[step("submit")],
        ),
    ]


class Command(BaseCommand):
    help = "Create demo organisations, accounts and cases (does nothing if they exist)."

    def handle(self, *args, **options):
        if Organisation.objects.filter(name=COUNCIL).exists():
            self.stdout.write(f"Demo data already present ({COUNCIL} exists); nothing to do.")
            self._print_logins()
            return
        validate_password(PASSWORD)
        with transaction.atomic():
            users = self._accounts()
            count = self._cases(users)
        self.stdout.write(self.style.SUCCESS(f"Created {len(users)} accounts and {count} cases."))
        self._print_logins()

    def _accounts(self) -> dict:
        organisations = {
            key: organisation_create(
                name=name,
                kind=kind,
                province=province,
                works_in_english=en,
                works_in_french=fr,
                agency=agency,
            )
            for key, (name, kind, province, en, fr, agency) in ORGANISATIONS.items()
        }
        return {
            username: user_create(
                username=username,
                password=PASSWORD,
                organisation=organisations[org],
                role=role,
                first_name=first,
                last_name=last,
                language=language,
                email=f"{username}@example.org",
            )
            for username, (org, role, first, last, language, _try) in USERS.items()
        }

    def _cases(self, users: dict) -> int:
        specs = case_specs(timezone.now())
        for spec in specs:
            spec = dict(spec)
            creator = users[spec.pop("by")]
            actors = {**users, "creator": creator}
            people_specs, files, consents, steps = (
                spec.pop(key) for key in ("people", "files", "consents", "steps")
            )
            case = case_create(actor=creator, **spec)
            people = [person_add(case=case, actor=creator, **fields) for fields in people_specs]
            for fields in files:
                who = fields.pop("person")
                government_file_add(case=case, actor=creator, person=people[who], **fields)
            for fields in consents:
                who = fields.pop("person")
                consent_add(case=case, actor=creator, person=people[who], **fields)
            for action, by, *args in steps:
                actor = actors[by]
                if action == "transition":
                    name, comment, params = args
                    case = TRANSITION_SERVICES[name](
                        case=case,
                        actor=actor,
                        expected_version=None,
                        comment=comment,
                        **params,
                    )
                elif action == "note":
                    body, internal = args
                    note_add(case=case, actor=actor, body=body, internal=internal)
                else:
                    case = case_assign(case=case, actor=actor, assignee=users[args[0]])
        return len(specs)

    def _print_logins(self) -> None:
        organisations = {key: spec[0] for key, spec in ORGANISATIONS.items()}
        self.stdout.write(f"\nDemo logins (password for every account: {PASSWORD})\n")
        self.stdout.write(f"  {'username':<9} {'role':<19} {'organisation':<34} try")
        for username, (org, role, *_names, what) in USERS.items():
            self.stdout.write(f"  {username:<9} {role:<19} {organisations[org]:<34} {what}")
        self.stdout.write("")
