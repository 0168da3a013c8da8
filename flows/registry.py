from casework.cases.models import Case, Kind

from .detention import DetentionFlow
from .family_reunification import FamilyReunificationFlow
from .removal import RemovalFlow
from .resettlement import ResettlementReferralFlow

FLOWS = {
    Kind.FAMILY_REUNIFICATION: FamilyReunificationFlow,
    Kind.SEPARATED_CHILD: FamilyReunificationFlow,
    Kind.REMOVAL_DEFERRAL: RemovalFlow,
    Kind.BORDER_INTERVENTION: RemovalFlow,
    Kind.DETENTION: DetentionFlow,
    Kind.RESETTLEMENT_REFERRAL: ResettlementReferralFlow,
}


def flow_for(case: Case):
    return FLOWS[case.kind]
