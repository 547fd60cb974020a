"""Fixtures shared by the tracker tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from tests.tracker.reporting_data import NOW, Scenario, make_scenario
from tracker.org.models import Department, User


@pytest.fixture
def scenario(
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    dept_c: Department,
    staff_a: User,
    staff_b: User,
) -> Scenario:
    return make_scenario(
        supervisor=supervisor,
        dept_a=dept_a,
        dept_b=dept_b,
        dept_c=dept_c,
        staff_a=staff_a,
        staff_b=staff_b,
    )


@pytest.fixture
def frozen() -> Iterator[None]:
    """The clock stopped at the scenario's NOW (a module may stop it elsewhere
    with its own ``frozen``, as test_circulars does)."""
    with time_machine.travel(NOW, tick=False):
        yield
