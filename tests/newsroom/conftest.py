import datetime as dt
import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from directory.models import OrganisationKind
from newsroom import services
from newsroom.models import MediaList
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

EMBARGO = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)  # 10:00 in Kraków


@pytest.fixture
def release(site_tree):
    """A draft release as the press adapter leaves it."""
    return services.create_release_draft(title="Nowy program małych grantów", lead="Prezydent przedstawi program.",
                                         body_paragraphs=["Szczegóły na konferencji."], delivery_key="test-release")


@pytest.fixture
def media(db):
    """A media list: two outlets (one "do not contact"), their people (one "do not contact"), and one journalist
    chosen by name."""
    gazeta = OrganisationFactory(name="Gazeta Testowa", kind=OrganisationKind.MEDIA, email="redakcja@gazeta.example.org")
    tabu = OrganisationFactory(name="Tygodnik Zastrzeżony", kind=OrganisationKind.MEDIA, email="biuro@tabu.example.org",
                               do_not_contact=True)
    MembershipFactory(organisation=gazeta, person=PersonFactory(first_name="Anna", last_name="Nowak", email="anna@gazeta.example.org"))
    MembershipFactory(organisation=gazeta, person=PersonFactory(first_name="Piotr", last_name="Zastrzeżony",
                                                                email="piotr@gazeta.example.org", do_not_contact=True))
    MembershipFactory(organisation=gazeta, person=PersonFactory(first_name="Bez", last_name="Adresu", email=""))
    MembershipFactory(organisation=tabu, person=PersonFactory(first_name="Ewa", last_name="Tabu", email="ewa@tabu.example.org"))
    freelancer = PersonFactory(first_name="Jan", last_name="Wolny", email="Jan.Wolny@example.org")
    media_list = MediaList.objects.create(name="Media lokalne")
    media_list.organisations.set([gazeta, tabu])
    media_list.people.set([freelancer])
    return media_list


def png(width: int = 800, height: int = 600) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def image(db):
    return get_image_model().objects.create(title="Łąka", file=ImageFile(io.BytesIO(png()), name="laka.png"))
