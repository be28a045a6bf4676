"""Form widgets of the public pages, rendered in Python.

Django renders a `<select>` through its template engine, one included template per option: the
listing's eight filters (about a hundred options) cost a quarter of the page's CPU time, on
every uncached request of the page citizens filter most on election night. `PublicSelect`
writes the same markup as Django's `select.html` and `select_option.html` (attributes,
optgroups, `selected`), from the context Django's own widget builds, so that the form's
choices, values and the bound field's ARIA attributes stay Django's.
"""

from django import forms
from django.utils.html import format_html, format_html_join


def _attribute(name, value):
    return format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))


def _attributes(attrs):
    """django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name."""
    shown = ((_attribute(name, value),) for name, value in attrs.items() if value is not False)
    return format_html_join("", "{}", shown)


def _joined(parts):
    return format_html_join("", "{}", ((part,) for part in parts))


def _options(choices, state):
    """Django's `optgroups` for a single select: only the first option whose value is the
    field's is selected, in or out of a group; options inherit no attribute from the select."""
    for option_value, option_label in choices:
        if isinstance(option_label, (list, tuple)):
            options = _joined(_options(option_label, state))
            yield format_html('\n  <optgroup label="{}">{}\n  </optgroup>', option_value, options)
            continue
        value = "" if option_value is None else str(option_value)
        chosen = value in state["selected"]
        if chosen:
            state["selected"] = ()
        # The option template's own line end follows each option, as Django writes it.
        mark = " selected" if chosen else ""
        yield format_html('\n  <option value="{}"{}>{}</option>\n', value, mark, option_label)


class PublicSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        options = _options(self.choices, {"selected": set(self.format_value(value))})
        return format_html(
            '<select name="{}"{}>{}\n</select>', name, _attributes(final_attrs), _joined(options)
        )
