namespace Fracture.Dicom;

/// <summary>Recognises DICOM Part 10 files from their bytes: a 128-byte preamble followed by "DICM".</summary>
/// <remarks>Bare data sets without the preamble (old ACR-NEMA files) are not recognised; uploads and PACS exports carry it.</remarks>
public static class DicomSniffer
{
    public const int PreambleBytes = 128;

    public static bool IsDicom(ReadOnlySpan<byte> data) =>
        data.Length >= PreambleBytes + 4 && data.Slice(PreambleBytes, 4).SequenceEqual("DICM"u8);

    /// <summary>
    /// True when the marker is followed by what Part 10 requires next: a File Meta Information element (group 0002,
    /// explicit VR little endian, so two upper-case letters at bytes 4-5 of the element). Checked in-process so junk
    /// behind a "DICM" marker is refused without starting a GDCM worker.
    /// </summary>
    public static bool HasFileMetaInformation(ReadOnlySpan<byte> data)
    {
        const int Element = PreambleBytes + 4;
        return IsDicom(data)
            && data.Length >= Element + 8
            && data[Element] == 0x02 && data[Element + 1] == 0x00
            && char.IsAsciiLetterUpper((char)data[Element + 4]) && char.IsAsciiLetterUpper((char)data[Element + 5]);
    }
}
