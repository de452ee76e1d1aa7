namespace Fracture.Core.Imaging;

/// <summary>
/// Per-axis resampling weights. Output pixel o covers the source interval [o*s, (o+1)*s) with s = source/target
/// (pixel edges at integers, centres at +0.5). Shrinking averages that interval by area (each source pixel weighted
/// by its overlap, like OpenCV's INTER_AREA), which does not alias; enlarging interpolates linearly between centres.
/// Every output pixel reads <see cref="Taps"/> consecutive source pixels from <see cref="First"/>; weights sum to 1.
/// </summary>
internal sealed class ResampleAxis
{
    private ResampleAxis(int taps, int[] first, float[] weights)
    {
        Taps = taps;
        First = first;
        Weights = weights;
    }

    public int Taps { get; }

    public int[] First { get; }

    /// <summary>Weights[o * Taps + k] applies to source pixel First[o] + k.</summary>
    public float[] Weights { get; }

    public static ResampleAxis Create(int source, int target)
    {
        var scale = (double)source / target;
        var shrinking = scale > 1;
        var taps = Math.Min(source, shrinking ? (int)Math.Ceiling(scale) + 1 : 2);
        var first = new int[target];
        var weights = new float[target * taps];
        var raw = new double[taps];
        for (var o = 0; o < target; o++)
        {
            Array.Clear(raw);
            double lo, hi;
            if (shrinking)
            {
                lo = o * scale;
                hi = Math.Min(source, (o + 1) * scale);
            }
            else
            {
                var centre = Math.Clamp(((o + 0.5) * scale) - 0.5, 0, source - 1);
                lo = Math.Floor(centre);
                hi = centre;
            }

            var start = Math.Min((int)Math.Floor(lo), source - taps);
            first[o] = start;
            if (shrinking)
            {
                for (var k = 0; k < taps; k++)
                {
                    var p = start + k;
                    raw[k] = Math.Max(0, Math.Min(hi, p + 1) - Math.Max(lo, p));
                }
            }
            else
            {
                // Linear: weight 1-f on floor(centre), f on the next pixel.
                var f = hi - lo;
                raw[(int)lo - start] += 1 - f;
                if (f > 0)
                {
                    raw[(int)lo + 1 - start] += f;
                }
            }

            var sum = 0.0;
            foreach (var w in raw)
            {
                sum += w;
            }

            for (var k = 0; k < taps; k++)
            {
                weights[(o * taps) + k] = (float)(raw[k] / sum);
            }
        }

        return new ResampleAxis(taps, first, weights);
    }
}
