namespace Fracture.Core.Imaging;

/// <summary>Why an image could not be decoded.</summary>
public enum ImageDecodeError
{
    /// <summary>The file or buffer has no bytes.</summary>
    Empty,

    /// <summary>The bytes are not an image format we know (text, archive, random data).</summary>
    NotAnImage,

    /// <summary>A recognised image format we do not decode (GIF, DICOM, 12-bit JPEG, JPEG-compressed TIFF, ...).</summary>
    UnsupportedFormat,

    /// <summary>The header claims more pixels than <see cref="DecodeOptions.MaxPixels"/> allows.</summary>
    TooLarge,

    /// <summary>The header or the compressed data is invalid.</summary>
    Corrupt,

    /// <summary>The data ends before the image does.</summary>
    Truncated,

    /// <summary>Decoded, but shaped so that a model cannot take it (a sliver far longer than wide for a centre crop).</summary>
    UnsupportedShape,

    /// <summary>Decoded, but blank: (nearly) one grey level, nothing a model can read (a failed export, a wrong file).</summary>
    Blank,
}
