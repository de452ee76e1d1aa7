namespace Fracture.Core.Imaging;

/// <summary>A letterboxed image and the mapping back to the image it came from.</summary>
public sealed record LetterboxResult(DecodedImage Image, LetterboxTransform Transform);
