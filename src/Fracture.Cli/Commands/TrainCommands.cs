using System.CommandLine;
using Fracture.Core;
using Fracture.Core.Augmentation;
using Fracture.Training.Engine;
using Fracture.Training.Tasks;
using Fracture.Training.Tasks.Classify;
using Fracture.Training.Tasks.Detect;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>`fracture train &lt;task&gt;`: train a model; `--resume RUN` continues a stopped run.</summary>
internal static class TrainCommands
{
    /// <summary>The detector's recipe: YOLOv8's mosaic and zoom on top of the X-ray defaults, AdamW with light decay.</summary>
    public static TrainOptions DetectDefaults { get; } = new()
    {
        Task = "detect",
        Data = string.Empty,
        Model = DetectorNetworks.ResNet18Pretrained,
        ImageSize = 320,
        Epochs = 14,
        Batch = 16,
        LearningRate = 0.001,
        WeightDecay = 0.01,
        LabelSmoothing = 0,
        Patience = 0,
        CloseMosaicEpochs = 3,
        BackgroundFraction = 0.5,
        Augmentation = new AugmentationOptions { MosaicProbability = 1.0, Scale = 0.3 },
    };

    /// <summary>
    /// The segmenter's recipe: the detector's, started from a trained detector (--init) for a few epochs, so its box
    /// part begins where the detector ended and the time goes to the masks.
    /// </summary>
    public static TrainOptions SegmentDefaults { get; } = DetectDefaults with
    {
        Task = "segment",
        Epochs = 4,
        LearningRate = 0.0005,
        CloseMosaicEpochs = 2,
    };

    public static Command Create()
    {
        var train = new Command("train", "Train a model: classify (image-level), detect (boxes) or segment (boxes and outlines).");
        train.Subcommands.Add(CreateClassify());
        train.Subcommands.Add(CreateBoxTask(DetectDefaults, "Train the fracture detector (YOLOv8-style head on a pretrained ResNet18; image size a multiple of 32)."));
        train.Subcommands.Add(CreateBoxTask(SegmentDefaults, "Train the fracture segmenter (the detector plus YOLOv8-seg's mask prototypes and coefficients; --init a detector run to start from it)."));
        return train;
    }

    private static Command CreateClassify()
    {
        var set = new TrainOptionSet(new TrainOptions { Task = "classify", Data = string.Empty }, ClassifierNetworks.Names);
        var clahe = new Option<double>("--clahe") { Description = "Probability of applying CLAHE (local contrast equalisation) to a training image.", DefaultValueFactory = _ => 0 };
        var command = new Command("classify", "Train the image-level fracture classifier (no fracture + one class per region).") { clahe };
        set.AddTo(command);
        command.SetAction(parse => Run(set, parse, options => options with
        {
            Augmentation = set.NoAugment(parse) ? AugmentationOptions.None : With(options.Augmentation, a => a with { ClaheProbability = parse.GetValue(clahe) }, "--clahe"),
        }));
        return command;
    }

    private static Command CreateBoxTask(TrainOptions defaults, string description)
    {
        var set = new TrainOptionSet(defaults, DetectorNetworks.Names);
        var mosaic = new Option<double>("--mosaic") { Description = "Probability of a 4-image mosaic per training image.", DefaultValueFactory = _ => defaults.Augmentation.MosaicProbability };
        var closeMosaic = new Option<int>("--close-mosaic") { Description = "Train the last this many epochs without mosaic.", DefaultValueFactory = _ => defaults.CloseMosaicEpochs };
        var scale = new Option<double>("--scale") { Description = "Zoom range: factor uniform in 1 ± scale.", DefaultValueFactory = _ => defaults.Augmentation.Scale };
        var backgrounds = new Option<double>("--backgrounds") { Description = "Share of the background images (no fracture) used per epoch, drawn anew each epoch.", DefaultValueFactory = _ => defaults.BackgroundFraction };
        var backboneLr = new Option<double>("--backbone-lr") { Description = "The pretrained backbone's learning rate as a share of the neck's and head's (1: alike).", DefaultValueFactory = _ => defaults.BackboneLearningRateFactor };
        var maskMargin = new Option<double>("--mask-margin")
        {
            Description = "Segment: the mask loss also covers this share of each box's width and height around it (0: the box only, as Ultralytics).",
            DefaultValueFactory = _ => defaults.MaskLossMargin,
        };
        var maskLr = new Option<double>("--mask-lr")
        {
            Description = "Segment: the outline branches' learning rate as a share of the others' (1: alike).",
            DefaultValueFactory = _ => defaults.MaskLearningRateFactor,
        };
        var segment = defaults.Task == "segment";
        var command = new Command(defaults.Task, description) { mosaic, closeMosaic, scale, backgrounds, backboneLr };
        if (segment)
        {
            command.Options.Add(maskMargin);
            command.Options.Add(maskLr);
        }

        set.AddTo(command);
        command.SetAction(parse => Run(set, parse, options => options with
        {
            MaskLossMargin = segment ? parse.GetValue(maskMargin) : options.MaskLossMargin,
            MaskLearningRateFactor = segment ? parse.GetValue(maskLr) : options.MaskLearningRateFactor,
            CloseMosaicEpochs = parse.GetValue(closeMosaic),
            BackgroundFraction = parse.GetValue(backgrounds),
            BackboneLearningRateFactor = parse.GetValue(backboneLr),
            Augmentation = set.NoAugment(parse)
                ? AugmentationOptions.None
                : With(options.Augmentation, a => a with { MosaicProbability = parse.GetValue(mosaic), Scale = parse.GetValue(scale) }, "--mosaic/--scale"),
        }));
        return command;
    }

    private static int Run(TrainOptionSet set, ParseResult parse, Func<TrainOptions, TrainOptions> taskOptions) => CommandRunner.Run(() =>
    {
        if (set.Resume(parse) is not null && TrainOptionSet.GivenBesideResume(parse) is { Count: > 0 } given)
        {
            throw new FractureException($"--resume continues with the run's own options; drop {string.Join(", ", given)} (only --stop-after may be given)");
        }

        var observer = new SpectreTrainingObserver();
        var result = set.Resume(parse) is { } run
            ? TaskRegistry.Resume(run.FullName, observer, set.StopAfter(parse), observer, task: set.Task)
            : TaskRegistry.Train(taskOptions(set.Read(parse)), observer, observer);
        AnsiConsole.MarkupLine(
            $"{(result.Finished ? "finished" : "stopped")} after {result.EpochsCompleted} epochs{(result.StoppedEarly ? " (early stop)" : string.Empty)}; best epoch {result.BestEpoch}; run: [bold]{Markup.Escape(result.RunFolder)}[/]");
        return ExitCodes.Ok;
    });

    private static AugmentationOptions With(AugmentationOptions options, Func<AugmentationOptions, AugmentationOptions> change, string flag)
    {
        try
        {
            return change(options);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new FractureException($"{flag}: {ex.Message}");
        }
    }
}
