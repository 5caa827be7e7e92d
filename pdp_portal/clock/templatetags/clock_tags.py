"""Statutory numbers for templates, read from the rule catalogue (never typed into the text)."""

from django import template

from ..rules import get_rule

register = template.Library()


@register.simple_tag
def rule(code):
    """Return the catalogue rule ``code``: {% rule "certificate.decide" as r %}{{ r.period_text }}."""
    return get_rule(code)


@register.filter
def rule_period_text(code):
    """Return the period of rule ``code`` in words of the active language ("30 ngày")."""
    return get_rule(code).period_text
