from django.urls import path

from ..views.proposals import ProposalsView, ReviewProposalView

urlpatterns = [
    path("propozycje/", ProposalsView.as_view(), name="proposals"),
    path("propozycje/<int:pk>/", ReviewProposalView.as_view(), name="review_proposal"),
]
