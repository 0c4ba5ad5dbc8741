"""The canary (issue 14, "What it must show"): a registered name is written into every text field
of every model the public site reads, found by walking the models (every model of the
publications app, and every model a publication links to by many-to-many: the themes), never a
hand list; everything is published the service's way; then every public URL, the feed, the PDFs
and the search are crawled. The canary appears nowhere, and every refusal names the field."""

import io

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from pypdf import PdfReader

from publications.models import KeyMessages, NationalLearningLink, Publication
from publications.services import PublicationError
from publications.staff import approval, key_messages, publishing, services
from reviews.themes import services as theme_services
from tests.factories import UserFactory, submitted_referral_factory
from tests.publications.helpers import render_now

pytestmark = pytest.mark.django_db

CANARY = "Zephyrine Quillfeather"
CANARY_WORDS = ("zephyrine", "quillfeather")


def public_models() -> list[type[models.Model]]:
    """Every model of the publications app and every model a publication links to by M2M."""
    found = list(apps.get_app_config("publications").get_models())
    found += [field.related_model for field in Publication._meta.many_to_many]
    return list(dict.fromkeys(found))


def text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField) and not field.choices and field.concrete
    ]


@pytest.fixture
def people(db, settings):
    settings.CSCP_REQUIRE_2FA = False
    submitted_referral_factory(referrer_name=CANARY)  # the canary is a registered name
    return UserFactory(roles=["coordinator"]), UserFactory(roles=["coordinator"])


def _standalone(author, title="A thematic review of neglect"):
    publication = services.publication_new_standalone(Publication.Kind.THEMATIC, title, author)
    services.section_add(publication, author, "Findings", "Agencies did not share what they knew.")
    services.publication_update(
        publication, author, summary="What we learned.", family_not_told_reason="Thematic"
    )
    return publication


def _publish(publication, author, second) -> str:
    """Publish the service's way; "" when published, else the refusal."""
    publication = render_now(publication)
    try:
        publishing.publication_publish(publication, second, publication.content_version)
    except PublicationError as error:
        return str(error)
    return ""


def _canary_in(value_field, model):
    if isinstance(value_field, models.SlugField):
        return "zephyrine-quillfeather"
    if isinstance(value_field, models.URLField):
        return "https://example.org/zephyrine-quillfeather"
    return f"Said by {CANARY}."


def _try_publication_field(field, author, second) -> str:
    """The refusal ("" when published) for the canary in one field of a publication."""
    publication = _standalone(author, title=f"Review {field.name}")
    value = _canary_in(field, Publication)[: field.max_length or None]
    if field.name in services.UPDATE_FIELDS:
        try:
            services.publication_update(publication, author, **{field.name: value})
        except PublicationError as error:  # refused as the coordinator types it (the slug's rules)
            return str(error)
    else:  # not typed by a coordinator: written straight into the row
        Publication.objects.filter(pk=publication.pk).update(**{field.name: value})
    return _publish(publication, author, second)


def test_the_canary_reaches_no_public_page(people, client):
    author, second = people
    refusals: dict[str, str] = {}
    walked = []
    for model in public_models():
        for field in text_fields(model):
            walked.append(f"{model.__name__}.{field.name}")
            if model is Publication:
                refusal = _try_publication_field(field, author, second)
            elif model._meta.model_name == "publicationsection":
                publication = _standalone(author, title=f"Section {field.name}")
                section = publication.sections.get()
                values = {"heading": section.heading, "body": section.body, field.name: f"Said by {CANARY}."}
                services.section_change(section, author, values["heading"], values["body"])
                refusal = _publish(publication, author, second)
            elif model is KeyMessages:
                values = {
                    "title": "Learning",
                    "body": "Listen to children.",
                    field.name: f"Said by {CANARY}.",
                }
                if field.name in ("title", "body"):
                    messages = key_messages.key_messages_save(
                        2026, values["title"], values["body"], [], author
                    )
                    try:
                        approval.approve(messages, second, messages.version)
                        refusal = ""
                    except PublicationError as error:
                        refusal = str(error)
                    KeyMessages.objects.all().delete()
                else:  # the approved copy is written only by approval: straight into the row
                    KeyMessages.objects.update_or_create(
                        year=2025, defaults={"title": "T", "body": "B", field.name: f"By {CANARY}"}
                    )
                    refusal = "not typed"
            elif model is NationalLearningLink:
                draft = {"title": "Panel", "url": "https://www.gov.uk/panel", "description": "Reviews"}
                if field.name in draft:
                    draft[field.name] = _canary_in(field, model)
                    link = approval.save_draft(NationalLearningLink(), author, **draft)
                    try:
                        approval.approve(link, second, link.version)
                        refusal = ""
                    except PublicationError as error:
                        refusal = str(error)
                    NationalLearningLink.objects.filter(pk=link.pk).delete()
                else:
                    NationalLearningLink.objects.create(
                        title="T", url="https://example.org", **{field.name: "x"}
                    )
                    NationalLearningLink.objects.filter(**{field.name: "x"}).update(
                        **{field.name: f"By {CANARY}"}
                    )
                    refusal = "not typed"
            elif model._meta.label == "reviews.Theme":
                try:
                    values = {"name": "Neglect and care", "description": "", field.name: f"Said by {CANARY}"}
                    if field.name in ("name", "description"):
                        theme_services.theme_create(name=values["name"], description=values["description"])
                        refusal = ""
                    else:
                        refusal = "not typed"
                except theme_services.ThemeError as error:
                    refusal = str(error)
            else:  # the app's private rows: written straight into them, with whatever they need
                refusal = _write_private(model, field)
            if refusal and refusal not in ("not typed", "private"):
                refusals[f"{model.__name__}.{field.name}"] = refusal

    assert len(walked) > 30  # every text field of every model, not a few
    # Each refusal names the field it is in (its label, as the coordinator sees it).
    labels = {"Publication.title": "Title", "Publication.summary": "Summary", "Publication.slug": "Slug"}
    for key, label in labels.items():
        assert label in refusals[key], (key, refusals.get(key))
    assert "Key messages" in refusals["KeyMessages.body"] and "Title" in refusals["KeyMessages.title"]
    assert "Web address" in refusals["NationalLearningLink.url"]
    assert "Theme.name" in refusals and "name" in refusals["Theme.name"].lower()

    # Publish one clean report for each kind of page to exist, withdraw another with the canary in
    # its reason, and give a live report a theme.
    clean = _standalone(author, title="Learning from neglect")
    assert _publish(clean, author, second) == ""
    withdrawn = _standalone(author, title="Learning withdrawn")
    assert _publish(withdrawn, author, second) == ""
    publishing.publication_withdraw(withdrawn, second, f"Asked by {CANARY}", court_order=True)

    for body, where in _crawl(client):
        lower = body.lower()
        assert not any(word in lower for word in CANARY_WORDS), f"the canary is on {where}"


def _write_private(model, field) -> str:
    """The private rows (terms, renders, events, register...) hold the canary: never public."""
    instance = model.objects.first()
    if instance is None:
        return "private"
    model.objects.filter(pk=instance.pk).update(**{field.name: f"By {CANARY}"[: field.max_length or None]})
    return "private"


def _crawl(client):
    """Every public page, the feed, the PDFs and the search, as an anonymous visitor."""
    pages = [reverse("reports:list"), reverse("reports:feed"), reverse("reports:learning")]
    for word in CANARY_WORDS:
        # The page repeats the visitor's own words back; what matters is that nothing is found.
        response = client.get(reverse("reports:list"), {"q": word})
        assert response.status_code == 200 and response.context["result"]["total"] == 0, word
    for publication in Publication.objects.exclude(status=Publication.Status.DRAFT):
        pages.append(reverse("reports:detail", args=[publication.slug]))
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404, 410), url
        yield response.content.decode(), url
    for publication in Publication.objects.public():
        for name in ("reports:report_pdf", "reports:briefing_pdf"):
            response = client.get(reverse(name, args=[publication.slug]))
            if response.status_code == 200:
                data = b"".join(response.streaming_content) if response.streaming else response.content
                reader = PdfReader(io.BytesIO(data))
                text = "\n".join(page.extract_text() or "" for page in reader.pages)
                text += str(reader.metadata or {})
                yield text, f"{publication.slug} {name}"
