"""The registries that let the site layer wire apps it never imports: the set-up steps of
`manage.py setup_site` and the demo loaders of `manage.py load_demo`.

`lms` is the ground every app stands on (roles, time zones, user creation), so it cannot
import the apps for their set-up or demo code: each app registers its steps from its
AppConfig.ready(), as periodic jobs are registered through `lms/jobs.py`, and the commands run
whatever is registered, in `order` (lowest first; ties by name). Registering a name again
replaces the step, so a second ready() changes nothing.

A set-up step takes no arguments, is safe to run again, and returns the line `setup_site`
prints. A demo check returns why the demo cannot load here (or None); all run before
anything is written. A demo loader takes the `DemoRun` the loaders before it filled (the
accounts loader sets `trainee`, `supervisor` and `accounts`, the course loader `course`), may
add to it, and returns the lines `load_demo` prints once everything is loaded.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace


class DemoRun(SimpleNamespace):
    """What the demo loaders made so far, for the loaders after them."""


@dataclass(frozen=True)
class Step:
    name: str
    order: int
    run: Callable


_setup_steps: dict[str, Step] = {}
_demo_checks: dict[str, Step] = {}
_demo_loaders: dict[str, Step] = {}


def _ordered(registry: dict[str, Step]) -> list[Step]:
    return sorted(registry.values(), key=lambda step: (step.order, step.name))


def register_setup_step(*, name: str, order: int, run: Callable[[], str]) -> None:
    _setup_steps[name] = Step(name=name, order=order, run=run)


def register_demo_check(*, name: str, order: int, check: Callable[[], str | None]) -> None:
    _demo_checks[name] = Step(name=name, order=order, run=check)


def register_demo_loader(*, name: str, order: int, load: Callable[[DemoRun], list[str]]) -> None:
    _demo_loaders[name] = Step(name=name, order=order, run=load)


def setup_steps() -> list[Step]:
    return _ordered(_setup_steps)


def demo_checks() -> list[Step]:
    return _ordered(_demo_checks)


def demo_loaders() -> list[Step]:
    return _ordered(_demo_loaders)
