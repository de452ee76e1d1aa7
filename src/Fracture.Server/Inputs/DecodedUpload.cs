using Fracture.Core.Imaging;

namespace Fracture.Server.Inputs;

/// <summary>An upload's format (from its bytes) and its pixels, upright (EXIF orientation applied) at full size.</summary>
public sealed record DecodedUpload(UploadFormat Format, DecodedImage Image);
