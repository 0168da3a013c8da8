"""Mounted at cases/<reference>/briefings/ (see casework/urls.py)."""

from django.urls import path

from . import views

app_name = "briefings"

urlpatterns = [
    path("", views.briefing_list, name="list"),
    path("<int:number>.pdf", views.briefing_download, name="download"),
]
