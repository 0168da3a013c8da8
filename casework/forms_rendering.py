"""Forms written in Python, with the markup of Django's own form templates.

Django renders every label, field group, error list and input through a template of its own.
Each costs little, but the case list's nine filters took longer to write than its 25 rows, and
the case page writes thirteen forms. OnePassRenderer (settings.FORM_RENDERER) writes the
commonest of those templates in Python with the same markup (tests/test_form_rendering.py
renders forms both ways and compares); every other template, a fieldset for instance, still goes
through the template engine.
"""

from collections.abc import Callable

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def attributes(attrs: dict) -> SafeString:
    """HTML attributes in their given order: True writes the bare name, False nothing."""
    return mark_safe(  # noqa: S308 (every name and value is escaped)
        "".join(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def _input(context: dict) -> SafeString:
    widget = context["widget"]
    value = widget["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        "" if value is None else format_html(' value="{}"', value),
        attributes(widget["attrs"]),
    )


def _file_input(context: dict) -> SafeString | None:
    widget = context["widget"]
    if widget["is_initial"]:
        return None  # the template's link to the current file and its "clear" box
    return format_html(
        '<input type="{}" name="{}"{}>',
        widget["type"],
        widget["name"],
        attributes(widget["attrs"]),
    )


def _textarea(context: dict) -> SafeString:
    widget = context["widget"]
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        widget["name"],
        attributes(widget["attrs"]),
        widget["value"] or "",
    )


def _select(context: dict) -> SafeString:
    """Any <select>, option groups included; OnePassSelect spares even building the options."""
    widget = context["widget"]
    groups = []
    for group_name, options, _index in widget["optgroups"]:
        written = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            ((option["value"], attributes(option["attrs"]), option["label"]) for option in options),
        )
        groups.append(
            format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, written)
            if group_name
            else written
        )
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        widget["name"],
        attributes(widget["attrs"]),
        mark_safe("".join(groups)),  # noqa: S308 (each group written by format_html)
    )


def _label(context: dict) -> SafeString:
    if not context["use_tag"]:
        return conditional_escape(context["label"])
    tag = context["tag"]
    return format_html(
        "<{}{}>{}</{}>", tag, attributes(context["attrs"] or {}), context["label"], tag
    )


def _error_list(context: dict) -> SafeString:
    errors = context["errors"]
    if not errors:
        return mark_safe("")
    field_id = getattr(errors, "field_id", None)
    return format_html(
        '<ul class="{}"{}>{}</ul>',
        context["error_class"],
        format_html(' id="{}_error"', field_id) if field_id else "",
        format_html_join("", "<li>{}</li>", ((error,) for error in errors)),
    )


def _field_group(context: dict) -> SafeString | None:
    field = context["field"]
    if field.use_fieldset:
        return None  # the template's <fieldset> and <legend>
    help_text = (
        format_html(
            '<div class="helptext"{}>{}</div>',
            format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else "",
            mark_safe(field.help_text),  # noqa: S308 (help text is the form's own, marked safe by Django's template too)
        )
        if field.help_text
        else ""
    )
    return format_html(
        "{}{}{}{}",
        field.label_tag() if field.label else "",
        help_text,
        field.errors if field.errors else "",
        field,
    )


_INPUTS = ("input", "text", "number", "email", "url", "password", "hidden", "tel", "checkbox",
           "date", "datetime", "time")  # fmt: skip
_WRITERS: dict[str, Callable[[dict], SafeString | None]] = {
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS},
    "django/forms/widgets/clearable_file_input.html": _file_input,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _error_list,
    "django/forms/errors/list/ul.html": _error_list,
    "django/forms/field.html": _field_group,
}


class OnePassRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        write = _WRITERS.get(template_name)
        written = write(context) if write else None
        if written is None:
            return super().render(template_name, context, request)
        return written


class OnePassSelect(forms.Select):
    """A <select> of a flat list of choices, written in one pass.

    Django renders every option through a template of its own: the 250-country list took longer
    than the rest of its page. The markup is the same, with the attributes the bound field gives
    (id, aria-describedby, aria-invalid, required).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        selected = set(widget["value"])
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(choice), " selected" if str(choice) in selected else "", label)
                for choice, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, attributes(widget["attrs"]), options
        )
