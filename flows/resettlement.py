from django.utils.translation import gettext_lazy as _
from viewflow.workflow import flow

from .lifecycle import CaseLifecycle


class ResettlementReferralFlow(CaseLifecycle, flow.Flow):
    """Humanitarian or resettlement referral

    People abroad referred for resettlement or a humanitarian programme through a referral
    partner (e.g. Afghans referred through IRCC's referral partners), raised with IRCC.
    """

    process_title = _("Humanitarian or resettlement referral")
