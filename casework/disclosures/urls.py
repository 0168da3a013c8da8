"""The portal, mounted at disclosures/ (see casework/urls.py)."""

from django.urls import path

from . import escalation_views, views

app_name = "disclosures"

urlpatterns = [
    path("", views.portal_list, name="list"),
    path("<int:pk>/", views.portal_detail, name="detail"),
    path("<int:pk>/items/<int:position>/", views.portal_item, name="item"),
    path("<int:pk>/package.pdf", views.portal_package, name="package"),
    path("<int:pk>/response/", escalation_views.portal_respond, name="respond"),
    # The link e-mailed with a disclosure (links.py): open without a session, then sign-in.
    path("link/<str:token>/", views.portal_link, name="link"),
]
