from django.utils.translation import gettext_lazy as _
from viewflow.workflow import flow

from .lifecycle import CaseLifecycle


class RemovalFlow(CaseLifecycle, flow.Flow):
    """Removal

    Refused claimants facing removal before a humanitarian application is decided, and urgent
    border interventions, raised with CBSA.
    """

    process_title = _("Removal")
