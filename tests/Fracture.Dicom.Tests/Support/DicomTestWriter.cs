using System.Text;

namespace Fracture.Dicom.Tests.Support;

/// <summary>
/// Writes <see cref="TestDicom"/> files with GDCM's writer API, compressing through ImageChangeTransferSyntax.
/// Only for well-formed input: GDCM's JPEG 2000 encoder corrupts the test host's heap on tiny RGB images (4x3).
/// </summary>
internal static class DicomTestWriter
{
    // GDCM's writer shares dictionaries and codecs between threads without documenting it as safe; xunit runs classes in parallel.
    private static readonly Lock Gate = new();

    static DicomTestWriter()
    {
        gdcm.Trace.WarningOff();
    }

    public static byte[] Bytes(TestDicom spec)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fracture-dicom-test-{Guid.NewGuid():N}.dcm");
        try
        {
            Write(spec, path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static void Write(TestDicom spec, string path)
    {
        ArgumentNullException.ThrowIfNull(spec);
        lock (Gate)
        {
            // The writer keeps reference-counted pointers to the image: it must never be freed from this side
            // (GDCM asserts on an object deleted while referenced), so its finalizer is suppressed and GDCM frees it.
            var image = new gdcm.Image();
#pragma warning disable CA1816 // deliberate: the object belongs to GDCM from here on
            GC.SuppressFinalize(image);
#pragma warning restore CA1816
            Describe(image, spec);
            using var writer = new gdcm.ImageWriter();
            using var change = new gdcm.ImageChangeTransferSyntax();
            if (spec.TransferSyntax == gdcm.TransferSyntax.TSType.ExplicitVRLittleEndian)
            {
                writer.SetImage(image);
            }
            else
            {
                change.SetTransferSyntax(new gdcm.TransferSyntax(spec.TransferSyntax));
                change.SetInput(image);
                if (!change.Change())
                {
                    throw new InvalidOperationException($"GDCM could not compress to {spec.TransferSyntax}");
                }

                writer.SetImage(change.GetOutput());
            }

            writer.SetFileName(path);
            var dataSet = writer.GetFile().GetDataSet();
            foreach (var ((group, element), value) in spec.Text)
            {
                dataSet.Replace(TextElement(group, element, value));
            }

            if (spec.VoiLut is { } lut)
            {
                AddVoiLut(dataSet, lut.Descriptor, lut.Entries);
            }

            if (!writer.Write())
            {
                throw new InvalidOperationException($"GDCM could not write {path}");
            }
        }
    }

    /// <summary>The same file with its Pixel Data element removed (a DICOM object that is not an image).</summary>
    public static byte[] WithoutPixelData(byte[] file)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fracture-dicom-test-{Guid.NewGuid():N}.dcm");
        try
        {
            File.WriteAllBytes(path, file);
            lock (Gate)
            {
                using var reader = new gdcm.Reader();
                reader.SetFileName(path);
                if (!reader.Read())
                {
                    throw new InvalidOperationException("GDCM could not read back a file it wrote");
                }

                reader.GetFile().GetDataSet().Remove(new gdcm.Tag(0x7fe0, 0x0010));
                using var writer = new gdcm.Writer();
                writer.SetFile(reader.GetFile());
                writer.SetFileName(path);
                if (!writer.Write())
                {
                    throw new InvalidOperationException($"GDCM could not write {path}");
                }
            }

            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Describe(gdcm.Image image, TestDicom spec)
    {
        image.SetNumberOfDimensions(spec.Frames > 1 ? 3u : 2u);
        image.SetDimension(0, (uint)spec.Width);
        image.SetDimension(1, (uint)spec.Height);
        if (spec.Frames > 1)
        {
            image.SetDimension(2, (uint)spec.Frames);
        }

        using var format = new gdcm.PixelFormat(
            (ushort)spec.SamplesPerPixel, (ushort)spec.BitsAllocated, (ushort)spec.BitsStored, (ushort)(spec.BitsStored - 1), (ushort)(spec.Signed ? 1 : 0));
        image.SetPixelFormat(format);
        image.SetPhotometricInterpretation(new gdcm.PhotometricInterpretation(gdcm.PhotometricInterpretation.GetPIType(spec.Photometric)));
        image.SetPlanarConfiguration((uint)spec.PlanarConfiguration);
        image.SetTransferSyntax(new gdcm.TransferSyntax(gdcm.TransferSyntax.TSType.ExplicitVRLittleEndian));
        // GDCM's writer accepts a non-identity slope or intercept on the image only for the classes it rescales
        // itself (CT, PET, Secondary Capture, ...) and aborts on others (DX); there the attributes are written as
        // plain text elements (Write's loop over spec.Text), as a modality writes them.
        var ownClass = spec.Text.ContainsKey((0x0008, 0x0016));
        if (!ownClass && spec.Text.TryGetValue((0x0028, 0x1053), out var slope))
        {
            image.SetSlope(double.Parse(slope, System.Globalization.CultureInfo.InvariantCulture));
        }

        if (!ownClass && spec.Text.TryGetValue((0x0028, 0x1052), out var intercept))
        {
            image.SetIntercept(double.Parse(intercept, System.Globalization.CultureInfo.InvariantCulture));
        }

        var pixelData = new gdcm.DataElement(new gdcm.Tag(0x7fe0, 0x0010));
        pixelData.SetByteValue(spec.Samples, new gdcm.VL((uint)spec.Samples.Length));
        image.SetDataElement(pixelData);
    }

    private static gdcm.DataElement TextElement(ushort group, ushort element, string value)
    {
        // Values have even length; text is padded with a space, a UID (SOP Class UID) with a NUL.
        var uid = (group, element) == (0x0008, 0x0016);
        var bytes = Encoding.ASCII.GetBytes(value.Length % 2 == 0 ? value : value + (uid ? "\0" : " "));
        var vr = uid ? gdcm.VR.VRType.UI : group == 0x2050 || element == 0x1056 ? gdcm.VR.VRType.CS : gdcm.VR.VRType.DS;
        var data = new gdcm.DataElement(new gdcm.Tag(group, element));
        data.SetVR(new gdcm.VR(vr));
        data.SetByteValue(bytes, new gdcm.VL((uint)bytes.Length));
        return data;
    }

    private static void AddVoiLut(gdcm.DataSet dataSet, ushort[] descriptor, ushort[] entries)
    {
        using var nested = new gdcm.DataSet();
        nested.Insert(WordsElement(0x3002, gdcm.VR.VRType.US, descriptor));
        nested.Insert(WordsElement(0x3006, gdcm.VR.VRType.OW, entries));
        using var item = new gdcm.Item();
        item.SetVLToUndefined();
        item.SetNestedDataSet(nested);
        using var sequence = gdcm.SequenceOfItems.New();
        sequence.SetLengthToUndefined();
        sequence.AddItem(item);
        var element = new gdcm.DataElement(new gdcm.Tag(0x0028, 0x3010));
        element.SetVR(new gdcm.VR(gdcm.VR.VRType.SQ));
        element.SetVLToUndefined();
        element.SetValue(sequence.__ref__());
        dataSet.Insert(element);
    }

    private static gdcm.DataElement WordsElement(ushort element, gdcm.VR.VRType vr, ushort[] words)
    {
        var bytes = words.SelectMany(w => new[] { (byte)w, (byte)(w >> 8) }).ToArray();
        var data = new gdcm.DataElement(new gdcm.Tag(0x0028, element));
        data.SetVR(new gdcm.VR(vr));
        data.SetByteValue(bytes, new gdcm.VL((uint)bytes.Length));
        return data;
    }
}
