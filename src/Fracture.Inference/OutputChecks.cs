namespace Fracture.Inference;

/// <summary>What a model's raw outputs must satisfy before a predictor believes them.</summary>
internal static class OutputChecks
{
    /// <summary>How far outside 0..1 a class score may stray (rounding of a dequantised output) and still be read.</summary>
    internal const float ScoreTolerance = 1e-3f;

    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var value in values)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The first class score outside 0..1, or null. Ultralytics' and Fracture's box models end in a sigmoid, so a
    /// score outside that range means the output is not their layout, or a later quantisation broke it: an Ultralytics
    /// yolov8n whose output was statically quantised to uint8 scored every box 0 or 1.66 and was drawn as "bus 1.66".
    /// Its boxes would be ranked by garbage, so the caller refuses the file rather than believe it.
    /// </summary>
    public static float? FirstNonProbability(ReadOnlySpan<float> scores)
    {
        foreach (var score in scores)
        {
            if (score is < -ScoreTolerance or > 1 + ScoreTolerance)
            {
                return score;
            }
        }

        return null;
    }
}
