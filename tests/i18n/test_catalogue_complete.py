"""Each language's catalogue (every language of LANGUAGES but the source, LANGUAGE_CODE:
Hindi today) stays complete: every message translated and none fuzzy, every msgid the code
and templates use present, every translation's placeholders the msgid's; and every
third-party msgid we translate (lms/third_party_strings.py) is still the one the package uses.

These need GNU gettext (`make install` installs it). Without it they skip, except in CI
(CI=true) or with LMS_REQUIRE_SERVICES=1, where a missing tool is a failure.
"""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
GETTEXT_TOOLS = ("msgfmt", "xgettext", "msgmerge", "msguniq")
# What `makemessages` reads in a copy of the repository: our apps and templates, not the
# virtualenv, the tests or build output.
NOT_SOURCE = (
    ".*",
    "__pycache__",
    "node_modules",
    "tests",
    "media",
    "private_media",
    "static_collected",
    "locale",
    "*.mo",
    "*.sqlite3*",
)


def gettext_required():
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    message = f"GNU gettext is not installed (no {', '.join(missing)}); make install installs it"
    if os.environ.get("CI") or os.environ.get("LMS_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{message} (CI / LMS_REQUIRE_SERVICES=1 makes this a failure)")
    pytest.skip(message)


# --- Reading .po files ------------------------------------------------------------------------


def po_entries(path: Path) -> list[dict]:
    """Every entry of a .po/.pot file but the header: msgctxt, msgid, msgid_plural, msgstrs,
    flags, obsolete."""
    found = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"ctx": None, "id": None, "plural": None, "str": [], "flags": set()}
        entry["obsolete"] = False
        field = None
        for line in block.strip().splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if field == "str":
                    entry["str"][-1] += value
                else:
                    entry[field] += value
            else:
                keyword, value = line.split(" ", 1)
                value = ast.literal_eval(value)
                field = {"msgctxt": "ctx", "msgid": "id", "msgid_plural": "plural"}.get(
                    keyword, "str"
                )
                if field == "str":
                    entry["str"].append(value)
                else:
                    entry[field] = value
        if entry["id"]:  # the header's msgid is ""
            found.append(entry)
    return found


def key(entry) -> tuple:
    return (entry["ctx"], entry["id"])


def shown(entry) -> str:
    context = f"[{entry['ctx']}] " if entry["ctx"] else ""
    return context + entry["id"][:120]


def catalogue(language: str) -> Path:
    return BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"


def source_msgids(workdir: Path, source: Path, *, settings_module: str | None) -> set[tuple]:
    """(msgctxt, msgid) of everything `makemessages` finds in `source` (a copy is made in
    `workdir`, so nothing in the checkout changes)."""
    copy = workdir / "source"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    (copy / "locale").mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(copy)}
    command = [sys.executable, "-m", "django", "makemessages", "--locale", "hi", "--keep-pot"]
    if settings_module:
        env["DJANGO_SETTINGS_MODULE"] = settings_module
    else:
        env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True, timeout=600)
    return {key(entry) for entry in po_entries(copy / "locale" / "django.pot")}


# --- The tests --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def used_msgids(tmp_path_factory):
    """Every (msgctxt, msgid) our code and templates use."""
    gettext_required()
    workdir = tmp_path_factory.mktemp("makemessages")
    return source_msgids(workdir, BASE_DIR, settings_module="lms.settings.test")


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_language_has_a_catalogue(language):
    assert catalogue(language).is_file(), (
        f"{language} is in LANGUAGES but has no catalogue: "
        f"`manage.py makemessages -l {language}` (see the README)"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    problems = [
        ("fuzzy: " if "fuzzy" in entry["flags"] else "untranslated: ") + shown(entry)
        for entry in po_entries(catalogue(language))
        if not entry["obsolete"]
        and ("fuzzy" in entry["flags"] or not entry["str"] or not all(entry["str"]))
    ]
    assert problems == [], f"{len(problems)} messages need work:\n" + "\n".join(problems[:60])


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_msgid_the_code_uses_is_in_the_catalogue(language, used_msgids):
    path = catalogue(language)
    present = {key(entry) for entry in po_entries(path) if not entry["obsolete"]}

    missing = sorted(used_msgids - present, key=lambda k: (k[0] or "", k[1]))
    listed = "\n".join(shown({"ctx": ctx, "id": msgid}) for ctx, msgid in missing[:60])
    assert missing == [], (
        f"{len(missing)} msgids are not in {path.relative_to(BASE_DIR)}: run "
        f"`manage.py makemessages -l {language}` and translate them:\n{listed}"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_translation_keeps_the_msgids_placeholders(language):
    """msgfmt --check-format: a translation that drops or renames %(name)s breaks the page."""
    gettext_required()
    result = subprocess.run(
        ["msgfmt", "--check-format", "--output-file", os.devnull, str(catalogue(language))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_third_party_msgids_we_translate_are_still_the_packages(tmp_path):
    """After an upgrade of django-allauth or Django, a msgid that changed would leave its
    text in English: lms/third_party_strings.py must follow (its docstring says how)."""
    gettext_required()
    import allauth
    import django

    module = BASE_DIR / "lms" / "third_party_strings.py"
    ours = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            texts = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
            if node.func.id in ("gettext_noop", "ngettext_lazy"):
                ours.add((None, texts[0]))
            elif node.func.id in ("pgettext_lazy", "npgettext_lazy"):
                ours.add((texts[0], texts[1]))
    assert len(ours) > 100

    package = tmp_path / "allauth"
    allauth_dir = Path(allauth.__file__).parent
    (package / "account").mkdir(parents=True)
    for name in ("adapter.py", "forms.py", "fields.py"):
        shutil.copy(allauth_dir / "account" / name, package / "account" / name)
    shutil.copytree(allauth_dir / "templates" / "account", package / "templates" / "account")
    known = source_msgids(tmp_path / "a", package, settings_module=None)
    django_dir = Path(django.__file__).parent
    for catalogue in ("conf/locale", "contrib/auth/locale"):
        known |= {
            key(entry)
            for entry in po_entries(django_dir / catalogue / "en" / "LC_MESSAGES" / "django.po")
        }

    assert sorted(ours - known, key=str) == []
