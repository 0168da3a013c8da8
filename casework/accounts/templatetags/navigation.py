"""The main navigation of every page (base.html), drawn once per kind of reader.

Through the template engine it reversed seven URLs and translated seven words on every request.
What it shows depends only on the language, the page's place in the site, and what the reader
may reach (casework rules, from accounts.context_processors): never on who they are, so its
markup is kept per combination of those (a few dozen in all) for the life of the process.
"""

import functools

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

_CURRENT = mark_safe(' aria-current="page"')


@register.simple_tag(takes_context=True)
def main_nav(context) -> str:
    match = context["request"].resolver_match
    organisation = context.get("current_organisation")
    return _nav(
        get_language(),
        (match.app_name, match.url_name, match.view_name) if match else ("", "", ""),
        reads_disclosures_only=context.get("reads_disclosures_only", False),
        can_manage_organisations=context.get("can_manage_organisations", False),
        own_organisation=organisation.pk if context.get("can_see_own_organisation") else None,
        is_superuser=context["user"].is_superuser,
    )


@functools.lru_cache(maxsize=512)
def _nav(
    language: str,
    page: tuple[str, str, str],
    *,
    reads_disclosures_only: bool,
    can_manage_organisations: bool,
    own_organisation: int | None,
    is_superuser: bool,
) -> str:
    """The <nav> for one language, page (app name, URL name, view name) and set of rights;
    `language` is the active one, named so that each language keeps its own copy."""
    app_name, url_name, view_name = page
    if reads_disclosures_only:
        links = [("disclosures:list", (), _("Disclosures"), app_name == "disclosures")]
    else:
        links = [
            ("reports:today", (), _("Today"), view_name == "reports:today"),
            (
                "reports:dashboard",
                (),
                _("Dashboard"),
                app_name == "reports" and view_name != "reports:today",
            ),
            ("cases:list", (), _("Cases"), url_name == "list"),
            ("cases:due", (), _("Due soon"), url_name == "due"),
            ("flows:inbox", (), _("Tasks"), app_name == "flows"),
        ]
        if can_manage_organisations:
            links.append(
                ("accounts:organisation_list", (), _("Organisations"), app_name == "accounts")
            )
        elif own_organisation is not None:
            links.append(
                (
                    "accounts:organisation_detail",
                    (own_organisation,),
                    _("My organisation"),
                    app_name == "accounts",
                )
            )
        if is_superuser:
            links.append(("admin:index", (), _("Administration"), False))
    items = format_html_join(
        "\n        ",
        '<li><a href="{}"{}>{}</a></li>',
        (
            (reverse(name, args=args), _CURRENT if current else "", label)
            for name, args, label, current in links
        ),
    )
    return format_html(
        '<nav aria-label="{}">\n      <ul class="nav">\n        {}\n      </ul>\n    </nav>',
        _("Main"),
        items,
    )
