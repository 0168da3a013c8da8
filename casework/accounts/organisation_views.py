"""Organisations, their people and invitations: the council's pages and the administrator's.

Every page fetches what it shows through a selector scoped to the viewer (404 for anything
outside it) and asks casework.accounts.rules before offering or doing anything (403).
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from casework.audit.models import Action

from . import rules, selectors, services
from .forms import (
    ApprovalForm,
    InvitationAcceptForm,
    InvitationForm,
    OrganisationApplicationForm,
    OrganisationFilterForm,
    OrganisationForm,
    ReasonForm,
    RoleForm,
)
from .models import Organisation, Role
from .throttling import over_limit, too_many_requests

ORGANISATION_PAGE_SIZE = 50


def _form_page(request, form, *, title, intro="", submit, back, status=None, **extra):
    """One form on a page of its own: accounts/form.html."""
    return render(
        request,
        "accounts/form.html",
        {"form": form, "title": title, "intro": intro, "submit": submit, "back": back, **extra},
        status=status or (400 if request.method == "POST" else 200),
    )


def _visible_organisation(request, pk: int) -> Organisation:
    return get_object_or_404(selectors.organisations_visible_to(request.user), pk=pk)


# The council's list and an organisation's page


@require_http_methods(["GET"])
def organisation_list(request):
    if not rules.can_manage_organisations(request.user):
        raise PermissionDenied
    form = OrganisationFilterForm(request.GET or None)
    page = Paginator(selectors.organisation_list(form.filters()), ORGANISATION_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/organisation_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_http_methods(["GET"])
def organisation_detail(request, pk):
    """Its details, people and open invitations; for council staff, its standing too."""
    user = request.user
    organisation = _visible_organisation(request, pk)
    members = [
        (member, rules.can_manage_member(user, member))
        for member in selectors.members_of(organisation)
    ]
    invitations = [
        (invitation, rules.can_manage_invitation(user, invitation))
        for invitation in selectors.invitations_open(organisation)
    ]
    context = {
        "organisation": organisation,
        "members": members,
        "invitations": invitations,
        "counts": selectors.case_counts(user, organisation),
        "can_invite": bool(rules.roles_to_invite(user, organisation)),
        "can_edit": rules.can_edit_organisation(user, organisation),
        "can_review": rules.can_review_application(user, organisation),
        "can_suspend": rules.can_suspend(user, organisation),
        "can_reactivate": rules.can_reactivate(user, organisation),
        "council_view": rules.can_manage_organisations(user),
    }
    if context["council_view"]:
        context["history"] = selectors.status_history(organisation)
    return render(request, "accounts/organisation_detail.html", context)


@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = _visible_organisation(request, pk)
    if not rules.can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation, actor=request.user, data=form.service_kwargs()
            )
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The organisation's details are saved."))
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    organisation.refresh_from_db()
    return _form_page(
        request,
        form,
        title=_("Edit %(organisation)s") % {"organisation": organisation},
        submit=_("Save"),
        back=reverse("accounts:organisation_detail", args=[organisation.pk]),
    )


@require_http_methods(["GET", "POST"])
@login_not_required
def organisation_apply(request):
    """A member organisation applies to join the council (public, or typed in by its staff).

    Throttled per address (CASEWORK["APPLICATIONS_PER_ADDRESS_PER_DAY"]), counted in the audit
    log: a robot cannot fill the council's list with applications.
    """
    form = OrganisationApplicationForm(request.POST or None)
    if request.method == "POST":
        if over_limit(
            request,
            Action.ORGANISATION_APPLIED,
            limit=settings.CASEWORK["APPLICATIONS_PER_ADDRESS_PER_DAY"],
            window=datetime.timedelta(days=1),
        ):
            return too_many_requests(request)
        if form.is_valid():
            actor = request.user if request.user.is_authenticated else None
            try:
                services.organisation_apply(actor=actor, **form.service_kwargs())
            except services.AccountError as error:
                form.add_error(None, str(error))
            else:
                return render(request, "accounts/application_received.html")
    return _form_page(
        request,
        form,
        title=_("Apply for membership"),
        intro=_(
            "A member organisation of the council refers cases through Casework. Tell the "
            "council about your organisation: once it approves the application, the contact "
            "person receives an invitation to open the organisation's administrator account."
        ),
        submit=_("Send the application"),
        back=reverse("login"),
    )


# Applications and standing


def _approve(request, organisation):
    user = request.user
    form = ApprovalForm(
        request.POST or None,
        initial={
            "admin_email": organisation.applicant_email,
            "admin_language": organisation.default_language,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            _organisation, invitation, token = services.organisation_approve(
                organisation=organisation, actor=user, **form.service_kwargs()
            )
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            sent = services.invitation_email_send(invitation=invitation, token=token)
            _report_sending(request, sent)
            messages.success(request, _("The organisation is now a member."))
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    return _form_page(
        request,
        form,
        title=_("Approve %(organisation)s") % {"organisation": organisation},
        intro=_("The organisation becomes a member and its administrator is invited."),
        submit=_("Approve and invite"),
        back=reverse("accounts:organisation_detail", args=[organisation.pk]),
    )


# The standing changes that need only a reason: (rule, service, title, button, done).
STANDING = {
    "decline": (
        rules.can_review_application,
        services.organisation_decline,
        gettext_lazy("Decline the application of %(organisation)s"),
        gettext_lazy("Decline the application"),
        gettext_lazy("The application was declined."),
    ),
    "suspend": (
        rules.can_suspend,
        services.organisation_suspend,
        gettext_lazy("Suspend %(organisation)s"),
        gettext_lazy("Suspend the organisation"),
        gettext_lazy(
            "The organisation is suspended: its people were signed out and can submit nothing."
        ),
    ),
    "reactivate": (
        rules.can_reactivate,
        services.organisation_reactivate,
        gettext_lazy("Reactivate %(organisation)s"),
        gettext_lazy("Reactivate the organisation"),
        gettext_lazy("The organisation is active again."),
    ),
}


@require_http_methods(["GET", "POST"])
def organisation_standing(request, pk, action):
    """Approve, decline, suspend or reactivate: a page each, a reason kept with each."""
    organisation = _visible_organisation(request, pk)
    if action == "approve":
        if not rules.can_review_application(request.user, organisation):
            raise PermissionDenied
        return _approve(request, organisation)
    if action not in STANDING:
        raise Http404
    rule, service, title, button, done = STANDING[action]
    if not rule(request.user, organisation):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(organisation=organisation, actor=request.user, **form.service_kwargs())
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    return _form_page(
        request,
        form,
        title=title % {"organisation": organisation},
        submit=button,
        back=reverse("accounts:organisation_detail", args=[organisation.pk]),
        danger=action != "reactivate",
    )


# Invitations


def _report_sending(request, sent: bool) -> None:
    if not sent:
        messages.error(
            request,
            _(
                "The invitation is saved but its e-mail could not be sent: the mail server "
                "refused it. Send it again from the organisation's page."
            ),
        )


@require_http_methods(["GET", "POST"])
def organisation_invite(request, pk):
    organisation = _visible_organisation(request, pk)
    roles = rules.roles_to_invite(request.user, organisation)
    if not roles:
        raise PermissionDenied
    form = InvitationForm(
        request.POST or None,
        roles=roles,
        initial={"role": roles[0], "language": organisation.default_language},
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation, token = services.invitation_create(
                actor=request.user, organisation=organisation, **form.service_kwargs()
            )
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            sent = services.invitation_email_send(invitation=invitation, token=token)
            _report_sending(request, sent)
            if sent:
                messages.success(request, _("The invitation was sent."))
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    return _form_page(
        request,
        form,
        title=_("Invite someone to %(organisation)s") % {"organisation": organisation},
        intro=_("They receive a link to open their account, which works once, for %(days)s days.")
        % {"days": settings.CASEWORK["INVITATION_DAYS"]},
        submit=_("Send the invitation"),
        back=reverse("accounts:organisation_detail", args=[organisation.pk]),
    )


def _managed_invitation(request, pk):
    invitation = selectors.invitation_visible_to(request.user, pk)
    if invitation is None:
        raise Http404
    if not rules.can_manage_invitation(request.user, invitation):
        raise PermissionDenied
    return invitation


@require_POST
def invitation_resend(request, pk):
    invitation, token = services.invitation_resend(
        actor=request.user, invitation=_managed_invitation(request, pk)
    )
    sent = services.invitation_email_send(invitation=invitation, token=token)
    _report_sending(request, sent)
    if sent:
        messages.success(request, _("The invitation was sent again, with a new link."))
    return redirect("accounts:organisation_detail", pk=invitation.organisation_id)


@require_POST
def invitation_revoke(request, pk):
    invitation = services.invitation_revoke(
        actor=request.user, invitation=_managed_invitation(request, pk)
    )
    messages.success(request, _("The invitation was withdrawn: its link no longer works."))
    return redirect("accounts:organisation_detail", pk=invitation.organisation_id)


@require_http_methods(["GET", "POST"])
@login_not_required
def invitation_accept(request, token):
    """Open the invited account. A link that no longer works says why (410; 404 if unknown)."""
    invitation = selectors.invitation_for_token(token)
    refusal = services.invitation_refusal(invitation)
    if refusal:
        services.invitation_record_refusal(invitation=invitation)
        return render(
            request,
            "accounts/invitation_refused.html",
            {"refusal": refusal},
            status=404 if invitation is None else 410,
        )
    form = InvitationAcceptForm(
        request.POST or None,
        initial={"language": invitation.language, "time_zone": settings.TIME_ZONE},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(invitation=invitation, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your account is open: sign in with your new password."))
            return redirect("login")
    return render(
        request,
        "accounts/invitation_accept.html",
        {
            "form": form,
            "organisation": invitation.organisation,
            "role": Role(invitation.role).label,
            "email": invitation.email,
        },
        status=400 if request.method == "POST" else 200,
    )


# One account


def _visible_member(request, pk):
    member = selectors.member_visible_to(request.user, pk)
    if member is None:
        raise Http404
    return member


@require_http_methods(["GET", "POST"])
def member_detail(request, pk):
    """An account of an organisation one looks after: its role, and whether it may sign in."""
    user = request.user
    member = _visible_member(request, pk)
    roles = rules.roles_to_give(user, member) if member.is_active else []
    form = RoleForm(request.POST or None, roles=roles, initial={"role": member.role})
    if request.method == "POST":
        if not roles:
            raise PermissionDenied
        if form.is_valid():
            services.member_set_role(actor=user, member=member, **form.service_kwargs())
            messages.success(
                request,
                _("%(name)s is now: %(role)s.")
                % {"name": member.display_name, "role": member.membership.get_role_display()},
            )
            return redirect("accounts:organisation_detail", pk=member.organisation.pk)
    return render(
        request,
        "accounts/member.html",
        {
            "member": member,
            "form": form if roles else None,
            "can_deactivate": rules.can_deactivate(user, member),
            "can_reactivate": rules.can_reactivate_member(user, member),
        },
        status=400 if request.method == "POST" else 200,
    )


def _member_action(service, rule, message):
    @require_POST
    def view(request, pk):
        member = _visible_member(request, pk)
        if not rule(request.user, member):
            raise PermissionDenied
        service(actor=request.user, member=member)
        messages.success(request, message % {"name": member.display_name})
        return redirect("accounts:organisation_detail", pk=member.organisation.pk)

    return view


member_deactivate = _member_action(
    services.member_deactivate,
    rules.can_deactivate,
    gettext_lazy(
        "%(name)s can no longer sign in. Their history stays, and their open tasks went back "
        "to the queue."
    ),
)
member_reactivate = _member_action(
    services.member_reactivate,
    rules.can_reactivate_member,
    gettext_lazy("%(name)s can sign in again."),
)
