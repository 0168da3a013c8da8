"""System checks: `manage.py check` (and every runserver, migrate, test run) refuses a
configuration that would let the web server hand out uploaded documents without the
permission-checked view."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register


def _served_roots() -> list[tuple[str, Path]]:
    roots = [("STATIC_ROOT", settings.STATIC_ROOT), ("MEDIA_ROOT", settings.MEDIA_ROOT)]
    for entry in settings.STATICFILES_DIRS:
        # An entry may be a (prefix, path) pair.
        path = entry[1] if isinstance(entry, list | tuple) else entry
        roots.append(("STATICFILES_DIRS", path))
    return [(name, Path(path).resolve()) for name, path in roots if path]


@register(Tags.security)
def check_private_storage_not_served(app_configs, **kwargs):
    private = Path(settings.PRIVATE_STORAGE_ROOT).resolve()
    errors = []
    for name, served in _served_roots():
        if private == served or served in private.parents or private in served.parents:
            errors.append(
                Error(
                    f"PRIVATE_STORAGE_ROOT ({private}) overlaps {name} ({served}): the web "
                    "server would serve uploaded documents without any permission check.",
                    hint="Keep PRIVATE_STORAGE_ROOT outside every static and media directory.",
                    id="cases.E001",
                )
            )
    return errors
