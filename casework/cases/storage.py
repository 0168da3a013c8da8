"""Where documents and briefing PDFs are kept: the `private` entry of settings.STORAGES.

Local disk under PRIVATE_STORAGE_ROOT by default; S3-compatible object storage through
django-storages when PRIVATE_STORAGE_BUCKET is set, so that several web nodes and workers share
one store. Either way the files are never public: no URL is ever handed out, every download goes
through the permission-checked views.
"""

import contextlib
import os
import tarfile
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


def private_file_names(storage=None) -> list[str]:
    """Every file in the private store, by its stored name (walks folders; sorted)."""
    storage = storage or storages["private"]
    names, folders = [], [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:  # a local store not created yet: empty
            continue
        prefix = f"{folder}/" if folder else ""
        folders += [prefix + name for name in subfolders]
        names += [prefix + name for name in files]
    return sorted(names)


def private_files_archive(path: str) -> int:
    """Write every file of the private store into a tar at `path` (mode 0600); how many."""
    storage = storages["private"]
    names = private_file_names(storage)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out, tarfile.open(fileobj=out, mode="w") as archive:
        for name in names:
            with storage.open(name, "rb") as stored:
                info = tarfile.TarInfo(name)
                info.size = storage.size(name)
                info.mode = 0o600
                archive.addfile(info, stored)
    return len(names)


def private_files_restore(path: str, *, check_only: bool = False) -> int:
    """Put the files of a tar made by private_files_archive back, under the same names, into
    an empty private store; refuses (ValueError) a store that holds files. How many."""
    storage = storages["private"]
    if private_file_names(storage):
        raise ValueError("the private store is not empty: a restore never mixes with live data")
    with tarfile.open(path, mode="r") as archive:
        members = [member for member in archive.getmembers() if member.isfile()]
        if check_only:
            return len(members)
        for member in members:
            # Storage names are validated by Django (no absolute path, no "..").
            saved = storage.save(member.name, archive.extractfile(member))
            if saved != member.name:
                raise ValueError(f"{member.name} was stored as {saved}")
    return len(members)
