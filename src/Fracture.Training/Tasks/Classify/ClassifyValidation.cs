using Fracture.Core;
using Fracture.Core.Datasets;
using Fracture.Training.Data;
using Fracture.Training.Engine;

namespace Fracture.Training.Tasks.Classify;

/// <summary>`fracture val classify`: scores a checkpoint's weights (the EMA when it has one) on a dataset split.</summary>
public static class ClassifyValidation
{
    /// <param name="weights">A checkpoint file, a run folder (its best checkpoint), or RUN/best and RUN/last.</param>
    /// <param name="data">data.yaml; null uses the one the run trained on.</param>
    /// <param name="profile">Class profile; null uses the run's.</param>
    /// <param name="threshold">"Fracture present" threshold; null picks Youden's on this split.</param>
    /// <param name="flipAverage">Average each image's probabilities with its mirror image's (see <see cref="ClassifyEvaluator.Predict"/>).</param>
    public static ClassifyReport Run(string weights, string? data, string? profile, string split, int batch, double? threshold, bool flipAverage = false, IProgress<WorkProgress>? progress = null)
    {
        var trained = TrainedWeights.Open(weights, "classify", data, profile, ClassifyData.ClassNamesFor);
        var options = trained.Options;
        var names = trained.Checkpoint.Header.ClassNames;
        var images = ClassifyData.Load(trained.Yaml, trained.Profile, SplitNames.Normalize(split), options.ImageSize, limit: null, options.Seed, progress);
        using var model = ClassifierNetworks.Create(options.Model, names.Count, initialWeights: false);
        ModuleState.Load(model, trained.Checkpoint.Section(trained.WeightsSection), "weights");
        return ClassifyEvaluator.Evaluate(model, images, ClassifierNetworks.NormalizationOf(options.Model), batch, threshold, flipAverage) with
        {
            Source = ModelSource.Checkpoint(trained.CheckpointPath, trained.Checkpoint.Header.Epoch),
            LeftOut = ISplitData.LeftOut(images),
        };
    }
}
