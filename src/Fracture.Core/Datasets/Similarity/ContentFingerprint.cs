using Fracture.Core.Imaging;

namespace Fracture.Core.Datasets.Similarity;

/// <summary>
/// What near-duplicate search keeps of one image: perceptual hashes of the image at a few rotations (cheap
/// candidate search) and an equalised 64x64 thumbnail with its centre signature (exact confirmation).
/// </summary>
public sealed class ContentFingerprint
{
    /// <summary>Rotations (degrees) hashed per image: augmentation rotates copies by up to about 20 degrees.</summary>
    public static IReadOnlyList<double> HashAngles { get; } = [0, -10, 10, -20, 20];

    public const int PlaneSize = 64;

    public const int SignatureSize = 32;

    /// <summary>Fraction of the side kept around the centre, so rotated corners and crop borders matter less.</summary>
    public const double CentreCrop = 0.7;

    private ContentFingerprint(ulong[] hashes, GrayPlane plane, float[] signature)
    {
        Hashes = hashes;
        Plane = plane;
        Signature = signature;
    }

    /// <summary>Hash of the upright image first, then of each rotation in <see cref="HashAngles"/> order.</summary>
    public IReadOnlyList<ulong> Hashes { get; }

    public GrayPlane Plane { get; }

    /// <summary>Zero-mean, unit-norm centre crop of <see cref="Plane"/>: dot products are correlations.</summary>
    public float[] Signature { get; }

    public static ContentFingerprint FromGray8(ReadOnlySpan<byte> gray, int width, int height)
    {
        var plane = GrayPlane.FromGray8(gray, width, height, PlaneSize).Equalized();
        var hashes = new ulong[HashAngles.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            var view = plane.Sample(PerceptualHash.ThumbnailSize, HashAngles[i], 1.0, 1.0);
            hashes[i] = PerceptualHash.FromThumbnail(view.Pixels);
        }

        return new ContentFingerprint(hashes, plane, SignatureOf(plane, 0, 1.0));
    }

    /// <summary>The centre signature of the thumbnail turned and zoomed, to match a rotated or cropped copy.</summary>
    public static float[] SignatureOf(GrayPlane plane, double degrees, double zoom) =>
        Normalize(plane.Sample(SignatureSize, degrees, zoom, CentreCrop).Pixels);

    private static float[] Normalize(float[] values)
    {
        var mean = values.Average();
        var norm = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] -= mean;
            norm += values[i] * values[i];
        }

        var scale = norm > 1e-9 ? (float)(1 / Math.Sqrt(norm)) : 0f;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= scale;
        }

        return values;
    }
}
