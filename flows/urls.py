from django.urls import path

from . import views
from .task_views import task_open

app_name = "flows"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:task_id>/", task_open, name="open"),
    path("<int:task_id>/claim/", views.task_claim, name="claim"),
]
