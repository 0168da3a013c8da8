"""What the council asks the agency for, and on what legal basis, by kind of case.

The officer reading a briefing needs the request in one sentence and the law it rests on,
without phoning anyone (issue 15). Sources: ../shared/domain/brief.md, sections 1-2 (S3-S7,
S11-S17, S23-S24). The member's own words (Case.requested_action) follow, as written.
"""

from django.utils.translation import gettext_lazy as _

from casework.cases.facts import ExclusionFacts, Facts
from casework.cases.models import Kind

ASKS = {
    Kind.FAMILY_REUNIFICATION: _(
        "Consider the excluded family member for permanent residence despite R.117(9)(d): "
        "under the public policy for excluded family members where it applies, otherwise by "
        "an exemption on humanitarian and compassionate grounds that weighs the best interests "
        "of the child."
    ),
    Kind.SEPARATED_CHILD: _(
        "Process the separated child's case as urgent and vulnerable, and issue a temporary "
        "resident permit if the child cannot wait safely."
    ),
    Kind.REMOVAL_DEFERRAL: _(
        "Defer the removal until the pending application is decided, so that the best "
        "interests of the children directly affected are weighed before removal."
    ),
    Kind.BORDER_INTERVENTION: _(
        "Re-examine the person's eligibility to claim refugee protection under the exception "
        "to the Safe Third Country Agreement that was claimed, before any return to the "
        "United States."
    ),
    Kind.DETENTION: _(
        "Release the person from detention, on conditions if need be, or consider the "
        "alternatives to detention before the next detention review."
    ),
    Kind.RESETTLEMENT_REFERRAL: _(
        "Consider the referral for resettlement to Canada and process it as a priority, given "
        "the protection need described."
    ),
}

LEGAL_BASIS = {
    Kind.FAMILY_REUNIFICATION: [
        _(
            "IRPR s.117(9)(d): family member not examined when the sponsor became a permanent "
            "resident (lifetime exclusion from the family class)."
        ),
        _(
            "IRPA s.25(1): exemption on humanitarian and compassionate grounds; the best "
            "interests of the child must be genuinely weighed (Sultana v. Canada, 2009 FC 533)."
        ),
    ],  # fmt: skip
    Kind.SEPARATED_CHILD: [
        _(
            "IRPA s.25(1): humanitarian and compassionate grounds, best interests of the child; "
            "separated children in Canada cannot include family members abroad otherwise."
        ),
        _(
            "IRPA s.24: temporary resident permit; IRCC treats separated minors abroad as "
            "vulnerable cases to expedite."
        ),
    ],  # fmt: skip
    Kind.REMOVAL_DEFERRAL: [
        _(
            "IRPA s.48(2): a removal order is enforced as soon as possible, within the removals "
            "officer's discretion to defer (Baron v. Canada, 2009 FCA 81)."
        ),
        _(
            "IRPA s.25(1): a pending humanitarian and compassionate application in which the "
            "best interests of a child directly affected must be weighed."
        ),
        _("IRPR s.232: a PRRA application made within the time limit stays the removal."),
    ],  # fmt: skip
    Kind.BORDER_INTERVENTION: [
        _(
            "IRPA s.101(1)(e) and the Safe Third Country Agreement: ineligibility of claims made "
            "at the land border."
        ),
        _(
            "IRPR ss.159.5-159.6: exceptions for family members in Canada, unaccompanied minors, "
            "document holders and the public interest; the claimant bears the burden."
        ),
    ],  # fmt: skip
    Kind.DETENTION: [
        _(
            "IRPA ss.55 and 58: detention only on the grounds the Act sets out (danger, flight "
            "risk, identity); release unless one of them is made out."
        ),
        _(
            "IRPA s.57: reviews within 48 hours, within the following 7 days, then at least "
            "every 30 days."
        ),
        _(
            "IRPR s.248 and IRPA s.60: alternatives to detention must be considered; a minor "
            "child is detained only as a last resort, in the child's best interests."
        ),
    ],  # fmt: skip
    Kind.RESETTLEMENT_REFERRAL: [
        _("IRPR ss.139 and 144-147: Convention refugees abroad and the country of asylum class."),
        _("IRPR s.140.3: a referral by UNHCR or by a referral organisation."),
        _(
            "IRPA s.25.2: public policies such as the humanitarian programme for Afghans "
            "referred by IRCC's designated referral partners."
        ),
    ],  # fmt: skip
}

PILOT_BASIS = _(
    "Public policy to facilitate the immigration of certain sponsored foreign nationals "
    "excluded under R.117(9)(d) (in force since 9 September 2019): the sponsor's category is "
    "covered."
)


def legal_basis(kind: str, facts: Facts | None, *, today) -> list:
    """The legal basis of the request; the pilot public policy first when it covers the case."""
    basis = list(LEGAL_BASIS[kind])
    if isinstance(facts, ExclusionFacts) and facts.pilot(today).eligible:
        basis.insert(1, PILOT_BASIS)
    return basis
