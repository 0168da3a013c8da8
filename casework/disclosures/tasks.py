"""Background work of disclosures: building packages, e-mailing links.

Without a broker `.delay()` runs inline; with one that cannot be reached, the work is done here.
"""

import logging

from celery import shared_task
from kombu.exceptions import OperationalError

from .delivery import disclosure_links_send
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


@shared_task(name="disclosures.send_links", ignore_result=True)
def send_links(request_event_id: int) -> int:
    return disclosure_links_send(request_event_id=request_event_id)


def send_links_soon(request_event_id: int) -> None:
    """Queue the e-mails a history line asked for; send them here when the broker cannot be
    reached. Call once that line is committed (transaction.on_commit)."""
    try:
        send_links.delay(request_event_id)
    except OperationalError as error:
        logger.warning("Broker unreachable (%s): e-mailing the links now", type(error).__name__)
        send_links.apply(args=[request_event_id])
