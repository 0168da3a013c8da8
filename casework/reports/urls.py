from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("today/", views.today_view, name="today"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("reports/statistics/", views.statistics_view, name="statistics"),
    path("reports/statistics.csv", views.statistics_csv, name="statistics_csv"),
    # The case list's own filters (?status=...), as a download; no clash with case references,
    # which never end in ".csv".
    path("cases/export.csv", views.case_export, name="case_export"),
]
