from django.urls import path

from . import views

app_name = "cases"

REF = "<str:reference>"

urlpatterns = [
    path("", views.case_index, name="list"),
    path("new/", views.case_create, name="create"),
    # Before the <reference> routes: "due" is not a case reference.
    path("due/", views.deadlines_due_soon, name="due"),
    path("bulk/", views.case_bulk, name="bulk"),
    path("filters/", views.saved_filter_create, name="filter_create"),
    path("filters/<int:filter_id>/", views.saved_filter_open, name="filter_open"),
    path("filters/<int:filter_id>/delete/", views.saved_filter_delete, name="filter_delete"),
    path(f"{REF}/", views.case_detail, name="detail"),
    path(f"{REF}/edit/", views.case_edit, name="edit"),
    path(f"{REF}/history/", views.case_history, name="history"),
    path(f"{REF}/delete/", views.case_delete_draft, name="delete"),
    path(f"{REF}/transition/<str:name>/", views.case_transition, name="transition"),
    path(f"{REF}/facts/", views.case_facts, name="facts"),
    path(f"{REF}/people/", views.person_add, name="person_add"),
    path(f"{REF}/people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path(f"{REF}/people/<int:person_id>/remove/", views.person_remove, name="person_remove"),
    path(f"{REF}/files/", views.government_file_add, name="file_add"),
    path(f"{REF}/consents/", views.consent_add, name="consent_add"),
    path(f"{REF}/documents/", views.document_add, name="document_add"),
    path(f"{REF}/documents/<int:document_id>/", views.document_download, name="document"),
    path(f"{REF}/notes/", views.note_add, name="note_add"),
    path(f"{REF}/assign/", views.case_assign, name="assign"),
    path(f"{REF}/take/", views.case_take, name="take"),
    path(f"{REF}/reminders/", views.reminder_add, name="reminder_add"),
    path(
        f"{REF}/reminders/<int:reminder_id>/dismiss/",
        views.reminder_dismiss,
        name="reminder_dismiss",
    ),
    path(f"{REF}/urgency/", views.case_urgency, name="urgency"),
    path(f"{REF}/shares/", views.case_shares, name="shares"),
    path(f"{REF}/shares/<int:user_id>/withdraw/", views.case_unshare, name="unshare"),
    path(f"{REF}/duplicates/<int:flag_id>/link/", views.duplicate_link, name="duplicate_link"),
    path(
        f"{REF}/duplicates/<int:flag_id>/dismiss/",
        views.duplicate_dismiss,
        name="duplicate_dismiss",
    ),
]
