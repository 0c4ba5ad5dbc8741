"""A module cannot mix tests on the shared demo world (tests/conftest.py) with tests off it."""

from pathlib import Path
from types import SimpleNamespace

from tests.conftest import strays_from_the_demo_world


def item(path, nodeid, *fixtures):
    return SimpleNamespace(path=Path(path), nodeid=nodeid, fixturenames=("db", *fixtures))


def test_a_test_off_the_world_in_a_module_on_it_is_named():
    items = [
        item("a.py", "a.py::on", "demo_world"),
        item("a.py", "a.py::off"),
        item("b.py", "b.py::elsewhere"),
    ]

    assert strays_from_the_demo_world(items) == ["a.py::off"]


def test_modules_all_on_or_all_off_the_world_pass():
    items = [
        item("a.py", "a.py::one", "demo_world"),
        item("a.py", "a.py::two", "demo_world"),
        item("b.py", "b.py::x"),
    ]

    assert strays_from_the_demo_world(items) == []
