"""Stages and the registry that knows them.

A stage is a pure function of one document's state: it reads the keys it
`requires` and returns a dict holding exactly the keys it `assigns`. Built-in
stages register themselves here the same way a third-party stage would, either
by calling `register` or through the ``newsgraph.stages`` entry-point group.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

from newsgraph.errors import PipelineError

State = Mapping[str, Any]
StageFunc = Callable[[State], dict[str, Any]]
BatchFunc = Callable[[Sequence[State]], list[dict[str, Any]]]


@dataclass(frozen=True)
class Stage:
    name: str
    version: int
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    func: StageFunc
    batch_func: BatchFunc | None = None

    @property
    def id(self) -> str:
        """Name with version, as recorded in provenance: ``dates.v1``."""
        return f"{self.name}.v{self.version}"

    def __call__(self, state: State) -> dict[str, Any]:
        out = self.func(state)
        extra = set(out) - set(self.assigns)
        if extra:
            raise PipelineError(
                f"stage {self.id} returned keys it does not declare: {sorted(extra)}",
                code="NG302",
            )
        return out

    def batch(self, states: Sequence[State]) -> list[dict[str, Any]]:
        """Run on many documents at once; same result as one by one, often faster."""
        if self.batch_func is None:
            return [self(s) for s in states]
        return self.batch_func(states)


_REGISTRY: dict[str, Stage] = {}
_entry_points_loaded = False


def register(
    name: str,
    version: int,
    *,
    requires: tuple[str, ...],
    assigns: tuple[str, ...],
    batch: BatchFunc | None = None,
) -> Callable[[StageFunc], Stage]:
    """Decorator: register a function as the stage ``name.v{version}``.

    `batch`, when given, computes the same additions for a list of states at once.
    """

    def wrap(func: StageFunc) -> Stage:
        stage = Stage(name, version, tuple(requires), tuple(assigns), func, batch)
        _REGISTRY[stage.id] = stage
        return stage

    return wrap


def _load_entry_points() -> None:
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    for ep in entry_points(group="newsgraph.stages"):
        ep.load()  # importing the module registers its stages


def get(stage_id: str) -> Stage:
    """Look a stage up by ``name.vN``, or by bare name for its newest version."""
    import newsgraph.pipeline.stages  # noqa: F401  (registers the built-in stages)

    _load_entry_points()
    if stage_id in _REGISTRY:
        return _REGISTRY[stage_id]
    versions = [s for s in _REGISTRY.values() if s.name == stage_id]
    if not versions:
        raise PipelineError(f"no stage named {stage_id!r}; known: {sorted(_REGISTRY)}", code="NG301")
    return max(versions, key=lambda s: s.version)


def known() -> list[str]:
    import newsgraph.pipeline.stages  # noqa: F401

    _load_entry_points()
    return sorted(_REGISTRY)
