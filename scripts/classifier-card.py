#!/usr/bin/env python3
"""Writes the classifier's model card (JSON + markdown) from a run folder and `fracture val classify --json` files.

Usage: scripts/classifier-card.py RUN_FOLDER OUT_BASENAME split=metrics.json [split=metrics.json ...] [--command "..."]
                                  [--notes NOTES.md] [--per-class "NAME;NAME"]
                                  [--operating NAME] [--file models/X.onnx --precision int8]
--operating NAME records that evaluation's mirror-averaging and threshold as the shipped prediction settings.
The figures are copied from the files; nothing is typed by hand. A metrics file made with --flip-average is marked
"mirror-averaged" in the tables. NOTES.md (hand-written context, no new figures) is appended as it is.
"""
import csv, json, sys

import card_args


def main():
    args = card_args.parse(sys.argv[1:])
    run, out, command, notes, operating, per_class, evaluations = (
        args.run, args.out, args.command, args.notes, args.operating, args.per_class, args.evaluations)
    options = json.load(open(f"{run}/options.json"))
    rows = list(csv.DictReader(open(f"{run}/results.csv")))
    best = max(rows, key=lambda r: (float(r["weighted_f1"]) + float(r["auc"])) / 2)
    card = {
        "name": "fracture-classifier",
        "task": "classify",
        "network": options["model"],
        "imageSize": options["imageSize"],
        "classes": [c["name"] for c in next(iter(evaluations.values()))["perClass"]],
        "training": {
            "data": "Roboflow veda/bone-fracture-detection-daoon v4 (CC BY 4.0), train split, profile bone-fracture-v4",
            "options": options,
            "epochs": len(rows),
            "bestEpoch": int(best["epoch"]),
            "trainingSeconds": round(sum(float(r["seconds"]) for r in rows), 1),
            "command": command,
            "classImbalance": "cross-entropy weights proportional to 1/sqrt(class frequency), mean 1 over training images; label smoothing 0.1",
        },
        "evaluation": evaluations,
    }
    file_facts, file_lines = card_args.model_file(args)
    if file_facts:
        card["modelFile"] = file_facts
    if operating:
        chosen = evaluations[operating]
        card["prediction"] = {"flipAverage": bool(chosen.get("flipAverage")), "threshold": chosen["fracturePresent"]["threshold"],
                              "chosenOn": operating}
    json.dump(card, open(f"{out}.json", "w"), indent=2)

    lines = [f"# Model card: fracture classifier ({options['model']}, {options['imageSize']} px)", ""]
    lines += ["Image-level classes: " + ", ".join(card["classes"]) + ".", ""]
    lines += ["## Training", ""]
    lines += [f"- Data: {card['training']['data']}.",
              f"- {len(rows)} epochs, best epoch {best['epoch']} (by (weighted F1 + AUC) / 2 on valid), "
              f"{card['training']['trainingSeconds'] / 60:.1f} minutes of training on 2 CPU cores.",
              f"- Class imbalance: {card['training']['classImbalance']}.",
              f"- Command: `{command}`" if command else "", ""]
    if operating:
        p = card["prediction"]
        lines += [f"Shipped prediction settings: mirror-averaged {'yes' if p['flipAverage'] else 'no'}, \"fracture present\" "
                  f"threshold {p['threshold']:.3f} (chosen on: {operating}).", ""]
    lines += file_lines
    lines += ["## Results", "", "| split | runtime | images | mirror-averaged | accuracy | macro F1 | weighted F1 | fracture-present AUC | sensitivity | specificity | threshold |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, e in evaluations.items():
        fp = e["fracturePresent"]
        mirrored = "yes" if e.get("flipAverage") else "no"
        lines.append(f"| {name} | {card_args.runtime(e)} | {e['images']} | {mirrored} | {e['accuracy']:.3f} | {e['macroF1']:.3f} | {e['weightedF1']:.3f} | "
                     f"{fp['auc']:.3f} | {fp['sensitivity']:.3f} | {fp['specificity']:.3f} | {fp['threshold']:.3f} |")
    lines += [""]
    lines += card_args.per_class_sections(
        evaluations, per_class, ["| class | precision | recall | F1 | support |", "|---|---|---|---|---|"],
        lambda c: f"| {c['name']} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | {c['support']} |")
    lines += ["## Learning curve (valid)", "", "| epoch | train loss | val loss | weighted F1 | AUC | minutes |", "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['epoch']} | {float(r['loss']):.3f} | {float(r['val_loss']):.3f} | {float(r['weighted_f1']):.3f} | {float(r['auc']):.3f} | {float(r['seconds']) / 60:.1f} |")
    card_args.write_markdown(out, lines, notes)


if __name__ == "__main__":
    main()
