from casework.cases.models import Case

from .family_reunification import FamilyReunificationFlow
from .removal import RemovalFlow


def flow_for(case: Case):
    return RemovalFlow if case.is_removal else FamilyReunificationFlow
