using Fracture.Core.Augmentation;

namespace Fracture.Training.Engine;

/// <summary>
/// Everything a training run needs, immutable and saved with the run (options.json) and in every checkpoint, so a
/// resumed run continues with exactly the options it started with.
/// </summary>
public sealed record TrainOptions
{
    /// <summary>Task name from the registry, e.g. "classify".</summary>
    public required string Task { get; init; }

    /// <summary>Path of the dataset's data.yaml.</summary>
    public required string Data { get; init; }

    /// <summary>Class profile (JSON), or null to read labels raw.</summary>
    public string? Profile { get; init; }

    /// <summary>Network name, e.g. resnet18 (from scratch) or resnet18-pretrained.</summary>
    public string Model { get; init; } = "resnet18-pretrained";

    public int ImageSize { get; init; } = 224;

    public int Epochs { get; init; } = 20;

    public int Batch { get; init; } = 16;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;

    /// <summary>Number format of the forward and backward passes (older runs, without it in options.json, are float32).</summary>
    public TrainingPrecision Precision { get; init; } = TrainingPrecision.Float32;

    /// <summary>Peak learning rate, reached at the end of warm-up.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>
    /// The pretrained backbone's learning rate as a share of the others' (detector and segmenter); 1 trains the whole
    /// network alike.
    /// </summary>
    public double BackboneLearningRateFactor { get; init; } = 1;

    /// <summary>Final learning rate as a fraction of the peak (cosine decay ends there).</summary>
    public double FinalLearningRateFraction { get; init; } = 0.01;

    /// <summary>SGD momentum, or Adam's beta1.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Decoupled weight decay, applied to convolution and linear weights only (not to biases or norms).</summary>
    public double WeightDecay { get; init; } = 0.05;

    public double WarmupEpochs { get; init; } = 1;

    /// <summary>Largest global gradient norm; 0 turns clipping off.</summary>
    public double ClipGradientNorm { get; init; } = 10;

    /// <summary>Decay of the exponential moving average of the weights; 0 turns EMA off.</summary>
    public double EmaDecay { get; init; } = 0.999;

    /// <summary>
    /// Optimiser steps over which the EMA's decay ramps up (<c>decay * (1 - exp(-steps / tau))</c>). 2000 is
    /// Ultralytics' value, made for runs of tens of thousands of steps (and what runs before this option used); in a
    /// run of 3,000 steps it keeps the decay near 0.8, an average of about 5 steps, so short runs want it lower.
    /// </summary>
    public double EmaTau { get; init; } = 2000;

    /// <summary>Stop when fitness has not improved for this many epochs; 0 never stops early.</summary>
    public int Patience { get; init; } = 8;

    public int Seed { get; init; }

    /// <summary>Label smoothing of the classification loss.</summary>
    public double LabelSmoothing { get; init; } = 0.1;

    /// <summary>Folder holding runs/&lt;task&gt;/&lt;name&gt;.</summary>
    public string Project { get; init; } = "runs";

    public string Name { get; init; } = "train";

    /// <summary>Use at most this many training images (quick trials and benchmarks); null = all.</summary>
    public int? MaxTrainImages { get; init; }

    /// <summary>Use at most this many validation images; null = all.</summary>
    public int? MaxValImages { get; init; }

    /// <summary>Stop after this many epochs in this process (the run stays resumable); null = run to the end.</summary>
    public int? StopAfterEpochs { get; init; }

    public AugmentationOptions Augmentation { get; init; } = new();

    /// <summary>
    /// A checkpoint (or run folder) whose tensors start a new run where names and shapes agree, e.g. a segmenter from a
    /// trained detector; or a model Fracture exported to ONNX (<see cref="OnnxInitialWeights"/>), e.g. the shipped
    /// detector. Null starts from the task's own initial weights. Ignored on resume.
    /// </summary>
    public string? InitialWeights { get; init; }

    /// <summary>Detection: train the last this many epochs without mosaic, on whole images as validation sees them.</summary>
    public int CloseMosaicEpochs { get; init; }

    /// <summary>
    /// Detection: share of the background images (no objects) in each epoch, drawn anew (seeded) every epoch; 1 uses
    /// them all. Half the shipped set is background, so 0.5 trains a third faster per epoch and still shows every
    /// background image about every other epoch (and more as mosaic tiles).
    /// </summary>
    public double BackgroundFraction { get; init; } = 1;

    /// <summary>
    /// Segmentation: the mask loss covers each object's box grown by this share of its width and height on each side
    /// (cut at the image's edge), so the outline branch also learns "off" around the box, where a predicted box that
    /// still matches may reach (a box holding the label's has IoU 0.5 up to sides 1.41 times as long: 0.21 on each
    /// side). 0 covers the box only, as Ultralytics does; on the shipped data 0.21 lowered the valid masks by 0.03-0.05
    /// (docs/training.md, "Training that band lowers the masks").
    /// </summary>
    public double MaskLossMargin { get; init; }

    /// <summary>
    /// Segmentation: the outline branches' learning rate (mask coefficients and prototypes) as a share of the
    /// others'. Below 1 they fit the training outlines more slowly than the boxes, which on the shipped data keep
    /// improving after the outlines start to overfit (docs/training.md, "Why the masks sag after epoch 8"); 0.5
    /// measured no higher there ("A slower outline branch"). 1 trains them alike, as Ultralytics does.
    /// </summary>
    public double MaskLearningRateFactor { get; init; } = 1;

    public void Validate()
    {
        Check(ImageSize is >= 32 and <= 2048, "image size must be 32..2048");
        Check(Epochs is >= 1 and <= 10_000, "epochs must be 1..10000");
        Check(Batch is >= 1 and <= 1024, "batch must be 1..1024");
        Check(LearningRate is > 0 and < 10, "learning rate must be in (0, 10)");
        Check(BackboneLearningRateFactor is > 0 and <= 10, "backbone learning-rate factor must be in (0, 10]");
        Check(FinalLearningRateFraction is > 0 and <= 1, "final learning-rate fraction must be in (0, 1]");
        Check(WeightDecay >= 0, "weight decay must be >= 0");
        Check(WarmupEpochs >= 0, "warm-up epochs must be >= 0");
        Check(EmaDecay is >= 0 and < 1, "EMA decay must be in [0, 1)");
        Check(EmaTau is > 0 and <= 1e7, "EMA ramp (tau) must be in (0, 1e7] steps");
        Check(LabelSmoothing is >= 0 and < 1, "label smoothing must be in [0, 1)");
        Check(Patience >= 0, "patience must be >= 0");
        Check(MaxTrainImages is null or >= 1, "--max-train-images must be at least 1 (leave it out for all)");
        Check(MaxValImages is null or >= 1, "--max-val-images must be at least 1 (leave it out for all)");
        Check(CloseMosaicEpochs >= 0, "close-mosaic epochs must be >= 0");
        Check(BackgroundFraction is >= 0 and <= 1, "background fraction must be in [0, 1]");
        Check(MaskLossMargin is >= 0 and <= 1, "mask-loss margin must be in [0, 1]");
        Check(MaskLearningRateFactor is > 0 and <= 10, "mask learning-rate factor must be in (0, 10]");
        Check(StopAfterEpochs is null or >= 1, "stop-after must be at least 1 epoch");
        if (Task is "detect" or "segment")
        {
            Networks.Detection.Detector.RequireImageSize(ImageSize);
        }
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new Core.FractureException(message);
        }
    }
}
