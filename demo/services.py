"""Writing the demo content (demo/content.py) through the project's services.

Every function keys what it creates by a natural key (slug, name, e-mail, username) and leaves
existing rows alone, so `seed_demo` can run on every start of `bin/run` without changing anything.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html import escape
from zoneinfo import ZoneInfo

from anyascii import anyascii
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction
from django.utils.text import slugify

from campaigns.services import create_action
from catalog.models import CampaignPage, CatalogPage, EventPage
from catalog.services import create_record
from consultations.demo import seed_demo_consultation_input
from consultations.models import ConsultationDocument
from core.models import Channel, District, Topic
from directory.models import Organisation, OrganisationKind
from directory.services import ensure_organisation, ensure_person, link_account
from events.models import RegistrationSettings
from newsroom.demo import seed_demo_newsroom
from newsroom.models import NewsPage
from panels.demo import seed_demo_panel
from panels.models import CitizenPanel
from publishing.models import ChannelVariant, Message
from surveys.demo import TITLE as SURVEY_TITLE
from surveys.demo import seed_demo_survey
from surveys.models import Survey

from . import content
from .content import Day, RecordSpec


def moment(anchor: date, day: Day | None) -> datetime | None:
    """The aware datetime of a `Day` counted from the anchor, in the city's time zone (DST-correct)."""
    if day is None:
        return None
    local = datetime.combine(anchor + timedelta(days=day.offset), time.fromisoformat(day.at))
    return local.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


def ascii_slug(text: str) -> str:
    """A slug without Polish letters ("Wydział Kształtowania Środowiska" → "wydzial-ksztaltowania-srodowiska")."""
    return slugify(anyascii(text))


def paragraphs_html(text: str) -> str:
    """Rich text for a record body: one <p> per blank-line-separated paragraph."""
    return "".join(f"<p>{escape(part.strip())}</p>" for part in text.split("\n\n") if part.strip())


@dataclass
class SeedResult:
    created: Counter
    skipped: Counter


def seed_content(*, anchor: date, password: str) -> SeedResult:
    """Create whatever demo content is missing; one transaction, so a failure leaves nothing half-written."""
    result = SeedResult(created=Counter(), skipped=Counter())
    with transaction.atomic():
        _count(result, "topics", [ensure_topic(spec) for spec in content.TOPICS])
        organisations = ensure_organisations(content.ORGANISATIONS, result)
        _count(result, "people", [ensure_person_spec(spec, organisations=organisations, anchor=anchor) for spec in content.PEOPLE])
        users = ensure_users(content.USERS, password=password, organisations=organisations, result=result)
        for spec in content.RECORDS:
            created = ensure_record(spec, anchor=anchor, users=users, organisations=organisations)
            _count(result, spec.model._meta.model_name, [created])
        _count(result, "actions", [ensure_action(spec, anchor=anchor, users=users) for spec in content.ACTIONS])
        _count(result, "registrations", [ensure_registration(spec) for spec in content.REGISTRATIONS])
        _count(result, "messages", [ensure_message(spec, users=users) for spec in content.MESSAGES])
        _count(result, "surveys", [_created_by(Survey.objects.filter(title=SURVEY_TITLE).exists, seed_demo_survey)])
        _count(result, "documents", [_created_by(ConsultationDocument.objects.exists, seed_demo_consultation_input)])
        _count(result, "panels", [_created_by(CitizenPanel.objects.exists, seed_demo_panel)])
        _count(result, "newsroom", [_created_by(NewsPage.objects.exists, seed_demo_newsroom)])
    return result


def _created_by(exists, seed) -> bool:
    """Run an app's own idempotent demo seeding; whether it created anything (nothing of its kind existed)."""
    existed = exists()
    seed()
    return not existed


def _count(result: SeedResult, label: str, created_flags: list[bool]) -> None:
    result.created[label] += sum(created_flags)
    result.skipped[label] += len(created_flags) - sum(created_flags)


def ensure_topic(spec: content.TopicSpec) -> bool:
    _, created = Topic.objects.get_or_create(slug=spec.slug, defaults={"name": spec.name, "description": spec.description})
    return created


def organisation_key(organisation: Organisation) -> str:
    """How demo content refers to an organisation: councils by district number, others by short name."""
    if organisation.kind == OrganisationKind.DISTRICT_COUNCIL:
        return content.council(organisation.district.number)
    return organisation.short_name


def ensure_organisations(specs: list[content.OrganisationSpec], result: SeedResult) -> dict[str, Organisation]:
    """Create the organisations; return all of them (with bootstrap's district councils) by demo key."""
    flags = []
    for spec in specs:
        _, created = ensure_organisation(
            name=spec.name, kind=spec.kind, short_name=spec.short_name, website=spec.website, street=spec.street,
            postal_code=spec.postal_code, city="Kraków" if spec.street else "", description=spec.description,
            email=f"{ascii_slug(spec.short_name)}@example.org",
        )
        flags.append(created)
    _count(result, "organisations", flags)
    return {organisation_key(o): o for o in Organisation.objects.select_related("district")}


def ensure_person_spec(spec: content.PersonSpec, *, organisations: dict[str, Organisation], anchor: date) -> bool:
    consent_at = moment(anchor, Day(-spec.consent_days_ago, "12:00")) if spec.consent_days_ago is not None else None
    _, created = ensure_person(
        first_name=spec.first_name, last_name=spec.last_name, email=spec.email, legal_basis=spec.legal_basis,
        legal_basis_note=spec.legal_basis_note, consent_given_at=consent_at, do_not_contact=spec.do_not_contact,
        memberships=[(organisations[key], role, primary) for key, role, primary in spec.memberships],
    )
    return created


def ensure_users(
    specs: list[content.UserSpec], *, password: str, organisations: dict[str, Organisation], result: SeedResult
) -> dict[str, AbstractBaseUser]:
    """One login per role; the password is hashed once (hashing is deliberately slow) and shared."""
    user_model = get_user_model()
    existing = user_model.objects.in_bulk([spec.username for spec in specs], field_name="username")
    password_hash = make_password(password) if len(existing) < len(specs) else None
    users = {}
    for spec in specs:
        user = existing.get(spec.username)
        if user is None:
            user = user_model.objects.create(
                username=spec.username, first_name=spec.first_name, last_name=spec.last_name,
                email=f"{spec.username}@example.org", password=password_hash,
                is_superuser=spec.role is None, is_staff=spec.role is None,
            )
            if spec.role:
                user.groups.add(Group.objects.get(name=spec.role))
            if spec.organisation:
                link_account(user=user, organisation=organisations[spec.organisation])
        users[spec.username] = user
    _count(result, "users", [spec.username not in existing for spec in specs])
    return users


def ensure_record(
    spec: RecordSpec, *, anchor: date, users: dict[str, AbstractBaseUser], organisations: dict[str, Organisation]
) -> bool:
    """Create a record through `create_record` (revision, audit log) unless its slug exists, then publish it."""
    if spec.model.objects.filter(slug=spec.slug).exists():
        return False
    relations = {
        name: spec.model._meta.get_field(name).related_model.objects.get(slug=slug) for name, slug in spec.relations.items()
    }
    author = users[spec.author]
    record = create_record(
        model=spec.model,
        user=author,
        publish=False,
        title=spec.title,
        slug=spec.slug,
        lead=spec.lead,
        body=paragraphs_html(spec.body),
        status=spec.status,
        starts_at=moment(anchor, spec.starts),
        ends_at=moment(anchor, spec.ends),
        go_live_at=moment(anchor, spec.go_live),
        districts=list(District.objects.filter(number__in=spec.districts)),
        topics=list(Topic.objects.filter(slug__in=spec.topics)),
        partners=[organisations[key] for key in spec.partners],
        owner_person=users.get(spec.owner),
        responsible_unit=organisations.get(spec.unit),
        **relations,
        **spec.fields,
    )
    if spec.publish:
        # Four eyes: an editor writes, the coordinator publishes (or schedules, if go_live_at is ahead).
        record.get_latest_revision().publish(user=users[content.PUBLISHER])
    if spec.submit_for_approval:
        record.get_workflow().start(record, author)
    return True


def ensure_action(spec: content.ActionSpec, *, anchor: date, users: dict[str, AbstractBaseUser]) -> bool:
    """An action of a demo campaign's plan, through `campaigns.services` (audit log), unless its title exists there."""
    campaign = CampaignPage.objects.get(slug=spec.campaign)
    if campaign.actions.filter(title=spec.title).exists():
        return False
    create_action(
        campaign=campaign,
        user=users[content.PUBLISHER],
        depends_on=list(campaign.actions.filter(title=spec.after)) if spec.after else [],
        title=spec.title,
        kind=spec.kind,
        channel=Channel.objects.get(slug=spec.channel) if spec.channel else None,
        starts_at=moment(anchor, spec.when),
        ends_at=moment(anchor, spec.until),
        responsible=users[spec.responsible],
        status=spec.status,
    )
    return True


def ensure_registration(spec: content.RegistrationSpec) -> bool:
    """Registration settings of a demo event, unless it has some (staff may have changed them)."""
    event = EventPage.objects.get(slug=spec.event)
    if RegistrationSettings.objects.filter(event=event).exists():
        return False
    settings_row = RegistrationSettings(
        event=event, capacity=spec.capacity, mode=spec.mode, invitation_code=spec.invitation_code,
        step_free_access=spec.step_free_access, induction_loop=spec.induction_loop,
        accessible_toilet=spec.accessible_toilet, public_transport=spec.public_transport,
    )
    settings_row.full_clean()
    settings_row.save()
    return True


def ensure_message(spec: content.MessageSpec, *, users: dict[str, AbstractBaseUser]) -> bool:
    """A draft message with its variants (and, if asked, submitted for approval), unless one with its title exists."""
    if Message.objects.filter(title=spec.title).exists():
        return False
    author = users[spec.author]
    message = Message(
        title=spec.title, record=CatalogPage.objects.get(slug=spec.record), text=spec.text, live=False, created_by=author,
        variants=[ChannelVariant(channel=channel, text=text) for channel, text in spec.variants],
    )
    message.save()
    message.save_revision(user=author)
    if spec.submit:
        message.get_workflow().start(message, author)
    return True


def login_table(users: list[content.UserSpec], password_shown: str) -> str:
    """The demo logins as a small Polish table for the console."""
    rows = [("Login", "Rola", "Hasło")] + [(u.username, u.role_label, password_shown) for u in users]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
