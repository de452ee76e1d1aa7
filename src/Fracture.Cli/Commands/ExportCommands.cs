using System.CommandLine;
using System.Globalization;
using Fracture.Core.Models;
using Fracture.Training.Export;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>`fracture export`: trained weights to a self-describing ONNX file (docs/export.md).</summary>
internal static class ExportCommands
{
    public static Command Create()
    {
        var weights = new Option<string>("--weights") { Description = "Checkpoint (RUN/weights/best.ckpt), RUN/best, RUN/last or run folder.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The .onnx file to write, e.g. models/NAME.onnx.", Required = true };
        var precision = new Option<string>("--precision") { Description = "Weight storage: fp32, fp16 (half the size) or int8 (weight-only, a quarter).", DefaultValueFactory = _ => "fp16" };
        precision.AcceptOnlyFromAmong([.. WeightPrecisionNames.All]);
        var flip = new Option<bool>("--flip-average") { Description = "Classifier: the graph averages each image's probabilities with its mirror image's (as `val classify --flip-average`)." };
        var threshold = new Option<double?>("--threshold") { Description = "Operating threshold written to the metadata: fracture probability (classifier) or box confidence (detector, segmenter)." };
        var imageSize = new Option<int?>("--imgsz") { Description = "Input size written to the metadata (default: the run's)." };
        var card = new Option<bool>("--card") { Description = "Also write a model card beside the file (NAME.card.json, NAME.card.md): training data and options, the run's validation figures and learning curve, the file's size and SHA-256." };
        var command = new Command("export", "Export trained weights to ONNX (opset 17): RGB 0..1 letterboxed input, normalisation inside, metadata for predictors.")
        {
            weights, output, precision, flip, threshold, imageSize, card,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var request = new ExportRequest
            {
                Weights = parse.GetValue(weights)!,
                Output = parse.GetValue(output)!.FullName,
                Precision = WeightPrecisionNames.Parse(parse.GetValue(precision)!),
                FlipAverage = parse.GetValue(flip),
                Threshold = parse.GetValue(threshold),
                ImageSize = parse.GetValue(imageSize),
                Commit = GitCommit.TryRead(Environment.CurrentDirectory),
            };
            var result = CheckpointExporter.Export(request);
            Print(result);
            if (parse.GetValue(card))
            {
                var (json, markdown) = ModelCardWriter.Write(result);
                AnsiConsole.MarkupLine($"model card written to [bold]{Markup.Escape(json)}[/] and [bold]{Markup.Escape(markdown)}[/]");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Print(ExportResult result)
    {
        var m = result.Metadata;
        AnsiConsole.MarkupLine(
            $"[bold]wrote {Markup.Escape(result.Path)}[/]: {result.Bytes / 1e6:0.0} MB, {m.Weights} weights ({result.Parameters / 1e6:0.0} M parameters, {result.WeightsSection} weights of {Markup.Escape(Path.GetFileName(result.Checkpoint))})");
        var rows = new List<(string Key, string Value)>
        {
            ("task", $"{ModelMetadata.TaskName(m.Task)}: {m.Description}"),
            ("classes", string.Join(", ", m.Names.Select((n, i) => $"{i}: {n}"))),
            ("input", $"images [N, 3, H, W] RGB 0..1, letterbox pad {m.PadValue}, {m.InputHeight}x{m.InputWidth}, stride {m.Stride}"),
            ("output", Outputs(m, result.Masks)),
            ("negative class", m.NegativeClass?.ToString(CultureInfo.InvariantCulture) ?? "-"),
            ("threshold", m.Threshold?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-"),
            ("flip average", m.FlipAverage ? "yes" : "no"),
            ("commit", m.Commit ?? "-"),
            ("version", $"{m.Version} ({m.Date})"),
        };
        var table = new Table().AddColumns("metadata", "value");
        foreach (var (key, value) in rows)
        {
            table.AddRow(key, Markup.Escape(value));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>The file's outputs as Ultralytics lays them out (prototypes at a quarter of the input size).</summary>
    private static string Outputs(ModelMetadata m, int? masks) => m.Task switch
    {
        ModelTask.Classify => $"output0 [N, {m.Names.Count}] probabilities",
        ModelTask.Segment when masks is { } k =>
            $"output0 [N, {4 + m.Names.Count + k}, anchors] cx cy w h, scores, {k} mask coefficients; output1 [N, {k}, {m.InputHeight / 4}, {m.InputWidth / 4}] prototypes",
        _ => $"output0 [N, {4 + m.Names.Count}, anchors] cx cy w h, scores",
    };
}
