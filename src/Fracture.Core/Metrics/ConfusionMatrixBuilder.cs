namespace Fracture.Core.Metrics;

/// <summary>Accumulates <see cref="DetectionConfusionMatrix"/> image by image.</summary>
internal sealed class ConfusionMatrixBuilder(int classCount, double confidence, double iouThreshold)
{
    private readonly int[,] _counts = new int[classCount + 1, classCount + 1];

    /// <summary>Adds one image, considering only the predictions listed in <paramref name="predictions"/>.</summary>
    public void Add(ImageIoUMatrix image, IEnumerable<int> predictions)
    {
        var preds = predictions.Where(p => image.PredictionScores[p] >= confidence).ToList();
        var gtCount = image.GroundTruthClasses.Count;

        // Class-agnostic candidate pairs, best overlap first; equal IoU falls back to GT then prediction index.
        var pairs = new List<(double IoU, int Gt, int Pred)>();
        foreach (var p in preds)
        {
            for (var g = 0; g < gtCount; g++)
            {
                if (image.IoU[p, g] > iouThreshold)
                {
                    pairs.Add((image.IoU[p, g], g, p));
                }
            }
        }

        pairs.Sort((a, b) =>
        {
            var c = b.IoU.CompareTo(a.IoU);
            if (c == 0)
            {
                c = a.Gt.CompareTo(b.Gt);
            }

            return c != 0 ? c : a.Pred.CompareTo(b.Pred);
        });

        var gtUsed = new bool[gtCount];
        var predUsed = new HashSet<int>();
        foreach (var (_, g, p) in pairs)
        {
            if (!gtUsed[g] && !predUsed.Contains(p))
            {
                gtUsed[g] = true;
                predUsed.Add(p);
                _counts[image.GroundTruthClasses[g], image.PredictionClasses[p]]++;
            }
        }

        for (var g = 0; g < gtCount; g++)
        {
            if (!gtUsed[g])
            {
                _counts[image.GroundTruthClasses[g], classCount]++;
            }
        }

        foreach (var p in preds.Where(p => !predUsed.Contains(p)))
        {
            _counts[classCount, image.PredictionClasses[p]]++;
        }
    }

    public DetectionConfusionMatrix Build() => new(classCount, (int[,])_counts.Clone());
}
