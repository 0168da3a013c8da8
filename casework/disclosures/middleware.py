from django.http import Http404
from django.shortcuts import redirect

from . import rules


class AgencyPortalMiddleware:
    """A government contact reaches the disclosure portal and their own account, nothing else.

    Deny by default: every other page (a case, its notes, history, people, documents,
    briefings, the lists, tasks, exports, whatever is added later) answers 404 to them, as to
    an outsider. Today, where signing in leads, and the dashboard send them to the portal instead.
    Public pages (signing in, password reset) stay as they are for everyone.
    """

    OPEN = frozenset(
        {
            "logout",
            "set_language",
            "account_settings",
            "password_change",
            "password_change_done",
            "second_factor_enrol",
            "second_factor_verify",
        }
    )

    # Where signing in leads (Today) and the dashboard: the portal instead.
    LANDING = frozenset({"reports:today", "reports:dashboard"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not rules.reads_disclosures_only(request.user):
            return None
        match = request.resolver_match
        if match.namespace == "disclosures" or match.view_name in self.OPEN:
            return None
        if not getattr(view_func, "login_required", True):  # a public page
            return None
        if match.view_name in self.LANDING:
            return redirect("disclosures:list")
        raise Http404
