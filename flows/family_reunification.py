from django.utils.translation import gettext_lazy as _
from viewflow.workflow import flow

from .lifecycle import CaseLifecycle


class FamilyReunificationFlow(CaseLifecycle, flow.Flow):
    """Family reunification

    R.117(9)(d) exclusions involving children and separated children at risk, referred to
    IRCC's Case Management Branch.
    """

    process_title = _("Family reunification")
