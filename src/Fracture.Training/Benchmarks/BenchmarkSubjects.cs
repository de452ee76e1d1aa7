using Fracture.Core;
using Fracture.Training.Tasks.Classify;
using Fracture.Training.Tasks.Detect;

namespace Fracture.Training.Benchmarks;

/// <summary>
/// The tasks `fracture bench train --task` knows, each with its default settings (the shipped input size and
/// backbone) and its networks. A task is benchmarked by adding one <see cref="IBenchmarkSubject"/> and one entry here.
/// </summary>
public static class BenchmarkSubjects
{
    public const string Classify = "classify";

    public const string Detect = "detect";

    private static readonly Dictionary<string, Entry> Subjects = new(StringComparer.Ordinal)
    {
        [Classify] = new(new TrainingBenchmarkOptions(), ClassifierNetworks.Names, options => new ClassifyBenchmarkSubject(options)),
        [Detect] = new(
            new TrainingBenchmarkOptions { Task = Detect, Model = DetectorNetworks.ResNet18Pretrained, ImageSize = 320 },
            DetectorNetworks.Names,
            options => new DetectBenchmarkSubject(options)),
    };

    public static IReadOnlyCollection<string> Names => Subjects.Keys;

    /// <summary>The task's defaults: classify at the seed's 224 px from-scratch ResNet18, detect at the shipped 320 px.</summary>
    public static TrainingBenchmarkOptions Defaults(string task) => Find(task).Defaults;

    /// <summary>Network names the task accepts.</summary>
    public static IReadOnlyList<string> Models(string task) => Find(task).Models;

    internal static IBenchmarkSubject Create(TrainingBenchmarkOptions options)
    {
        var entry = Find(options.Task);
        if (!entry.Models.Contains(options.Model, StringComparer.Ordinal))
        {
            throw new FractureException($"unknown {options.Task} network '{options.Model}': use {string.Join(" or ", entry.Models)}");
        }

        return entry.Create(options);
    }

    private static Entry Find(string task) =>
        Subjects.TryGetValue(task, out var entry)
            ? entry
            : throw new FractureException($"unknown benchmark task '{task}': use {string.Join(", ", Subjects.Keys)}");

    private sealed record Entry(TrainingBenchmarkOptions Defaults, IReadOnlyList<string> Models, Func<TrainingBenchmarkOptions, IBenchmarkSubject> Create);
}
