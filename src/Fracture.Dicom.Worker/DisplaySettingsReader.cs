using System.Buffers.Binary;
using System.Globalization;

namespace Fracture.Dicom.Worker;

/// <summary>Reads <see cref="DisplaySettings"/> from a data set GDCM has parsed. Unusable values are ignored, never fatal.</summary>
internal static class DisplaySettingsReader
{
    public static DisplaySettings Read(gdcm.File file, gdcm.Image image, bool signedPixels, bool bigEndian)
    {
        using var strings = new gdcm.StringFilter();
        strings.SetFile(file);
        var window = VoiWindow.Create(
            FirstNumber(strings, 0x1050) ?? double.NaN,
            FirstNumber(strings, 0x1051) ?? double.NaN,
            FunctionOf(Text(strings, 0x0028, 0x1056)));
        // GDCM's Image reads Rescale Slope / Intercept only for the storage classes it rescales itself (CT, PET,
        // Secondary Capture; 1 and 0 for DX, CR, XA...), so the attributes are read here for every class.
        var slope = FirstNumber(strings, 0x1053) ?? image.GetSlope();
        var intercept = FirstNumber(strings, 0x1052) ?? image.GetIntercept();
        return new DisplaySettings(
            double.IsFinite(slope) && slope != 0 ? slope : 1,
            double.IsFinite(intercept) ? intercept : 0,
            ReadVoiLut(file.GetDataSet(), signedPixels, bigEndian),
            window,
            string.Equals(Text(strings, 0x2050, 0x0020), "INVERSE", StringComparison.OrdinalIgnoreCase));
    }

    private static string Text(gdcm.StringFilter strings, ushort group, ushort element) =>
        strings.ToString(new gdcm.Tag(group, element))?.Trim('\0', ' ') ?? "";

    /// <summary>The first value of a multi-valued decimal string in group 0028 ("40\400" gives 40).</summary>
    private static double? FirstNumber(gdcm.StringFilter strings, ushort element)
    {
        var first = Text(strings, 0x0028, element).Split('\\')[0].Trim();
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static VoiFunction FunctionOf(string text) => text.ToUpperInvariant() switch
    {
        "LINEAR_EXACT" => VoiFunction.LinearExact,
        "SIGMOID" => VoiFunction.Sigmoid,
        _ => VoiFunction.Linear,
    };

    private static VoiLut? ReadVoiLut(gdcm.DataSet dataSet, bool signedPixels, bool bigEndian)
    {
        var sequenceTag = new gdcm.Tag(0x0028, 0x3010);
        if (!dataSet.FindDataElement(sequenceTag))
        {
            return null;
        }

        using var sequence = dataSet.GetDataElement(sequenceTag).GetValueAsSQ();
        if (sequence is null || sequence.GetPointer() is null || sequence.GetNumberOfItems() == 0)
        {
            return null;
        }

        var item = sequence.GetItem(1).GetNestedDataSet();
        var descriptor = Bytes(item, 0x3002);
        var data = Bytes(item, 0x3006);
        if (descriptor is not { Length: >= 6 } || data is null)
        {
            return null;
        }

        var count = Word(descriptor, 0, bigEndian) is var n && n == 0 ? 65536 : n;
        int firstMapped = Word(descriptor, 2, bigEndian);
        if (signedPixels)
        {
            firstMapped = (short)firstMapped; // US or SS follows the pixel representation
        }

        var bits = Word(descriptor, 4, bigEndian);
        var entries = new ushort[count];
        if (data.Length >= 2 * count)
        {
            for (var k = 0; k < count; k++)
            {
                entries[k] = Word(data, 2 * k, bigEndian);
            }
        }
        else if (data.Length >= count)
        {
            // Some writers pack 8-bit entries one per byte.
            for (var k = 0; k < count; k++)
            {
                entries[k] = data[k];
            }
        }
        else
        {
            return null;
        }

        return bits is >= 1 and <= 16 ? new VoiLut(firstMapped, entries, bits) : null;
    }

    private static ushort Word(byte[] data, int offset, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(offset)) : BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset));

    private static byte[]? Bytes(gdcm.DataSet dataSet, ushort element)
    {
        var tag = new gdcm.Tag(0x0028, element);
        if (!dataSet.FindDataElement(tag))
        {
            return null;
        }

        var value = dataSet.GetDataElement(tag).GetByteValue();
        if (value is null)
        {
            return null;
        }

        var length = (uint)value.GetLength();
        var bytes = new byte[length];
        return length == 0 || value.GetBuffer(bytes, length) ? bytes : null;
    }
}
