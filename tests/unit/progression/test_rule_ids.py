"""Every rule the engine decides by is a ``RuleId`` with wording in the one message table
(engine/messages.py) for each kind of decision it makes, and a row in docs/protocol.md: a new
rule, or a new kind of decision by an old one, without either fails here."""

import ast
import re
from pathlib import Path

from heelstrong.progression import engine
from heelstrong.progression.engine.messages import MESSAGES, Kind, RuleId

ROOT = Path(__file__).resolve().parents[3]
ENGINE = Path(engine.__file__).parent


def _members(node: ast.AST, enum: str) -> list[str]:
    return [n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute) and getattr(n.value, "id", "") == enum]


def decided() -> set[tuple[RuleId, str]]:
    """(rule, wording key) of every decision and referral prompt written in the engine's code;
    a referral is of kind refer, a variant adds ``:variant``."""
    found = set()
    for path in ENGINE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name not in ("decide", "refer"):
                continue
            rules = [RuleId[m] for arg in node.args for m in _members(arg, "RuleId")]
            kinds = ["refer"] if name == "refer" else [Kind[m].value for arg in node.args for m in _members(arg, "Kind")]
            variants = [n.value for kw in node.keywords if kw.arg == "variant" for n in ast.walk(kw.value)
                        if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            for rule in rules:
                for kind in kinds:
                    found |= {(rule, kind), *((rule, f"{kind}:{v}") for v in variants)}
    return found


def test_every_rule_id_has_a_wording():
    assert set(MESSAGES) == set(RuleId), "give each rule a name and its sentences in engine/messages.py"


def test_every_decision_the_engine_writes_has_its_sentence_in_the_table():
    found = decided()
    assert {(RuleId.PROGRESS_STAGE, "progress"), (RuleId.THREE_FLARES, "refer"),
            (RuleId.FLAGGED_SESSION, "dose_back:floor"), (RuleId.HIP_EASY, "resistance_up")} <= found  # the scan works
    missing = sorted(f"{rule}: {key}" for rule, key in found if key not in MESSAGES[rule].says)
    assert missing == [], "write these in engine/messages.py"


def test_every_rule_has_a_row_in_the_protocol_page():
    page = (ROOT / "docs" / "protocol.md").read_text()
    missing = [rule.value for rule in RuleId if not re.search(rf"`(\w+:)?{rule.value}`", page)]
    assert missing == [], "write a row for each in docs/protocol.md"


def test_the_engine_writes_no_sentence_of_its_own():
    """Patient text lives in the table: no string literal in a rule module reads as a sentence."""
    sentence = re.compile(r"[A-Za-z]+ [a-z]+ [a-z]+ [a-z]+")
    found = []
    for path in ENGINE.glob("*.py"):
        if path.name == "messages.py":
            continue
        tree = ast.parse(path.read_text())
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr)}
        found += [f"{path.name}: {node.value}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                  and sentence.search(node.value)]
    assert found == []
