using Fracture.Core;
using Fracture.Core.Datasets;
using Fracture.Training.Data;
using Fracture.Training.Engine;
using Fracture.Training.Tasks.Detect;

namespace Fracture.Training.Tasks.Segment;

/// <summary>`fracture val segment --weights`: scores a checkpoint's weights (the EMA when it has one) on a dataset split.</summary>
public static class SegmentValidation
{
    /// <param name="weights">A checkpoint file, a run folder (its best checkpoint), or RUN/best and RUN/last.</param>
    /// <param name="data">data.yaml; null uses the one the run trained on.</param>
    /// <param name="profile">Class profile; null uses the run's.</param>
    public static SegmentReport Run(string weights, string? data, string? profile, string split, int batch, DetectEvaluationSettings settings, IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var trained = TrainedWeights.Open(weights, "segment", data, profile, DetectData.ClassNamesFor);
        var options = trained.Options;
        var images = DetectData.Load(trained.Yaml, trained.Profile, SplitNames.Normalize(split), options.ImageSize, limit: null, options.Seed, progress);
        using var model = SegmenterNetworks.Create(options.Model, trained.Checkpoint.Header.ClassNames.Count, initialWeights: false);
        ModuleState.Load(model, trained.Checkpoint.Section(trained.WeightsSection), "weights");
        return SegmentEvaluator.Evaluate(model, images, SegmenterNetworks.NormalizationOf(options.Model), batch, settings) with
        {
            Source = ModelSource.Checkpoint(trained.CheckpointPath, trained.Checkpoint.Header.Epoch),
            LeftOut = ISplitData.LeftOut(images),
        };
    }
}
