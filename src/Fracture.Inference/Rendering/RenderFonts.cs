using SkiaSharp;

namespace Fracture.Inference.Rendering;

/// <summary>
/// The typeface for annotation labels. SkiaSharp's NoDependencies build cannot ask fontconfig, so the font file is
/// looked up by path (Debian's fonts-dejavu-core); without it Skia's default typeface is used, which in that build
/// may have no glyphs: boxes and label backgrounds still render, the text may not.
/// </summary>
public static class RenderFonts
{
    private static readonly string[] Folders =
    [
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/TTF",
        "/usr/share/fonts/dejavu",
    ];

    private static readonly Lazy<SKTypeface> Loaded = new(Load);

    /// <summary>DejaVu Sans Bold, else DejaVu Sans, else <see cref="SKTypeface.Default"/>. Shared; never dispose it.</summary>
    public static SKTypeface Label => Loaded.Value;

    /// <summary>True when a font file was found (text will be drawn).</summary>
    public static bool HasFontFile => !ReferenceEquals(Loaded.Value, SKTypeface.Default);

    private static SKTypeface Load()
    {
        foreach (var file in new[] { "DejaVuSans-Bold.ttf", "DejaVuSans.ttf" })
        {
            foreach (var folder in Folders)
            {
                var path = Path.Combine(folder, file);
                if (File.Exists(path) && SKTypeface.FromFile(path) is { } typeface)
                {
                    return typeface;
                }
            }
        }

        return SKTypeface.Default;
    }
}
