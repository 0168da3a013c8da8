"""Where documents and briefing PDFs are kept: the `private` entry of settings.STORAGES.

Local disk under PRIVATE_STORAGE_ROOT by default; S3-compatible object storage through
django-storages when PRIVATE_STORAGE_BUCKET is set, so that several web nodes and workers share
one store. Either way the files are never public: no URL is ever handed out, every download goes
through the permission-checked views.
"""

import contextlib
import os
import weakref

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, cached_property, empty
from django.utils.translation import gettext_lazy as _

# What a full or unwritable disk, or an unreachable object store, raises when a file is saved.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)
STORE_FAILED = _(
    "The file could not be stored: the document store is full or cannot be written to. "
    "Nothing was saved. Tell the council's administrator."
)


class PrivateFileSystemStorage(FileSystemStorage):
    """Documents on disk outside the static and media roots, served only by a checked view."""

    def __init__(self, **kwargs):
        super().__init__(base_url=None, **kwargs)

    # Read the root lazily, like MEDIA_ROOT for the default storage: a location fixed at import
    # would ignore a changed setting (override_settings in tests, a command) and write
    # documents into the real store.
    @cached_property
    def base_location(self):
        return settings.PRIVATE_STORAGE_ROOT

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_STORAGE_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError:
            # A disk that fills up half-way leaves half a file behind (Django does not remove
            # it): remove it. The name is fresh and random, and O_EXCL made the file ours.
            with contextlib.suppress(OSError):
                os.remove(self.path(name))
            raise


_instances: list[weakref.ref] = []


class PrivateStorage(LazyObject):
    """The storage the Document and Briefing file fields use: STORAGES["private"], looked up
    when first used (not at import), and again after a test changes STORAGES."""

    def __init__(self):
        super().__init__()
        _instances.append(weakref.ref(self))

    def _setup(self):
        self._wrapped = storages["private"]


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        for ref in _instances:
            if (instance := ref()) is not None:
                instance._wrapped = empty
