"""Registries of panels shown on a programme's, a project's and an organisation's page and on a
person's own page, filled by the domain apps.

The registry app renders the programme page but must not import the apps built on it
(meetings, mentoring...). Each app registers a callable `(request, programme) -> Panel | None`
in its AppConfig.ready(); the programme page renders every panel in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelFactory = Callable[[HttpRequest, Any], "Panel | None"]


class PanelRegistry:
    def __init__(self) -> None:
        self._factories: dict[str, tuple[int, PanelFactory]] = {}

    def register(self, key: str, factory: PanelFactory, *, order: int = 100) -> None:
        self._factories[key] = (order, factory)

    def render_for(self, request: HttpRequest, obj: Any) -> list[Panel]:
        panels = []
        for _order, factory in sorted(self._factories.values(), key=lambda item: item[0]):
            panel = factory(request, obj)
            if panel is not None:
                panels.append(panel)
        return panels


programme_panels = PanelRegistry()
# Panels on a person's own page (/io/): their meetings, their actions...
personal_panels = PanelRegistry()
# Panels on a project's page: the link to its mentoring file for those who may see it...
project_panels = PanelRegistry()
# Panels on an organisation's registry page: its network of ties (for members)...
organisation_panels = PanelRegistry()
