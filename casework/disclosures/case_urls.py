"""A case's ledger, mounted at cases/<reference>/disclosures/ (see casework/urls.py)."""

from django.urls import path

from . import escalation_views, views

app_name = "case_disclosures"

urlpatterns = [
    path("", views.case_ledger, name="ledger"),
    path("<int:pk>/revoke/", views.case_revoke, name="revoke"),
    path("escalations/new/", escalation_views.escalation_add, name="escalation_add"),
    path(
        "escalations/<int:pk>/response/",
        escalation_views.escalation_respond,
        name="escalation_respond",
    ),
    path("<int:pk>/send/", views.case_send_again, name="send_again"),
]
