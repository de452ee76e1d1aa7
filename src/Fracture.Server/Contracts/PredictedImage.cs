namespace Fracture.Server.Contracts;

/// <summary>The uploaded image as stored: the client's file name (display only, never a path), format from the bytes, size and content hash.</summary>
/// <param name="Format">"jpeg", "png", "tiff" or "dicom".</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the uploaded bytes; the image is stored under it.</param>
/// <param name="Bytes">Size of the upload.</param>
public sealed record PredictedImage(string? FileName, string Format, int Width, int Height, string Sha256, long Bytes);
