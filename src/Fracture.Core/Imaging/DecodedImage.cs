namespace Fracture.Core.Imaging;

/// <summary>
/// Decoded 8-bit pixels: row-major, channels interleaved in R, G, B order, no row padding
/// (<see cref="Pixels"/> has exactly Width * Height * Channels bytes). The array is exposed, not copied,
/// so training and inference code can read it in place; treat it as owned by this instance.
/// </summary>
public sealed class DecodedImage
{
    private readonly int? _sourceWidth;
    private readonly int? _sourceHeight;

    public DecodedImage(int width, int height, PixelFormat format, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(pixels);
        var channels = ChannelsOf(format);
        if (pixels.LongLength != (long)width * height * channels)
        {
            throw new ArgumentException(
                $"{width}x{height} {format} needs {(long)width * height * channels} bytes, got {pixels.LongLength}",
                nameof(pixels));
        }

        Width = width;
        Height = height;
        Format = format;
        Channels = channels;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public PixelFormat Format { get; }

    /// <summary>1 for <see cref="PixelFormat.Gray8"/>, 3 for <see cref="PixelFormat.Rgb24"/>.</summary>
    public int Channels { get; }

    /// <summary>Bytes per row (Width * Channels).</summary>
    public int Stride => Width * Channels;

    public byte[] Pixels { get; }

    /// <summary>True when the file ended early and the missing part of the image is filled with zeros.</summary>
    public bool Truncated { get; init; }

    /// <summary>
    /// Width of the image in its file, after EXIF orientation. Differs from <see cref="Width"/> when decoded with
    /// <see cref="DecodeOptions.MaxSide"/>; resizing and letterboxing carry it over unchanged, so it always describes the file.
    /// </summary>
    public int SourceWidth
    {
        get => _sourceWidth ?? Width;
        init => _sourceWidth = value;
    }

    /// <summary>Height of the image in its file, after EXIF orientation (see <see cref="SourceWidth"/>).</summary>
    public int SourceHeight
    {
        get => _sourceHeight ?? Height;
        init => _sourceHeight = value;
    }

    public static int ChannelsOf(PixelFormat format) => format switch
    {
        PixelFormat.Gray8 => 1,
        PixelFormat.Rgb24 => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown pixel format"),
    };

    /// <summary>The pixels of row <paramref name="y"/>.</summary>
    public Span<byte> Row(int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return Pixels.AsSpan(y * Stride, Stride);
    }

    /// <summary>
    /// This image in another pixel format: grey from RGB by BT.601 luminance, RGB from grey by replication.
    /// Returns this instance itself when it already has <paramref name="format"/> (no copy).
    /// </summary>
    public DecodedImage ToFormat(PixelFormat format)
    {
        if (format == Format)
        {
            return this;
        }

        var pixels = GC.AllocateUninitializedArray<byte>(Width * Height * ChannelsOf(format));
        if (format == PixelFormat.Gray8)
        {
            PixelConverter.RgbToGray(Pixels, pixels);
        }
        else
        {
            PixelConverter.GrayToRgb(Pixels, pixels);
        }

        return WithPixels(Width, Height, format, pixels);
    }

    /// <summary>A new image with other pixels that keeps this one's provenance (source size, truncation).</summary>
    internal DecodedImage WithPixels(int width, int height, PixelFormat format, byte[] pixels) =>
        new(width, height, format, pixels)
        {
            Truncated = Truncated,
            SourceWidth = SourceWidth,
            SourceHeight = SourceHeight,
        };
}
