"""Hostile values for every form of the service (issue 7 §4), and the helpers that post them.

Each form's test gives one valid POST (the form's real field names). An example is either that
post with one field replaced by a hostile value (so it reaches the deep validation), or a post
where every field is hostile (the early paths). Text values are wrapped in markers, so a page
that shows one back raw is caught however short the payload is."""

from urllib.parse import quote_plus

from hypothesis import strategies as st

MARK_START, MARK_END = "QZX", "XZQ"

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)//<svg/onload=alert(1)>",
    "{{ 7|add:7 }}{% csrf_token %}",
    "'; DROP TABLE referrals_referral; --",
    "%' OR '1'='1",
    "\\%_[]^$.*+?(){}|\\1",
    "(a+)+$" + "a" * 40 + "!",
    "a\x00b",
    "\x00",
    "a\x1fb\x0bc\x08d\x1b[31m",
    "\ud800",
    "x\udfffy",
    "\u202eevil.exe\u202c \u200f\u200e",
    "&lt;already escaped&gt; &amp;",
    "x" * 10_001,
    "<" * 10_500,
    "é" * 12_000,
    "\r\n" * 2_000,
    "   ",
    "-1",
    "-99999999999999999999999999",
    "99999999999999999999999999999999999999",
    "1e309",
    "NaN",
    "٣٤",
    "１２",
    "0",
]

# Everything a browser could send as text, and a few things only a hand-made request could.
HOSTILE_TEXT = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.text(alphabet=st.characters(), max_size=20),
)
MARKED = HOSTILE_TEXT.map(lambda value: f"{MARK_START}{value}{MARK_END}")
HOSTILE = st.one_of(MARKED, HOSTILE_TEXT)

# The day, month and year boxes of a GOV.UK date input.
HOSTILE_DATES = st.one_of(
    st.sampled_from(
        [
            ("31", "02", "2026"),
            ("29", "2", "2027"),
            ("1", "1", "0"),
            ("1", "1", "0000"),
            ("1", "1", "99999"),
            ("1", "1", "9999"),
            ("1", "1", "1899"),
            ("-1", "-1", "-2026"),
            ("0", "0", "2026"),
            ("٣", "٤", "٢٠٢٦"),
            ("１", "２", "２０２６"),
            ("1\x00", "1", "2026"),
            ("99999999999999999999", "1", "2026"),
            ("1", "13", "2026"),
            ("", "", ""),
            ("1 ", " 2", "2026\n"),
            ("<b>", "<i>", "<script>"),
        ]
    ),
    st.tuples(HOSTILE, HOSTILE, HOSTILE),
)


def date_parts(name: str, value) -> dict[str, str]:
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def _date_names(valid: dict) -> set[str]:
    return {key[:-2] for key in valid if key.endswith("_0") and f"{key[:-2]}_2" in valid}


def _replace(valid: dict, name: str, hostile) -> dict:
    if isinstance(hostile, tuple):
        return {**valid, **{f"{name}_{i}": part for i, part in enumerate(hostile)}}
    return {**valid, name: hostile}


def hostile_posts(valid: dict, *, extra: tuple[str, ...] = ()) -> st.SearchStrategy[dict]:
    """A valid post with one field made hostile, or every field hostile. Date inputs are one
    field (their three boxes change together); `extra` names fields the form ignores."""
    dates = _date_names(valid)
    singles = [key for key in valid if key[:-2] not in dates or key[-2:] not in ("_0", "_1", "_2")]
    singles += [name for name in extra if name not in singles]
    one_field = st.sampled_from(sorted(singles) + sorted(dates)).flatmap(
        lambda name: (HOSTILE_DATES if name in dates else HOSTILE).map(
            lambda value: _replace(valid, name, value)
        )
    )
    every_field = st.fixed_dictionaries(
        {name: HOSTILE_DATES if name in dates else HOSTILE for name in [*singles, *dates]}
    ).map(lambda values: _fill(values, dates))
    return st.one_of(one_field, one_field, every_field)


def _fill(values: dict, dates: set[str]) -> dict:
    data = {}
    for name, value in values.items():
        data.update(_replace({}, name, value) if name in dates else {name: value})
    return data


def encode(data: dict) -> str:
    """URL-encoded form data, lone surrogates included (as the bytes a careless client sends:
    Django decodes them as replacement characters, as it would from the network)."""
    pairs = []
    for key, values in data.items():
        for value in values if isinstance(values, list | tuple) else [values]:
            raw = str(value).encode("utf-8", "surrogatepass")
            pairs.append(f"{quote_plus(str(key).encode('utf-8', 'surrogatepass'))}={quote_plus(raw)}")
    return "&".join(pairs)


def post(client, url: str, data: dict):
    response = client.post(url, encode(data), content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500, (url, response.status_code)
    return response


def get(client, url: str, params: dict | None = None):
    response = client.get(f"{url}?{encode(params)}" if params else url)
    assert response.status_code < 500, (url, response.status_code)
    return response


def marked_values(data: dict) -> list[str]:
    """The posted values a page must never show back raw: those with markers and markup."""
    found = []
    for values in data.values():
        for value in values if isinstance(values, list | tuple) else [values]:
            # As Django decodes it: a lone surrogate's bytes become replacement characters.
            value = str(value).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            if MARK_START in value and set("<>&\"'") & set(value):
                found.append(value)
    return found


def assert_escaped(data: dict, *pages) -> None:
    for page in pages:
        if page is None or page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        html = page.content.decode()
        for value in marked_values(data):
            assert value not in html, f"a value came back unescaped: {value[:80]!r}"
