using System.CommandLine;
using Fracture.Core;

namespace Fracture.Cli.Commands;

/// <summary>
/// The options every `fracture val &lt;task&gt;` shares: the model (a checkpoint, or an ONNX file), the dataset split to
/// score, the JSON file, the batch.
/// </summary>
internal sealed class ValOptionSet
{
    public ValOptionSet(string jsonDescription)
    {
        Data.Required = false;
        Data.Description = "data.yaml to score on (default with --weights: the one the run trained on; required with --model).";
        Profile.Description = "Class profile (default with --weights: the run's; with --model: none, the data.yaml's own classes).";
        Json = new Option<FileInfo?>("--json") { Description = jsonDescription };
    }

    public Option<string?> Weights { get; } = new("--weights") { Description = "Checkpoint (RUN/weights/best.ckpt), RUN/best, RUN/last or run folder, run with TorchSharp." };

    public Option<FileInfo?> Model { get; } = new("--model") { Description = "An ONNX file (`fracture export`) to score through ONNX Runtime instead of --weights; needs --data." };

    public Option<FileInfo> Data { get; } = DatasetCommands.DataOption();

    public Option<FileInfo?> Profile { get; } = DatasetCommands.ProfileOption();

    public Option<string> Split { get; } = new("--split") { Description = "train, val (valid) or test.", DefaultValueFactory = _ => "val" };

    public Option<FileInfo?> Json { get; }

    public Option<int> Batch { get; } = new("--batch") { Description = "Images per batch.", DefaultValueFactory = _ => 16 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Weights, Model, Data, Profile, Split, Json, Batch })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Images per batch, checked here because the checkpoint path's evaluators loop on it (0 would never end).</summary>
    /// <exception cref="FractureException">Below 1.</exception>
    private const int MaxBatch = 1024;

    public int BatchSize(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var batch = parse.GetValue(Batch);
        return batch switch
        {
            < 1 => throw new FractureException($"--batch must be at least 1, not {batch}"),
            // A batch's input is one array; 1024 images at 640 px are already 5 GB.
            > MaxBatch => throw new FractureException($"--batch must be at most {MaxBatch}, not {batch}"),
            _ => batch,
        };
    }

    /// <summary>The ONNX file when --model is given, null when --weights is: exactly one of them must be.</summary>
    /// <exception cref="FractureException">Both or neither, or --model without --data.</exception>
    public string? OnnxModel(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var weights = parse.GetValue(Weights);
        var model = parse.GetValue(Model);
        if (weights is not null && model is not null)
        {
            throw new FractureException("give --weights (a checkpoint) or --model (an ONNX file), not both");
        }

        if (weights is null && model is null)
        {
            throw new FractureException("nothing to validate: give --weights (a checkpoint) or --model (an ONNX file)");
        }

        if (model is not null && parse.GetValue(Data) is null)
        {
            throw new FractureException("--model needs --data: an ONNX file does not say which dataset it was trained on");
        }

        return model?.FullName;
    }
}
