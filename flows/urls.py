from django.urls import path

from . import selectors, views
from .task_views import task_open

app_name = "flows"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("mine/", views.inbox_section, {"section": selectors.MINE}, name="mine"),
    path("queue/", views.inbox_section, {"section": selectors.QUEUE}, name="queue"),
    path("<int:task_id>/", task_open, name="open"),
    path("<int:task_id>/claim/", views.task_claim, name="claim"),
]
