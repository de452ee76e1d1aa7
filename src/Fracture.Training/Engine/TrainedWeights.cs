using Fracture.Core;
using Fracture.Core.Datasets;

namespace Fracture.Training.Engine;

/// <summary>
/// What `fracture val &lt;task&gt;` starts from: a checkpoint of the right task and the dataset to score it on (the
/// run's own data and profile unless others are given), with the class lists checked to agree.
/// </summary>
public sealed record TrainedWeights(Checkpoint Checkpoint, TrainOptions Options, DataYaml Yaml, DatasetProfile? Profile)
{
    /// <summary>The checkpoint file the weights came from (the run folder or RUN/best resolved).</summary>
    public string CheckpointPath { get; init; } = string.Empty;

    /// <summary>The weights to evaluate: the EMA when the checkpoint has one (it is what validation picked "best" by).</summary>
    public string WeightsSection => WeightsSectionOf(Checkpoint);

    /// <summary>The section holding a checkpoint's weights to use: the EMA when it has one, else the trained model.</summary>
    public static string WeightsSectionOf(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return checkpoint.Sections.ContainsKey("ema") ? "ema" : "model";
    }

    /// <param name="weights">A checkpoint file, a run folder (its best checkpoint), or RUN/best and RUN/last.</param>
    /// <param name="classNames">The task's class list for a dataset and profile, to compare with the checkpoint's.</param>
    public static TrainedWeights Open(string weights, string task, string? data, string? profile, Func<DataYaml, DatasetProfile?, IReadOnlyList<string>> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        var path = ResolveCheckpoint(weights);
        var checkpoint = Checkpoint.Read(path);
        var options = checkpoint.Header.Options;
        if (options.Task != task)
        {
            throw new CheckpointException(WrongTask(weights, options.Task, task));
        }

        var yaml = DataYamlReader.Read(data ?? options.Data);
        var classProfile = DatasetProfile.LoadFor(yaml, profile ?? options.Profile);
        CheckClassNames(checkpoint.Header.ClassNames, classNames(yaml, classProfile), classNames(yaml, null));
        return new TrainedWeights(checkpoint, options, yaml, classProfile) { CheckpointPath = path };
    }

    /// <summary>The message for a model file of another task than the command's.</summary>
    public static string WrongTask(string model, string modelTask, string task) => $"{model} holds a '{modelTask}' model, not a '{task}' one";

    /// <summary>A model is scored on a dataset only when their class lists (the task's, for the dataset and profile) agree.</summary>
    /// <param name="withoutProfile">The task's list for the dataset alone: a model with more classes than it was not trained on this data.</param>
    /// <exception cref="FractureException">The lists differ.</exception>
    public static void CheckClassNames(IReadOnlyList<string> modelNames, IReadOnlyList<string> datasetNames, IReadOnlyList<string> withoutProfile)
    {
        ArgumentNullException.ThrowIfNull(modelNames);
        ArgumentNullException.ThrowIfNull(datasetNames);
        ArgumentNullException.ThrowIfNull(withoutProfile);
        if (datasetNames.SequenceEqual(modelNames))
        {
            return;
        }

        // A profile renames and merges the dataset's classes; an 80-class COCO model has more than any profile of
        // a 7-class dataset gives, so hinting at --profile would send the user after something that cannot help.
        if (modelNames.Count > withoutProfile.Count)
        {
            throw new FractureException(
                $"the model's {modelNames.Count} classes ({Few(modelNames)}) are not this dataset's {datasetNames.Count} ({Few(datasetNames)}): it was trained on other data; score it on that data (its data.yaml), or score a model trained on this dataset");
        }

        throw new FractureException(
            $"the model's classes ({string.Join(", ", modelNames)}) differ from this dataset's ({string.Join(", ", datasetNames)}); pass the --profile it was trained with");
    }

    private static string Few(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(5)) + (names.Count > 5 ? ", ..." : string.Empty);

    /// <summary>Accepts a checkpoint file, a run folder (its best checkpoint), or RUN/best and RUN/last.</summary>
    public static string ResolveCheckpoint(string weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
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
