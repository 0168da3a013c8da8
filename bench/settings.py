"""Settings for the benchmarks: the application's, plus the bench app and its URLconf.

The bench app brings the `generate_cases` command; the URLconf adds a bare view (no database,
no template) that the throughput benchmark compares the case list against, on the same server.
"""

from casework.settings import *  # noqa: F403
from casework.settings import CASEWORK, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
# The API's rate limit still counts every request, but never refuses the benchmark's.
CASEWORK = {**CASEWORK, "API_RATE": "1000000/min"}
ROOT_URLCONF = "bench.urls"
