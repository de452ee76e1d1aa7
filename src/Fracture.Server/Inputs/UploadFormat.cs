namespace Fracture.Server.Inputs;

/// <summary>The upload formats the server accepts, always decided from the bytes (never the file name or Content-Type).</summary>
public enum UploadFormat
{
    Jpeg,
    Png,
    Tiff,
    Dicom,
}
