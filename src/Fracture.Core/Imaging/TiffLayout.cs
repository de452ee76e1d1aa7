namespace Fracture.Core.Imaging;

/// <summary>
/// What IFD 0 of a TIFF says about its pixels, checked against what <see cref="TiffDecoder"/> can read (see the TIFF 6.0
/// specification): grey (MinIsWhite, MinIsBlack) at 1, 2, 4, 8 or 16 bits, RGB at 8 or 16 bits (chunky or planar),
/// palette at 1 to 8 bits; strips or tiles; no compression, LZW, Deflate or PackBits; the horizontal predictor.
/// Everything else is refused here, from the header alone, with a message naming what is unsupported.
/// </summary>
internal sealed class TiffLayout
{
    private const ushort ImageWidth = 256;
    private const ushort ImageLength = 257;
    private const ushort BitsPerSample = 258;
    private const ushort CompressionTag = 259;
    private const ushort PhotometricTag = 262;
    private const ushort FillOrder = 266;
    private const ushort StripOffsets = 273;
    private const ushort OrientationTag = 274;
    private const ushort SamplesPerPixelTag = 277;
    private const ushort RowsPerStrip = 278;
    private const ushort StripByteCounts = 279;
    private const ushort PlanarConfiguration = 284;
    private const ushort PredictorTag = 317;
    private const ushort ColorMap = 320;
    private const ushort TileWidth = 322;
    private const ushort TileLength = 323;
    private const ushort TileOffsets = 324;
    private const ushort TileByteCounts = 325;
    private const ushort SampleFormat = 339;

    // How far a tile may reach past the image (edge tiles are padded to the full tile size).
    private const int TileOverhang = 1024;

    private TiffLayout(TiffDirectory directory)
    {
        Directory = directory;
    }

    public TiffDirectory Directory { get; }

    public int Width { get; private init; }

    public int Height { get; private init; }

    /// <summary>Bits per sample: 1, 2, 4, 8 or 16.</summary>
    public int Bits { get; private init; }

    /// <summary>Samples stored per pixel, extra ones (alpha) included.</summary>
    public int SamplesPerPixel { get; private init; }

    /// <summary>Channels decoded: 1 for grey, 3 for RGB and palette (extra samples are dropped).</summary>
    public int Channels { get; private init; }

    /// <summary>0 MinIsWhite, 1 MinIsBlack, 2 RGB, 3 palette.</summary>
    public int Photometric { get; private init; }

    /// <summary>1 none, 5 LZW, 8 or 32946 Deflate, 32773 PackBits.</summary>
    public int Compression { get; private init; }

    public bool HorizontalPredictor { get; private init; }

    /// <summary>Planar configuration 2: each sample in its own plane of blocks.</summary>
    public bool Planar { get; private init; }

    /// <summary>Fill order 2: bits within each byte run least significant first.</summary>
    public bool ReverseBits { get; private init; }

    public bool Tiled { get; private init; }

    public int BlockWidth { get; private init; }

    public int BlockHeight { get; private init; }

    public ExifOrientation Orientation { get; private init; }

    public int BlocksAcross => (int)((Width + (long)BlockWidth - 1) / BlockWidth);

    public int BlocksDown => (int)((Height + (long)BlockHeight - 1) / BlockHeight);

    /// <summary>Blocks in the image: strips or tiles, times the planes when planar.</summary>
    public long BlockCount => (long)BlocksAcross * BlocksDown * (Planar ? SamplesPerPixel : 1);

    /// <summary>Bytes of one row of one block (one plane's samples when planar), padded to a whole byte.</summary>
    public long BlockRowBytes => (((long)BlockWidth * (Planar ? 1 : SamplesPerPixel) * Bits) + 7) / 8;

    public string BlockName => Tiled ? "tile" : "strip";

    public static TiffLayout Read(ReadOnlySpan<byte> data, string? path)
    {
        var directory = TiffDirectory.Read(data, path);
        if (!directory.Has(ImageWidth) || !directory.Has(ImageLength))
        {
            throw TiffDirectory.Corrupt(path, "TIFF has no image width or length");
        }

        var width = directory.Scalar(data, ImageWidth, 0, path);
        var height = directory.Scalar(data, ImageLength, 0, path);
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            throw TiffDirectory.Corrupt(path, $"TIFF header gives a size of {width}x{height}");
        }

        var spp = (int)Math.Min(directory.Scalar(data, SamplesPerPixelTag, 1, path), 64);
        if (spp == 0)
        {
            throw TiffDirectory.Corrupt(path, "TIFF has 0 samples per pixel");
        }

        var bits = (int)SameForAll(directory, data, BitsPerSample, spp, 1, path, "bit depths");
        var sampleFormat = SameForAll(directory, data, SampleFormat, spp, 1, path, "sample formats");
        var compression = (int)directory.Scalar(data, CompressionTag, 1, path);
        var photometric = (int)directory.Scalar(data, PhotometricTag, spp >= 3 ? 2u : 1u, path);
        var predictor = (int)directory.Scalar(data, PredictorTag, 1, path);
        var planar = spp > 1 && directory.Scalar(data, PlanarConfiguration, 1, path) == 2;

        var unsupported = Unsupported(compression, photometric, (uint)bits, sampleFormat, spp, predictor);
        if (unsupported is not null)
        {
            throw ImageDecodeException.For(ImageDecodeError.UnsupportedFormat, path, unsupported);
        }

        if (photometric == 3 && directory.CountOf(ColorMap) < 3L << bits)
        {
            throw TiffDirectory.Corrupt(path, $"TIFF palette image has no colour map of {3 << bits} entries");
        }

        var tiled = directory.Has(TileWidth) || directory.Has(TileOffsets);
        int blockWidth, blockHeight;
        if (tiled)
        {
            var tileWidth = directory.Scalar(data, TileWidth, 0, path);
            var tileLength = directory.Scalar(data, TileLength, 0, path);
            if (tileWidth == 0 || tileLength == 0 || tileWidth > width + TileOverhang || tileLength > height + TileOverhang)
            {
                throw TiffDirectory.Corrupt(path, $"TIFF tiles of {tileWidth}x{tileLength} do not fit its {width}x{height} image");
            }

            (blockWidth, blockHeight) = ((int)tileWidth, (int)tileLength);
        }
        else
        {
            var rows = directory.Scalar(data, RowsPerStrip, uint.MaxValue, path);
            if (rows == 0)
            {
                throw TiffDirectory.Corrupt(path, "TIFF has 0 rows per strip");
            }

            (blockWidth, blockHeight) = ((int)width, (int)Math.Min(rows, height));
        }

        var orientation = directory.Scalar(data, OrientationTag, 1, path);
        return new TiffLayout(directory)
        {
            Width = (int)width,
            Height = (int)height,
            Bits = bits,
            SamplesPerPixel = spp,
            Channels = photometric is 0 or 1 ? 1 : 3,
            Photometric = photometric,
            Compression = compression,
            HorizontalPredictor = predictor == 2,
            Planar = planar,
            ReverseBits = directory.Scalar(data, FillOrder, 1, path) == 2,
            Tiled = tiled,
            BlockWidth = blockWidth,
            BlockHeight = blockHeight,

            // Same values and meaning as EXIF's; anything else is ignored, as Skia does for EXIF.
            Orientation = orientation is >= 1 and <= 8 ? (ExifOrientation)orientation : ExifOrientation.TopLeft,
        };
    }

    /// <summary>The offsets and byte counts of every block, in the order the blocks are numbered.</summary>
    public (uint[] Offsets, uint[] Counts) ReadBlocks(ReadOnlySpan<byte> data, string? path)
    {
        var (offsetsTag, countsTag) = Tiled ? (TileOffsets, TileByteCounts) : (StripOffsets, StripByteCounts);
        if (!Directory.Has(offsetsTag))
        {
            throw TiffDirectory.Corrupt(path, $"TIFF has no {BlockName} offsets");
        }

        if (BlockCount > data.Length)
        {
            // Each block has an offset value of its own in the file: more blocks than the file has bytes cannot be.
            throw TiffDirectory.Corrupt(path, $"TIFF claims {BlockCount} {BlockName}s in a file of {data.Length} bytes");
        }

        var offsets = Directory.Values(data, offsetsTag, (int)BlockCount, path);
        if (Directory.Has(countsTag))
        {
            return (offsets, Directory.Values(data, countsTag, (int)BlockCount, path));
        }

        if (Compression != 1 || Tiled || BlockCount != 1)
        {
            throw TiffDirectory.Corrupt(path, $"TIFF has no {BlockName} byte counts");
        }

        // Some old writers leave the count out of a single uncompressed strip; its size is known.
        return (offsets, [(uint)Math.Min(uint.MaxValue, BlockRowBytes * Height)]);
    }

    /// <summary>The colour map as 8-bit R, G, B triples, one per palette index.</summary>
    public byte[] ReadPalette(ReadOnlySpan<byte> data, string? path)
    {
        var entries = 1 << Bits;
        var map = Directory.Values(data, ColorMap, 3 * entries, path);

        // The map holds 16-bit values; some writers store 8-bit ones there instead (libtiff checks for this too).
        var eightBit = map.All(v => v <= 255);
        var palette = new byte[3 * entries];
        for (var i = 0; i < entries; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                var v = map[(c * entries) + i];
                palette[(i * 3) + c] = eightBit ? (byte)v : (byte)(((v * 255) + 32767) / 65535);
            }
        }

        return palette;
    }

    private static uint SameForAll(TiffDirectory directory, ReadOnlySpan<byte> data, ushort tag, int spp, uint fallback, string? path, string what)
    {
        if (!directory.Has(tag))
        {
            return fallback;
        }

        // Some writers store one value for all samples.
        var values = directory.Values(data, tag, (int)Math.Min(spp, directory.CountOf(tag)), path);
        if (values.Any(v => v != values[0]))
        {
            throw ImageDecodeException.For(
                ImageDecodeError.UnsupportedFormat, path, $"TIFF samples with different {what} ({string.Join(", ", values)}) are not supported");
        }

        return values[0];
    }

    /// <summary>Why this combination cannot be decoded, or null when it can.</summary>
    private static string? Unsupported(int compression, int photometric, uint bits, uint sampleFormat, int spp, int predictor)
    {
        if (compression is not (1 or 5 or 8 or 32946 or 32773))
        {
            return $"TIFF {CompressionName(compression)} compression ({compression}) is not supported (only none, LZW, Deflate and PackBits)";
        }

        if (photometric is not (0 or 1 or 2 or 3))
        {
            return $"TIFF {PhotometricName(photometric)} images (photometric {photometric}) are not supported (only grey, RGB and palette)";
        }

        if (sampleFormat == 3)
        {
            return "TIFF floating-point samples are not supported (only unsigned integers)";
        }

        if (sampleFormat != 1)
        {
            return $"TIFF {(sampleFormat == 2 ? "signed integer" : $"sample format {sampleFormat}")} samples are not supported (only unsigned integers)";
        }

        var depthOk = photometric switch
        {
            0 or 1 => bits is 1 or 2 or 4 or 8 or 16,
            2 => bits is 8 or 16,
            _ => bits is 1 or 2 or 4 or 8,
        };
        if (!depthOk)
        {
            var kind = photometric switch { 0 or 1 => "grey", 2 => "RGB", _ => "palette" };
            return $"{bits}-bit TIFF {kind} samples are not supported";
        }

        var needed = photometric == 2 ? 3 : 1;
        if (spp < needed)
        {
            return $"TIFF {PhotometricName(photometric)} with {spp} sample(s) per pixel is not supported";
        }

        // Alpha and one more are seen in practice; many more would only make each strip's buffer huge for nothing.
        if (spp > needed + 2)
        {
            return $"TIFF {PhotometricName(photometric)} with {spp} samples per pixel is not supported (at most 2 extra samples)";
        }

        if (spp > needed && bits < 8)
        {
            return $"{bits}-bit TIFF samples with extra samples per pixel are not supported";
        }

        if (predictor == 3)
        {
            return "TIFF floating-point predictor (3) is not supported";
        }

        if (predictor == 2 && bits < 8)
        {
            return $"TIFF horizontal predictor with {bits}-bit samples is not supported (only 8 and 16 bits)";
        }

        return predictor is 1 or 2 ? null : $"TIFF predictor {predictor} is not supported";
    }

    private static string CompressionName(int compression) => compression switch
    {
        2 => "CCITT RLE",
        3 => "CCITT Group 3 fax",
        4 => "CCITT Group 4 fax",
        6 => "old-style JPEG",
        7 => "JPEG",
        32809 => "ThunderScan",
        34661 => "JBIG",
        34712 => "JPEG 2000",
        34887 => "LERC",
        34925 => "LZMA",
        50000 => "Zstandard",
        50001 => "WebP",
        50002 => "JPEG XL",
        _ => "unknown",
    };

    private static string PhotometricName(int photometric) => photometric switch
    {
        0 or 1 => "grey",
        2 => "RGB",
        3 => "palette",
        4 => "transparency mask",
        5 => "CMYK (separated)",
        6 => "YCbCr",
        8 or 9 or 10 => "CIE L*a*b*",
        32803 => "colour filter array (raw)",
        32844 or 32845 => "LogLuv",
        34892 => "linear raw",
        _ => "unknown colour space",
    };
}
