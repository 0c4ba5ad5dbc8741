"""How GOV.UK form pages are laid out: text boxes, character counts, and radios that reveal more
questions. The reveal templates are under templates/referrals/draft/gds/ (and their script is
referrals/reveal.js) because the referral form used them first; every form's pages share them."""

from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Field

from cscp.core.fields import TEXT_MAX, TEXT_ROWS


class RevealRadios(ConditionalRadios):
    """Radios whose answers reveal more questions. Rendered with our templates and script
    (referrals/reveal.js) rather than GOV.UK's radios module, which puts aria-expanded on the
    radios, an attribute ARIA does not allow there (axe flags it)."""

    template = "referrals/draft/gds/reveal_radios.html"


class Reveal(ConditionalQuestion):
    """One answer of RevealRadios and the fields it reveals. Pass every answer as a Reveal,
    even one that reveals nothing: the library wraps a bare label in its own class, which
    numbers radios from 0 where every other radio group (and our error summary) counts from 1."""

    template = "referrals/draft/gds/conditional_question.html"


def text(name, width=20):
    return Field.text(name, field_width=width)


def long_text(name, rows=TEXT_ROWS, max_characters=TEXT_MAX):
    return Field.textarea(name, rows=rows, max_characters=max_characters)
