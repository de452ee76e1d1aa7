using System.Text.Json.Nodes;
using Fracture.Core;
using Fracture.Core.IO;
using Fracture.Core.Metrics;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>
/// `fracture eval compare` given two classifiers' answers: accuracy, weighted and macro F1 and "fracture present" AUC
/// of each with paired bootstrap intervals, as detectors are compared by mAP.
/// </summary>
internal static class EvalCompareClassifiers
{
    /// <summary>
    /// Whether the files hold classifiers' answers (and no box rows). A classifier's file beside a detector's is
    /// refused: the two cannot be scored on one figure. Beside a file with neither (only error rows: the run read no
    /// image), the classifiers' comparison applies, and its reading of that file says it holds no answers.
    /// </summary>
    /// <returns>The two files' content when the classifiers' comparison applies, read once for it; else null.</returns>
    public static (ClassifierAnswers Baseline, ClassifierAnswers Candidate)? ReadIfClassifiers(FileInfo baseline, FileInfo candidate, bool masks)
    {
        var a = ClassifierAnswersJson.Read(baseline.FullName);
        var b = ClassifierAnswersJson.Read(candidate.FullName);
        bool IsClassifier(ClassifierAnswers read) => read.Answers.Count > 0 && read.BoxRows == 0;
        if ((IsClassifier(a) && b.BoxRows > 0) || (IsClassifier(b) && a.BoxRows > 0))
        {
            var (classifier, other) = IsClassifier(a) ? ("--baseline", "--candidate") : ("--candidate", "--baseline");
            throw new FractureException($"{classifier} holds a classifier's answers but {other} a detector's or segmenter's findings; eval compare compares two of a kind");
        }

        var classifiers = IsClassifier(a) || IsClassifier(b);
        if (classifiers && masks)
        {
            throw new FractureException("--masks compares two segmenters' outlines; these files hold classifiers' answers");
        }

        return classifiers ? (a, b) : null;
    }

    public static int Run(
        FileInfo data, FileInfo? profile, string split, FileInfo baseline, FileInfo candidate, (ClassifierAnswers Baseline, ClassifierAnswers Candidate) read, BootstrapOptions options, FileInfo? json)
    {
        var truth = EvalClassifyCommand.ReadTruth(data, profile, split);
        var a = EvalClassifyCommand.Join(truth, "--baseline", baseline, read.Baseline).Images;
        var b = EvalClassifyCommand.Join(truth, "--candidate", candidate, read.Candidate).Images;

        // Paired: only images both classifiers answered (the joins keep the split's order).
        var both = a.Select(i => i.Image).Intersect(b.Select(i => i.Image), StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        if (both.Count == 0)
        {
            throw new FractureException("the two files answer no image in common; a paired comparison needs the same images");
        }

        if (both.Count < Math.Max(a.Count, b.Count))
        {
            CommandRunner.WriteWarning($"compared on the {both.Count} images both files answer ({a.Count} in --baseline, {b.Count} in --candidate)");
        }

        var comparison = ProgressReporter.Run("compare", _ => ClassificationBootstrap.Compare(
            [.. a.Where(i => both.Contains(i.Image))], [.. b.Where(i => both.Contains(i.Image))], truth.Names.Count, options));
        Print(comparison);
        if (json is not null)
        {
            var report = new JsonObject
            {
                ["split"] = split,
                ["task"] = "classify",
                ["baseline"] = baseline.FullName,
                ["candidate"] = candidate.FullName,
                ["comparison"] = ToJson(comparison),
            };
            AtomicFile.WriteAllText(json.FullName, report.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            AnsiConsole.MarkupLine($"comparison written to [bold]{Markup.Escape(json.FullName)}[/]");
        }

        return ExitCodes.Ok;
    }

    private static void Print(ClassificationComparison c)
    {
        var percent = c.Options.Level.ToString("P0", System.Globalization.CultureInfo.InvariantCulture);
        var table = new Table()
            .Title($"{c.Images} images, {c.Options.Resamples} paired resamples (seed {c.Options.Seed}); {percent} intervals")
            .AddColumns("", "baseline", "candidate", "candidate - baseline", "candidate higher in");
        foreach (var (name, pick, share) in Rows(c))
        {
            table.AddRow(name, EvalCompareCommand.Interval(pick(c.Baseline)), EvalCompareCommand.Interval(pick(c.Candidate)), EvalCompareCommand.Interval(pick(c.Difference), signed: true), EvalCompareCommand.Share(share));
        }

        AnsiConsole.Write(table);
    }

    private static (string Name, Func<ClassificationIntervals, MetricInterval> Pick, double Share)[] Rows(ClassificationComparison c) =>
    [
        ("accuracy", i => i.Accuracy, c.ShareCandidateHigher.Accuracy),
        ("weighted F1", i => i.WeightedF1, c.ShareCandidateHigher.WeightedF1),
        ("macro F1", i => i.MacroF1, c.ShareCandidateHigher.MacroF1),
        ("fracture-present AUC", i => i.Auc, c.ShareCandidateHigher.Auc),
    ];

    private static JsonObject ToJson(ClassificationComparison c)
    {
        JsonObject Intervals(ClassificationIntervals i) => new()
        {
            ["accuracy"] = Interval(i.Accuracy),
            ["weightedF1"] = Interval(i.WeightedF1),
            ["macroF1"] = Interval(i.MacroF1),
            ["auc"] = Interval(i.Auc),
        };
        return new JsonObject
        {
            ["images"] = c.Images,
            ["options"] = new JsonObject { ["resamples"] = c.Options.Resamples, ["seed"] = c.Options.Seed, ["level"] = c.Options.Level },
            ["baseline"] = Intervals(c.Baseline),
            ["candidate"] = Intervals(c.Candidate),
            ["difference"] = Intervals(c.Difference),
            ["shareCandidateHigher"] = new JsonObject
            {
                ["accuracy"] = Number(c.ShareCandidateHigher.Accuracy),
                ["weightedF1"] = Number(c.ShareCandidateHigher.WeightedF1),
                ["macroF1"] = Number(c.ShareCandidateHigher.MacroF1),
                ["auc"] = Number(c.ShareCandidateHigher.Auc),
            },
        };
    }

    private static JsonObject Interval(MetricInterval m) => new() { ["estimate"] = Number(m.Estimate), ["lower"] = Number(m.Lower), ["upper"] = Number(m.Upper) };

    // JSON has no NaN: an AUC without positives or negatives is null.
    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
