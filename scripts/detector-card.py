#!/usr/bin/env python3
"""Writes the detector's model card (JSON + markdown) from a run folder and `fracture val detect --json` files.

Usage: scripts/detector-card.py RUN_FOLDER OUT_BASENAME split=metrics.json [split=metrics.json ...] [--command "..."]
                                [--operating NAME] [--per-class "NAME;NAME"] [--notes NOTES.md]
                                [--file models/X.onnx --precision int8]
The figures are copied from the files; nothing is typed by hand. --operating NAME records that evaluation's
"fracture present" threshold as the shipped one. NOTES.md (hand-written context, no new figures) is appended as it is.
"""
import csv, json, math, sys

import card_args


def number(value, digits=3):
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def main():
    args = card_args.parse(sys.argv[1:])
    run, out, command, notes, operating, per_class, evaluations = (
        args.run, args.out, args.command, args.notes, args.operating, args.per_class, args.evaluations)
    options = json.load(open(f"{run}/options.json"))
    rows = list(csv.DictReader(open(f"{run}/results.csv")))
    best = max(rows, key=lambda r: 0.1 * float(r["map50"]) + 0.9 * float(r["map50_95"]))
    card = {
        "name": "fracture-detector",
        "task": "detect",
        "network": options["model"] + " + PAN-FPN + YOLOv8 head",
        "imageSize": options["imageSize"],
        "classes": [c["name"] for c in next(iter(evaluations.values()))["perClass"]],
        "training": {
            "data": "Roboflow veda/bone-fracture-detection-daoon v4 (CC BY 4.0), train split, profile bone-fracture-v4",
            "options": options,
            "epochs": len(rows),
            "bestEpoch": int(best["epoch"]),
            "trainingSeconds": round(sum(float(r["seconds"]) for r in rows), 1),
            "command": command,
        },
        "evaluation": evaluations,
    }
    file_facts, file_lines = card_args.model_file(args)
    if file_facts:
        card["modelFile"] = file_facts
    if operating:
        card["prediction"] = {"threshold": evaluations[operating]["fracturePresent"]["threshold"], "chosenOn": operating}
    json.dump(card, open(f"{out}.json", "w"), indent=2)

    lines = [f"# Model card: fracture detector ({card['network']}, {options['imageSize']} px)", ""]
    lines += ["Classes: " + ", ".join(card["classes"]) + ".", ""]
    lines += ["## Training", "",
              f"- Data: {card['training']['data']}.",
              f"- {len(rows)} epochs, best epoch {best['epoch']} (by 0.1 mAP50 + 0.9 mAP50-95 on valid), "
              f"{card['training']['trainingSeconds'] / 60:.1f} minutes of training on 2 CPU cores.",
              f"- Command: `{command}`" if command else "", ""]
    if operating:
        lines += [f"Shipped \"fracture present\" threshold (best box score): {number(card['prediction']['threshold'])} "
                  f"(chosen on: {operating}, Youden's J).", ""]
    lines += file_lines
    lines += ["## Results", "", "| split | runtime | images | mAP50 | mAP50-95 | P | R | fracture-present AUC | sensitivity | specificity | threshold |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, e in evaluations.items():
        fp = e["fracturePresent"]
        lines.append(f"| {name} | {card_args.runtime(e)} | {e['images']} | {number(e['map50'])} | {number(e['map50_95'])} | {number(e['precision'])} | "
                     f"{number(e['recall'])} | {number(fp['auc'])} | {number(fp['sensitivity'])} | {number(fp['specificity'])} | {number(fp['threshold'])} |")
    lines += [""]
    lines += card_args.per_class_sections(
        evaluations, per_class, ["| class | instances | AP50 | AP50-95 | P | R |", "|---|---|---|---|---|---|"],
        lambda c: f"| {c['name']} | {c['instances']} | {number(c['ap50'])} | {number(c['ap50_95'])} | {number(c['precision'])} | {number(c['recall'])} |")
    lines += ["## Learning curve (valid)", "", "| epoch | loss | box | cls | dfl | mAP50 | mAP50-95 | AUC | minutes |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['epoch']} | {float(r['loss']):.3f} | {float(r['box_loss']):.3f} | {float(r['cls_loss']):.3f} | {float(r['dfl_loss']):.3f} | "
                     f"{float(r['map50']):.3f} | {float(r['map50_95']):.3f} | {number(float(r['auc']))} | {float(r['seconds']) / 60:.1f} |")
    card_args.write_markdown(out, lines, notes)


if __name__ == "__main__":
    main()
