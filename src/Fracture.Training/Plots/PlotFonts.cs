namespace Fracture.Training;

/// <summary>
/// Gives ScottPlot a font. SkiaSharp's NoDependencies build cannot ask fontconfig for one, so without this every
/// title, label and number in the PNGs is silently missing. Uses Debian's DejaVu Sans (fonts-dejavu-core, installed
/// by ./fracture and ./test.sh); plots still render, without text, where no font file is found.
/// </summary>
public static class PlotFonts
{
    private const string Family = "DejaVu Sans";

    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ];

    private static readonly Lazy<bool> Loaded = new(Load);

    /// <summary>True when a font is registered; call before building a plot.</summary>
    public static bool Ensure() => Loaded.Value;

    private static bool Load()
    {
        var path = Candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return false;
        }

        ScottPlot.Fonts.AddFontFile(Family, path, bold: false, italic: false);
        var bold = Path.Combine(Path.GetDirectoryName(path)!, "DejaVuSans-Bold.ttf");
        if (File.Exists(bold))
        {
            ScottPlot.Fonts.AddFontFile(Family, bold, bold: true, italic: false);
        }

        ScottPlot.Fonts.Default = Family;
        return true;
    }
}
