using System.Globalization;
using Fracture.Training.Benchmarks.Inference;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>Prints `fracture bench infer`: both engines side by side, the ratios, and the issue's two targets.</summary>
internal static class InferenceBenchmarkPrinter
{
    public static void Print(InferenceBenchmarkResult result)
    {
        if (result.TorchSharp is not { } torch || result.Ratios is not { } ratios)
        {
            PrintAlone(result);
            return;
        }

        var ort = result.OnnxRuntime;
        var batch = result.Options.Batch.ToString(CultureInfo.InvariantCulture);
        var m = result.Machine;
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{result.Model.Task} {result.Model.Network} {result.Model.InputSize}px on {m.CpuModel}, {m.Threads} threads of {m.Cores} cores (load {m.LoadAverage}); ONNX Runtime {m.OnnxRuntimeVersion}, TorchSharp {m.TorchSharpVersion} (libtorch {m.LibTorchVersion}); {result.Options.Iterations} rounds"));
        var table = new Table().AddColumns("measure", "ONNX Runtime", "TorchSharp", "TorchSharp / ONNX Runtime");
        void Rows(string label, InferenceTiming onnx, InferenceTiming torchSharp, double p50, double p95, double batched)
        {
            table.AddRow($"{label}, batch 1 p50 ms", F(onnx.Batch1P50Ms), F(torchSharp.Batch1P50Ms), X(p50));
            table.AddRow($"{label}, batch 1 p95 ms", F(onnx.Batch1P95Ms), F(torchSharp.Batch1P95Ms), X(p95));
            table.AddRow($"{label}, batch {batch} images/s", F(onnx.BatchImagesPerSecond), F(torchSharp.BatchImagesPerSecond), X(batched));
        }

        Rows("model only", ort.ModelOnly, torch.ModelOnly, ratios.ModelOnlyBatch1P50, ratios.ModelOnlyBatch1P95, ratios.ModelOnlyBatch);
        Rows("end to end", ort.EndToEnd, torch.EndToEnd, ratios.EndToEndBatch1P50, ratios.EndToEndBatch1P95, ratios.EndToEndBatch);
        table.AddRow("pre/post share, batch 1", P(ort.Batch1PrePostShare), P(torch.Batch1PrePostShare), string.Empty);
        table.AddRow($"pre/post share, batch {batch}", P(ort.BatchPrePostShare), P(torch.BatchPrePostShare), string.Empty);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(
            $"ONNX Runtime is {X(ratios.Slowest)} as fast at least (medians; target {X(result.SpeedTarget)}): {Verdict(result.SpeedTargetMet == true)}");
        PrintPrePostTarget(result);
    }

    /// <summary>ONNX Runtime alone (no checkpoint): its figures and the pre/post share, no comparison.</summary>
    private static void PrintAlone(InferenceBenchmarkResult result)
    {
        var ort = result.OnnxRuntime;
        var batch = result.Options.Batch.ToString(CultureInfo.InvariantCulture);
        var m = result.Machine;
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{result.Model.Task} {result.Model.Network ?? "model"} {result.Model.InputSize}px on {m.CpuModel}, {m.Threads} threads of {m.Cores} cores (load {m.LoadAverage}); ONNX Runtime {m.OnnxRuntimeVersion} alone; {result.Options.Iterations} rounds"));
        var table = new Table().AddColumns("measure", "ONNX Runtime");
        foreach (var (label, timing) in new[] { ("model only", ort.ModelOnly), ("end to end", ort.EndToEnd) })
        {
            table.AddRow($"{label}, batch 1 p50 ms", F(timing.Batch1P50Ms));
            table.AddRow($"{label}, batch 1 p95 ms", F(timing.Batch1P95Ms));
            table.AddRow($"{label}, batch {batch} images/s", F(timing.BatchImagesPerSecond));
        }

        table.AddRow("pre/post share, batch 1", P(ort.Batch1PrePostShare));
        table.AddRow($"pre/post share, batch {batch}", P(ort.BatchPrePostShare));
        AnsiConsole.Write(table);

        // Only the speed target needs TorchSharp; this one is ONNX Runtime's own (the JSON has it either way).
        PrintPrePostTarget(result);
    }

    private static void PrintPrePostTarget(InferenceBenchmarkResult result)
    {
        var ort = result.OnnxRuntime;
        var batch = result.Options.Batch.ToString(CultureInfo.InvariantCulture);
        AnsiConsole.MarkupLine(
            $"pre- and post-processing take {P(ort.Batch1PrePostShare)} (batch 1) and {P(ort.BatchPrePostShare)} (batch {batch}) of ONNX Runtime's end-to-end time (target under {P(result.PrePostTarget)}): {Verdict(result.PrePostTargetMet)}");
    }

    private static string F(double value) => value.ToString(value >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);

    private static string X(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    private static string P(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Verdict(bool met) => met ? "[green]met[/]" : "[red]not met[/]";
}
