"""Every rule the engine can decide by has a name a clinician reads (rules.py) and a row in
docs/protocol.md: a new rule without either fails here."""

import ast
import re
from pathlib import Path

from heelstrong.progression import engine
from heelstrong.progression.rules import RULE_NAMES

ROOT = Path(__file__).resolve().parents[3]
# Where the rule id sits among each call's positional arguments.
RULE_ARGUMENT = {"decide": 3, "_refer": 2, "Decision": 3, "_wait": 1}


def engine_rule_ids() -> set[str]:
    """The rule ids written as literals in the engine's decisions, waits and referral prompts, and
    the rules a session can break (a flag names the first it broke)."""
    found = set(engine._BROKEN_WORDS)
    for node in ast.walk(ast.parse(Path(engine.__file__).read_text())):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        position = RULE_ARGUMENT.get(name)
        if position is not None and len(node.args) > position and isinstance(node.args[position], ast.Constant):
            found.add(node.args[position].value)
    return found


def test_the_engine_decides_by_rules_it_names():
    ids = engine_rule_ids()
    assert {"pain_during_limit", "progress_stage", "rm_target", "high_start", "red_flag"} <= ids  # the scan works
    assert ids - set(RULE_NAMES) == set(), "give each rule a name in progression/rules.py"


def test_every_named_rule_has_a_row_in_the_protocol_page():
    page = (ROOT / "docs" / "protocol.md").read_text()
    missing = [rule for rule in RULE_NAMES if not re.search(rf"`(\w+:)?{rule}`", page)]
    assert missing == [], "write a row for each in docs/protocol.md"
