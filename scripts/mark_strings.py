#!/usr/bin/env python3
"""Mark the window's user-visible strings for translation; safe to run again after merges.

    python scripts/mark_strings.py            # rewrite pmsdesk/ui in place, then ruff sorts imports
    python scripts/mark_strings.py --check    # list unmarked strings, change nothing (exit 1 if any)
    python scripts/mark_strings.py --reports  # the printed forms and workbooks (pmsdesk/reports), with _() / N_()

A string literal (or f-string) in ``pmsdesk/ui`` that reads like words for a person
('&Save', 'Signed in as {who}', 'KPI register') and is not in a place that names
something for the program (object names, settings keys, style sheets, dictionary
keys, comparisons, file names, log lines: see ``SKIPPED_CALLS`` and ``looks_like_words``)
is wrapped where it stands:

- in a method of a QObject subclass: ``self.tr("…")``;
- elsewhere in a function: ``QCoreApplication.translate("<class or module>", "…")``;
- where it is evaluated at import (module constants, class bodies, default arguments):
  ``QT_TR_NOOP("…")``, which only marks it: the place that shows it translates it.

An f-string becomes ``self.tr("… {0} …").format(expression)``. Strings already inside
``tr`` / ``translate`` / ``QT_TR_NOOP`` / ``_`` are left alone, so a second run changes
nothing. A line ending in ``# not translated`` is skipped (a word that must stay English).
``tests/ui/test_strings_marked.py`` runs the check, so an unmarked string fails the suite.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "pmsdesk" / "ui"
LINE_LIMIT = 128
OPT_OUT = "# not translated"
#: The self-test prints to a console in English, for whoever supports the office.
SKIPPED_FILES = {"smoke.py"}
ENUMS = {"Enum", "StrEnum", "IntEnum", "Flag"}
REPORTS = ROOT / "pmsdesk" / "reports"
#: Report modules whose strings name things for the program or must stay English: ReportLab styles and
#: fonts, fingerprints, the catalogue of kinds (its titles are marked by hand), the shared cell helpers
#: (the hidden 'Lists' sheet), and the staff template, whose titles the staff import reads in English.
SKIPPED_REPORT_FILES = {"__init__.py", "styles.py", "text_table.py", "fonts.py", "fingerprint.py", "catalogue.py",
                        "cells.py", "staff_template.py"}
#: ReportLab's table-style and alignment words, and PDF operators: capitalised, never text for a person.
PROGRAM_WORDS = {"LEFT", "RIGHT", "CENTER", "CENTRE", "TOP", "BOTTOM", "MIDDLE", "ALIGN", "VALIGN", "BACKGROUND",
                 "FONT", "TEXTCOLOR", "LINEABOVE", "LINEBELOW", "BOX", "GRID", "INNERGRID", "SPAN", "LEFTPADDING",
                 "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING", "ROWBACKGROUNDS", "BT", "ET", "NFKD", "NFC", "NFKC"}

MARKERS = {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP", "_", "N_"}
#: Calls whose string arguments name things for the program, never text for a person.
SKIPPED_CALLS = {
    "setObjectName", "setStyleSheet", "QColor", "QKeySequence", "getattr", "setattr", "hasattr", "Signal",
    "compile", "match", "fullmatch", "search", "sub", "strftime", "strptime", "setDisplayFormat", "toString",
    "fromString", "open_screen", "screen_named", "has_screen", "setProperty", "property", "value", "setValue",
    "contains", "remove", "KeyError", "AssertionError", "TypeVar", "startswith", "endswith", "removeprefix",
    "removesuffix", "replace", "split", "rsplit", "partition", "strip", "listen", "_built_from", "Path",
    "with_name", "with_suffix", "open", "get", "pop", "setdefault", "select", "set_kind", "ReportRequest",
    "count_of", "isinstance", "import_module", "environ", "getenv", "filter_at_risk", "resolve_selected",
    "setApplicationName", "setOrganizationName", "system", "database", "setDocName", "count", "item_at", "_add",
    "print", "format_exc", "namedtuple", "field", "cast", "__import__", "encode", "decode", "setFamily", "index",
    "setFamilies", "QFont", "fromTheme", "QIcon", "QPixmap", "setSectionResizeMode", "findChild", "findChildren",
}
LOGGERS = re.compile(r"(^|_)(log|logger|_log|logging)$")
SKIPPED_KEYWORDS = {"key", "objectName", "object_name", "kind", "role", "field", "setting", "encoding", "mode", "sep"}
CAPITALISED_WORD = re.compile(r"^&?[A-Z][A-Za-z&-]*[a-z][.:…?!]?$|^[A-Z][A-Z&]+[.:…]?$")
CAMEL_CASE = re.compile(r"^[A-Z][a-z]+[A-Z]\w*$|^[A-Z_0-9]+_[A-Z_0-9]+$")
NOT_WORDS = re.compile(
    r"^[\w.-]+\.(pdf|xlsx|xls|csv|txt|ini|json|sqlite|png|zip|pmspkg|log|md|ods)$"  # file names
    r"|^[\w.-]*/[\w./*-]*$"  # settings keys, paths
    r"|^#[0-9a-fA-F]{3,8}$"  # colours
    r"|^[a-z_][a-z0-9_.\-\[\]:]*$"  # identifiers, keys
    r"|\{\s*$|^\s*[\w#.:-]+\s*\{|^\s*([a-z-]+\s*:\s*[^;:]+;\s*)+([a-z-]+\s*:\s*[^;:]+)?$"  # style sheets
    r"|^\s*(SELECT|INSERT|UPDATE|DELETE)\b"
    r"|^[dMyHhms :/.-]+$"  # Qt date formats
)


def looks_like_words(text: str) -> bool:
    """Whether ``text`` is something a person reads (a sentence, a caption, a capitalised word).

    In an f-string's ``text`` each replacement field stands as ``{}``.
    """
    bare = text.strip()
    if bare in PROGRAM_WORDS:
        return False
    words = re.sub(r"<[^<>]*>|&[a-z]+;|\{\}", " ", bare)
    if not re.search(r"[A-Za-z]{2}", words) or NOT_WORDS.search(bare.replace("{}", "x")) or CAMEL_CASE.match(bare):
        return False
    return " " in bare or "\n" in bare or bool(CAPITALISED_WORD.match(bare)) or bare.endswith(("…", ":"))


def _literal_text(node: ast.AST) -> str | None:
    """The words of a string literal or of an f-string's literal parts; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
    return None


def _call_name(call: ast.Call) -> str:
    function = call.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


def _receiver_name(call: ast.Call) -> str:
    function = call.func
    if isinstance(function, ast.Attribute):
        value = function.value
        if isinstance(value, ast.Name):
            return value.id
        if isinstance(value, ast.Attribute):
            return value.attr
    return ""


@dataclass
class Found:
    """One unmarked string and how to mark it."""

    node: ast.Constant | ast.JoinedStr
    marker: str  # 'self.tr', 'QCoreApplication.translate("ctx", ' style prefix, or 'QT_TR_NOOP'
    line: int
    text: str


class _Finder(ast.NodeVisitor):
    """Walks one module keeping the enclosing class and function, and collects unmarked strings."""

    def __init__(self, module_context: str, qobject_classes: set[str], lines: list[str], *,
                 core: bool = False, errors_only: bool = False) -> None:
        self.module_context = module_context
        self.core = core
        self.errors_only = errors_only
        self.qobject_classes = qobject_classes
        self.lines = lines
        self.found: list[Found] = []
        self.parents: dict[ast.AST, ast.AST] = {}

    def run(self, tree: ast.Module) -> list[Found]:
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        for node in ast.walk(tree):
            if isinstance(node, (ast.Constant, ast.JoinedStr)):
                self._consider(node)
        return sorted(self.found, key=lambda found: (found.node.lineno, found.node.col_offset))

    def _consider(self, node: ast.Constant | ast.JoinedStr) -> None:
        text = _literal_text(node)
        if text is None or not looks_like_words(text) or self._inside_f_string(node):
            return
        if self.lines[node.end_lineno - 1].rstrip().endswith(OPT_OUT) or self._skipped_place(node):
            return
        if self.errors_only and not self._in_refusal(node):
            return
        marker = self._marker(node)
        if marker is None:
            return
        if self.core:
            marker = "N_" if marker == "QT_TR_NOOP" else "_"
        self.found.append(Found(node, marker, node.lineno, text))

    def _in_refusal(self, node: ast.AST) -> bool:
        """Part of a refusal's message: a ``raise``, ``ValidationError.single(…)`` or ``problems[…] = …``."""
        parent = self.parents.get(node)
        while parent is not None:
            if isinstance(parent, ast.Call) and _call_name(parent) == "single":
                return True
            if isinstance(parent, ast.Raise):
                return True
            if isinstance(parent, ast.Assign):
                return any(isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == "problems"
                           for t in parent.targets)
            if isinstance(parent, ast.stmt):
                return False
            parent = self.parents.get(parent)
        return False

    def _inside_f_string(self, node: ast.AST) -> bool:
        """Marked on the next pass, once the f-string around it became a marked template's argument."""
        parent = self.parents.get(node)
        while parent is not None and not isinstance(parent, ast.stmt):
            if isinstance(parent, ast.JoinedStr):
                return True
            parent = self.parents.get(parent)
        return False

    def _skipped_place(self, node: ast.AST) -> bool:
        parent = self.parents.get(node)
        if isinstance(parent, ast.Expr):  # a docstring, or a string standing alone
            return True
        if isinstance(parent, ast.Dict) and node in parent.keys:
            return True
        if isinstance(parent, (ast.Subscript, ast.Compare, ast.match_case, ast.MatchValue, ast.Slice)):
            return True
        if isinstance(parent, ast.keyword) and parent.arg in SKIPPED_KEYWORDS:
            return True
        if isinstance(parent, ast.AnnAssign) and node is parent.annotation:
            return True
        child = node
        while parent is not None:
            if isinstance(parent, ast.Call):
                name = _call_name(parent)
                if name in MARKERS and child in parent.args:
                    return True
                if name == "format" and isinstance(parent.func, ast.Attribute) and self._is_marked(parent.func.value):
                    return child is parent.func  # an argument of a marked string's .format() is its own case
                if name in SKIPPED_CALLS and child is not parent.func:
                    return name not in ("get", "pop", "setdefault", "value") or child is (parent.args or [None])[0]
                if LOGGERS.search(_receiver_name(parent)) and child is not parent.func:
                    return True
            if isinstance(parent, (ast.Assign, ast.AnnAssign)) and _assigns_name(parent, "__all__"):
                return True
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.stmt)):
                return False
            child, parent = parent, self.parents.get(parent)
        return False

    def _is_marked(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Call) and _call_name(node) in MARKERS

    def _marker(self, node: ast.AST) -> str | None:
        """How to mark ``node`` where it stands: by the nearest enclosing function and class."""
        child, parent = node, self.parents.get(node)
        function: ast.FunctionDef | ast.AsyncFunctionDef | None = None
        while parent is not None:
            if isinstance(parent, ast.arguments) and function is None:
                return "QT_TR_NOOP"  # a default value, evaluated at import
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)) and function is None:
                if child in parent.decorator_list or child is parent.returns:
                    return "QT_TR_NOOP"
                function = parent
            if isinstance(parent, ast.ClassDef):
                if any(getattr(base, "id", getattr(base, "attr", "")) in ENUMS for base in parent.bases):
                    return None  # an enumeration's values are stored and compared, never shown as they are
                if function is None:
                    return "QT_TR_NOOP" if not isinstance(node, ast.JoinedStr) else None
                method = function
                if self._may_use_self_tr(parent, method, node):
                    return "self.tr"
                return f'QCoreApplication.translate("{parent.name}", '
            child, parent = parent, self.parents.get(parent)
        if function is None:
            return "QT_TR_NOOP" if not isinstance(node, ast.JoinedStr) else None
        return f'QCoreApplication.translate("{self.module_context}", '

    def _may_use_self_tr(self, cls: ast.ClassDef, function: ast.AST, node: ast.AST) -> bool:
        """A QObject subclass's own method (or a function nested in one), after QObject's __init__ ran."""
        if cls.name not in self.qobject_classes:
            return False
        method = function
        while self.parents.get(method) is not cls:
            method = self.parents.get(method)
            if method is None:
                return False
        if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) or not method.args.args:
            return False
        if method.args.args[0].arg != "self" or any(
                isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod") for d in method.decorator_list):
            return False
        if method.name == "__init__":
            started = _super_init_line(method)
            return started is not None and node.lineno > started
        return True


def _assigns_name(statement: ast.Assign | ast.AnnAssign, name: str) -> bool:
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    return any(isinstance(target, ast.Name) and target.id == name for target in targets)


def _super_init_line(method: ast.FunctionDef | ast.AsyncFunctionDef) -> int | None:
    """The last line of ``super().__init__(…)`` (or ``Base.__init__(self, …)``) in ``method``."""
    for node in ast.walk(method):
        if isinstance(node, ast.Call) and _call_name(node) == "__init__":
            return node.end_lineno
    return None


def qobject_classes(files: list[Path]) -> set[str]:
    """Names of classes in ``files`` that derive, directly or through each other, from a Qt class."""
    bases: dict[str, set[str]] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = set()
                for base in node.bases:
                    target = base.value if isinstance(base, ast.Subscript) else base
                    names.add(target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", ""))
                bases.setdefault(node.name, set()).update(names)
    known = {name for name, parents in bases.items() if any(parent.startswith("Q") for parent in parents)}
    while True:
        more = {name for name, parents in bases.items() if parents & known} - known
        if not more:
            return known
        known |= more


def find_unmarked(path: Path, qobjects: set[str], *, core: bool = False, errors_only: bool = False) -> list[Found]:
    """Unmarked strings of ``path``; ``core``: marked with ``_`` / ``N_`` (no Qt), ``errors_only``: refusals only."""
    if path.name in SKIPPED_FILES:
        return []
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    if core and _binds_underscore(tree):
        print(f"{path}: skipped, it uses '_' as a name (mark its strings by hand with i18n._)", file=sys.stderr)
        return []
    context = ".".join(path.relative_to(UI).with_suffix("").parts) if path.is_relative_to(UI) else path.stem
    return _Finder(context, qobjects, source.splitlines(), core=core, errors_only=errors_only).run(tree)


def _binds_underscore(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store) for node in ast.walk(tree)) \
        or any(isinstance(node, ast.arg) and node.arg == "_" for node in ast.walk(tree))


def _quote(text: str) -> str:
    quoted = repr(text)
    if quoted.startswith("'") and '"' not in text:
        quoted = '"' + quoted[1:-1].replace("\\'", "'") + '"'
    return quoted


def _template(node: ast.JoinedStr) -> tuple[str, list[str]]:
    """'Signed in as {0}' and ['who(actor)'] for f'Signed in as {who(actor)}'."""
    template, arguments = [], []
    for part in node.values:
        if isinstance(part, ast.Constant):
            template.append(part.value.replace("{", "{{").replace("}", "}}"))
            continue
        assert isinstance(part, ast.FormattedValue)
        expression = ast.unparse(part.value)
        if expression in arguments:
            index = arguments.index(expression)
        else:
            index = len(arguments)
            arguments.append(expression)
        conversion = {-1: "", 115: "!s", 114: "!r", 97: "!a"}[part.conversion]
        spec = ""
        if part.format_spec is not None:
            spec = ":" + "".join(value.value if isinstance(value, ast.Constant) else "{" + ast.unparse(value.value) + "}"
                                 for value in part.format_spec.values)
        template.append(f"{{{index}{conversion}{spec}}}")
    return "".join(template), arguments


def _split(text: str, width: int) -> list[str]:
    """``text`` in pieces of at most about ``width`` characters, cut after spaces."""
    pieces, current = [], ""
    for word in re.split(r"(?<= )", text):
        if current and len(current) + len(word) > width:
            pieces.append(current)
            current = ""
        current += word
    return pieces + [current] if current else pieces


def _replacement(found: Found, source_lines: list[str], head: str, tail: str) -> str:
    """The marked text for ``found``; broken over lines inside the call when the line would grow too long."""
    node = found.node
    opening = found.marker if found.marker.endswith(", ") else f"{found.marker}("
    room = LINE_LIMIT - len(head) - len(tail.split("\n")[0])
    indent = " " * (len(head) - len(head.lstrip()) + 8)
    if isinstance(node, ast.Constant):
        segment = _segment(source_lines, node)
        first, *others = segment.split("\n")
        if len(opening) + len(first) + (0 if others else 1) <= (LINE_LIMIT - len(head) if others else room):
            return f"{opening}{segment})"
        body, after = node.value, ""
    else:
        template, arguments = _template(node)
        after = f".format({', '.join(arguments)})" if arguments else ""
        single = f"{opening}{_quote(template)}){after}"
        if len(single) <= room:
            return single
        body = template
        if len(indent) + len(after) > LINE_LIMIT - 40:
            after = ".format(" + f",\n{indent}".join(arguments) + ")"
    pieces = _split(body, max(30, LINE_LIMIT - len(indent) - len(after.split("\n")[0]) - 4))
    joined = "".join(f"\n{indent}{_quote(piece)}" for piece in pieces)
    return f"{opening.rstrip()}{joined}){after}"


def _segment(lines: list[str], node: ast.AST) -> str:
    first = lines[node.lineno - 1].encode("utf-8")
    if node.lineno == node.end_lineno:
        return first[node.col_offset:node.end_col_offset].decode("utf-8")
    middle = [line for line in lines[node.lineno:node.end_lineno - 1]]
    last = lines[node.end_lineno - 1].encode("utf-8")[:node.end_col_offset].decode("utf-8")
    return "\n".join([first[node.col_offset:].decode("utf-8"), *middle, last])


def mark(path: Path, qobjects: set[str], *, core: bool = False, errors_only: bool = False) -> int:
    """Rewrite ``path`` with its unmarked strings marked; how many were marked."""
    found = find_unmarked(path, qobjects, core=core, errors_only=errors_only)
    if not found:
        return 0
    lines = path.read_text(encoding="utf-8").splitlines()
    for item in sorted(found, key=lambda item: (item.node.lineno, item.node.col_offset), reverse=True):
        node = item.node
        start = lines[node.lineno - 1].encode("utf-8")
        end = lines[node.end_lineno - 1].encode("utf-8")
        head = start[:node.col_offset].decode("utf-8")
        tail = end[node.end_col_offset:].decode("utf-8")
        new = _replacement(item, lines, head, tail)
        lines[node.lineno - 1:node.end_lineno] = (head + new + tail).split("\n")
    text = "\n".join(lines) + "\n"
    needed = [name for name, used in (("QCoreApplication", "QCoreApplication.translate("),
                                      ("QT_TR_NOOP", "QT_TR_NOOP(")) if used in text]
    tree = ast.parse(text)
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    missing = [name for name in needed if name not in imported]
    if missing:
        text = _add_import(text, tree, f"from PySide6.QtCore import {', '.join(missing)}")
    core_needed = [name for name, used in (("N_", "N_("), ("_", "_(")) if re.search(r"(?<![\w.])" + re.escape(used), text)]
    core_missing = [name for name in core_needed if name not in imported]
    if core and core_missing:
        text = _add_import(text, ast.parse(text), f"from pmsdesk.i18n import {', '.join(core_missing)}")
    ast.parse(text)  # never leave a file that does not parse
    path.write_text(text, encoding="utf-8")
    return len(found)


def _add_import(text: str, tree: ast.Module, statement: str) -> str:
    """``statement`` after the module's last top-level import (ruff then sorts it into place)."""
    last = max((node.end_lineno for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))), default=0)
    lines = text.split("\n")
    lines.insert(last, statement)
    return "\n".join(lines)


def report_files() -> list[Path]:
    """The report modules whose strings are printed (``SKIPPED_REPORT_FILES`` left out)."""
    return [path for path in sorted(REPORTS.rglob("*.py")) if path.name not in SKIPPED_REPORT_FILES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="list unmarked strings, change nothing")
    parser.add_argument("--core", action="store_true",
                        help="the named core files (no Qt): mark with pmsdesk.i18n's _() and N_()")
    parser.add_argument("--reports", action="store_true",
                        help="the printed forms and workbooks under pmsdesk/reports (core: _() and N_())")
    parser.add_argument("--errors-only", action="store_true",
                        help="with --core: only the messages of refusals (raise, ValidationError.single, problems[…])")
    parser.add_argument("paths", nargs="*", type=Path, help="files to mark (default: all of pmsdesk/ui)")
    arguments = parser.parse_args(argv)
    files = sorted(UI.rglob("*.py"))
    qobjects = qobject_classes(files)
    chosen = [path.resolve() for path in arguments.paths] or files
    if arguments.reports:
        chosen = report_files()
    options = {"core": arguments.core or arguments.reports, "errors_only": arguments.errors_only}
    if arguments.core and not arguments.paths:
        parser.error("--core needs the files to mark: strings in the core are often data, so each file is chosen")
    if arguments.check:
        found = [(path, item) for path in chosen for item in find_unmarked(path, qobjects, **options)]
        for path, item in found:
            print(f"{path.relative_to(ROOT)}:{item.line}: {item.text!r}")
        return 1 if found else 0
    changed: dict[Path, int] = {}
    for _pass in range(3):  # a string inside an f-string's expression is marked on the pass after its f-string
        marked = {path: count for path in chosen if (count := mark(path, qobjects, **options))}
        if not marked:
            break
        for path, count in marked.items():
            changed[path] = changed.get(path, 0) + count
    if changed:
        subprocess.run([sys.executable, "-m", "ruff", "check", "--fix", "--select", "I,F401", "--quiet",
                        *map(str, changed)], cwd=ROOT, check=False)
    print(f"marked {sum(changed.values())} strings in {len(changed)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
