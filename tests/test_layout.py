"""The house rules, checked rather than trusted (docs/decisions/0011-rooms-and-import-rules.md).

Read from the source with `ast`, every import of our apps (including the ones inside
functions) must follow the layout:

- apps depend one way: content <- courses <- assessments <- certificates, and `lms` is the
  ground every app may stand on; `lms` itself imports no app (it wires them by registries and
  URL strings);
- an app asks another app only through its `selectors`, `services`, `signals`, `models`,
  hook names and (for demo code) its demo loaders; never through its views, tasks, admin,
  forms or a private (`_underscored`) name;
- inside `assessments`, the quiz room and the practice room never import each other; the
  supervision room may use both; other apps reach assessments only through the rooms'
  `selectors` and `services`, the practice room's `progress` (its reads for many
  enrolments at once), `assessments.signals` and `assessments.models`;
- admin hooks are registered from each app's `wagtail_hooks.py` alone;
- no module in `assessments/` is much longer than 600 lines;
- the README's map of where things live names only files and folders that exist.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["lms", "content", "courses", "assessments", "certificates"]

# Which apps each app may import. lms is the ground: everybody may import it; it imports none.
MAY_IMPORT = {
    "lms": set(),
    "content": {"lms"},
    "courses": {"lms", "content"},
    "assessments": {"lms", "content", "courses"},
    "certificates": {"lms", "content", "courses", "assessments"},
}

# What another app may reach in an app (module paths relative to the app). "demo" modules may
# be imported by other apps' demo code only.
PUBLIC = {
    "lms": None,  # the ground: any public module except the ones below
    "content": {"selectors", "services", "signals", "models", "blocks", "curriculum"},
    "courses": {
        "selectors",
        "services",
        "signals",
        "models",
        "hooks",
        "blocks",
        "workflow",
        "organisations",
    },
    "assessments": {
        "quizzes.selectors",
        "quizzes.services",
        "practice.selectors",
        "practice.services",
        # Practice read for many enrolments at once (a cohort's progress), kept beside
        # practice.selectors, which is at the room's length limit.
        "practice.progress",
        "signals",
        "models",
    },
    "certificates": {"selectors", "services", "signals", "models"},
}
NEVER_PUBLIC = {"views", "tasks", "admin", "forms", "urls", "wagtail_hooks", "apps"}
DEMO_MODULES = {"demo", "quizzes.demo", "practice.demo"}

ROOMS = {"quizzes", "practice", "supervise"}
ROOMS_MAY_IMPORT = {"quizzes": set(), "practice": set(), "supervise": {"quizzes", "practice"}}

MAX_LINES = 620


@dataclass(frozen=True)
class Import:
    source: Path  # the importing file
    line: int
    module: str  # absolute module path of what is imported
    name: str | None  # for `from module import name`: the name, when it is not a module


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_module(dotted: str) -> bool:
    base = ROOT.joinpath(*dotted.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _source_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path


def _imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    own = _module_of(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name, None)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                candidate = f"{module}.{alias.name}"
                if _is_module(candidate):
                    yield Import(path, node.lineno, candidate, None)
                else:
                    yield Import(path, node.lineno, module, alias.name)


def _app_of(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in APPS else None


def _where(imp: Import) -> str:
    what = f"{imp.module}.{imp.name}" if imp.name else imp.module
    return f"{imp.source.relative_to(ROOT)}:{imp.line} imports {what}"


def _all_imports():
    return [imp for path in _source_files() for imp in _imports(path)]


def test_apps_depend_one_way_and_lms_imports_no_app():
    problems = []
    for imp in _all_imports():
        source_app = _app_of(_module_of(imp.source))
        target_app = _app_of(imp.module)
        if target_app is None or target_app == source_app:
            continue
        if target_app not in MAY_IMPORT[source_app]:
            problems.append(f"{_where(imp)}: {source_app} may not depend on {target_app}")
    assert not problems, "\n".join(problems)


def test_apps_ask_each_other_only_through_selectors_services_signals_and_models():
    problems = []
    for imp in _all_imports():
        source = _module_of(imp.source)
        source_app, target_app = _app_of(source), _app_of(imp.module)
        if target_app is None or target_app == source_app:
            continue
        inside = imp.module.split(".", 1)[1] if "." in imp.module else ""
        first = inside.split(".")[0]
        last = source.rsplit(".", 1)[-1]
        if imp.name and imp.name.startswith("_"):
            problems.append(f"{_where(imp)}: a private name of another app")
        elif inside in DEMO_MODULES and (last in {"demo", "apps"} or ".management." in source):
            continue
        elif not inside or first in NEVER_PUBLIC or inside.rsplit(".", 1)[-1] in NEVER_PUBLIC:
            problems.append(f"{_where(imp)}: another app's {inside or 'package'}")
        elif PUBLIC[target_app] is not None and not any(
            inside == allowed or inside.startswith(allowed + ".") for allowed in PUBLIC[target_app]
        ):
            problems.append(f"{_where(imp)}: not one of {target_app}'s public modules")
    assert not problems, "\n".join(problems)


def test_the_quiz_and_practice_rooms_never_import_each_other():
    problems = []
    for imp in _all_imports():
        source = _module_of(imp.source).split(".")
        target = imp.module.split(".")
        if source[0] != "assessments" or target[0] != "assessments" or len(target) < 2:
            continue
        source_room = source[1] if len(source) > 1 and source[1] in ROOMS else None
        target_room = target[1] if target[1] in ROOMS else None
        if source_room is None or target_room is None or source_room == target_room:
            continue
        if target_room not in ROOMS_MAY_IMPORT[source_room]:
            problems.append(f"{_where(imp)}: {source_room} may not import {target_room}")
    assert not problems, "\n".join(problems)


def _registers_a_hook(node) -> bool:
    """`hooks.register(...)` or `wagtail.hooks.register(...)`, called or used as a decorator."""
    func = node.func if isinstance(node, ast.Call) else node
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "register"
        and isinstance(func.value, ast.Name | ast.Attribute)
        and (getattr(func.value, "id", None) or getattr(func.value, "attr", None)) == "hooks"
    )


def test_admin_hooks_are_registered_from_wagtail_hooks_alone():
    problems = []
    for path in _source_files():
        if path.name == "wagtail_hooks.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and _registers_a_hook(node):
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not problems, "hooks registered outside wagtail_hooks.py:\n" + "\n".join(problems)


def test_no_module_in_assessments_is_much_longer_than_600_lines():
    long = {
        str(path.relative_to(ROOT)): count
        for path in (ROOT / "assessments").rglob("*.py")
        if "migrations" not in path.parts
        and (count := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not long, long


def test_the_readme_map_names_only_paths_that_exist():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Where things live", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([a-z_]+(?:/[a-z_0-9.]*)+)`", section))
    assert len(named) > 20, "the map names too few paths to be a map"
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert not missing, missing


def test_certificates_asks_the_lower_apps_and_never_queries_their_models():
    """Certificates may hold foreign keys to other apps' models and name them in type hints,
    but every fact about them (attempts passed, hours signed off, lessons completed) comes
    from those apps' selectors, which own the rules for what counts."""
    problems = []
    for path in sorted((ROOT / "certificates").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        foreign = {
            imp.name
            for imp in _imports(path)
            if imp.name
            and _app_of(imp.module) not in {None, "certificates", "lms"}
            and ".models" in imp.module + "."
        }
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"objects", "_default_manager", "_base_manager"}
                and isinstance(node.value, ast.Name)
                and node.value.id in foreign
            ):
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno} queries {node.value.id}")
    assert not problems, "\n".join(problems)
