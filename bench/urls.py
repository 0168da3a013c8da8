from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from casework.urls import urlpatterns as casework_urlpatterns


@login_not_required
def bare(request):
    """The floor: the full middleware stack and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *casework_urlpatterns]
