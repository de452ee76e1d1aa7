using System.Collections.Concurrent;
using System.Numerics;

namespace Fracture.Core.Datasets.Similarity;

/// <summary>
/// Finds near-identical images (augmented copies of one X-ray) by content. Two stages: rotation-aware perceptual
/// hashes pick candidates cheaply from all pairs; a correlation of equalised thumbnails under small rotations and
/// zooms confirms them, because on X-rays (dark background, bright bone) hashes alone confuse different patients.
/// </summary>
public static class NearDuplicateFinder
{
    /// <param name="include">Which pairs (i &lt; j) to consider at all, e.g. only pairs across splits.</param>
    public static IReadOnlyList<NearDuplicatePair> Find(
        IReadOnlyList<ContentFingerprint> fingerprints,
        NearDuplicateOptions options,
        Func<int, int, bool>? include = null)
    {
        var found = new ConcurrentBag<NearDuplicatePair>();
        Parallel.For(0, fingerprints.Count, i =>
        {
            List<(int J, int Distance)>? candidates = null;
            for (var j = i + 1; j < fingerprints.Count; j++)
            {
                if (include is not null && !include(i, j))
                {
                    continue;
                }

                var distance = HashDistance(fingerprints[i], fingerprints[j]);
                if (distance <= options.HashThreshold)
                {
                    (candidates ??= []).Add((j, distance));
                }
            }

            if (candidates is null)
            {
                return;
            }

            // The turned and zoomed views of image i are made once and checked against every candidate.
            var views = Views(fingerprints[i], options);
            foreach (var (j, distance) in candidates)
            {
                var correlation = BestCorrelation(views, fingerprints[j].Signature);
                if (correlation >= options.CorrelationThreshold)
                {
                    found.Add(new NearDuplicatePair(i, j, distance, correlation));
                }
            }
        });

        return [.. found.OrderBy(p => p.First).ThenBy(p => p.Second)];
    }

    /// <summary>Smallest Hamming distance between one image's upright hash and any rotation of the other's.</summary>
    public static int HashDistance(ContentFingerprint a, ContentFingerprint b)
    {
        var best = BitOperations.PopCount(a.Hashes[0] ^ b.Hashes[0]);
        for (var k = 1; k < a.Hashes.Count; k++)
        {
            best = Math.Min(best, BitOperations.PopCount(a.Hashes[k] ^ b.Hashes[0]));
            best = Math.Min(best, BitOperations.PopCount(a.Hashes[0] ^ b.Hashes[k]));
        }

        return best;
    }

    /// <summary>Best correlation of a's turned and zoomed centre views with b's upright centre.</summary>
    public static double Correlation(ContentFingerprint a, ContentFingerprint b, NearDuplicateOptions options) =>
        BestCorrelation(Views(a, options), b.Signature);

    private static List<float[]> Views(ContentFingerprint fingerprint, NearDuplicateOptions options)
    {
        var views = new List<float[]>(options.ConfirmAngles.Count * options.ConfirmZooms.Count);
        foreach (var angle in options.ConfirmAngles)
        {
            foreach (var zoom in options.ConfirmZooms)
            {
                views.Add(angle == 0 && zoom == 1.0 ? fingerprint.Signature : ContentFingerprint.SignatureOf(fingerprint.Plane, angle, zoom));
            }
        }

        return views;
    }

    private static double BestCorrelation(List<float[]> views, float[] signature)
    {
        var best = double.MinValue;
        foreach (var view in views)
        {
            best = Math.Max(best, Dot(view, signature));
        }

        return best;
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var vectors = Vector<float>.Count;
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - vectors; i += vectors)
        {
            sum += new Vector<float>(a.Slice(i, vectors)) * new Vector<float>(b.Slice(i, vectors));
        }

        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }
}
