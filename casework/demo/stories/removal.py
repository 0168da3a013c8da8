"""Cases for CBSA: removals that should wait for a decision about a child or a medical
condition, and interventions at the border."""

from ..organisations import AMINA, BEN, CHLOE, DEV, DIRECTOR, IRCC_CONTACT
from ..schema import (
    ACCEPTED,
    REVIEWED,
    AskAnotherAgency,
    Born,
    Consent,
    Day,
    Document,
    Facts,
    FileNumber,
    FromNow,
    GovernmentFile,
    NextYearAt,
    Note,
    Package,
    Person,
    Removal,
    Response,
    Step,
    Story,
)

MORALES = Story(
    opened_by=BEN,
    kind="removal_deferral",
    deadline=Day(1),
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
    removal=Removal(
        removal_at=FromNow(hours=40),
        location="Toronto Pearson International Airport",
        destination="CO",
        order_type="deportation",
        cbsa_office="CBSA Greater Toronto Area Region, Inland Enforcement",
    ),
    people=(
        Person("removal_subject", "Morales Castaño", "Lucía", Born(34, 5), "CO", uci="88124093"),
        Person("child", "Morales", "Sofía", Born(5, 2), "CA", relationship="daughter"),
        Person("child", "Morales", "Mateo", Born(2, 3), "CA", relationship="son"),
    ),
    government_files=(
        GovernmentFile(
            "IRB",
            "refugee_claim",
            "TB4-09215",
            person="Lucía",
            submitted_on=Day(-1000),
            decided_on=Day(-600),
        ),
        GovernmentFile("IRCC", "hc", "E904417362", person="Lucía", submitted_on=Day(-120)),
        GovernmentFile(
            "FC",
            "stay_motion",
            FileNumber("IMM-15873-{yy}"),
            person="Lucía",
            submitted_on=Day(-1),
        ),
    ),
    consents=(
        Consent(
            "Lucía",
            signed_by="self",
            signer_name="Lucía Morales Castaño",
            signed_on=Day(-3),
            instrument="imm5476",
            covers_ircc=True,
            covers_cbsa=True,
        ),
        Consent(
            "Sofía",
            signed_by="parent",
            signer_name="Lucía Morales Castaño",
            signed_on=Day(-3),
            covers_ircc=True,
            covers_cbsa=True,
        ),
        Consent(
            "Mateo",
            signed_by="parent",
            signer_name="Lucía Morales Castaño",
            signed_on=Day(-3),
            covers_ircc=True,
            covers_cbsa=True,
        ),
    ),
    documents=(
        Document(
            "medical",
            "sickkids-cardiology-letter.pdf",
            "SickKids, Labatt Family Heart Centre",
            "Mateo Morales (2) has a congenital heart condition; corrective surgery is "
            "booked for January. Interrupting his follow-up would put him at serious risk.",
        ),
        Document(
            "decision",
            "deferral-refusal.pdf",
            "CBSA: request to defer removal",
            "The request to defer the removal of Lucía Morales Castaño is refused.",
        ),
    ),
    # The briefing for CBSA with the two documents as annexes, in one package.
    packages=(Package("CBSA", by=DIRECTOR),),
    history=(
        Step("submit"),
        Step(
            "escalate",
            (
                "Removal in under 48 hours; deferral refused yesterday and "
                "the stay motion is heard tomorrow. No time for a full review."
            ),
            target="CBSA",
            sent_on=Day(0),
        ),
        # The same case asks IRCC to expedite the H&C decision: its own escalation and timer.
        AskAnotherAgency(
            "IRCC",
            "Expedite the decision on the H&C application (E904417362): the children's "
            "best interests and Mateo's cardiac surgery.",
            sent_on=Day(0),
            by=DIRECTOR,
        ),
        # IRCC's contact answers on the portal; CBSA's timer runs on.
        Response(
            "IRCC",
            received_on=Day(0),
            decision="under_review",
            summary=(
                "The H&C application is assigned to an officer for priority review; "
                "a decision is expected within three weeks."
            ),
            by=IRCC_CONTACT,
            officer="CMB duty officer",
            reference="CMB-2026-0412",
            next_date=Day(21),
        ),
        Note(
            BEN,
            (
                "Counsel confirms the stay motion record was served on the "
                "Department of Justice this morning."
            ),
        ),
        Note(
            DIRECTOR,
            "Called the GTA removals liaison: the file goes to the manager before the hearing.",
            internal=True,
        ),
    ),
)

KARIMI = Story(
    opened_by=DEV,
    kind="removal_deferral",
    facts=Facts(
        (
            ("counsel_name", "Harjit Sandhu, barrister"),
            ("counsel_phone", "604 555-0147"),
            ("counsel_email", "hsandhu@example.org"),
            ("cbsa_client_id", "3301-9987"),
            ("hc_filed_on", Day(-42)),
            ("deferral_filed_on", Day(-3)),
            ("deferral_decision", "pending"),
            ("travel_document", "cbsa_obtaining"),
            ("learned_of_removal_on", Day(-6)),
        )
    ),
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
    removal=Removal(
        removal_at=FromNow(days=10),
        location="Vancouver International Airport",
        destination="IR",
        order_type="deportation",
        cbsa_office="CBSA Pacific Region, Inland Enforcement",
    ),
    people=(
        Person("removal_subject", "Karimi", "Mehdi", Born(52, 8), "IR", uci="4055182377"),
        Person("family_member", "Karimi", "Shirin", Born(48, 1), "IR", relationship="spouse"),
    ),
    government_files=(
        GovernmentFile(
            "IRB",
            "refugee_claim",
            "VB5-03321",
            person="Mehdi",
            submitted_on=Day(-700),
            decided_on=Day(-250),
        ),
        GovernmentFile("IRCC", "hc", "E120938476", person="Mehdi", submitted_on=Day(-42)),
    ),
    consents=(
        Consent(
            "Mehdi",
            signed_by="self",
            signer_name="Mehdi Karimi",
            signed_on=Day(-8),
            covers_ircc=True,
            covers_cbsa=True,
        ),
    ),
    history=(
        *REVIEWED,
        Note(
            DIRECTOR,
            (
                "Ask the nephrologist what happens if dialysis stops for more "
                "than a week; CBSA will want it in writing."
            ),
            internal=True,
        ),
    ),
)

TCHOUMI = Story(
    opened_by=AMINA,
    kind="border_intervention",
    facts=Facts(
        (
            ("counsel_name", "Me Geneviève Roy"),
            ("counsel_phone", "514 555-0199"),
            ("port_of_entry", "Lacolle"),
            ("arrived_on", Day(-3)),
            ("stca_exception", "family_member"),
            ("decision", "ineligible"),
            ("decided_on", Day(-3)),
        )
    ),
    correspondence_language="fr",
    deadline=Day(12),
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
    removal=Removal(
        removal_at=FromNow(days=4),
        location="Poste frontalier de Lacolle",
        destination="US",
        order_type="exclusion",
        detained=True,
        detention_facility="Centre de surveillance de l'immigration, Laval",
        cbsa_office="ASFC, région du Québec",
    ),
    people=(
        Person("removal_subject", "Tchoumi", "Estelle", Born(29, 10), "CM", uci="90214468"),
        Person("child", "Tchoumi", "Maëlle", Born(4, 6), "CM", relationship="fille"),
        Person(
            "family_member",
            "Nkeng",
            "Patricia",
            Born(35, 2),
            "CM",
            uci="22871130",
            relationship="sœur, résidente permanente",
        ),
    ),
    government_files=(
        GovernmentFile(
            "CBSA",
            "other",
            FileNumber("LAC-{year}-1187"),
            person="Estelle",
            submitted_on=Day(-3),
            decided_on=Day(-3),
        ),
        GovernmentFile(
            "FC",
            "judicial_review",
            FileNumber("IMM-16204-{yy}"),
            person="Estelle",
            submitted_on=Day(-1),
        ),
    ),
    consents=(
        Consent(
            "Estelle",
            signed_by="self",
            signer_name="Estelle Tchoumi",
            signed_on=Day(-2),
            instrument="imm5476",
            covers_cbsa=True,
        ),
        Consent(
            "Maëlle",
            signed_by="parent",
            signer_name="Estelle Tchoumi",
            signed_on=Day(-2),
            covers_cbsa=True,
        ),
        Consent(
            "Patricia",
            signed_by="self",
            signer_name="Patricia Nkeng",
            signed_on=Day(-2),
            covers_cbsa=True,
        ),
    ),
    history=(
        *ACCEPTED,
        Step("escalate", target="CBSA", sent_on=Day(-1)),
        Note(
            AMINA,
            (
                "La sœur a obtenu une copie certifiée de sa confirmation de "
                "résidence permanente ; transmise à l'avocate."
            ),
        ),
        Note(
            DIRECTOR,
            (
                "CBSA Quebec Region agreed to review the eligibility decision; "
                "answer expected within 48 hours."
            ),
            internal=True,
        ),
    ),
)

BALOGH = Story(
    opened_by=DEV,
    kind="removal_deferral",
    summary=(
        "Mr Zoltán Balogh asks for help deferring his removal to Hungary, set for next "
        "month, so that he can finish a construction contract. His claim, appeal and "
        "application for leave were refused; he has no pending application and no "
        "children or medical condition."
    ),
    requested_action="Ask CBSA to defer removal by three months.",
    removal=Removal(
        removal_at=FromNow(days=30),
        location="Vancouver International Airport",
        destination="HU",
        order_type="deportation",
        cbsa_office="CBSA Pacific Region, Inland Enforcement",
    ),
    people=(Person("removal_subject", "Balogh", "Zoltán", Born(46, 3), "HU", uci="66103352"),),
    government_files=(
        GovernmentFile(
            "IRB",
            "refugee_claim",
            "VB4-01187",
            person="Zoltán",
            submitted_on=Day(-1100),
            decided_on=Day(-700),
        ),
        GovernmentFile(
            "FC",
            "judicial_review",
            FileNumber("IMM-2210-{yy}", years_ago=1),
            person="Zoltán",
            submitted_on=Day(-500),
            decided_on=Day(-420),
        ),
    ),
    consents=(
        Consent(
            "Zoltán",
            signed_by="self",
            signer_name="Zoltán Balogh",
            signed_on=Day(-15),
            covers_cbsa=True,
        ),
    ),
    history=(
        *REVIEWED,
        Step(
            "decline",
            (
                "Outside the channel: no child's best interests or medical "
                "condition, and no pending H&C or PRRA. Please refer Mr Balogh "
                "to legal aid for advice."
            ),
        ),
    ),
)

ROJAS = Story(
    opened_by=CHLOE,
    kind="border_intervention",
    summary=(
        "Ms Daniela Rojas Pérez and her son Samuel (9) were found ineligible under the "
        "Safe Third Country Agreement at the Peace Bridge although her uncle is a "
        "Canadian citizen living in Hamilton (family-member exception)."
    ),
    grounds="Family-member exception; best interests of the child.",
    requested_action="Ask CBSA to re-examine eligibility with the uncle's documents.",
    removal=Removal(
        location="Peace Bridge port of entry, Fort Erie",
        destination="US",
        order_type="exclusion",
        cbsa_office="CBSA Southern Ontario Region",
    ),
    people=(
        Person("removal_subject", "Rojas Pérez", "Daniela", Born(31, 2), "VE", uci="7322901184"),
        Person("child", "Rojas", "Samuel", Born(9, 7), "VE", relationship="son"),
        Person(
            "family_member",
            "Pérez Salas",
            "Julio",
            Born(58),
            "CA",
            relationship="uncle, Canadian citizen",
        ),
    ),
    government_files=(
        GovernmentFile("IRB", "refugee_claim", "TC6-22014", person="Daniela", submitted_on=Day(-2)),
    ),
    consents=(
        Consent(
            "Daniela",
            signed_by="self",
            signer_name="Daniela Rojas Pérez",
            signed_on=Day(-6),
            covers_cbsa=True,
        ),
        Consent(
            "Samuel",
            signed_by="parent",
            signer_name="Daniela Rojas Pérez",
            signed_on=Day(-6),
            covers_cbsa=True,
        ),
    ),
    history=(
        *REVIEWED,
        Step(
            "withdraw",
            (
                "CBSA re-examined the decision on its own and referred the "
                "claim to the RPD; no intervention needed."
            ),
            by=CHLOE,
        ),
    ),
)

HAILE = Story(
    opened_by=DEV,
    kind="removal_deferral",
    summary=(
        "Mr Dawit Haile, his wife and their two children (12 and 8) were to be removed "
        "to Ethiopia in November. The family's H&C application, filed five months ago, "
        "rests on the children's schooling and establishment in Surrey."
    ),
    grounds="Best interests of the children: mid-school-year removal; establishment.",
    requested_action="Ask CBSA to defer removal until the H&C decision.",
    removal=Removal(
        removal_at=NextYearAt(month=6, day=30, hour=10),
        location="Vancouver International Airport",
        destination="ET",
        order_type="deportation",
        cbsa_office="CBSA Pacific Region, Inland Enforcement",
    ),
    people=(
        Person("removal_subject", "Haile", "Dawit", Born(41, 4), "ET", uci="55219038"),
        Person(
            "family_member",
            "Gebremedhin",
            "Selam",
            Born(36, 8),
            "ET",
            uci="55219039",
            relationship="spouse",
        ),
        Person("child", "Haile", "Liya", Born(12, 2), "ET", relationship="daughter"),
        Person("child", "Haile", "Nahom", Born(8, 9), "ET", relationship="son"),
    ),
    government_files=(
        GovernmentFile(
            "IRB",
            "refugee_claim",
            "VB4-07702",
            person="Dawit",
            submitted_on=Day(-1200),
            decided_on=Day(-800),
        ),
        GovernmentFile("IRCC", "hc", "E345109872", person="Dawit", submitted_on=Day(-150)),
    ),
    consents=(
        Consent(
            "Dawit",
            signed_by="self",
            signer_name="Dawit Haile",
            signed_on=Day(-40),
            covers_cbsa=True,
            covers_ircc=True,
        ),
        Consent(
            "Liya",
            signed_by="parent",
            signer_name="Dawit Haile",
            signed_on=Day(-40),
            covers_cbsa=True,
        ),
        Consent(
            "Nahom",
            signed_by="parent",
            signer_name="Dawit Haile",
            signed_on=Day(-40),
            covers_cbsa=True,
        ),
    ),
    history=(
        *ACCEPTED,
        Step("escalate", target="CBSA", sent_on=Day(-30)),
        Step(
            "record_response",
            received_on=Day(-8),
            response=(
                "Removal deferred to 30 June so the children can finish the school year; "
                "CBSA declined to wait for the H&C decision."
            ),
        ),
        Note(
            DIRECTOR,
            "In April, ask IRCC whether the H&C can be decided before the new removal date.",
        ),
        Step("close", outcome="partial"),
    ),
)

DIALLO = Story(
    opened_by=BEN,
    kind="detention",
    summary=(
        "Mr Mamadou Diallo has been held at the Toronto Immigration Holding Centre for nine "
        "days because CBSA doubts his identity; his Guinean passport was lost when he fled. "
        "His two children, 6 and 9, are in school in Scarborough with their mother, who has "
        "an open work permit."
    ),
    grounds=(
        "Identity can be established by the birth certificates and the national ID card his "
        "wife holds; the children are directly affected; a bondsperson is ready."
    ),
    requested_action="Ask CBSA to consider release on conditions before the next review.",
    facts=Facts(
        (
            ("facility", "Toronto Immigration Holding Centre"),
            ("detained_since", Day(-9)),
            ("ground", "identity"),
            ("last_review_on", Day(-7)),
            ("next_review_on", Day(3)),
            ("cbsa_client_id", "7781-2046"),
            ("counsel_name", "Ruth Mensah, Harbourfront Refugee Legal Clinic"),
            ("counsel_phone", "416 555-0133"),
            ("counsel_email", "rmensah@example.org"),
        )
    ),
    people=(
        Person("removal_subject", "Diallo", "Mamadou", Born(38, 2), "GN", uci="60233419"),
        Person("child", "Diallo", "Aïssatou", Born(9, 4), "GN", relationship="daughter"),
        Person("child", "Diallo", "Ibrahima", Born(6, 1), "GN", relationship="son"),
    ),
    consents=(
        Consent(
            "Mamadou",
            signed_by="self",
            signer_name="Mamadou Diallo",
            signed_on=Day(-5),
            covers_cbsa=True,
        ),
    ),
    history=REVIEWED,
)
