using System.Globalization;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Inference.Rendering;
using Spectre.Console;

namespace Fracture.Cli.Predict;

/// <summary>
/// The end of a predict run on the console: one row per image (up to <see cref="MaxImageRows"/>; the JSON and CSV
/// files hold them all), totals per class, and the counts of predicted, skipped and ignored files. Skipped files
/// are listed with their reasons on the error stream, one line each.
/// </summary>
internal static class PredictSummaryPrinter
{
    public const int MaxImageRows = 50;

    /// <summary>
    /// Models with more classes (Ultralytics' 80 COCO classes) have their names cut short in the model line and only
    /// the classes found listed in the totals; a fracture model's few classes are all listed, a 0 being an answer too.
    /// </summary>
    public const int MaxListedClasses = 10;

    /// <param name="confidence">--conf, which replaces the model's threshold when given.</param>
    public static void PrintModel(IAnsiConsole console, string path, ModelMetadata metadata, double? confidence = null)
    {
        // Always say which cut-off applies: a model exported without --threshold has none of its own.
        var threshold = (metadata.Threshold, confidence) switch
        {
            ({ } t, { } conf) => $", threshold {F(t)} (--conf {F(conf)} used instead)",
            ({ } t, null) => $", threshold {F(t)}",
            (null, { } conf) => $", no threshold of its own: --conf {F(conf)}",
            (null, null) when metadata.Task == ModelTask.Classify => ", no threshold of its own: class scores without a fracture verdict (give --conf)",
            (null, null) => $", no threshold of its own: confidence {F(PredictSettings.DefaultConfidence)} (Ultralytics' default; --conf sets another)",
        };

        var names = metadata.Names.Count <= MaxListedClasses ? string.Join(", ", metadata.Names) : string.Join(", ", metadata.Names.Take(5)) + ", ...";
        var nms = metadata.EndToEnd == true ? ", NMS inside the model" : string.Empty;
        console.MarkupLine($"model [bold]{Markup.Escape(path)}[/]: {ModelMetadata.TaskName(metadata.Task)}, {metadata.Names.Count} classes ({Markup.Escape(names)}){nms}{threshold}");
    }

    /// <param name="threshold">The threshold the predictions were made with: --conf, else the model's.</param>
    public static void Print(IAnsiConsole console, TextWriter errors, PredictOutcome outcome, ModelMetadata metadata, double? threshold)
    {
        foreach (var skip in outcome.Skipped)
        {
            errors.WriteLine($"skipped {skip.Path}: {skip.Reason}");
        }

        if (outcome.Predicted.Count > 0)
        {
            PrintImages(console, outcome.Predicted, threshold);
            PrintTotals(console, outcome.Predicted, metadata.Names);
        }

        var line = $"{outcome.Predicted.Count} image{(outcome.Predicted.Count == 1 ? string.Empty : "s")} predicted";
        if (outcome.Skipped.Count > 0)
        {
            line += $", [red]{outcome.Skipped.Count} skipped[/] (listed on stderr)";
        }

        if (outcome.IgnoredFiles > 0)
        {
            line += $", {outcome.IgnoredFiles} non-image file{(outcome.IgnoredFiles == 1 ? string.Empty : "s")} ignored";
        }

        if (outcome.EarlierOutputs > 0)
        {
            line += $", {outcome.EarlierOutputs} annotated PNG{(outcome.EarlierOutputs == 1 ? string.Empty : "s")} of an earlier --save left out";
        }

        console.MarkupLine(line);
    }

    /// <summary>An image's result in words: its findings' labels, or a classifier's banner lines.</summary>
    public static string Describe(ImagePrediction prediction, double? threshold) => prediction.Classification is { } scores
        ? string.Join("; ", PredictionRenderer.BannerLines(scores, threshold))
        : prediction.Findings.Count == 0 ? "no findings" : string.Join(", ", prediction.Findings.Select(PredictionRenderer.LabelText));

    private static void PrintImages(IAnsiConsole console, IReadOnlyList<PredictedImage> predicted, double? threshold)
    {
        var table = new Table().AddColumns("image", "size", "result");
        foreach (var image in predicted.Take(MaxImageRows))
        {
            var p = image.Prediction;
            table.AddRow(Markup.Escape(Path.GetFileName(image.Path)), $"{p.Width}x{p.Height}", Markup.Escape(Describe(p, threshold)));
        }

        if (predicted.Count > MaxImageRows)
        {
            table.Caption($"first {MaxImageRows} of {predicted.Count} images; --json or --csv writes them all");
        }

        console.Write(table);
    }

    private static void PrintTotals(IAnsiConsole console, IReadOnlyList<PredictedImage> predicted, IReadOnlyList<string> names)
    {
        var classify = predicted.Any(p => p.Prediction.Classification is not null);
        var table = classify ? new Table().AddColumns("class", "images (top class)") : new Table().AddColumns("class", "findings", "images");
        var unseen = 0;
        for (var c = 0; c < names.Count; c++)
        {
            var id = c;
            var images = predicted.Count(p => classify ? p.Prediction.Classification?.TopClass == id : p.Prediction.Findings.Any(f => f.ClassId == id));
            if (images == 0 && names.Count > MaxListedClasses)
            {
                unseen++;
                continue;
            }

            var findings = predicted.Sum(p => p.Prediction.Findings.Count(f => f.ClassId == id));
            table.AddRow(classify ? [Markup.Escape(names[c]), N(images)] : [Markup.Escape(names[c]), N(findings), N(images)]);
        }

        if (unseen > 0)
        {
            var other = $"{(unseen < names.Count ? "other " : string.Empty)}classes";
            table.AddRow(classify ? [$"({N(unseen)} {other})", "0"] : [$"({N(unseen)} {other})", "0", "0"]);
        }

        if (classify && predicted.Any(p => p.Prediction.Classification?.IsFracture is not null))
        {
            table.Caption($"fracture called in {predicted.Count(p => p.Prediction.Classification?.IsFracture == true)} of {predicted.Count} images");
        }
        else if (!classify)
        {
            table.Caption($"{predicted.Count(p => p.Prediction.Findings.Count == 0)} of {predicted.Count} images without findings");
        }

        console.Write(table);
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
