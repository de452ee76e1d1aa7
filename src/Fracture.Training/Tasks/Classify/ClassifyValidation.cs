using Fracture.Core;
using Fracture.Core.Datasets;
using Fracture.Training.Engine;

namespace Fracture.Training.Tasks.Classify;

/// <summary>`fracture val classify`: scores a checkpoint's weights (the EMA when it has one) on a dataset split.</summary>
public static class ClassifyValidation
{
    /// <param name="data">data.yaml; null uses the one the run trained on.</param>
    /// <param name="profile">Class profile; null uses the run's.</param>
    /// <param name="threshold">"Fracture present" threshold; null picks Youden's on this split.</param>
    /// <param name="flipAverage">Average each image's probabilities with its mirror image's (see <see cref="ClassifyEvaluator.Predict"/>).</param>
    public static ClassifyReport Run(string weights, string? data, string? profile, string split, int batch, double? threshold, bool flipAverage = false, IProgress<WorkProgress>? progress = null)
    {
        var checkpoint = Checkpoint.Read(ResolveCheckpoint(weights));
        var options = checkpoint.Header.Options;
        if (options.Task != "classify")
        {
            throw new CheckpointException($"{weights} holds a '{options.Task}' model, not a classifier");
        }

        var yaml = DataYamlReader.Read(data ?? options.Data);
        var classProfile = (profile ?? options.Profile) is { } p ? DatasetProfile.Load(p) : null;
        classProfile?.Validate(yaml.Names);
        var names = ClassifyData.ClassNamesFor(yaml, classProfile);
        if (!names.SequenceEqual(checkpoint.Header.ClassNames))
        {
            throw new FractureException(
                $"the model's classes ({string.Join(", ", checkpoint.Header.ClassNames)}) differ from this dataset's ({string.Join(", ", names)}); pass the --profile it was trained with");
        }

        var images = ClassifyData.Load(yaml, classProfile, SplitNames.Normalize(split), options.ImageSize, limit: null, options.Seed, progress);
        using var model = ClassifierNetworks.Create(options.Model, names.Count, initialWeights: false);
        var section = checkpoint.Sections.ContainsKey("ema") ? "ema" : "model";
        ModuleState.Load(model, checkpoint.Section(section), "weights");
        return ClassifyEvaluator.Evaluate(model, images, ClassifierNetworks.NormalizationOf(options.Model), batch, threshold, flipAverage);
    }

    /// <summary>Accepts a checkpoint file, a run folder (its best checkpoint), or RUN/best and RUN/last.</summary>
    public static string ResolveCheckpoint(string weights)
    {
        if (Directory.Exists(weights))
        {
            return RunFolder.Open(weights).BestCheckpoint;
        }

        var name = Path.GetFileName(weights.TrimEnd('/'));
        var folder = Path.GetDirectoryName(weights.TrimEnd('/'));
        return !File.Exists(weights) && folder is not null && name is "best" or "last" && Directory.Exists(folder)
            ? Path.Combine(RunFolder.Open(folder).Weights, name + ".ckpt")
            : weights;
    }
}
