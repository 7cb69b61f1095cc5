"""Demo content of citizen panels: one panel with candidates, a draw with a published seed and recommendations.

`seed_demo_panel()` is idempotent (called from demo's `seed_demo`): an existing demo panel is left as it is.
"""

from datetime import timedelta

import numpy as np
from django.db import transaction
from django.utils import timezone

from . import services
from .models import Candidate, CitizenPanel, Criterion, PanelStatus

DEMO_SLUG = "panel-o-zieleni"
DEMO_SEED = 20261126
FIRST_NAMES = ["Anna", "Piotr", "Maria", "Jan", "Katarzyna", "Tomasz", "Zofia", "Michał", "Agnieszka", "Paweł", "Olena", "Andrij"]
LAST_NAMES = ["Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Szymański", "Kozłowska", "Dąbrowski"]


def seed_demo_panel(candidates: int = 240) -> CitizenPanel:
    if (panel := CitizenPanel.objects.filter(slug=DEMO_SLUG).first()) is not None:
        return panel
    now = timezone.now()
    with transaction.atomic():
        panel = CitizenPanel.objects.create(
            title="Panel obywatelski o zieleni w mieście", slug=DEMO_SLUG,
            description="Jak chronić i rozwijać zieleń w Krakowie? Panel wypracuje rekomendacje dla Prezydenta Miasta.",
            recruitment_opens_at=now - timedelta(days=30), recruitment_closes_at=now + timedelta(days=1),
            panel_size=24, reserve_size=8, status=PanelStatus.RECRUITMENT,
        )
        services.add_standard_criteria(panel=panel)
        shares = {"age": [.17, .27, .22, .23, .11], "sex": [.53, .47], "education": [.12, .18, .35, .35]}
        for criterion in panel.criteria.prefetch_related("options"):
            for option, share in zip(criterion.options.all(), shares.get(criterion.key, []), strict=False):
                option.population_share = share
                option.save(update_fields=["population_share"])
        services.fill_quotas_from_population(panel=panel)
    rng = np.random.default_rng(7)  # deterministic volunteers: more young and educated people sign up, as in practice
    criteria = list(Criterion.objects.filter(panel=panel).prefetch_related("options"))
    weights = {"age": [.3, .3, .2, .15, .05], "sex": [.6, .4], "education": [.05, .1, .3, .55]}
    for i in range(candidates):
        answers = {}
        for criterion in criteria:
            values = [o.value for o in criterion.options.all()]
            if criterion.key == "district":
                answers[criterion.key] = values[i % len(values)] if i < 3 * len(values) else values[int(rng.integers(len(values)))]
            else:
                answers[criterion.key] = values[int(rng.choice(len(values), p=weights[criterion.key]))]
        services.sign_up(
            panel=panel, full_name=f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[(i * 7) % len(LAST_NAMES)]}",
            email=f"kandydat{i + 1}@example.org", answers=answers, consent=True,
        )
    Candidate.objects.filter(panel=panel).update(created_at=now - timedelta(days=10))
    CitizenPanel.objects.filter(pk=panel.pk).update(recruitment_closes_at=now - timedelta(days=2))
    panel.refresh_from_db()
    services.run_selection(panel=panel, seed=DEMO_SEED)
    for text, votes in [
        ("Posadzić co najmniej 10 000 drzew w pasach drogowych do 2030 roku.", (21, 2, 1)),
        ("Każdy nowy plan miejscowy ma wyznaczać park w zasięgu 10 minut pieszo.", (17, 5, 2)),
    ]:
        services.record_recommendation(panel=panel, text=text, votes_for=votes[0], votes_against=votes[1], votes_abstain=votes[2])
    CitizenPanel.objects.filter(pk=panel.pk).update(status=PanelStatus.WORKING)
    panel.refresh_from_db()
    return panel
