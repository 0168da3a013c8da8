"""The French catalogue is complete, compiled, and the main pages come out in French."""

import ast
import datetime
import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings

from casework.cases import services
from casework.cases.models import Kind
from tests.factories import act, client_for, make_case, pdf_bytes, upload

LOCALE = Path(settings.BASE_DIR) / "locale"
FR_PO = LOCALE / "fr" / "LC_MESSAGES" / "django.po"
FR_MO = LOCALE / "fr" / "LC_MESSAGES" / "django.mo"


def parse_po(path: Path) -> list[dict]:
    """Entries of a PO file: msgctxt, msgid, msgid_plural, msgstr (a list) and flags.

    Enough of the format for our catalogues: comments, flags, multi-line strings, plural
    forms; obsolete entries (#~) are skipped. The header is the entry whose msgid is "".
    """
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line or line.startswith("#~"):
            if entry is not None and entry["msgid"] is not None:
                entries.append(entry)
                entry = None
            continue
        if entry is None:
            entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": []}
            entry["flags"] = set()
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field == "msgstr":
                entry["msgstr"][-1] += ast.literal_eval(line)
            else:
                entry[field] += ast.literal_eval(line)
        else:
            keyword, value = line.split(" ", 1)
            field = "msgstr" if keyword.startswith("msgstr") else keyword
            if field == "msgstr":
                entry["msgstr"].append(ast.literal_eval(value))
            else:
                entry[field] = ast.literal_eval(value)
    return entries


def describe(entry: dict) -> str:
    context = f"[{entry['msgctxt']}] " if entry["msgctxt"] else ""
    return context + repr(entry["msgid"])


@pytest.fixture(scope="module")
def french():
    entries = parse_po(FR_PO)
    [header] = [entry for entry in entries if entry["msgid"] == ""]
    return header, [entry for entry in entries if entry["msgid"] != ""]


def is_translated(entry: dict) -> bool:
    return "fuzzy" not in entry["flags"] and all(entry["msgstr"])


def test_it_translates_every_french_entry(french):
    _, entries = french

    untranslated = [describe(e) for e in entries if not all(e["msgstr"])]
    fuzzy = [describe(e) for e in entries if "fuzzy" in e["flags"]]

    assert entries
    assert not untranslated, "Untranslated in locale/fr:\n" + "\n".join(untranslated)
    assert not fuzzy, "Fuzzy in locale/fr (review, then drop the flag):\n" + "\n".join(fuzzy)


def test_it_declares_french_in_the_header(french):
    header, _ = french

    assert "fuzzy" not in header["flags"]
    assert "Language: fr\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=2; plural=(n > 1);\n" in header["msgstr"][0]
    assert "charset=UTF-8" in header["msgstr"][0]


def test_it_gives_each_plural_entry_both_french_forms(french):
    _, entries = french

    plurals = [e for e in entries if e["msgid_plural"] is not None]

    assert plurals
    assert [describe(e) for e in plurals if len(e["msgstr"]) != 2] == []


def test_it_keeps_the_placeholders(french):
    _, entries = french
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}|%[sd]")
    wrong = []
    for entry in entries:
        english = set(placeholder.findall(entry["msgid_plural"] or entry["msgid"]))
        forms = entry["msgstr"]
        # The French singular (n = 0 or 1) may spell the number out, as English does.
        if not set(placeholder.findall(forms[-1])) == english or any(
            not set(placeholder.findall(form)) <= english for form in forms
        ):
            wrong.append(describe(entry))

    assert wrong == []


def test_it_compiled_the_catalogue_that_is_checked_in(french):
    _, entries = french
    with FR_MO.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    # Looked up through other names, so that makemessages does not list this file.
    single, plural, in_context = catalogue.gettext, catalogue.ngettext, catalogue.pgettext
    assert single("Cases") == "Dossiers"
    assert single("Sign out") == "Se déconnecter"
    assert plural("%(counter)s case", "%(counter)s cases", 2) == "%(counter)s dossiers"
    assert plural("%(counter)s case", "%(counter)s cases", 1) == "%(counter)s dossier"
    assert in_context("page x of y", "of") == "de"
    # Every translated entry of the .po, and nothing else, is in the .mo (the header aside).
    keys = {key if isinstance(key, str) else key[0] for key in catalogue._catalog} - {""}
    assert len(keys) == sum(1 for entry in entries if is_translated(entry))


# The pages, in French.

# Text of the English interface that must not show on a French page.
ENGLISH = [
    ">Cases<",
    "Next steps",
    "Sign out",
    "My settings",
    ">History<",
    ">People<",
    ">Summary<",
    ">Due soon<",
    ">Tasks<",
    "Assigned to",
    "Waiting in the queue",
    "New case",
    "Sign in",
    "Skip to content",
    "Protected B when completed",
]

TEXT = re.compile(r'>([^<>]+)<|(?:aria-label|placeholder|title)="([^"]+)"')
# Marked as English on purpose, like the language switch: "English".
IN_ENGLISH = re.compile(r'<(?!html\b)(\w+)[^>]*\slang="en"[^>]*>.*?</\1>', re.DOTALL)


def english_leftovers(page: str, entries: list[dict]) -> list[str]:
    """English UI strings on the page: from the list above, or any whole text of the catalogue."""
    page = IN_ENGLISH.sub("", page)
    found = [text for text in ENGLISH if text in page]
    different = {e["msgid"] for e in entries if e["msgid"] != e["msgstr"][0]}
    for match in TEXT.finditer(page):
        text = html.unescape(match.group(1) or match.group(2)).strip().rstrip(":").strip()
        if text in different:
            found.append(text)
    return found


def as_french(user):
    user.language = "fr"
    user.save(update_fields=["language"])
    return client_for(user)


@pytest.fixture
def submitted_removal(caseworker):
    return make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL, submitted=True, people=2)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("caseworker", "/cases/"),
        ("caseworker", "/cases/{draft}/"),
        ("caseworker", "/cases/{submitted}/"),
        ("caseworker", "/cases/new/"),
        ("caseworker", "/cases/new/?kind=removal_deferral"),
        ("caseworker", "/cases/{draft}/edit/"),
        ("caseworker", "/tasks/"),
        ("director", "/cases/"),
        ("director", "/cases/{submitted}/"),
        ("director", "/cases/due/"),
        ("director", "/tasks/"),
        ("director", "/accounts/settings/"),
        ("caseworker", "/dashboard/"),
        ("caseworker", "/reports/statistics/"),
        ("director", "/dashboard/"),
        ("director", "/reports/statistics/"),
        ("director", "/accounts/organisations/"),
        ("director", "/accounts/organisations/apply/"),
        ("director", "/accounts/two-step/"),
        ("caseworker", "/accounts/password/"),
    ],
)
def test_it_shows_the_main_pages_in_french(
    request, french, persona, path, caseworker, director, submitted_removal
):
    _, entries = french
    draft = make_case(caseworker, people=0)
    client = as_french(request.getfixturevalue(persona))

    response = client.get(path.format(draft=draft.reference, submitted=submitted_removal.reference))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert english_leftovers(page, entries) == []


@pytest.mark.django_db
def test_it_shows_a_case_in_review_in_french(french, caseworker, director, submitted_removal):
    _, entries = french
    act(submitted_removal, director, "start_review")
    client = as_french(director)

    page = client.get(f"/cases/{submitted_removal.reference}/").content.decode()

    assert "Prochaines étapes" in page
    assert "Historique" in page
    assert english_leftovers(page, entries) == []


@pytest.mark.django_db
def test_it_shows_the_login_page_in_french(client, french):
    _, entries = french
    client.post("/i18n/setlang/", {"language": "fr", "next": "/accounts/login/"})

    page = client.get("/accounts/login/").content.decode()

    assert "Se connecter" in page
    assert english_leftovers(page, entries) == []


# Every string a person reads goes through the catalogue: no literal text in the templates or
# in the forms' labels, help texts and errors.

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Names that are the same in both languages: the product, and each language naming itself.
SAME_IN_BOTH = {"Casework", "English", "Français"}
UNTRANSLATED_PARTS = re.compile(
    r"{%\s*(blocktranslate|blocktrans|comment)\b.*?{%\s*end\1\s*%}|{#.*?#}"
    r"|<(script|style)\b.*?</\2>",
    re.DOTALL,
)
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
SHOWN_TEXT = re.compile(r'>([^<>]*)<|\s(?:aria-label|title|placeholder|alt)="([^"]*)"')
WORD = re.compile(r"[^\W\d_]{2,}")


def literal_text(template: Path) -> list[str]:
    """Words written straight into a template, outside {% translate %} and {% blocktranslate %}."""
    source = TEMPLATE_CODE.sub(" ", UNTRANSLATED_PARTS.sub(" ", template.read_text("utf-8")))
    if template.suffix == ".html":
        texts = [text or attribute for text, attribute in SHOWN_TEXT.findall(source)]
    else:
        texts = source.splitlines()
    texts = [text.strip(" \n\t·:|/—-().,;→←") for text in texts]
    return [text for text in texts if WORD.search(text) and text not in SAME_IN_BOTH]


@pytest.mark.parametrize(
    "template",
    sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".txt")),
    ids=lambda path: str(path.relative_to(TEMPLATES)),
)
def test_no_template_shows_untranslated_text(template):
    assert literal_text(template) == []


def test_it_finds_literal_text_in_a_template(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        '{% load i18n %}<h1>{% translate "Cases" %}</h1><p>Removal {{ case.reference }}</p>'
        '<nav aria-label="Main">{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}</nav>'
    )

    assert literal_text(template) == ["Removal", "Main"]


FORM_TEXT_ARGUMENTS = {"label", "help_text", "empty_label"}


def literal_form_text(source: str) -> list[str]:
    """Plain string literals where a form shows text: labels, help, placeholders, errors."""
    found = []
    for node in ast.walk(ast.parse(source)):
        candidates = []
        if isinstance(node, ast.Call):
            candidates += [kw.value for kw in node.keywords if kw.arg in FORM_TEXT_ARGUMENTS]
            if getattr(node.func, "id", None) == "ValidationError" and node.args:
                candidates.append(node.args[0])
        elif isinstance(node, ast.Dict):
            candidates += [
                value
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and key.value in {"placeholder", "title"}
            ]
        found += [
            c.value
            for c in candidates
            if isinstance(c, ast.Constant) and isinstance(c.value, str) and WORD.search(c.value)
        ]
    return found


@pytest.mark.parametrize(
    "module",
    sorted(Path(settings.BASE_DIR).glob("casework/**/forms.py")),
    ids=lambda path: str(path.relative_to(settings.BASE_DIR)),
)
def test_no_form_shows_untranslated_text(module):
    assert literal_form_text(module.read_text("utf-8")) == []


def test_it_finds_literal_text_in_a_form():
    source = (
        'name = forms.CharField(label="Name", help_text=_("Given names"))\n'
        'raise ValidationError("Too long")\n'
        'widget = forms.TextInput(attrs={"placeholder": "Reference"})\n'
    )

    assert literal_form_text(source) == ["Name", "Too long", "Reference"]


# Dates and numbers in the reader's own format.


@pytest.mark.django_db
def test_it_writes_dates_one_unambiguous_way_in_each_language(caseworker):
    case = make_case(caseworker, deadline=datetime.date(2026, 5, 20), people=0)

    english = client_for(caseworker).get(f"/cases/{case.reference}/").content.decode()
    english_list = client_for(caseworker).get("/cases/").content.decode()
    french = as_french(caseworker).get(f"/cases/{case.reference}/").content.decode()
    french_list = as_french(caseworker).get("/cases/").content.decode()

    assert "20 May 2026" in english
    assert "20 mai 2026" in french
    assert "May 20, 2026" not in french
    # The list's dates too: the month spelt, never 05/20/2026 or 20/05/2026.
    assert "20 May 2026" in english_list
    assert "20 mai 2026" in french_list
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", english_list + french_list)


@pytest.mark.parametrize(
    ("language", "moment", "expected"),
    [
        ("en", datetime.datetime(2026, 12, 3, 14, 30), "3 Dec 2026, 14:30 EST"),
        ("fr", datetime.datetime(2026, 12, 3, 14, 30), "3 déc. 2026, 14 h 30 HNE"),
        ("fr", datetime.datetime(2027, 1, 1, 9, 0), "1er janv. 2027, 9 h 00 HNE"),
        ("fr", datetime.datetime(2026, 7, 1, 9, 0), "1er juill. 2026, 9 h 00 HAE"),
        ("fr", datetime.datetime(2026, 2, 11, 9, 0), "11 févr. 2026, 9 h 00 HNE"),
        ("en", datetime.datetime(2026, 7, 1, 9, 0), "1 Jul 2026, 09:00 EDT"),
    ],
)
def test_it_writes_the_first_of_the_month_and_time_zones_the_french_way(language, moment, expected):
    from django.template import Context, Template
    from django.utils import timezone, translation

    moment = timezone.make_aware(moment, timezone.get_default_timezone())
    with translation.override(language):
        text = Template('{{ moment|date:"DATETIME_FORMAT" }} {{ moment|date:"T" }}').render(
            Context({"moment": moment})
        )
    assert text == expected


# One French term per concept (../shared/domain/glossary.md): an English domain term is always
# rendered by the same French one, and a French verb does not stand for two English ones.
DOMAIN_TERMS = [
    # (English, as a pattern; the French every translation of it must use)
    (r"\bfamily reunification\b", "réunification familiale"),
    (r"\bwithdr(aw|ew|awn)\b.*\bcase\b|\bcase\b.*\bwithdr(aw|ew|awn)\b", "retir"),
    # removing a person from a case (not a removal from Canada, nor data being deleted)
    (r"\bremove(d)? (a |the )?person\b|\bperson was removed\b|^remove$", "enlev"),
    (r"\bremoval\b", "renvoi"),
    (r"\bsponsor\b", "répondant"),
]
# (French, as a pattern; the English it may translate)
FRENCH_OWNERS = [
    (r"\bretir", r"\bwithdr(aw|ew|awn)"),
    (r"\benlev", r"\bremove"),
    (r"\bregroupement familial", r"\bfamily class\b|\bfamily class sponsorship\b"),
]


def test_one_french_term_per_domain_term(french):
    _, entries = french
    wrong = []
    for entry in filter(is_translated, entries):
        english = " ".join(filter(None, [entry["msgid"], entry["msgid_plural"]])).lower()
        translations = " ".join(entry["msgstr"]).lower()
        for term, french_term in DOMAIN_TERMS:
            if re.search(term, english) and french_term not in translations:
                wrong.append(f"{describe(entry)} should say {french_term!r}")
        for french_term, owner in FRENCH_OWNERS:
            if re.search(french_term, translations) and not re.search(owner, english):
                wrong.append(f"{describe(entry)} uses {french_term!r} for another concept")
    assert not wrong, "\n".join(wrong)


def test_french_typography(french):
    """Quebec typography: a non-breaking space before a colon and inside « » (not in an HTTP
    header typed as it must be sent)."""
    _, entries = french
    wrong = [
        describe(entry)
        for entry in filter(is_translated, entries)
        for text in entry["msgstr"]
        if re.search(
            r"(\S|[ ]):(?!//)|«[ ]|[ ]»",
            re.sub(r"%\([a-z_]+\)s|\{\{[^}]*\}\}|https?:|Authorization:", "", text),
        )
        and not re.search(r"\d:\d", text)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_it_writes_numbers_the_french_way_on_a_french_page(caseworker):
    case = make_case(caseworker)
    services.document_add(
        case=case,
        actor=caseworker,
        kind="evidence",
        upload=upload("a.pdf", pdf_bytes() + b"%" * 1500),
    )

    english = client_for(caseworker).get(f"/cases/{case.reference}/").content.decode()
    french = as_french(caseworker).get(f"/cases/{case.reference}/").content.decode()

    assert re.search(r"\b1\.\d\xa0KB", english)
    assert re.search(r"\b1,\d\xa0Kio", french), "a decimal comma and French units"
