"""The link from a consultation's public page to its results page (one query: the latest published report)."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("reports/includes/results_link.html")
def consultation_results_link(consultation):
    """Shown once the consultation has ended; says whether the report is published yet."""
    if consultation.pk is None or not selectors.has_results(consultation):  # the editor's preview of a new page; still running
        return {"show": False}
    return {"show": True, "consultation": consultation, "publication": selectors.latest_publication(consultation)}
