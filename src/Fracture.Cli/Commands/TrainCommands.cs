using System.CommandLine;
using Fracture.Core.Augmentation;
using Fracture.Training.Engine;
using Fracture.Training.Tasks;
using Fracture.Training.Tasks.Classify;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>`fracture train &lt;task&gt;`: train a model; `--resume RUN` continues a stopped run.</summary>
internal static class TrainCommands
{
    public static Command Create()
    {
        var train = new Command("train", "Train a model (classify now; detect and segment come later).");
        train.Subcommands.Add(CreateClassify());
        return train;
    }

    private static Command CreateClassify()
    {
        var data = DatasetCommands.DataOption();
        data.Required = false;
        var profile = DatasetCommands.ProfileOption();
        var defaults = new TrainOptions { Task = "classify", Data = string.Empty };
        var model = new Option<string>("--model") { Description = $"Network: {string.Join(" or ", ClassifierNetworks.Names)}.", DefaultValueFactory = _ => defaults.Model };
        model.AcceptOnlyFromAmong([.. ClassifierNetworks.Names]);
        var imageSize = new Option<int>("--imgsz") { Description = "Square input size in pixels (letterboxed).", DefaultValueFactory = _ => defaults.ImageSize };
        var epochs = new Option<int>("--epochs") { Description = "Epochs to train.", DefaultValueFactory = _ => defaults.Epochs };
        var batch = new Option<int>("--batch") { Description = "Images per batch.", DefaultValueFactory = _ => defaults.Batch };
        var name = new Option<string>("--name") { Description = "Run name: the run goes to <project>/classify/<name> (made unique).", DefaultValueFactory = _ => defaults.Name };
        var project = new Option<string>("--project") { Description = "Folder for runs.", DefaultValueFactory = _ => defaults.Project };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var optimizer = new Option<OptimizerKind>("--optimizer") { Description = "AdamW or Sgd.", DefaultValueFactory = _ => defaults.Optimizer };
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without improvement (0: never).", DefaultValueFactory = _ => defaults.Patience };
        var seed = new Option<int>("--seed") { Description = "Random seed (data order, augmentation, initial weights).", DefaultValueFactory = _ => defaults.Seed };
        var maxTrain = new Option<int?>("--max-train-images") { Description = "Train on a seeded random subset of at most this many images." };
        var maxVal = new Option<int?>("--max-val-images") { Description = "Validate on a seeded random subset of at most this many images." };
        var stopAfter = new Option<int?>("--stop-after") { Description = "Stop after this many epochs in this process; the run stays resumable." };
        var noAugment = new Option<bool>("--no-augment") { Description = "Turn augmentation off." };
        var clahe = new Option<double>("--clahe") { Description = "Probability of applying CLAHE (local contrast equalisation) to a training image.", DefaultValueFactory = _ => 0 };
        var resume = new Option<DirectoryInfo?>("--resume") { Description = "Continue the run in this folder from its last checkpoint (other options are taken from the run)." };
        var command = new Command("classify", "Train the image-level fracture classifier (no fracture + one class per region).")
        {
            data, profile, model, imageSize, epochs, batch, name, project, lr, optimizer, patience, seed, maxTrain, maxVal, stopAfter, noAugment, clahe, resume,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var observer = new SpectreTrainingObserver();
            TrainResult result;
            if (parse.GetValue(resume) is { } run)
            {
                result = TaskRegistry.Resume(run.FullName, observer, parse.GetValue(stopAfter), observer);
            }
            else
            {
                var dataFile = parse.GetValue(data) ?? throw new Core.FractureException("--data is required (or --resume RUN)");
                var options = defaults with
                {
                    Data = dataFile.FullName,
                    Profile = parse.GetValue(profile)?.FullName,
                    Model = parse.GetValue(model)!,
                    ImageSize = parse.GetValue(imageSize),
                    Epochs = parse.GetValue(epochs),
                    Batch = parse.GetValue(batch),
                    Name = parse.GetValue(name)!,
                    Project = parse.GetValue(project)!,
                    LearningRate = parse.GetValue(lr),
                    Optimizer = parse.GetValue(optimizer),
                    Patience = parse.GetValue(patience),
                    Seed = parse.GetValue(seed),
                    MaxTrainImages = parse.GetValue(maxTrain),
                    MaxValImages = parse.GetValue(maxVal),
                    StopAfterEpochs = parse.GetValue(stopAfter),
                    Augmentation = parse.GetValue(noAugment) ? AugmentationOptions.None : WithClahe(defaults.Augmentation, parse.GetValue(clahe)),
                };
                result = TaskRegistry.Train(options, observer, observer);
            }

            AnsiConsole.MarkupLine(
                $"{(result.Finished ? "finished" : "stopped")} after {result.EpochsCompleted} epochs{(result.StoppedEarly ? " (early stop)" : string.Empty)}; best epoch {result.BestEpoch}; run: [bold]{Markup.Escape(result.RunFolder)}[/]");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static AugmentationOptions WithClahe(AugmentationOptions options, double probability)
    {
        try
        {
            return options with { ClaheProbability = probability };
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new Core.FractureException($"--clahe: {ex.Message}");
        }
    }
}
