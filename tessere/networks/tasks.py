"""Background work of the networks app, run by the django-tasks worker."""

from __future__ import annotations

from django_tasks import task

from tessere.registry.models import Programme


@task()
def derive_programme_ties(programme_id: int) -> dict[str, int]:
    """Derive the programme's observed ties again (queued when a wave opens, so the network
    the coordinators answer about is up to date). Re-checks that the programme still exists."""
    from .observed import derive_observed_ties

    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        return {}
    return derive_observed_ties(programme=programme)
