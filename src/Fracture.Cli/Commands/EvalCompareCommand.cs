using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fracture.Core;
using Fracture.Core.IO;
using Fracture.Core.Metrics;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>
/// `fracture eval compare`: whether a candidate detector's (or segmenter's, by mask IoU) lead over a baseline survives
/// resampling the split.
/// </summary>
internal static class EvalCompareCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var data = DatasetCommands.DataOption();
        var profile = DatasetCommands.ProfileOption();
        var split = EvalCommands.SplitOption();
        var baseline = EvalCommands.PredictionsOption("--baseline", "The baseline model's predictions");
        var candidate = EvalCommands.PredictionsOption("--candidate", "The candidate model's predictions on the same split");
        var defaults = new BootstrapOptions();
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap resamples of the split's images.", DefaultValueFactory = _ => defaults.Resamples };
        var seed = new Option<int>("--seed") { Description = "Seed of the resampling.", DefaultValueFactory = _ => defaults.Seed };
        var level = new Option<double>("--level") { Description = "Coverage of the intervals.", DefaultValueFactory = _ => defaults.Level };
        var json = new Option<FileInfo?>("--json") { Description = "Write the comparison as JSON to this file." };
        var masks = new Option<bool>("--masks") { Description = "Compare mask mAP (the outlines' mask IoU with the labelled polygons) instead of box mAP; both files must come from segmenters." };
        var command = new Command(
            "compare",
            "Compare two detectors' (or, with --masks, segmenters') predictions on one split: mAP50 and mAP50-95 of each with bootstrap intervals, the paired difference's interval, and how often the candidate is higher. Two classifiers' answers are compared by accuracy, weighted and macro F1 and fracture-present AUC.")
        {
            data, profile, split, baseline, candidate, resamples, seed, level, json, masks,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var options = new BootstrapOptions(parse.GetValue(resamples), parse.GetValue(seed), parse.GetValue(level));
            options.Validate(); // before the files are read: a typo in an option should not wait for them
            EvalCommands.RefuseOverwritingInputs(parse.GetValue(json), parse.GetValue(data)!, parse.GetValue(profile), parse.GetValue(split)!, ("--baseline", parse.GetValue(baseline)), ("--candidate", parse.GetValue(candidate)));

            if (EvalCompareClassifiers.ReadIfClassifiers(parse.GetValue(baseline)!, parse.GetValue(candidate)!, parse.GetValue(masks)) is { } answers)
            {
                return EvalCompareClassifiers.Run(parse.GetValue(data)!, parse.GetValue(profile), parse.GetValue(split)!, parse.GetValue(baseline)!, parse.GetValue(candidate)!, answers, options, parse.GetValue(json));
            }

            var measure = parse.GetValue(masks) ? OverlapMeasure.Mask : OverlapMeasure.Box;
            var (truth, names, read) = EvalCommands.ReadTruth(parse.GetValue(data)!, parse.GetValue(profile), parse.GetValue(split)!, measure, parse.GetValue(baseline)!, parse.GetValue(candidate)!);
            if (truth.Count == 0)
            {
                throw new FractureException($"split {parse.GetValue(split)} has no images to compare on");
            }

            var evaluation = new DetectionEvaluationOptions { ClassNames = names };
            var (baselinePredictions, candidatePredictions) = (read[0], read[1]);
            // Predictions on images outside the split are left out, as `eval detect` leaves them out, and said.
            var splitName = parse.GetValue(split)!;
            var baselineMatrices = OnSplit("--baseline", parse.GetValue(baseline)!, DetectionEvaluator.Matrices(truth, baselinePredictions, measure), baselinePredictions.Count, splitName);
            var candidateMatrices = OnSplit("--candidate", parse.GetValue(candidate)!, DetectionEvaluator.Matrices(truth, candidatePredictions, measure), candidatePredictions.Count, splitName);
            var comparison = ProgressReporter.Run("compare", _ => DetectionBootstrap.Compare(baselineMatrices.Images, candidateMatrices.Images, options, evaluation));
            Print(comparison, measure);
            if (parse.GetValue(json) is { } jsonFile)
            {
                var report = new
                {
                    Split = parse.GetValue(split),
                    Overlap = measure == OverlapMeasure.Mask ? "mask" : "box",
                    Baseline = parse.GetValue(baseline)!.FullName,
                    Candidate = parse.GetValue(candidate)!.FullName,
                    Comparison = comparison,
                };
                AtomicFile.WriteAllText(jsonFile.FullName, JsonSerializer.Serialize(report, Json));
                AnsiConsole.MarkupLine($"comparison written to [bold]{Markup.Escape(jsonFile.FullName)}[/]");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// Refuses a file none of whose predictions is on the split's images (made on another split, it would score 0
    /// without a word), and warns about predictions on other images, as `eval detect` does.
    /// </summary>
    private static SplitMatrices OnSplit(string option, FileInfo file, SplitMatrices matrices, int predictions, string split)
    {
        if (predictions > 0 && matrices.UnknownImagePredictions == predictions)
        {
            throw new FractureException(
                $"{option} {file.FullName}: none of its {predictions} predictions is on an image of split '{split}' (they are on {matrices.UnknownImages} other images); were they made on another split?");
        }

        if (matrices.UnknownImages > 0)
        {
            CommandRunner.WriteWarning($"{option}: {matrices.UnknownImagePredictions} predictions on {matrices.UnknownImages} images that are not in the split were ignored");
        }

        return matrices;
    }

    private static void Print(DetectionComparison c, OverlapMeasure measure)
    {
        var prefix = measure == OverlapMeasure.Mask ? "mask " : string.Empty;
        var percent = c.Options.Level.ToString("P0", CultureInfo.InvariantCulture);
        var table = new Table()
            .Title($"{c.Images} images, {c.Options.Resamples} paired resamples (seed {c.Options.Seed}); {percent} intervals")
            .AddColumns("", "baseline", "candidate", "candidate - baseline", "candidate higher in");
        table.AddRow(prefix + "mAP50", Interval(c.Baseline.Map50), Interval(c.Candidate.Map50), Interval(c.Difference.Map50, signed: true), Share(c.ShareCandidateHigherMap50));
        table.AddRow(prefix + "mAP50-95", Interval(c.Baseline.Map50To95), Interval(c.Candidate.Map50To95), Interval(c.Difference.Map50To95, signed: true), Share(c.ShareCandidateHigherMap50To95));
        AnsiConsole.Write(table);
    }

    internal static string Interval(MetricInterval m, bool signed = false)
    {
        var format = signed ? "+0.000;-0.000;0.000" : "0.000";
        string Text(double value) => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
        return $"{Text(m.Estimate)} ({Text(m.Lower)} to {Text(m.Upper)})";
    }

    internal static string Share(double share) => double.IsNaN(share) ? "-" : share.ToString("P0", CultureInfo.InvariantCulture) + " of resamples";
}
