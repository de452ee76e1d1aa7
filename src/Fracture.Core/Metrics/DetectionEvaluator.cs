namespace Fracture.Core.Metrics;

/// <summary>
/// COCO-style detection metrics (AP over IoU 0.50:0.05:0.95 with 101-point interpolation), precision /
/// recall / F1 at the best confidence, and a confusion matrix. Pure: same input, same result.
/// </summary>
public static class DetectionEvaluator
{
    /// <summary>The COCO IoU thresholds 0.50, 0.55, ..., 0.95.</summary>
    public static IReadOnlyList<double> IoUThresholds { get; } =
        Enumerable.Range(0, 10).Select(i => (50 + (5 * i)) / 100.0).ToArray();

    /// <summary>
    /// Evaluates predictions against ground truth, by box IoU or by the mask IoU of their outlines
    /// (<paramref name="measure"/>). Predictions on an image missing from <paramref name="groundTruth"/> are counted in
    /// <see cref="DetectionMetrics.UnknownImagePredictions"/> and ignored.
    /// </summary>
    /// <exception cref="FractureException">An image is listed twice, or a class id is out of range.</exception>
    public static DetectionMetrics Evaluate(
        IReadOnlyList<ImageGroundTruth> groundTruth,
        IReadOnlyList<DetectionPrediction> predictions,
        DetectionEvaluationOptions? options = null,
        OverlapMeasure measure = OverlapMeasure.Box)
    {
        var split = Matrices(groundTruth, predictions, measure);
        return Evaluate(split.Images, options) with
        {
            UnknownImages = split.UnknownImages,
            UnknownImagePredictions = split.UnknownImagePredictions,
        };
    }

    /// <summary>
    /// IoU matrices (box IoU, or mask IoU of the outlines: <paramref name="measure"/>) for every ground-truth image, in
    /// its order; predictions on images it does not list are counted and left out. The box overload of
    /// <see cref="Evaluate(IReadOnlyList{ImageGroundTruth}, IReadOnlyList{DetectionPrediction}, DetectionEvaluationOptions?, OverlapMeasure)"/>
    /// scores the box matrices; a bootstrap rescoring resamples them.
    /// </summary>
    /// <exception cref="FractureException">An image is listed twice in the ground truth.</exception>
    public static SplitMatrices Matrices(
        IReadOnlyList<ImageGroundTruth> groundTruth, IReadOnlyList<DetectionPrediction> predictions, OverlapMeasure measure = OverlapMeasure.Box)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        ArgumentNullException.ThrowIfNull(predictions);

        var byImage = new Dictionary<string, List<DetectionPrediction>>(StringComparer.Ordinal);
        foreach (var image in groundTruth)
        {
            if (!byImage.TryAdd(image.Image, []))
            {
                throw new FractureException($"Image '{image.Image}' appears twice in the ground truth.");
            }
        }

        var unknown = new HashSet<string>(StringComparer.Ordinal);
        var unknownPredictions = 0;
        foreach (var p in predictions)
        {
            if (byImage.TryGetValue(p.Image, out var list))
            {
                list.Add(p);
            }
            else
            {
                unknown.Add(p.Image);
                unknownPredictions++;
            }
        }

        var images = new ImageIoUMatrix[groundTruth.Count];
        // Rasterising outlines is the slow part of mask scoring; images are independent.
        Parallel.For(0, images.Length, i =>
        {
            var image = groundTruth[i];
            images[i] = measure == OverlapMeasure.Mask ? ImageIoUMatrix.FromMasks(image, byImage[image.Image]) : ImageIoUMatrix.FromBoxes(image, byImage[image.Image]);
        });
        return new SplitMatrices(images, unknown.Count, unknownPredictions);
    }

    /// <summary>
    /// Evaluates from per-image IoU matrices, the core the box overload builds on. Images are taken in list
    /// order, which breaks ties between equal scores on different images (as COCO does).
    /// </summary>
    /// <exception cref="FractureException">A class id is negative or outside <see cref="DetectionEvaluationOptions.ClassNames"/>.</exception>
    public static DetectionMetrics Evaluate(IReadOnlyList<ImageIoUMatrix> images, DetectionEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        options ??= DetectionEvaluationOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxDetections);
        foreach (var image in images)
        {
            Validate(image);
        }

        var classCount = ClassCount(images, options.ClassNames);
        var thresholds = IoUThresholds;
        var matches = new List<ScoredMatch>[classCount];
        for (var c = 0; c < classCount; c++)
        {
            matches[c] = [];
        }

        var instances = new int[classCount];
        var confusion = new ConfusionMatrixBuilder(classCount, options.ConfusionConfidence, options.ConfusionIoU);
        foreach (var image in images)
        {
            var kept = new List<int>();
            var gtByClass = GroupByClass(image.GroundTruthClasses);
            foreach (var (c, preds) in GroupByClass(image.PredictionClasses))
            {
                // COCO maxDets: the best-scoring predictions of this class on this image.
                StableOrder.SortDescending(preds, image.PredictionScores);
                if (preds.Count > options.MaxDetections)
                {
                    preds.RemoveRange(options.MaxDetections, preds.Count - options.MaxDetections);
                }

                kept.AddRange(preds);
                var masks = CocoMatching.Match(image.IoU, preds, gtByClass.GetValueOrDefault(c) ?? [], thresholds);
                for (var d = 0; d < preds.Count; d++)
                {
                    matches[c].Add(new ScoredMatch(image.PredictionScores[preds[d]], masks[d]));
                }
            }

            foreach (var (c, gts) in gtByClass)
            {
                instances[c] += gts.Count;
            }

            confusion.Add(image, kept);
        }

        // Entries were appended image by image in score order, so a stable sort gives COCO's global order.
        for (var c = 0; c < classCount; c++)
        {
            matches[c] = [.. matches[c].OrderByDescending(m => m.Score)];
        }

        var evaluated = Enumerable.Range(0, classCount).Where(c => instances[c] > 0).ToArray();
        var sweep = ConfidenceSweep.Run(matches, instances, evaluated);
        var perClass = new ClassDetectionMetrics[classCount];
        for (var c = 0; c < classCount; c++)
        {
            var slot = Array.IndexOf(evaluated, c);
            perClass[c] = slot < 0
                ? WithoutGroundTruth(c, options.ClassNames, matches[c].Count, thresholds.Count)
                : WithGroundTruth(c, options.ClassNames, matches[c], instances[c], sweep, slot, thresholds.Count);
        }

        var scored = perClass.Where(m => m.HasGroundTruth).ToArray();
        var mapPerThreshold = new double[thresholds.Count];
        for (var t = 0; t < thresholds.Count; t++)
        {
            mapPerThreshold[t] = Mean(scored.Select(m => m.ApPerThreshold[t]));
        }

        return new DetectionMetrics
        {
            Map50 = mapPerThreshold[0],
            Map50To95 = Mean(scored.Select(m => m.Ap50To95)),
            MapPerThreshold = mapPerThreshold,
            Precision = Mean(sweep.Precision),
            Recall = Mean(sweep.Recall),
            F1 = Mean(sweep.F1),
            ConfidenceThreshold = sweep.Threshold,
            PerClass = perClass,
            Confusion = confusion.Build(),
            ImagesEvaluated = images.Count,
            ClassesEvaluated = evaluated.Length,
        };
    }

    private static ClassDetectionMetrics WithGroundTruth(
        int classId, IReadOnlyList<string>? names, List<ScoredMatch> ordered, int instances, ConfidenceSweep.Result sweep, int slot, int thresholdCount)
    {
        var ap = new double[thresholdCount];
        double[] precision50 = [];
        for (var t = 0; t < thresholdCount; t++)
        {
            var q = CocoMatching.InterpolatedPrecision(ordered, t, instances);
            ap[t] = q.Average();
            if (t == 0)
            {
                precision50 = q;
            }
        }

        return new ClassDetectionMetrics
        {
            ClassId = classId,
            Name = names?[classId],
            HasGroundTruth = true,
            Ap50 = ap[0],
            Ap50To95 = ap.Average(),
            ApPerThreshold = ap,
            Instances = instances,
            Predictions = ordered.Count,
            Precision = sweep.Precision[slot],
            Recall = sweep.Recall[slot],
            F1 = sweep.F1[slot],
            Curve50 = new PrecisionRecallCurve(CocoMatching.RecallLevels(), precision50),
        };
    }

    private static ClassDetectionMetrics WithoutGroundTruth(int classId, IReadOnlyList<string>? names, int predictions, int thresholdCount) => new()
    {
        ClassId = classId,
        Name = names?[classId],
        HasGroundTruth = false,
        Ap50 = double.NaN,
        Ap50To95 = double.NaN,
        ApPerThreshold = Enumerable.Repeat(double.NaN, thresholdCount).ToArray(),
        Instances = 0,
        Predictions = predictions,
        Precision = double.NaN,
        Recall = double.NaN,
        F1 = double.NaN,
    };

    /// <summary>Mean of the values, 0 for none (no class with ground truth).</summary>
    private static double Mean(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? 0 : list.Average();
    }

    /// <summary>Indices grouped by class id, each group in ascending index order, groups by first appearance.</summary>
    private static Dictionary<int, List<int>> GroupByClass(IReadOnlyList<int> classes)
    {
        var groups = new Dictionary<int, List<int>>();
        for (var i = 0; i < classes.Count; i++)
        {
            if (!groups.TryGetValue(classes[i], out var list))
            {
                groups[classes[i]] = list = [];
            }

            list.Add(i);
        }

        return groups;
    }

    private static int ClassCount(IReadOnlyList<ImageIoUMatrix> images, IReadOnlyList<string>? names)
    {
        var limit = names?.Count ?? int.MaxValue;
        var largest = -1;
        foreach (var image in images)
        {
            foreach (var (what, classes) in new[] { ("ground truth", image.GroundTruthClasses), ("prediction", image.PredictionClasses) })
            {
                foreach (var c in classes)
                {
                    if (c < 0 || c >= limit)
                    {
                        throw new FractureException(names is null
                            ? $"Image '{image.Image}': {what} class id {c} is negative."
                            : $"Image '{image.Image}': {what} class id {c} is outside 0..{limit - 1} ({limit} class names).");
                    }

                    largest = Math.Max(largest, c);
                }
            }
        }

        return names?.Count ?? largest + 1;
    }

    private static void Validate(ImageIoUMatrix image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var preds = image.PredictionClasses.Count;
        if (image.PredictionScores.Count != preds
            || image.IoU.GetLength(0) != preds
            || image.IoU.GetLength(1) != image.GroundTruthClasses.Count)
        {
            throw new ArgumentException($"Image '{image.Image}': IoU matrix, classes and scores disagree in size.", nameof(image));
        }

        foreach (var s in image.PredictionScores)
        {
            if (!double.IsFinite(s))
            {
                throw new ArgumentException($"Image '{image.Image}': prediction score {s} is not finite.", nameof(image));
            }
        }
    }
}
