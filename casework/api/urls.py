"""/api/: version 1 of the REST API, its OpenAPI schema and its documentation."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import disclosures, views

REF = "cases/<str:reference>"

v1 = [
    path("cases/", views.CaseListView.as_view(), name="cases"),
    path(f"{REF}/", views.CaseDetailView.as_view(), name="case"),
    path(f"{REF}/transitions/<str:name>/", views.CaseTransitionView.as_view(), name="transition"),
    path(f"{REF}/people/", views.CasePeopleView.as_view(), name="people"),
    path(f"{REF}/government-files/", views.CaseGovernmentFilesView.as_view(), name="files"),
    path(f"{REF}/consents/", views.CaseConsentsView.as_view(), name="consents"),
    path(f"{REF}/documents/", views.CaseDocumentsView.as_view(), name="documents"),
    path(
        f"{REF}/documents/<int:document_id>/",
        views.DocumentDownloadView.as_view(),
        name="document",
    ),
    path(f"{REF}/notes/", views.CaseNotesView.as_view(), name="notes"),
    path(f"{REF}/briefings/", views.CaseBriefingsView.as_view(), name="briefings"),
    path(f"{REF}/briefings/<int:number>/", views.BriefingDownloadView.as_view(), name="briefing"),
    path("tasks/", views.TasksView.as_view(), name="tasks"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    # A government contact's: their agency's disclosures, and their response to an escalation
    path("disclosures/", disclosures.DisclosuresView.as_view(), name="disclosures"),
    path("disclosures/<int:pk>/", disclosures.DisclosureView.as_view(), name="disclosure"),
    path(
        "disclosures/<int:pk>/response/",
        disclosures.DisclosureResponseView.as_view(),
        name="disclosure_response",
    ),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="v1")),
    # The schema and the documentation are public: they describe the API, never its data
    # (a person without a token can read how to use one).
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="api_schema"),
    path(
        "docs/",
        login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api_schema")),
        name="api_docs",
    ),
    re_path(r"", views.NotFoundView.as_view()),
]
