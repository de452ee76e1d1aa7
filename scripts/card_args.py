"""Command-line arguments shared by the model-card scripts (classifier-card.py, detector-card.py)."""
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
    evaluations: dict = field(default_factory=dict)


def parse(argv):
    """RUN_FOLDER OUT_BASENAME name=metrics.json ... [--command C] [--notes F] [--operating NAME] [--per-class "A;B"]."""
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
        elif a == "--per-class":
            args.per_class = rest.pop(0).split(";")
        else:
            name, path = a.split("=", 1)
            args.evaluations[name] = json.load(open(path))
    return args
