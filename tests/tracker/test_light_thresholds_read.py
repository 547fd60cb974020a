"""light_thresholds reads the policy row as the ORM reads it (issue #17: one fixed statement)."""

from __future__ import annotations

import pytest
from django.conf import settings

from tracker.setup.models import LightPolicy
from tracker.setup.thresholds import forget_thresholds, light_thresholds

pytestmark = pytest.mark.django_db


def orm() -> tuple[float, float]:
    row = LightPolicy.objects.filter(pk=1).values_list("yellow_percent", "orange_percent").first()
    if row is None:
        return settings.WARNING_LIGHT_YELLOW, settings.WARNING_LIGHT_ORANGE
    return row[0] / 100, row[1] / 100


def test_thresholds_equal_the_orm() -> None:
    forget_thresholds()
    assert light_thresholds() == orm()
    LightPolicy.objects.create(pk=1, yellow_percent=50, orange_percent=30)
    forget_thresholds()
    assert light_thresholds() == orm() == (0.5, 0.3)
    LightPolicy.objects.filter(pk=1).update(yellow_percent=40)
    forget_thresholds()
    assert light_thresholds() == orm() == (0.4, 0.3)
