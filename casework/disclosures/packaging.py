"""Build and keep a disclosure's briefing package (package.py), outside any transaction until
the short write at the end."""

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from .models import DisclosedItem, Disclosure, DisclosurePackage
from .package import Attachment, build_package


def _read(field) -> bytes:
    with field.open("rb") as file:
        return file.read()


def disclosure_package_build(*, disclosure: Disclosure) -> DisclosurePackage | None:
    """The disclosure's package, built now if it has none; None without a briefing to carry it.

    Idempotent: a second build (a task delivered again) returns the package already kept.
    """
    existing = DisclosurePackage.objects.filter(disclosure=disclosure).first()
    if existing is not None:
        return existing
    items = list(disclosure.items.select_related("briefing", "document"))
    briefing = next(
        (i.briefing for i in items if i.kind == DisclosedItem.Kind.BRIEFING and i.briefing), None
    )
    if briefing is None:
        return None
    attachments = [
        Attachment(
            name=i.document.original_name,
            kind=i.document.get_kind_display(),
            content_type=i.document.content_type,
            data=_read(i.document.file),
        )
        for i in items
        if i.kind == DisclosedItem.Kind.DOCUMENT and i.document is not None
    ]
    data, annexes = build_package(
        reference=disclosure.case.reference,
        language=briefing.language,
        briefing=_read(briefing.file),
        attachments=attachments,
    )
    package = DisclosurePackage(
        disclosure=disclosure,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        annexes=annexes,
    )
    package.file.save("package.pdf", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            package.save()
    except IntegrityError:
        package.file.delete(save=False)
        return DisclosurePackage.objects.get(disclosure=disclosure)
    return package
