using System.CommandLine;
using Fracture.Core;
using Fracture.Core.Datasets;
using Fracture.Core.IO;
using Fracture.Training.Engine;

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

    /// <summary>
    /// Refuses a --json that names a file the run reads: the ONNX file or checkpoint (a run folder's, RUN/best's), the
    /// data.yaml and profile (given, or the run's own), or an image or label file of the split. Checked before the
    /// model or any image is read.
    /// </summary>
    /// <param name="model">The ONNX file (<see cref="OnnxModel"/>); null when --weights is given.</param>
    /// <exception cref="FractureException">The JSON file is one of them.</exception>
    public void RefuseOverwritingInputs(ParseResult parse, string? model)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(Json) is not { } json)
        {
            return;
        }

        var data = parse.GetValue(Data)?.FullName;
        var profile = parse.GetValue(Profile)?.FullName;
        var inputs = new InputFiles().AddOption("--model", model).AddOption("--data", data).AddOption("--profile", profile);
        if (model is null)
        {
            var checkpoint = TrainedWeights.ResolveCheckpoint(parse.GetValue(Weights)!);
            inputs.AddOption("--weights", checkpoint);
            if (data is null || profile is null)
            {
                // What the run trained on stands in for what is not given, as TrainedWeights.Open reads it.
                var trained = Checkpoint.ReadHeader(checkpoint).Options;
                inputs.Add(data is null ? trained.Data : null, "the data.yaml the run trained on");
                inputs.Add(profile is null ? trained.Profile : null, "the class profile the run trained with");
                data ??= trained.Data;
            }
        }

        inputs.AddSplit(DataYamlReader.Read(data!), parse.GetValue(Split)!).RefuseOutput("--json", json.FullName, "the metrics");
    }
}
