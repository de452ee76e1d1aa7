"""Command-line arguments shared by the model-card scripts (classifier-card.py, detector-card.py)."""
import hashlib
import json
from dataclasses import dataclass, field


@dataclass
class CardArgs:
    run: str
    out: str
    command: str | None = None
    notes: str | None = None
    operating: str | None = None
    per_class: list[str] | None = None
    model_file: str | None = None
    precision: str | None = None
    evaluations: dict = field(default_factory=dict)


def parse(argv):
    """RUN_FOLDER OUT_BASENAME name=metrics.json ... [--command C] [--notes F] [--operating NAME] [--per-class "A;B"]
    [--file models/X.onnx --precision fp32|fp16|int8]."""
    args = CardArgs(argv[0], argv[1])
    rest = list(argv[2:])
    while rest:
        a = rest.pop(0)
        if a == "--command":
            args.command = rest.pop(0)
        elif a == "--notes":
            args.notes = rest.pop(0)
        elif a == "--operating":
            args.operating = rest.pop(0)
        elif a == "--file":
            args.model_file = rest.pop(0)
        elif a == "--precision":
            args.precision = rest.pop(0)
        elif a == "--per-class":
            args.per_class = rest.pop(0).split(";")
        else:
            name, path = a.split("=", 1)
            args.evaluations[name] = json.load(open(path))
    return args


def runtime(evaluation):
    """Which engine produced a metrics file: the shipped ONNX file under ONNX Runtime, or the checkpoint in TorchSharp."""
    return "ONNX Runtime" if evaluation.get("runtime") == "onnxruntime" else "TorchSharp"


def model_file(args):
    """The shipped file's facts for the card (JSON dict and markdown lines); (None, []) without --file."""
    if not args.model_file:
        return None, []
    data = open(args.model_file, "rb").read()
    facts = {"path": args.model_file, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "precision": args.precision}
    lines = ["## Model file", "",
             f"- `{args.model_file}`: {len(data) / 1e6:.1f} MB, {args.precision} weights, sha256 `{facts['sha256'][:16]}...`.",
             "- Rows marked ONNX Runtime score this file; TorchSharp rows score the fp32 checkpoint it was exported from.", ""]
    return facts, lines


def per_class_sections(evaluations, per_class, header, row):
    """Markdown per-class tables, one per evaluation named in --per-class (all without it): header lines, row(c)."""
    lines = []
    for name, e in evaluations.items():
        if per_class is not None and name not in per_class:
            continue
        lines += [f"### Per class, {name}", "", *header]
        lines += [row(c) for c in e["perClass"]]
        lines += [""]
    return lines


def write_markdown(out, lines, notes):
    """Writes OUT.md: the generated lines, then the hand-written notes file (if any) as it is."""
    if notes:
        lines = lines + ["", open(notes).read().rstrip()]
    open(f"{out}.md", "w").write("\n".join(lines) + "\n")
