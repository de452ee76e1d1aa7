#!/usr/bin/env python3
"""Writes the segmenter's model card (JSON + markdown) from a run folder and `fracture val segment --json` files.

Usage: scripts/segmenter-card.py RUN_FOLDER OUT_BASENAME split=metrics.json [split=metrics.json ...] [--command "..."]
                                 [--operating NAME] [--per-class "NAME;NAME"] [--notes NOTES.md]
                                 [--file models/X.onnx --precision int8]
As scripts/detector-card.py, with the masks beside the boxes: every figure is copied from the files, none typed.
"""
import csv, json, math, sys

import card_args


def number(value, digits=3):
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def fitness(r):
    return sum(0.1 * float(r[f"{p}map50"]) + 0.9 * float(r[f"{p}map50_95"]) for p in ("", "mask_"))


def main():
    args = card_args.parse(sys.argv[1:])
    run, out, command, notes, operating, per_class, evaluations = (
        args.run, args.out, args.command, args.notes, args.operating, args.per_class, args.evaluations)
    options = json.load(open(f"{run}/options.json"))
    rows = list(csv.DictReader(open(f"{run}/results.csv")))
    best = max(rows, key=fitness)
    card = {
        "name": "fracture-segmenter",
        "task": "segment",
        "network": options["model"] + " + PAN-FPN + YOLOv8-seg head (32 prototypes)",
        "imageSize": options["imageSize"],
        "classes": [c["name"] for c in next(iter(evaluations.values()))["perClass"]],
        "training": {
            "data": "Roboflow veda/bone-fracture-detection-daoon v4 (CC BY 4.0), train split, profile bone-fracture-v4",
            "initialWeights": options.get("initialWeights"),
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

    lines = [f"# Model card: fracture segmenter ({card['network']}, {options['imageSize']} px)", ""]
    lines += ["Classes: " + ", ".join(card["classes"]) + ".", ""]
    lines += ["## Training", "",
              f"- Data: {card['training']['data']}.",
              f"- Started from: `{options.get('initialWeights')}`." if options.get("initialWeights") else "- Started from the ImageNet backbone.",
              f"- {len(rows)} epochs, best epoch {best['epoch']} (by box + mask fitness, 0.1 mAP50 + 0.9 mAP50-95 each, on valid), "
              f"{card['training']['trainingSeconds'] / 60:.1f} minutes of training on 2 CPU cores.",
              f"- Command: `{command}`" if command else "", ""]
    if operating:
        lines += [f"Shipped \"fracture present\" threshold (best box score): {number(card['prediction']['threshold'])} "
                  f"(chosen on: {operating}, Youden's J).", ""]
    lines += file_lines
    lines += ["## Results", "",
              "| split | runtime | images | box mAP50 | box mAP50-95 | mask mAP50 | mask mAP50-95 | mask P | mask R | fracture-present AUC | sensitivity | specificity |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, e in evaluations.items():
        fp, m = e["fracturePresent"], e["mask"]
        lines.append(f"| {name} | {card_args.runtime(e)} | {e['images']} | {number(e['map50'])} | {number(e['map50_95'])} | {number(m['map50'])} | "
                     f"{number(m['map50_95'])} | {number(m['precision'])} | {number(m['recall'])} | {number(fp['auc'])} | {number(fp['sensitivity'])} | {number(fp['specificity'])} |")
    lines += [""]
    masked = {name: {**e, "perClass": [{**c, **{f"mask_{k}": v for k, v in mc.items()}} for c, mc in zip(e["perClass"], e["mask"]["perClass"])]}
              for name, e in evaluations.items()}
    lines += card_args.per_class_sections(
        masked, per_class, ["| class | instances | box AP50 | box AP50-95 | mask AP50 | mask AP50-95 |", "|---|---|---|---|---|---|"],
        lambda c: f"| {c['name']} | {c['instances']} | {number(c['ap50'])} | {number(c['ap50_95'])} | {number(c['mask_ap50'])} | {number(c['mask_ap50_95'])} |")
    lines += ["## Learning curve (valid)", "",
              "| epoch | loss | box | seg | cls | dfl | box mAP50 | box mAP50-95 | mask mAP50 | mask mAP50-95 | minutes |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['epoch']} | {float(r['loss']):.3f} | {float(r['box_loss']):.3f} | {float(r['seg_loss']):.3f} | {float(r['cls_loss']):.3f} | "
                     f"{float(r['dfl_loss']):.3f} | {float(r['map50']):.3f} | {float(r['map50_95']):.3f} | {float(r['mask_map50']):.3f} | "
                     f"{float(r['mask_map50_95']):.3f} | {float(r['seconds']) / 60:.1f} |")
    card_args.write_markdown(out, lines, notes)


if __name__ == "__main__":
    main()
