"""Organisations, their people and invitations; mounted at accounts/ (see casework/urls.py)."""

from django.urls import path

from . import organisation_views as views

app_name = "accounts"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/apply/", views.organisation_apply, name="organisation_apply"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/invite/", views.organisation_invite, name="organisation_invite"),
    # approve, decline, suspend, reactivate
    path(
        "organisations/<int:pk>/<str:action>/",
        views.organisation_standing,
        name="organisation_standing",
    ),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/deactivate/", views.member_deactivate, name="member_deactivate"),
    path("members/<int:pk>/reactivate/", views.member_reactivate, name="member_reactivate"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    # The token is the only thing in the link: no address, no name, no organisation.
    path("join/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
