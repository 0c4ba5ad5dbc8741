"""One room per capability (issue 13): what may sit at the top of an app, no prefixed module
names, and the README's "Where things are" map agreeing with the tree both ways."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("referrals", "reviews", "publications")

# What the app as a whole needs; everything else lives in a capability's package.
APP_MODULES = {
    "__init__.py",
    "apps.py",
    "admin.py",
    "models.py",
    "services.py",
    "selectors.py",
    "urls.py",
    "audit.py",
    "tasks.py",
}
# The modules the review packages share (the referral's transitions, the triage clocks, the steps' lateness, the staff
# pages' cache and the triggers that move its version).
SHARED_MODULES = {
    "reviews": {"transitions.py", "clocks.py", "lateness.py", "casework_cache.py", "casework_triggers.py"}
}
# Folders Django gives a meaning to, which are not capabilities.
DJANGO_FOLDERS = {"migrations", "templatetags", "static", "management", "__pycache__"}
PREFIXES = ("views_", "forms_", "urls_", "selectors_")
# Packages whose capabilities the map names besides the three apps' own.
OTHER_PACKAGES = ("cscp", "scripts")


def top_level_problems(root: Path) -> list[str]:
    problems = []
    for app in APPS:
        allowed = APP_MODULES | SHARED_MODULES.get(app, set())
        for entry in sorted((root / app).iterdir()):
            if entry.is_file() and entry.suffix == ".py" and entry.name not in allowed:
                problems.append(
                    f"{app}/{entry.name} is a module at the top of {app}/: move it into its package"
                )
    return problems


def prefixed_names(root: Path) -> list[str]:
    found = []
    for top in (*APPS, "tests"):
        for path in (root / top).rglob("*"):
            if "__pycache__" in path.parts or "migrations" in path.parts:
                continue
            if path.name.startswith(PREFIXES) and (path.is_dir() or path.suffix == ".py"):
                found.append(str(path.relative_to(root)))
    return sorted(found)


def capability_packages(root: Path) -> set[str]:
    """Every package (a folder with __init__.py) at the first level of an app, cscp/ and scripts/,
    and every deeper one of an app with pages or state changes of its own (urls.py or services.py:
    reviews/cases/documents/); not a module split into a folder (referrals/draft/views/), nor
    Django's own folders."""
    packages = set()
    for app in APPS:
        for init in (root / app).rglob("__init__.py"):
            folder = init.parent
            if folder == root / app or DJANGO_FOLDERS & set(folder.relative_to(root).parts):
                continue
            nested = len(folder.relative_to(root / app).parts) > 1
            if nested and not any((folder / name).exists() for name in ("urls.py", "services.py")):
                continue
            packages.add(f"{folder.relative_to(root)}/")
    for top in OTHER_PACKAGES:
        for init in (root / top).glob("*/__init__.py"):
            if init.parent.name not in DJANGO_FOLDERS:
                packages.add(f"{init.parent.relative_to(root)}/")
    return packages


def readme_map(readme: str) -> list[list[str]]:
    """The map's rows, each a list of its four cells."""
    section = readme.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "`" in line]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


def paths_in(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_no_module_sits_at_the_top_of_an_app_but_what_the_app_as_a_whole_needs():
    assert top_level_problems(ROOT) == []


def test_no_module_or_folder_is_named_with_a_views_forms_urls_or_selectors_prefix():
    assert prefixed_names(ROOT) == []


def test_every_package_is_in_the_readme_map_and_every_package_it_names_exists():
    rows = readme_map((ROOT / "README.md").read_text())
    mapped = {paths_in(row[1])[0] for row in rows}

    assert capability_packages(ROOT) - mapped == set(), "packages missing from README's map"
    assert {p for p in mapped if not (ROOT / p / "__init__.py").exists()} == set()


def test_every_template_and_test_path_in_the_map_exists():
    rows = readme_map((ROOT / "README.md").read_text())
    named = [path for row in rows for cell in row[2:] for path in paths_in(cell)]

    assert named, "the map names no templates or tests"
    assert [path for path in named if not (ROOT / path).exists()] == []


# The checks themselves, on a small tree made for them.


@pytest.fixture
def tree(tmp_path):
    for app in APPS:
        (tmp_path / app / "triage").mkdir(parents=True)
        (tmp_path / app / "__init__.py").write_text("")
        (tmp_path / app / "models.py").write_text("")
        (tmp_path / app / "triage" / "__init__.py").write_text("")
    for top in ("tests", "cscp", "scripts"):
        (tmp_path / top).mkdir()
    return tmp_path


def test_a_new_module_at_the_top_of_an_app_is_found(tree):
    (tree / "reviews" / "transitions.py").write_text("")
    assert top_level_problems(tree) == []

    (tree / "reviews" / "escalation.py").write_text("")
    (tree / "referrals" / "transitions.py").write_text("")  # shared in reviews/ only
    assert top_level_problems(tree) == [
        "referrals/transitions.py is a module at the top of referrals/: move it into its package",
        "reviews/escalation.py is a module at the top of reviews/: move it into its package",
    ]


def test_a_prefixed_module_or_folder_is_found_anywhere(tree):
    (tree / "reviews" / "triage" / "views_queue.py").write_text("")
    (tree / "publications" / "urls_public").mkdir()
    (tree / "tests" / "selectors_cases.py").write_text("")
    (tree / "reviews" / "triage" / "views.py").write_text("")

    assert prefixed_names(tree) == [
        "publications/urls_public",
        "reviews/triage/views_queue.py",
        "tests/selectors_cases.py",
    ]


def test_a_new_package_is_a_capability_the_map_must_name(tree):
    (tree / "reviews" / "migrations").mkdir()
    (tree / "reviews" / "migrations" / "__init__.py").write_text("")
    (tree / "cscp" / "accounts").mkdir()
    (tree / "cscp" / "accounts" / "__init__.py").write_text("")
    (tree / "reviews" / "triage" / "views").mkdir()  # a module split into a folder
    (tree / "reviews" / "triage" / "views" / "__init__.py").write_text("")
    (tree / "reviews" / "triage" / "documents").mkdir()  # a capability of its own inside triage
    (tree / "reviews" / "triage" / "documents" / "__init__.py").write_text("")
    (tree / "reviews" / "triage" / "documents" / "urls.py").write_text("")

    assert capability_packages(tree) == {
        "referrals/triage/",
        "reviews/triage/",
        "publications/triage/",
        "cscp/accounts/",
        "reviews/triage/documents/",
    }


def test_the_map_is_read_from_its_own_section():
    readme = (
        "# X\n\n## Where things are\n\n| capability | package | templates | tests |\n|---|---|---|---|\n"
        "| Triage | `reviews/triage/` | `templates/reviews/triage/` | `tests/reviews/triage/` |\n\n"
        "## Next\n\n| Other | `not/this/` | | |\n"
    )
    assert readme_map(readme) == [
        ["Triage", "`reviews/triage/`", "`templates/reviews/triage/`", "`tests/reviews/triage/`"]
    ]
