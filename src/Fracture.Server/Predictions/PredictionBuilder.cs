using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Server.Contracts;
using Fracture.Server.Models;

namespace Fracture.Server.Predictions;

/// <summary>Turns the models' results on one upload into the <see cref="Prediction"/> the API returns and stores.</summary>
public static class PredictionBuilder
{
    /// <param name="confidence">Findings below it are left out of <see cref="Prediction.Findings"/> (the verdict still counts them against the threshold).</param>
    public static Prediction Build(
        string id,
        DateTime createdUtc,
        PredictedImage image,
        PredictionTask task,
        double confidence,
        IReadOnlyList<ModelRun> runs,
        double decodeMs,
        double totalMs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var findings = runs
            .Where(r => r.Model.Task != ModelTask.Classify)
            .SelectMany(r => r.Result.Findings.Where(f => f.Score >= confidence).Select(f => ToFinding(r.Model, f)))
            .OrderByDescending(f => f.Confidence)
            .ToList();
        var evidence = runs.Select(Evidence).OfType<VerdictEvidence>().ToList();
        var classifier = runs.FirstOrDefault(r => r.Model.Task == ModelTask.Classify);
        double? Ms(ModelTask t) => runs.FirstOrDefault(r => r.Model.Task == t)?.Milliseconds;
        return new Prediction(
            id,
            createdUtc,
            image,
            TaskName(task),
            confidence,
            new Verdict(evidence.Count == 0 ? null : evidence.Any(e => e.Suspected), evidence),
            findings,
            classifier is null ? null : ToClassification(classifier),
            [.. runs.Select(r => new ModelVersion(r.Model.Id, ModelMetadata.TaskName(r.Model.Task), VersionOf(r.Model.Metadata), r.Model.Sha256, r.FlipFusion))],
            new PredictionTimings(Round(decodeMs), Ms(ModelTask.Classify) is { } c ? Round(c) : null, Ms(ModelTask.Detect) is { } d ? Round(d) : null, Ms(ModelTask.Segment) is { } s ? Round(s) : null, Round(totalMs)),
            PredictionLinks.For(id));
    }

    /// <summary>The history's line for a stored prediction (computed from its JSON, so older rows get every field too).</summary>
    public static PredictionSummary Summarize(Prediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var suspected = AtThreshold(prediction).Count();
        var top = prediction.Findings.Count == 0 ? null : prediction.Findings.MaxBy(f => f.Confidence);
        var image = prediction.Image;
        return new PredictionSummary(
            prediction.Id, prediction.CreatedUtc, image.FileName, image.Width, image.Height, prediction.Verdict.FractureSuspected, prediction.Findings.Count, suspected, top);
    }

    /// <summary>
    /// The findings at or above their model's operating threshold: those the verdict counts. With
    /// <paramref name="keepUnrated"/>, a model without a threshold (no vote) keeps all its stored findings.
    /// </summary>
    public static IEnumerable<PredictionFinding> AtThreshold(Prediction prediction, bool keepUnrated = false)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var thresholds = prediction.Verdict.Evidence.ToDictionary(e => e.Model, e => e.Threshold);
        return prediction.Findings.Where(f => thresholds.TryGetValue(f.Model, out var threshold) ? f.Confidence >= threshold : keepUnrated);
    }

    public static string TaskName(PredictionTask task) => task switch
    {
        PredictionTask.All => "all",
        PredictionTask.Classify => "classify",
        PredictionTask.Detect => "detect",
        PredictionTask.Segment => "segment",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "unknown task"),
    };

    /// <summary>What a model calls its version: its metadata's version, else its export date.</summary>
    public static string? VersionOf(ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.Version ?? metadata.Date;
    }

    private static PredictionFinding ToFinding(LoadedModel model, Finding finding) =>
        new(
            finding.ClassId,
            finding.Name,
            finding.Score,
            model.Id,
            new FindingBox(finding.Box.X1, finding.Box.Y1, finding.Box.X2, finding.Box.Y2),
            finding.Polygon is { } polygon ? [.. polygon.Select(p => new[] { p.X, p.Y })] : null);

    private static Classification ToClassification(ModelRun run)
    {
        var scores = run.Result.Classification
            ?? throw new InvalidOperationException($"classifier {run.Model.Id} returned no class scores");
        var names = run.Model.Metadata.Names;
        return new Classification(
            run.Model.Id,
            scores.TopName,
            scores.TopScore,
            scores.FractureProbability,
            run.Model.Metadata.Threshold,
            scores.IsFracture,
            [.. scores.Probabilities.Select((p, i) => new ClassProbability(names[i], p))]);
    }

    /// <summary>A model's vote, when its metadata has an operating threshold (and, for a classifier, a "no fracture" class).</summary>
    private static VerdictEvidence? Evidence(ModelRun run)
    {
        if (run.Model.Metadata.Threshold is not { } threshold)
        {
            return null;
        }

        var task = ModelMetadata.TaskName(run.Model.Task);
        if (run.Model.Task == ModelTask.Classify)
        {
            return run.Result.Classification?.FractureProbability is { } p
                ? new VerdictEvidence(run.Model.Id, task, p, threshold, p >= threshold)
                : null;
        }

        var findings = run.Result.Findings;
        var best = findings.Count == 0 ? 0 : findings.Max(f => f.Score);
        return new VerdictEvidence(run.Model.Id, task, best, threshold, findings.Count > 0 && best >= threshold);
    }

    private static double Round(double ms) => Math.Round(ms, 2);
}
