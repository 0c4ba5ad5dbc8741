"""Protected terms added and removed by hand (publications/guard/services.py)."""

import pytest

from publications.guard import services as guard_services
from publications.models import ProtectedTerm
from publications.staff import services
from tests.publications.helpers import case_ready, refused

pytestmark = pytest.mark.django_db


def test_terms_added_by_hand_can_be_removed_automatic_ones_cannot(coordinator):
    case = case_ready()
    publication = services.publication_start(case, coordinator)
    term = guard_services.term_add(case, "  Janet   Smith ", coordinator)
    assert (term.term, term.source, term.case) == ("Janet Smith", "manual", case)
    refused("already protected", guard_services.term_add, case, "janet smith", coordinator)
    refused("Enter the name", guard_services.term_add, case, "  ", coordinator)
    automatic = ProtectedTerm.objects.create(case=case, term="Oakfield Primary", source="school")
    refused("comes from the referral", guard_services.term_remove, automatic, coordinator)
    guard_services.term_remove(term, coordinator)
    assert list(ProtectedTerm.objects.values_list("term", flat=True)) == ["Oakfield Primary"]
    notes = list(publication.events.values_list("note", flat=True))
    assert not any("Janet" in note for note in notes)
    standalone = services.publication_new_standalone("thematic", "Adolescents", coordinator)
    assert guard_services.term_add(standalone, "Riverside", coordinator).publication == standalone
