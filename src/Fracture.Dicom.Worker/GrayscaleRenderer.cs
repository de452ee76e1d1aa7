using Fracture.Core.Imaging;

namespace Fracture.Dicom.Worker;

/// <summary>
/// Grey frames to 8 bits, as a DICOM viewer shows them by default: stored value → rescale (slope, intercept) →
/// the VOI LUT if the file has one, else its first window, else the min-max of the frame's values → inverted for
/// MONOCHROME1 (or a Presentation LUT Shape of INVERSE) → rounded to 0..255, halves away from zero.
/// Every stored value maps through one table of at most 2^16 entries, built once per frame.
/// </summary>
internal static class GrayscaleRenderer
{
    public static DecodedImage Render(DicomFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var count = frame.PixelCount;
        int lowest = int.MaxValue, highest = int.MinValue;
        for (var i = 0; i < count; i++)
        {
            var index = frame.StoredIndex(i);
            lowest = Math.Min(lowest, index);
            highest = Math.Max(highest, index);
        }

        var table = Table(frame, lowest, highest);
        var pixels = GC.AllocateUninitializedArray<byte>(count);
        for (var i = 0; i < count; i++)
        {
            pixels[i] = table[frame.StoredIndex(i)];
        }

        return new DecodedImage(frame.Width, frame.Height, PixelFormat.Gray8, pixels);
    }

    /// <summary>Display byte for every stored index; only [lowest, highest] occur in the frame, so only those are filled.</summary>
    private static byte[] Table(DicomFrame frame, int lowest, int highest)
    {
        var display = frame.Display;
        var map = Mapping(frame, lowest, highest);
        var invert = frame.Photometric == "MONOCHROME1" || display.PresentationInverse;
        var table = new byte[1 << frame.BitsStored];
        for (var index = lowest; index <= highest; index++)
        {
            var y = map((frame.StoredValue(index) * display.Slope) + display.Intercept);
            y = invert ? 1 - y : y;
            table[index] = (byte)Math.Clamp(Math.Round(y * 255, MidpointRounding.AwayFromZero), 0, 255);
        }

        return table;
    }

    private static Func<double, double> Mapping(DicomFrame frame, int lowest, int highest)
    {
        var display = frame.Display;
        if (display.Lut is { } lut)
        {
            return lut.Map;
        }

        if (display.Window is { } window)
        {
            return window.Map;
        }

        // Min-max over the modality values present (a negative slope swaps the ends).
        var a = (frame.StoredValue(lowest) * display.Slope) + display.Intercept;
        var b = (frame.StoredValue(highest) * display.Slope) + display.Intercept;
        double low = Math.Min(a, b), range = Math.Abs(b - a);
        return range == 0 ? _ => 0 : x => (x - low) / range;
    }
}
