using System.CommandLine;
using Fracture.Core;
using Fracture.Training.Engine;

namespace Fracture.Cli.Commands;

/// <summary>The options every `fracture train &lt;task&gt;` shares, with the task's defaults shown in its help.</summary>
internal sealed class TrainOptionSet
{
    private readonly TrainOptions _defaults;
    private readonly Option<FileInfo> _data = DatasetCommands.DataOption();
    private readonly Option<FileInfo?> _profile = DatasetCommands.ProfileOption();
    private readonly Option<string> _model;
    private readonly Option<int> _imageSize;
    private readonly Option<int> _epochs;
    private readonly Option<int> _batch;
    private readonly Option<string> _name;
    private readonly Option<string> _project;
    private readonly Option<double> _lr;
    private readonly Option<OptimizerKind> _optimizer;
    private readonly Option<TrainingPrecision> _precision;
    private readonly Option<int> _patience;
    private readonly Option<int> _seed;
    private readonly Option<double> _emaDecay;
    private readonly Option<double> _emaTau;
    private readonly Option<int?> _maxTrain = new("--max-train-images") { Description = "Train on a seeded random subset of at most this many images." };
    private readonly Option<int?> _maxVal = new("--max-val-images") { Description = "Validate on a seeded random subset of at most this many images." };
    private readonly Option<int?> _stopAfter = new("--stop-after") { Description = "Stop after this many epochs in this process; the run stays resumable." };
    private readonly Option<bool> _noAugment = new("--no-augment") { Description = "Turn augmentation off." };
    private readonly Option<string?> _init = new("--init") { Description = "Start from this checkpoint's (or run folder's best) weights, or from a model Fracture exported to ONNX (e.g. models/fracture-detector.onnx), where names and shapes agree: e.g. a segmenter from a trained detector." };
    private readonly Option<DirectoryInfo?> _resume = new("--resume") { Description = "Continue the run in this folder from its last checkpoint, or from the checkpoint named (RUN/weights/best.ckpt); every option but --stop-after is taken from the run." };

    public TrainOptionSet(TrainOptions defaults, IReadOnlyList<string> models)
    {
        _defaults = defaults;
        _data.Required = false;
        _model = new Option<string>("--model") { Description = $"Network: {string.Join(" or ", models)}.", DefaultValueFactory = _ => defaults.Model };
        _model.AcceptOnlyFromAmong([.. models]);
        _imageSize = new Option<int>("--imgsz") { Description = "Square input size in pixels (letterboxed).", DefaultValueFactory = _ => defaults.ImageSize };
        _epochs = new Option<int>("--epochs") { Description = "Epochs to train.", DefaultValueFactory = _ => defaults.Epochs };
        _batch = new Option<int>("--batch") { Description = "Images per batch.", DefaultValueFactory = _ => defaults.Batch };
        _name = new Option<string>("--name") { Description = $"Run name: the run goes to <project>/{defaults.Task}/<name> (made unique).", DefaultValueFactory = _ => defaults.Name };
        _project = new Option<string>("--project") { Description = "Folder for runs.", DefaultValueFactory = _ => defaults.Project };
        _lr = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        _optimizer = new Option<OptimizerKind>("--optimizer") { Description = "AdamW or Sgd.", DefaultValueFactory = _ => defaults.Optimizer };
        _precision = new Option<TrainingPrecision>("--precision") { Description = "Float32, or BFloat16: convolutions compute in bfloat16 from float32 master weights (1.6x per step on this project's 2-core AVX-512 BF16 machine, docs/training.md).", DefaultValueFactory = _ => defaults.Precision };
        _patience = new Option<int>("--patience") { Description = "Stop after this many epochs without improvement (0: never).", DefaultValueFactory = _ => defaults.Patience };
        _emaDecay = new Option<double>("--ema-decay") { Description = "Decay of the weights' moving average that is validated and exported (0: none).", DefaultValueFactory = _ => defaults.EmaDecay };
        _emaTau = new Option<double>("--ema-tau") { Description = "Optimiser steps over which the average's decay ramps up (decay * (1 - exp(-steps / tau))); keep it well under the run's steps.", DefaultValueFactory = _ => defaults.EmaTau };
        _seed = new Option<int>("--seed") { Description = "Random seed (data order, augmentation, initial weights).", DefaultValueFactory = _ => defaults.Seed };
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _data, _profile, _model, _imageSize, _epochs, _batch, _name, _project, _lr, _optimizer, _precision, _patience, _emaDecay, _emaTau, _seed, _maxTrain, _maxVal, _stopAfter, _noAugment, _init, _resume })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The task these options train (the subcommand's).</summary>
    public string Task => _defaults.Task;

    /// <summary>The run folder (or a checkpoint in it) to resume, when --resume was given.</summary>
    public DirectoryInfo? Resume(ParseResult parse) => parse.GetValue(_resume);

    /// <summary>
    /// Options typed beside --resume (other than --stop-after), the task's own included: a resume takes every option
    /// from the run, so these would be dropped without a word.
    /// </summary>
    public static IReadOnlyList<string> GivenBesideResume(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return [.. parse.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>()
            .Where(r => !r.Implicit && r.Option.Name is not ("--resume" or "--stop-after"))
            .Select(r => r.Option.Name)];
    }

    public int? StopAfter(ParseResult parse) => parse.GetValue(_stopAfter);

    public bool NoAugment(ParseResult parse) => parse.GetValue(_noAugment);

    /// <summary>The options of a new run: the task's defaults with what the command line says.</summary>
    public TrainOptions Read(ParseResult parse)
    {
        var dataFile = parse.GetValue(_data) ?? throw new FractureException("--data is required (or --resume RUN)");
        return _defaults with
        {
            Data = dataFile.FullName,
            Profile = parse.GetValue(_profile)?.FullName,
            Model = parse.GetValue(_model)!,
            ImageSize = parse.GetValue(_imageSize),
            Epochs = parse.GetValue(_epochs),
            Batch = parse.GetValue(_batch),
            Name = parse.GetValue(_name)!,
            Project = parse.GetValue(_project)!,
            LearningRate = parse.GetValue(_lr),
            Optimizer = parse.GetValue(_optimizer),
            Precision = parse.GetValue(_precision),
            Patience = parse.GetValue(_patience),
            Seed = parse.GetValue(_seed),
            EmaDecay = parse.GetValue(_emaDecay),
            EmaTau = parse.GetValue(_emaTau),
            MaxTrainImages = parse.GetValue(_maxTrain),
            MaxValImages = parse.GetValue(_maxVal),
            StopAfterEpochs = parse.GetValue(_stopAfter),
            InitialWeights = parse.GetValue(_init) is { } init ? Path.GetFullPath(init) : null,
        };
    }
}
