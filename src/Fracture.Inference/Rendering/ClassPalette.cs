using SkiaSharp;

namespace Fracture.Inference.Rendering;

/// <summary>
/// Per-class annotation colours: the Okabe-Ito palette (distinguishable with every common colour-vision deficiency),
/// without its black, which vanishes on an X-ray. Class ids past the seventh wrap around.
/// </summary>
public static class ClassPalette
{
    private static readonly SKColor[] Colors =
    [
        new(0xE6, 0x9F, 0x00), // orange
        new(0x56, 0xB4, 0xE9), // sky blue
        new(0x00, 0x9E, 0x73), // bluish green
        new(0xF0, 0xE4, 0x42), // yellow
        new(0x00, 0x72, 0xB2), // blue
        new(0xD5, 0x5E, 0x00), // vermillion
        new(0xCC, 0x79, 0xA7), // reddish purple
    ];

    public static int Count => Colors.Length;

    /// <summary>The colour of class <paramref name="classId"/> (any non-negative id).</summary>
    public static SKColor For(int classId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classId);
        return Colors[classId % Colors.Length];
    }

    /// <summary>Black or white, whichever reads better on <paramref name="background"/> (BT.601 luma).</summary>
    public static SKColor TextOn(SKColor background) =>
        (0.299 * background.Red) + (0.587 * background.Green) + (0.114 * background.Blue) > 150 ? SKColors.Black : SKColors.White;
}
