"""The category screen of a consultation (add, rename, merge, delete; counts; global categories read-only; Autor gets
404) and coding a whole suggested group from the analysis screen, with tampered and stale input refused in Polish."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import ModelLogEntry

from consultations import analysis, services
from consultations.models import Remark, RemarkCategory
from tests.consultations.conftest import PARK_REMARKS, TRANSPORT_REMARKS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]


def add_remarks(consultation, texts):
    return [
        services.register_remark(consultation=consultation, text=text, source="letter", received_on="2026-11-20",
                                 author_type="resident", user=None)
        for text in texts
    ]


@pytest.fixture
def coded(consultation):
    """Three remarks: two coded "Zieleń", one "Drzewa" (both the consultation's own), and a global "Transport"."""
    remarks = add_remarks(consultation, ["Więcej drzew.", "Nowy park.", "Mniej betonu."])
    green = services.ensure_category(consultation=consultation, name="Zieleń", user=None)
    trees = services.ensure_category(consultation=consultation, name="Drzewa", user=None)
    RemarkCategory.objects.create(name="Transport")
    services.assign_category(remarks=remarks[:2], category=green, user=None)
    services.assign_category(remarks=remarks[1:], category=trees, user=None)
    return remarks, green, trees


def url(consultation, name="categories"):
    return reverse(f"consultations_admin:{name}", args=[consultation.pk])


def test_the_list_shows_counts_and_marks_global_categories(client, consultation, coded, editor):
    client.force_login(editor)
    html = client.get(url(consultation)).content.decode()
    assert "Kategorie dostępne w tej konsultacji" in html
    assert html.index("Drzewa") < html.index("Zieleń") < html.index("Transport")  # own first, by name
    assert f'?category={coded[1].pk}">2</a>' in html and f'?category={coded[2].pk}">2</a>' in html
    assert "każdej konsultacji (globalna, nie zmienia się jej tutaj)" in html


def test_add_rename_merge_and_delete(client, consultation, coded, coordinator):
    remarks, green, trees = coded
    client.force_login(coordinator)
    response = client.post(url(consultation), {"action": "add", "name": "  Ławki   w parku "}, follow=True)
    assert "Dodano kategorię „Ławki w parku”." in response.content.decode()
    benches = RemarkCategory.objects.get(name="Ławki w parku", consultation=consultation)

    response = client.post(url(consultation), {"action": "rename", "category": benches.pk, "name": "Ławki"}, follow=True)
    assert "Kategoria „Ławki w parku” nazywa się teraz „Ławki”." in response.content.decode()

    response = client.post(url(consultation), {"action": "merge", "source": trees.pk, "target": green.pk}, follow=True)
    assert "Kategorię „Drzewa” połączono z „Zieleń”: przeniesiono 2 uwagi." in response.content.decode()
    assert not RemarkCategory.objects.filter(pk=trees.pk).exists()
    assert set(green.remarks.values_list("pk", flat=True)) == {remark.pk for remark in remarks}

    response = client.post(url(consultation), {"action": "delete", "category": green.pk})
    assert response.status_code == 400
    assert "Kategoria jest nadal przypisana do uwag" in response.content.decode()
    assert RemarkCategory.objects.filter(pk=green.pk).exists()
    response = client.post(url(consultation), {"action": "delete", "category": green.pk, "uncode": "on"}, follow=True)
    assert "Usunięto kategorię „Zieleń”; straciły ją 3 uwagi." in response.content.decode()
    assert Remark.objects.count() == 3 and not Remark.categories.through.objects.exists()
    response = client.post(url(consultation), {"action": "delete", "category": benches.pk}, follow=True)
    assert "straciło ją 0 uwag" in response.content.decode()

    actions = list(ModelLogEntry.objects.filter(action__startswith="consultations.category_").values_list("action", "user_id"))
    assert sorted(actions) == [
        ("consultations.category_deleted", coordinator.pk), ("consultations.category_deleted", coordinator.pk),
        ("consultations.category_merged", coordinator.pk), ("consultations.category_renamed", coordinator.pk),
    ]


def test_names_clash_ignoring_case_and_with_global_categories(client, consultation, coded, editor):
    remarks, green, trees = coded
    client.force_login(editor)
    for data in [{"action": "add", "name": "zieleń"}, {"action": "add", "name": "TRANSPORT"},
                 {"action": "rename", "category": trees.pk, "name": "Zieleń"}]:
        response = client.post(url(consultation), data)
        assert response.status_code == 400, data
        assert "Kategoria o tej nazwie już tu istnieje. Zamiast tego połącz obie kategorie." in response.content.decode()
    assert client.post(url(consultation), {"action": "add", "name": "   "}).status_code == 400
    assert sorted(RemarkCategory.objects.values_list("name", flat=True)) == ["Drzewa", "Transport", "Zieleń"]


def test_tampered_posts_change_nothing(client, consultation, coded, editor):
    from tests.factories import ConsultationFactory

    remarks, green, trees = coded
    other = ConsultationFactory(title="Inne", status="open")
    foreign = services.ensure_category(consultation=other, name="Obca", user=None)
    global_category = RemarkCategory.objects.get(name="Transport")
    client.force_login(editor)
    tampered = [
        {"action": "explode"},
        {"action": "rename", "category": "999999", "name": "X"},
        {"action": "rename", "category": "abc", "name": "X"},
        {"action": "rename", "category": global_category.pk, "name": "Tramwaje"},  # global: not from here
        {"action": "rename", "category": foreign.pk, "name": "X"},
        {"action": "merge", "source": green.pk, "target": green.pk},
        {"action": "merge", "source": global_category.pk, "target": green.pk},
        {"action": "merge", "source": green.pk, "target": foreign.pk},
        {"action": "delete", "category": foreign.pk, "uncode": "on"},
    ]
    for data in tampered:
        response = client.post(url(consultation), data)
        assert response.status_code == 400, data
        html = response.content.decode()
        assert ("Niczego nie zmieniono. Popraw błędy poniżej." in html) or ("Wybierz, co zrobić z kategoriami." in html), data
    assert sorted(RemarkCategory.objects.values_list("name", flat=True)) == ["Drzewa", "Obca", "Transport", "Zieleń"]
    assert green.remarks.count() == 2 and trees.remarks.count() == 2
    assert "Wybierz jedną z kategorii z listy." in client.post(url(consultation), tampered[1]).content.decode()


def test_merging_into_a_global_category_moves_the_remarks(client, consultation, coded, editor):
    remarks, green, trees = coded
    global_category = RemarkCategory.objects.get(name="Transport")
    client.force_login(editor)
    assert client.post(url(consultation), {"action": "merge", "source": trees.pk, "target": global_category.pk}).status_code == 302
    assert set(global_category.remarks.values_list("pk", flat=True)) == {remarks[1].pk, remarks[2].pk}


def test_authors_and_partners_get_404(client, consultation, coded, author):
    from tests.factories import UserFactory

    for user in [author, UserFactory(username="partnerka", groups=["Partner"])]:
        client.force_login(user)
        for name in ["categories", "analysis"]:
            assert client.get(url(consultation, name)).status_code == 404
        assert client.post(url(consultation), {"action": "add", "name": "Nowa"}).status_code == 404
    assert not RemarkCategory.objects.filter(name="Nowa").exists()


def test_unknown_consultation_is_404(client, editor):
    client.force_login(editor)
    assert client.get(reverse("consultations_admin:categories", args=[999_999])).status_code == 404
    assert client.get(reverse("consultations_admin:analysis", args=[999_999])).status_code == 404


# ------------------------------------------------------------------------------------------------ analysis screen


def test_too_few_remarks_say_how_many_are_needed(client, consultation, editor):
    add_remarks(consultation, PARK_REMARKS[:2])
    client.force_login(editor)
    html = client.get(url(consultation, "analysis")).content.decode()
    assert f"Za mało uwag, by je pogrupować — potrzeba co najmniej {analysis.MIN_REMARKS}." in html
    assert "Ta konsultacja ma 2 uwagi do analizy." in html


def test_staff_code_a_whole_group_at_once(client, consultation, editor, settings):
    settings.DIALOG_ANALYSIS_MAX_GROUPS = 2
    cache.clear()
    park = add_remarks(consultation, PARK_REMARKS)
    add_remarks(consultation, TRANSPORT_REMARKS)
    client.force_login(editor)
    page = client.get(url(consultation, "analysis"))
    html = page.content.decode()
    assert page.status_code == 200 and "2 grupy podobnych uwag." in html
    grouping = analysis.consultation_grouping(consultation)
    group = next(group for group in grouping.groups if park[0].pk in group.remark_ids)
    assert f"Grupa {group.number}: {', '.join(group.keywords)} (7 uwag)" in html
    assert f'id="id_group{group.number}_category"' in html

    data = {"group": group.number, "digest": grouping.digest, "new_category": "Drzewa w parkach"}
    response = client.post(url(consultation, "analysis"), data, follow=True)
    assert "Przypisano kategorię „Drzewa w parkach” 7 uwagom z grupy" in response.content.decode()
    category = RemarkCategory.objects.get(name="Drzewa w parkach")
    assert set(category.remarks.values_list("pk", flat=True)) == {remark.pk for remark in park}
    assert ModelLogEntry.objects.filter(action="consultations.remark_coded").count() == 7
    response = client.post(url(consultation, "analysis"), {**data, "new_category": "", "category": category.pk}, follow=True)
    assert "Przypisano kategorię „Drzewa w parkach” 0 uwagom z grupy" in response.content.decode()


def test_stale_or_tampered_group_posts_are_refused_in_polish(client, consultation, editor, settings):
    settings.DIALOG_ANALYSIS_MAX_GROUPS = 2
    cache.clear()
    add_remarks(consultation, PARK_REMARKS + TRANSPORT_REMARKS)
    client.force_login(editor)
    grouping = analysis.consultation_grouping(consultation)
    base = {"group": 1, "digest": grouping.digest, "new_category": "Zieleń"}
    cases = [
        ({**base, "group": 99}, "Nie ma takiej grupy. Wybierz jedną z grup poniżej."),
        ({**base, "group": "x"}, "Nie przypisano kategorii. Popraw błędy poniżej."),
        ({**base, "digest": "0" * 64}, "Uwagi zmieniły się od wyświetlenia grup"),
        ({**base, "new_category": "", "category": "999999"}, "Wybierz jedną z kategorii z listy."),
        ({**base, "new_category": ""}, "Wybierz kategorię lub nazwij nową."),
    ]
    for data, message in cases:
        response = client.post(url(consultation, "analysis"), data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert not RemarkCategory.objects.exists()
    add_remarks(consultation, ["Nowa uwaga o drzewach w parku."])  # the remarks changed: the old digest is stale
    response = client.post(url(consultation, "analysis"), base)
    assert response.status_code == 400 and "Uwagi zmieniły się od wyświetlenia grup" in response.content.decode()
    assert not Remark.categories.through.objects.exists()
