"""Mounted at cases/<reference>/access/ (see casework/urls.py)."""

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.case_access, name="case_access"),
]
