namespace Fracture.Core.Tests.Support;

/// <summary>What <see cref="TestTiffWriter"/> writes. Defaults: 8-bit grey (MinIsBlack), little-endian, uncompressed, strips of 3 rows.</summary>
internal sealed record TestTiff(int Width, int Height, int Bits = 8, int SamplesPerPixel = 1, int Photometric = 1)
{
    public bool BigEndian { get; init; }

    public int Compression { get; init; } = 1;

    public int Predictor { get; init; } = 1;

    public bool Planar { get; init; }

    public int RowsPerStrip { get; init; } = 3;

    /// <summary>Tiles of this size instead of strips.</summary>
    public (int Width, int Height)? Tile { get; init; }

    /// <summary>The Orientation tag's value; 0 leaves the tag out.</summary>
    public int Orientation { get; init; }

    /// <summary>ColorMap: all reds, then all greens, then all blues (16-bit values).</summary>
    public ushort[]? ColorMap { get; init; }

    public ushort[]? ExtraSamples { get; init; }

    /// <summary>Pixel data first and the directory after it, as libtiff writes.</summary>
    public bool DirectoryLast { get; init; }

    /// <summary>The next-directory pointer of IFD 0 (0: none).</summary>
    public uint? NextDirectory { get; init; }

    /// <summary>Tags written as given (type 3 SHORT or 4 LONG), replacing the writer's own; null removes the tag.</summary>
    public Dictionary<ushort, (ushort Type, uint[] Values)?> Tags { get; init; } = [];
}
