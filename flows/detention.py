from django.utils.translation import gettext_lazy as _
from viewflow.workflow import flow

from .lifecycle import CaseLifecycle


class DetentionFlow(CaseLifecycle, flow.Flow):
    """Immigration detention

    People held in immigration detention, with their detention-review hearings as deadlines,
    raised with CBSA.
    """

    process_title = _("Immigration detention")
