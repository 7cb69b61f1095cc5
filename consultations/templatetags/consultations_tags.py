"""The consultation's own sections on its public page: the announcement and the documents open for comments."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("consultations/includes/announcement.html")
def consultation_announcement(consultation):
    return {"page": consultation}


@register.inclusion_tag("consultations/includes/documents.html")
def consultation_documents(consultation):
    """Published documents with their numbers of published comments, and open surveys (one query for both)."""
    ways = selectors.ways_to_take_part(consultation)
    return {"documents": [way for way in ways if way.kind == "document"], "surveys": [way for way in ways if way.kind == "survey"]}
