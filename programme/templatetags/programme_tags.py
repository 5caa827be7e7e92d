from django import template

register = template.Library()


@register.inclusion_tag("programme/_dashboard_card.html")
def programme_card(user):
    """The dashboard card: overdue yearly assessments and those due within the card's horizon."""
    from programme.views import DASHBOARD_LOOKAHEAD_DAYS, dashboard_figures

    rows = dashboard_figures(user)
    return {"rows": rows, "days": DASHBOARD_LOOKAHEAD_DAYS}
