"""Production serving: the WSGI application serves collected static files through whitenoise."""

import io
import sys

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings

PRODUCTION_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "casework.staticfiles.StaticFilesStorage"},
}


def wsgi_get(application, path: str, **headers) -> tuple[str, dict, bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        **headers,
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    # As Django's test client does: the test's own transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        body = b"".join(response)
        response.close()  # as every WSGI server does: releases the file
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


@pytest.mark.django_db
def test_the_wsgi_application_serves_hashed_compressed_static_files(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "static"
    with override_settings(STORAGES=PRODUCTION_STATIC, DEBUG=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        url = staticfiles_storage.url("css/casework.css")
        # whitenoise reads the static root when the application is built.
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
        status, headers, body = wsgi_get(application, url, HTTP_ACCEPT_ENCODING="gzip")

    assert url != "/static/css/casework.css"  # hashed name
    assert status == "200 OK"
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in headers["Cache-Control"]
    assert body
