"""A select box rendered in Python.

Django renders each ``<option>`` through a template include; a filter form
with the 200 departments and the reports spent more time there than the
rest of the task list page (issue #17). ``FastSelect`` writes the markup of
Django's ``select.html`` / ``select_option.html`` / ``attrs.html`` itself —
the same bytes (a test compares them) — straight from the choices, without
the dict per option that ``ChoiceWidget.optgroups`` builds.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from tracker.escaping import escape_text


def _attrs(attrs: dict[str, Any]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


# The markup of recent selects by everything it is made of (the same 200
# departments on every task list page): at most _WRITTEN_MAX entries.
_WRITTEN: dict[tuple[Any, ...], SafeString] = {}
_WRITTEN_MAX = 128


class FastSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        if self.allow_multiple_selected or self.option_inherits_attrs:
            return self._render_from_context(name, value, attrs)
        # What Widget.get_context / ChoiceWidget.optgroups decide, without their dicts:
        # the selected values as strings, the first match selected (a single select).
        chosen = self.format_value(value)
        final_attrs = self.build_attrs(self.attrs, attrs)
        # Through iter(): list() would ask a model choice iterator's len(), a COUNT query.
        choices = list(iter(self.choices))
        # The markup depends on these alone (a lazy label on the language).
        try:
            key: tuple[Any, ...] | None = (
                name,
                tuple(final_attrs.items()),
                tuple(chosen),
                tuple(choices),
                get_language(),
            )
            written = _WRITTEN.get(key)  # type: ignore[arg-type]
        except TypeError:  # an unhashable attribute or option: written each time
            key = written = None
        if written is None:
            written = self._write(name, chosen, final_attrs, choices)
            if key is not None:
                if len(_WRITTEN) >= _WRITTEN_MAX:
                    _WRITTEN.clear()
                _WRITTEN[key] = written
        return written

    def _write(
        self, name: str, chosen: list[str], final_attrs: dict[str, Any], choices: list[Any]
    ) -> SafeString:
        esc = escape_text
        has_selected = False
        out = [f'<select name="{esc(name)}"{_attrs(final_attrs)}>']
        for option_value, option_label in choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, list | tuple)
            # The template writes <optgroup> only for a group with a (truthy) name.
            named = grouped and bool(option_value)
            if named:
                out.append(f'\n  <optgroup label="{esc(option_value)}">')
            options: Any = option_label if grouped else [(option_value, option_label)]
            for sub_value, sub_label in options:
                text = str(sub_value)
                selected = not has_selected and text in chosen
                has_selected |= selected
                out.append(
                    f'\n  <option value="{esc(text)}"{" selected" if selected else ""}>'
                    f"{esc(sub_label)}</option>\n"
                )
            if named:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 - every value above is escaped

    def _render_from_context(
        self, name: str, value: Any, attrs: dict[str, Any] | None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                out.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
