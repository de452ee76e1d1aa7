namespace Fracture.Core.Imaging;

/// <summary>How <see cref="ImageDecoder"/> decodes.</summary>
/// <param name="Format">Output pixel layout. Gray8 from colour sources uses BT.601 luminance (see <see cref="ImageDecoder"/>).</param>
/// <param name="MaxPixels">Refuse images whose header claims more pixels than this (decompression bombs);
/// checked before any pixel memory is allocated.</param>
/// <param name="MaxSide">When set, shrink so the long side is at most this many pixels (aspect kept; never enlarges).
/// JPEG and WebP are decoded directly at a reduced scale first, which is about twice as fast as decoding at full size.</param>
/// <param name="AllowTruncated">When true a file that ends early comes back partially decoded with
/// <see cref="DecodedImage.Truncated"/> set; when false it throws <see cref="ImageDecodeError.Truncated"/>.</param>
public sealed record DecodeOptions(
    PixelFormat Format = PixelFormat.Rgb24,
    long MaxPixels = DecodeOptions.DefaultMaxPixels,
    int? MaxSide = null,
    bool AllowTruncated = true)
{
    public const long DefaultMaxPixels = 50_000_000;

    public static DecodeOptions Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPixels, 1, nameof(MaxPixels));
        if (MaxSide is { } side)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(side, 1, nameof(MaxSide));
        }

        if (!Enum.IsDefined(Format))
        {
            throw new ArgumentOutOfRangeException(nameof(Format), Format, "unknown pixel format");
        }
    }
}
