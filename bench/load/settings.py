"""Settings for the load test's production run: the application's, DEBUG off, except that
cookies are not restricted to HTTPS.

The load goes in plain HTTP to gunicorn on 127.0.0.1, where a TLS-terminating proxy would
forward the browsers' requests; locust's HTTP client would otherwise never send back the
session and CSRF cookies that DEBUG off marks Secure.
"""

from casework.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
