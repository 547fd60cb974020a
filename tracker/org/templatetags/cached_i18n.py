"""``{% translate "literal" %}`` looked up once per language (issue #17).

Loaded after ``i18n`` (``{% load i18n cached_i18n %}``), this library's
``translate``/``trans`` is Django's tag, but a literal without a filter,
``as``, ``context`` or ``noop`` keeps what Django's node wrote for it, per
active language: the text depends on nothing else (a template literal is safe,
so neither autoescape nor localization changes it). Django's node costs ~90
function calls a render (a lazy translation, its resolution, the escaping
check); a page of the task list renders ~20. The tag keeps its name so that
``makemessages`` still finds the strings; every other form is Django's node.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Variable
from django.templatetags.i18n import TranslateNode, do_translate
from django.utils.translation import get_language

register = template.Library()

# (language, the literal's token) -> what Django's node wrote for it.
_WRITTEN: dict[tuple[str | None, str], str] = {}


class CachedTranslateNode(template.Node):
    def __init__(self, node: TranslateNode) -> None:
        self.node = node
        self.literal = str(node.filter_expression.token)

    def render(self, context: Any) -> str:
        key = (get_language(), self.literal)
        written = _WRITTEN.get(key)
        if written is None:
            written = _WRITTEN[key] = self.node.render(context)
        return written


def _literal(node: template.Node) -> bool:
    if not isinstance(node, TranslateNode):
        return False
    expression = node.filter_expression
    return (
        isinstance(expression.var, Variable)
        and expression.var.literal is not None
        and isinstance(expression.var.literal, str)
        and not expression.filters
        and node.asvar is None
        and node.message_context is None
        and not node.noop
    )


@register.tag("translate")
@register.tag("trans")
def translate(parser: Any, token: Any) -> template.Node:
    node = do_translate(parser, token)
    return CachedTranslateNode(node) if _literal(node) else node
