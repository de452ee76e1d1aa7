namespace Fracture.Training.Benchmarks;

/// <summary>
/// Measured speed. Step times in seconds, inference times in milliseconds; a measurement that was skipped is null
/// (its list empty). Key names are shared with scripts/bench/pytorch_detector.py so the two JSON files line up.
/// </summary>
/// <param name="Parameters">Trainable parameters of the network: proves both engines ran the same network.</param>
/// <param name="MedianStepSeconds">Median training step with the task's real loss (classify: cross-entropy; detect: YOLOv8's TAL loss).</param>
/// <param name="StandInMedianStepSeconds">Median training step with the stand-in loss <c>output.float().pow(2).mean()</c>.</param>
/// <param name="InferenceP50Ms">Median eval-mode forward of one image (no_grad; the detector's forward includes its box decode, no NMS).</param>
/// <param name="InferenceP95Ms">95th percentile (nearest rank) of the same forwards.</param>
/// <param name="InferenceBatchImagesPerSecond">Images per second of eval-mode forwards of <see cref="TrainingBenchmarkOptions.InferenceBatch"/> images (median run).</param>
/// <param name="BFloat16Layers">Convolution and linear layers the training steps computed in bfloat16 (0 in float32).</param>
/// <param name="EpochImages">Training images per timed epoch (the task may use fewer than asked, e.g. a small split); 0 without data.</param>
public sealed record TrainingBenchmarkResult(
    TrainingBenchmarkOptions Options,
    long Parameters,
    double MedianStepSeconds,
    double StepImagesPerSecond,
    IReadOnlyList<double> StepSeconds,
    double? StandInMedianStepSeconds,
    double? StandInStepImagesPerSecond,
    IReadOnlyList<double> StandInStepSeconds,
    double? InferenceP50Ms,
    double? InferenceP95Ms,
    IReadOnlyList<double> InferenceMs,
    double? InferenceBatchImagesPerSecond,
    IReadOnlyList<double> InferenceBatchSeconds,
    int BFloat16Layers,
    int EpochImages,
    IReadOnlyList<double> EpochSeconds);
