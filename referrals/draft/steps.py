"""The referral form's pages, in order, and what makes each one complete.

One registry drives the pages, the back and continue links, the check-your-answers page and
the guard on submission (`incomplete_steps`, called by services.referral_submit). A page is
complete when its form, filled from what is stored, validates; the form's errors are what is
missing, in the words the page itself would use.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404

from ..models import AgencyInvolved, Child, FamilyMember, Referral
from . import forms


@dataclass(frozen=True)
class Step:
    slug: str
    title: str

    def problems(self, referral: Referral, agencies) -> list[str]:
        """What is missing or wrong on this page, as instructions; empty when complete."""
        return []


@dataclass(frozen=True)
class FormStep(Step):
    form_class: type[forms.DraftForm] = forms.DraftForm

    def form(self, data=None, **kwargs) -> forms.DraftForm:
        return self.form_class(data, **kwargs)

    def stored_form(self, referral, agencies) -> forms.DraftForm:
        return self.form_class.stored(instance=referral, agencies=agencies)

    def problems(self, referral, agencies):
        return form_problems(self.stored_form(referral, agencies))


@dataclass(frozen=True)
class ItemsStep(Step):
    """A repeatable section: a list page, and a page per item."""

    model: type = Child
    related_name: str = ""
    form_class: type[forms.DraftForm] = forms.DraftForm
    noun: str = ""  # "child": headings, buttons and messages
    minimum: int = 0
    empty_label: str = field(default="")  # the list's button when nothing has been added

    def items(self, referral):
        return getattr(referral, self.related_name).all()

    def item_title(self, item, number: int) -> str:
        return str(
            getattr(item, "name", "")
            or getattr(item, "full_name", "")
            or f"{self.noun.capitalize()} {number}"
        )

    def stored_form(self, referral, item, agencies) -> forms.DraftForm:
        return self.form_class.stored(instance=item, referral=referral, agencies=agencies)

    def item_problems(self, referral, item, agencies) -> list[str]:
        return form_problems(self.stored_form(referral, item, agencies))

    def list_problems(self, count: int) -> list[str]:
        return [f"Add at least one {self.noun}"] if count < self.minimum else []

    def problems(self, referral, agencies):
        items = list(self.items(referral))
        found = self.list_problems(len(items))
        for number, item in enumerate(items, start=1):
            found += [
                f"{self.item_title(item, number)}: {m}" for m in self.item_problems(referral, item, agencies)
            ]
        return found


@dataclass(frozen=True)
class DocumentsStep(Step):
    """Optional: always complete."""


def form_problems(form) -> list[str]:
    """A bound form's error messages, in field order."""
    form.is_valid()
    return [str(message) for errors in form.errors.values() for message in errors]


STEPS: list[Step] = [
    FormStep("about-you", "About you", forms.AboutYouForm),
    FormStep("safeguarding-lead", "Your agency's safeguarding lead", forms.SafeguardingLeadForm),
    ItemsStep(
        "children",
        "The child or children",
        model=Child,
        related_name="children",
        form_class=forms.ChildForm,
        noun="child",
        minimum=1,
    ),
    ItemsStep(
        "family",
        "Family members and significant others",
        model=FamilyMember,
        related_name="family_members",
        form_class=forms.FamilyMemberForm,
        noun="family member",
        empty_label="There are no family members to add",
    ),
    ItemsStep(
        "agencies-involved",
        "Agencies involved",
        model=AgencyInvolved,
        related_name="agencies_involved",
        form_class=forms.AgencyInvolvedForm,
        noun="agency",
        minimum=1,
    ),
    FormStep("what-happened", "What happened", forms.WhatHappenedForm),
    FormStep("criteria", "Why this case should be considered for a review", forms.CriteriaForm),
    FormStep("concerns", "Immediate concerns and action taken", forms.ConcernsForm),
    FormStep("parallel-processes", "Other investigations and reviews", forms.ParallelProcessesForm),
    FormStep("family-told", "Whether the family has been told", forms.FamilyToldForm),
    FormStep("media", "Media interest", forms.MediaForm),
    DocumentsStep("documents", "Supporting documents"),
    FormStep("declaration", "Declaration", forms.DeclarationForm),
]
BY_SLUG = {step.slug: step for step in STEPS}
FIRST = STEPS[0]


def get(slug: str) -> Step:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise Http404("No such page in the referral form") from None


def items_step(slug: str) -> ItemsStep:
    step = get(slug)
    if not isinstance(step, ItemsStep):
        raise Http404("No such list in the referral form")
    return step


def following(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def preceding(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index else None


def prefetch_answers(referral: Referral) -> Referral:
    """Load the referral's children, family members, agencies and documents in four queries,
    however many there are."""
    prefetch_related_objects(
        [referral],
        "children",
        "family_members",
        Prefetch("agencies_involved", queryset=AgencyInvolved.objects.select_related("agency")),
        "documents",
    )
    return referral


def problems_by_step(referral: Referral, agencies=None) -> dict[str, list[str]]:
    """Every page's problems, for the check-your-answers page. Prefetch the referral's
    children, family members and agencies first to keep the query count fixed."""
    agencies = forms.active_agencies() if agencies is None else agencies
    return {step.slug: step.problems(referral, agencies) for step in STEPS}


def incomplete_steps(referral: Referral) -> list[Step]:
    """The pages still to complete before the referral can be submitted, in order."""
    problems = problems_by_step(referral)
    return [step for step in STEPS if problems[step.slug]]
