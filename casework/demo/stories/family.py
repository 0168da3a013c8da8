"""Cases for IRCC's Case Management Branch: children excluded from family reunification under
R.117(9)(d), and separated children at risk."""

from ..organisations import AMINA, BEN, DEV, DIRECTOR, STAFF
from ..schema import (
    ACCEPTED,
    REVIEWED,
    Assign,
    Born,
    BornInYear,
    Consent,
    Day,
    Facts,
    FileNumber,
    GovernmentFile,
    Note,
    Person,
    Step,
    Story,
)

MUKENDI = Story(
    opened_by=AMINA,
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
    people=(
        Person(
            "sponsor",
            "Mukendi",
            "Grâce",
            Born(38, 4),
            "CD",
            uci="10934417",
            relationship="mère",
        ),
        Person(
            "excluded_member",
            "Mukendi Ilunga",
            "Josué",
            Born(11, 2),
            "CD",
            relationship="fils, non déclaré",
        ),
        Person(
            "caregiver",
            "Mbuyi",
            "Thérèse",
            BornInYear(71),
            "CD",
            relationship="grand-tante maternelle",
        ),
    ),
    government_files=(
        GovernmentFile(
            "IRCC",
            "other",
            "E004417823",
            person="Grâce",
            submitted_on=Day(-2400),
            decided_on=Day(-1800),
        ),
    ),
    consents=(
        Consent(
            "Grâce",
            signed_by="self",
            signer_name="Grâce Mukendi",
            signed_on=Day(-5),
            covers_ircc=True,
        ),
    ),
    history=(Note(AMINA, "Attestation de la Croix-Rouge reçue ; traduction certifiée en cours."),),
)

TESFAYE = Story(
    opened_by=BEN,
    kind="family_reunification",
    facts=Facts(
        (
            ("sponsor_pr_on", Day(-2200)),
            ("sponsor_category", "resettled_refugee"),
            ("declared", "no"),
            ("examined", "no"),
            ("relationship", "daughter"),
            ("child_country", "ET"),
            ("visa_office", "Nairobi"),
            ("applied_on", Day(-700)),
            ("dna_offered", True),
            ("other_parent_consent", "not_needed"),
        )
    ),
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
    people=(
        Person(
            "sponsor",
            "Tesfaye",
            "Abrehet",
            Born(34, 7),
            "ER",
            uci="1120394471",
            relationship="mother",
        ),
        Person(
            "excluded_member",
            "Tesfaye",
            "Luwam",
            Born(8, 3),
            "ER",
            relationship="daughter, born before landing, not declared",
        ),
        Person(
            "caregiver",
            "Gebre",
            "Mebrat",
            BornInYear(68),
            "ER",
            relationship="maternal grandmother",
        ),
    ),
    government_files=(
        GovernmentFile(
            "IRCC",
            "sponsorship",
            "F312004587",
            person="Luwam",
            submitted_on=Day(-700),
            decided_on=Day(-320),
        ),
    ),
    consents=(
        Consent(
            "Abrehet",
            signed_by="self",
            signer_name="Abrehet Tesfaye",
            signed_on=Day(-12),
            instrument="imm5475",
            covers_ircc=True,
        ),
        Consent(
            "Luwam",
            signed_by="parent",
            signer_name="Abrehet Tesfaye",
            signed_on=Day(-12),
            covers_ircc=True,
        ),
    ),
    history=(Step("submit"),),
)

HAIDARI = Story(
    opened_by=DEV,
    kind="family_reunification",
    facts=Facts(
        (
            ("sponsor_pr_on", Day(-1800)),
            ("sponsor_category", "protected_person"),
            ("declared", "no"),
            ("examined", "no"),
            ("relationship", "son and daughter"),
            ("child_country", "PK"),
            ("visa_office", "Islamabad"),
            ("other_parent_consent", "refused"),
        )
    ),
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
    people=(
        Person(
            "sponsor",
            "Haidari",
            "Zahra",
            Born(41, 1),
            "AF",
            uci="11872290",
            relationship="mother",
        ),
        Person(
            "excluded_member",
            "Haidari",
            "Sohail",
            Born(17, 8),
            "AF",
            relationship="son, not declared",
        ),
        Person(
            "excluded_member",
            "Haidari",
            "Mursal",
            Born(14, 5),
            "AF",
            relationship="daughter, not declared",
        ),
    ),
    government_files=(
        GovernmentFile(
            "IRCC",
            "other",
            "E102938475",
            person="Zahra",
            submitted_on=Day(-2100),
            decided_on=Day(-1700),
        ),
        GovernmentFile("IRCC", "hc", "E220471963", person="Sohail", submitted_on=Day(-95)),
    ),
    consents=(
        Consent(
            "Zahra",
            signed_by="self",
            signer_name="Zahra Haidari",
            signed_on=Day(-20),
            instrument="imm5475",
            covers_ircc=True,
        ),
        Consent(
            "Sohail",
            signed_by="parent",
            signer_name="Zahra Haidari",
            signed_on=Day(-20),
            covers_ircc=True,
        ),
        Consent(
            "Mursal",
            signed_by="parent",
            signer_name="Zahra Haidari",
            signed_on=Day(-20),
            covers_ircc=True,
        ),
    ),
    history=(
        Step("submit"),
        Assign(to=STAFF, by=DIRECTOR),
        Step("start_review", by=STAFF),
        Note(
            STAFF,
            (
                "Pilot eligibility: the sponsor became PR as a protected person, "
                "but the public policy window closed in September. Check with "
                "IRCC whether it will be renewed before advising."
            ),
            internal=True,
        ),
    ),
)

JOSEPH = Story(
    opened_by=AMINA,
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
    people=(
        Person(
            "sponsor",
            "Joseph",
            "Marie-Carmel",
            Born(36, 9),
            "HT",
            uci="5510238841",
            relationship="mère",
        ),
        Person(
            "excluded_member",
            "Joseph",
            "Woodley",
            Born(13, 1),
            "HT",
            relationship="fils, non déclaré",
        ),
        Person("other_parent", "Pierre", "Jean-Robert", BornInYear(40), "HT", relationship="père"),
    ),
    government_files=(
        GovernmentFile(
            "IRCC",
            "sponsorship",
            "F998102347",
            person="Woodley",
            submitted_on=Day(-520),
            decided_on=Day(-150),
        ),
    ),
    consents=(
        Consent(
            "Marie-Carmel",
            signed_by="self",
            signer_name="Marie-Carmel Joseph",
            signed_on=Day(-30),
            instrument="imm5475",
            covers_ircc=True,
        ),
    ),
    history=(
        *REVIEWED,
        Note(
            DIRECTOR,
            (
                "Strong best-interests facts. Without the father's consent "
                "IRCC will stall: ask for it before escalating."
            ),
            internal=True,
        ),
        Step(
            "request_info",
            (
                "Merci de joindre le consentement du père ou une "
                "ordonnance de garde, et d'indiquer si un test d'ADN a été "
                "offert."
            ),
        ),
    ),
)

ABDI = Story(
    opened_by=BEN,
    kind="separated_child",
    facts=Facts(
        (
            ("country", "KE"),
            ("whereabouts", "Dadaab refugee camp"),
            ("living_with", "a neighbour's family, who are leaving the camp"),
            ("risk_no_caregiver", True),
            ("risk_marriage_or_labour", True),
            ("unhcr_registered", "yes"),
            ("unhcr_number", "DAD-17-48213"),
        )
    ),
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
    people=(
        Person("child", "Abdi", "Hodan", Born(15, 6), "SO", relationship="separated child"),
        Person(
            "family_member",
            "Abdi",
            "Mahad",
            Born(24, 2),
            "SO",
            uci="4311882056",
            relationship="brother, protected person in Toronto",
        ),
        Person(
            "caregiver",
            "Warsame",
            "Halima",
            BornInYear(52),
            "SO",
            relationship="neighbour in the camp",
        ),
    ),
    government_files=(
        GovernmentFile(
            "IRB",
            "refugee_claim",
            "TC2-04417",
            person="Mahad",
            submitted_on=Day(-1300),
            decided_on=Day(-1000),
        ),
        GovernmentFile("IRCC", "hc", "E318820467", person="Hodan", submitted_on=Day(-60)),
    ),
    consents=(
        Consent(
            "Mahad",
            signed_by="self",
            signer_name="Mahad Abdi",
            signed_on=Day(-25),
            instrument="imm5475",
            covers_ircc=True,
        ),
        Consent(
            "Hodan",
            signed_by="guardian",
            signer_name="Halima Warsame",
            signed_on=Day(-22),
            covers_ircc=True,
        ),
    ),
    history=(
        *ACCEPTED,
        Note(
            DIRECTOR,
            (
                "Accepted for referral to IRCC. Please send UNHCR's best "
                "interests determination as soon as you receive it."
            ),
        ),
    ),
)

AL_KHATIB = Story(
    opened_by=DEV,
    kind="family_reunification",
    facts=Facts(
        (
            ("sponsor_pr_on", Day(-3300)),
            ("sponsor_category", "resettled_refugee"),
            ("declared", "no"),
            ("examined", "no"),
            ("relationship", "son"),
            ("child_country", "TR"),
            ("visa_office", "Ankara"),
            ("applied_on", Day(-420)),
            ("dna_offered", True),
            ("other_parent_consent", "not_needed"),
        )
    ),
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
    people=(
        Person(
            "sponsor",
            "Al-Khatib",
            "Rania",
            Born(39, 3),
            "SY",
            uci="22105567",
            relationship="mother",
        ),
        Person(
            "excluded_member",
            "Al-Khatib",
            "Yousef",
            Born(10, 1),
            "SY",
            relationship="son, not declared",
        ),
    ),
    government_files=(
        GovernmentFile(
            "IRCC",
            "sponsorship",
            "F405571234",
            person="Yousef",
            submitted_on=Day(-800),
            decided_on=Day(-410),
        ),
        GovernmentFile("IRCC", "hc", "E771203456", person="Yousef", submitted_on=Day(-200)),
    ),
    consents=(
        Consent(
            "Rania",
            signed_by="self",
            signer_name="Rania Al-Khatib",
            signed_on=Day(-45),
            instrument="imm5475",
            covers_ircc=True,
        ),
        Consent(
            "Yousef",
            signed_by="parent",
            signer_name="Rania Al-Khatib",
            signed_on=Day(-45),
            covers_ircc=True,
        ),
    ),
    history=(
        *ACCEPTED,
        Step(
            "escalate",
            target="IRCC",
            sent_on=Day(-6),
            government_reference=FileNumber("CMB-{year}-0417"),
        ),
        Note(DIRECTOR, "Briefing sent to the CMB liaison; call set for next week.", internal=True),
    ),
)

NDAYISHIMIYE = Story(
    opened_by=AMINA,
    kind="separated_child",
    facts=Facts(
        (
            ("country", "TZ"),
            ("whereabouts", "Nduta"),
            ("living_with", "sa mère et sa sœur"),
            ("risk_medical", True),
            ("unhcr_registered", "yes"),
        )
    ),
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
    people=(
        Person(
            "child",
            "Ndayishimiye",
            "Éric",
            Born(16, 3),
            "BI",
            uci="7730126645",
            relationship="enfant séparé, personne protégée",
        ),
        Person("family_member", "Niyonzima", "Claudine", Born(43), "BI", relationship="mère"),
        Person("family_member", "Ndayishimiye", "Ange", Born(10, 5), "BI", relationship="sœur"),
    ),
    government_files=(
        GovernmentFile(
            "IRB",
            "refugee_claim",
            "MC5-11873",
            person="Éric",
            submitted_on=Day(-600),
            decided_on=Day(-300),
        ),
        GovernmentFile("IRCC", "hc", "E662019384", person="Claudine", submitted_on=Day(-150)),
    ),
    consents=(
        Consent(
            "Éric",
            signed_by="guardian",
            signer_name="DPJ de Montréal (tutelle)",
            signed_on=Day(-90),
            covers_ircc=True,
        ),
        Consent(
            "Claudine",
            signed_by="self",
            signer_name="Claudine Niyonzima",
            signed_on=Day(-80),
            instrument="imm5475",
            covers_ircc=True,
        ),
    ),
    history=(
        *ACCEPTED,
        Step(
            "escalate",
            target="IRCC",
            sent_on=Day(-40),
            government_reference=FileNumber("CMB-{year}-0352"),
        ),
        Step(
            "record_response",
            received_on=Day(-5),
            response=(
                "CMB confirms priority processing of both H&C applications. Interviews "
                "at the Nairobi visa office will be scheduled; DNA testing offered to "
                "establish the relationships."
            ),
        ),
        Note(
            DIRECTOR,
            "IRCC has prioritised the file. We keep it open until the interviews are scheduled.",
        ),
    ),
)

OKAFOR = Story(
    opened_by=BEN,
    kind="family_reunification",
    summary=(
        "Mr Chinedu Okafor, a protected person, became a permanent resident in 2020. His "
        "daughter Adaeze was born in Lagos while his application was pending and was not "
        "declared on the advice of an unlicensed consultant. Adaeze's mother died in "
        "2024; the child (7) lives with a maternal aunt who cannot keep her."
    ),
    grounds="Best interests of the child; no parent left in Nigeria; bad advice.",
    requested_action="Ask CMB to grant an H&C exemption from R.117(9)(d).",
    people=(
        Person(
            "sponsor",
            "Okafor",
            "Chinedu",
            Born(45, 2),
            "NG",
            uci="33028815",
            relationship="father",
        ),
        Person(
            "excluded_member",
            "Okafor",
            "Adaeze",
            Born(7, 4),
            "NG",
            relationship="daughter, not declared",
        ),
    ),
    government_files=(
        GovernmentFile(
            "IRCC",
            "sponsorship",
            "F227890431",
            person="Adaeze",
            submitted_on=Day(-900),
            decided_on=Day(-500),
        ),
        GovernmentFile(
            "IRCC",
            "hc",
            "E553010298",
            person="Adaeze",
            submitted_on=Day(-300),
            decided_on=Day(-10),
        ),
    ),
    consents=(
        Consent(
            "Chinedu",
            signed_by="self",
            signer_name="Chinedu Okafor",
            signed_on=Day(-160),
            instrument="imm5475",
            covers_ircc=True,
        ),
        Consent(
            "Adaeze",
            signed_by="parent",
            signer_name="Chinedu Okafor",
            signed_on=Day(-160),
            covers_ircc=True,
        ),
    ),
    history=(
        *ACCEPTED,
        Step(
            "escalate",
            target="IRCC",
            sent_on=Day(-120),
            government_reference=FileNumber("CMB-{year}-0198"),
        ),
        Step(
            "record_response",
            received_on=Day(-75),
            response="CMB asked for DNA results and the death certificate of the child's mother.",
        ),
        Step("follow_up", "DNA results and a certified death certificate sent to CMB."),
        Step(
            "record_response",
            received_on=Day(-10),
            response=(
                "H&C exemption approved in principle; the Lagos visa office will request "
                "a medical examination."
            ),
        ),
        Step("close", outcome="favourable"),
    ),
)

JOSEPH_IN_TORONTO = Story(
    opened_by=BEN,
    kind="family_reunification",
    summary=(
        "Ms Marie-Carmel Joseph moved from Montréal to Toronto in September and asked the "
        "clinic for help with her son Woodley (13), who was never declared and is still "
        "in Haiti. She says an organisation in Montréal may have helped her before."
    ),
    grounds="Best interests of the child: gang recruitment of teenagers near his home.",
    requested_action="Ask CMB for a priority H&C review for Woodley.",
    people=(
        Person("sponsor", "JOSEPH", "Marie Carmel", Born(36, 9), "HT", uci="5510238841"),
        Person("excluded_member", "Joseph", "Woodley", Born(13, 1), "HT", relationship="son"),
    ),
    government_files=(),
    consents=(
        Consent(
            "Marie Carmel",
            signed_by="self",
            signer_name="Marie-Carmel Joseph",
            signed_on=Day(-3),
            instrument="imm5475",
            covers_ircc=True,
        ),
    ),
    history=(Step("submit"),),
)

AZIZI = Story(
    opened_by=DEV,
    kind="resettlement_referral",
    summary=(
        "Ms Farzana Azizi was a family-court judge in Kabul. She has lived in hiding in "
        "Islamabad since 2022 with her two daughters; her Pakistani visa expired and she has "
        "been told to leave. A designated referral partner referred her to IRCC's "
        "humanitarian programme two months ago; her brother in Surrey will support the family."
    ),
    grounds=(
        "Targeted by the Taliban for her rulings in divorce and custody cases; risk of "
        "deportation to Afghanistan; two girls who cannot attend school there."
    ),
    requested_action="Ask IRCC to process the referral on priority, before any deportation.",
    facts=Facts(
        (
            ("referral_partner", "Front Line Defenders"),
            ("referred_on", Day(-60)),
            ("residence_country", "PK"),
            ("protection_need", "women_girls"),
            ("protection_details", "Former judge, named on a Taliban list; visa expired."),
        )
    ),
    people=(
        Person("family_member", "Azizi", "Farzana", Born(44, 5), "AF", relationship="referred"),
        Person("child", "Azizi", "Mahsa", Born(15, 2), "AF", relationship="daughter"),
        Person("child", "Azizi", "Nilofar", Born(11, 9), "AF", relationship="daughter"),
    ),
    consents=(
        Consent(
            "Farzana",
            signed_by="self",
            signer_name="Farzana Azizi",
            signed_on=Day(-30),
            covers_ircc=True,
        ),
    ),
    history=ACCEPTED,
)

SANTOS = Story(
    opened_by=BEN,
    kind="family_reunification",
    summary=(
        "Ms Lucia Santos came to Canada as a skilled worker in 2015 and did not declare her "
        "daughter Camila, then 10, who lived with her father in São Paulo: a consultant said "
        "she did not need to. The father died last year. Camila turns 22 in four months and "
        "then stops being a dependent child."
    ),
    grounds=(
        "Best interests of the child while she is still one; no family left in Brazil; the "
        "non-disclosure came from a consultant's advice. The pilot public policy does not "
        "cover economic-class sponsors: H&C is the only way."
    ),
    requested_action="Ask CMB to receive an H&C application for Camila before she turns 22.",
    facts=Facts(
        (
            ("sponsor_pr_on", Day(-4000)),
            ("sponsor_category", "other"),
            ("declared", "no"),
            ("examined", "no"),
            ("relationship", "daughter"),
            ("child_country", "BR"),
            ("visa_office", "São Paulo"),
            ("other_parent_consent", "not_needed"),
        )
    ),
    people=(
        Person("sponsor", "Santos", "Lucia", Born(47, 3), "BR", uci="44102987"),
        Person(
            "excluded_member",
            "Santos",
            "Camila",
            Born(21, 8),
            "BR",
            relationship="daughter, not declared",
        ),
    ),
    consents=(
        Consent(
            "Lucia",
            signed_by="self",
            signer_name="Lucia Santos",
            signed_on=Day(-9),
            covers_ircc=True,
        ),
    ),
    history=(Step("submit"),),
)
