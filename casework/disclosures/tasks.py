"""Background building of briefing packages. Without a broker `.delay()` runs inline."""

import logging

from celery import shared_task
from kombu.exceptions import OperationalError

from .models import Disclosure
from .packaging import disclosure_package_build

logger = logging.getLogger(__name__)


@shared_task(name="disclosures.build_package", ignore_result=True)
def build_package(disclosure_id: int) -> None:
    disclosure = Disclosure.objects.select_related("case").get(pk=disclosure_id)
    disclosure_package_build(disclosure=disclosure)


def build_package_soon(disclosure_id: int) -> None:
    """Queue the build; run it here when the broker cannot be reached."""
    try:
        build_package.delay(disclosure_id)
    except OperationalError as error:
        logger.warning("Broker unreachable (%s): building the package now", type(error).__name__)
        build_package.apply(args=[disclosure_id])
