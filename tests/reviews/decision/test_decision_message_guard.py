"""Issue 17 §4: the message to the referrer is checked against the referral's own protected terms
with the anonymisation guard's matcher, refused with what was found shown on the form (and
what was typed kept), and accepted once clean. The service refuses it too, without the words."""

import datetime
import html

import pytest
from django.urls import reverse

from referrals.services import ReferralStateError
from reviews.decision.forms import DecisionForm
from reviews.decision.identifying import what_identifies
from reviews.decision.services import IDENTIFIES, decision_record
from reviews.models import Decision
from tests.reviews.decision_answers import decision_kwargs, decision_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(referral):
    """The fixture's referral with a real child and family: Zoë Okonkwo-Hart, born 27 March
    2019, of 14 Larkspur Road, CR0 2XY, at Ashburton Infants; her mother Marguerite."""
    referral.children.update(
        full_name="Zoë Okonkwo-Hart",
        other_names="Zozo",
        date_of_birth=datetime.date(2019, 3, 27),
        home_address="14 Larkspur Road\nCroydon\nCR0 2XY",
        school_or_setting="Ashburton Infants",
    )
    referral.family_members.update(full_name="Marguerite Okonkwo", date_of_birth=datetime.date(1990, 8, 1))
    return referral


def form_for(referral, member, message):
    data = decision_post(members_present=[str(member.pk)], message_to_referrer=message)
    return DecisionForm(data, referral=referral, similar_items=[])


HOSTILE = [
    ("Thank you. We have decided about Zoë.", "names the child: ‘Zoë’"),
    ("Thank you. We have decided about ZOË OKONKWO-HART.", "names the child: ‘ZOË OKONKWO-HART’"),
    ("thank you, we have decided about zoe.", "names the child: ‘zoe’"),  # accent stripped, lower case
    ("We read Zoe's file with care.", "names the child: ‘Zoe’"),  # possessive
    ("The review will look at Okonkwo-\nHart and her school.", "names the child"),  # split across lines
    ("The review will look at Zoe Okonkwo\nHart.", "names the child"),
    ("Known as Zozo to the school.", "names the child: ‘Zozo’"),  # other name
    ("Her mother marguerite was seen.", "names a family member: ‘marguerite’"),
    ("The child, born 27 March 2019, was seen.", "gives a date of birth: ‘27 March 2019’"),
    ("The child, born 27th of March 2019, was seen.", "gives a date of birth"),
    ("The child, born 27/03/2019, was seen.", "gives a date of birth: ‘27/03/2019’"),
    ("Visits to 14 Larkspur Rd stopped.", "gives an address: ‘14 Larkspur Rd’"),
    ("Near cr0 2xy.", "gives an address: ‘cr0 2xy’"),
    ("Staff at ashburton infants raised it.", "names the child's school or setting"),
]


@pytest.mark.parametrize(("message", "says"), HOSTILE)
def test_the_form_refuses_a_message_that_identifies_the_child_or_family(named, member, message, says):
    form = form_for(named, member, message)

    assert not form.is_valid()
    (error,) = form.errors["message_to_referrer"]
    assert error.startswith("The message ")
    assert says in error
    assert error.endswith("and anything else that identifies the child or family")


def test_it_names_every_kind_found_once_each_in_the_texts_order(named, member):
    message = "Zoë, Zoe and Marguerite: Zoë was born on 27 March 2019."

    (error,) = form_for(named, member, message).errors["message_to_referrer"]

    assert error == (
        "The message names the child: ‘Zoë’; and names a family member: ‘Marguerite’; and gives a "
        "date of birth: ‘27 March 2019’. Remove them, and anything else that identifies the child or family"
    )


@pytest.mark.parametrize(
    "message",
    [
        "Thank you for your referral. The Review Group will commission a learning review.",
        "The child (Child A) and her mother (Mother A) will be named by pseudonym only.",
        "Zoey and Hartley are not this family's names; nor is Okonkwoh.",
        "We met on 27 March 2024 and will write again in 2019's report.",
        "The road works on Larkspur Avenue are not the family's address.",
    ],
)
def test_it_accepts_a_message_that_does_not_identify_them(named, member, message):
    form = form_for(named, member, message)

    assert form.is_valid(), form.errors
    assert what_identifies(named, message) == []


def test_the_page_shows_what_was_found_on_the_field_and_keeps_what_was_typed(staff_client_for, named, member):
    typed = "We have decided about Zoë Okonkwo-Hart.\nThe partnership will write again."

    response = staff_client_for(member).post(
        reverse("reviews:decision", args=[named.reference]),
        decision_post(members_present=[str(member.pk)], message_to_referrer=typed),
    )

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "There is a problem" in page
    assert 'href="#id_message_to_referrer"' in page
    assert "The message names the child: ‘Zoë Okonkwo-Hart’" in page
    assert typed in page  # in the textarea, as typed
    assert not Decision.objects.exists()


def test_a_clean_message_goes_on_to_the_confirm_page(staff_client_for, named, member):
    response = staff_client_for(member).post(
        reverse("reviews:decision", args=[named.reference]),
        decision_post(members_present=[str(member.pk)], message_to_referrer="A review will be carried out."),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:decision_confirm", args=[named.reference])


def test_the_service_refuses_it_too_without_repeating_what_was_found(named, member):
    with pytest.raises(ReferralStateError) as refused:
        decision_record(**decision_kwargs(named, member, message_to_referrer="About Zoe: a review."))

    assert str(refused.value) == IDENTIFIES
    assert "Zoe" not in str(refused.value)
    assert not Decision.objects.exists()


def test_only_this_referrals_terms_count(named, member):
    """Another referral's child is not this message's concern here (the register is for what the
    public reads)."""
    from tests.reviews.decision_answers import awaiting_decision

    other = awaiting_decision()
    other.children.update(full_name="Tobias Wexford")

    assert form_for(named, member, "Tobias Wexford is not this child.").is_valid()
    assert not form_for(other, member, "Tobias was seen.").is_valid()
