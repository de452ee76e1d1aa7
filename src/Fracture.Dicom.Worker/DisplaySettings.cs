namespace Fracture.Dicom.Worker;

/// <summary>How a grey frame's stored values become display values: modality rescale, then a VOI LUT or window.</summary>
/// <param name="Slope">Rescale Slope (0028,1053); 1 when absent.</param>
/// <param name="Intercept">Rescale Intercept (0028,1052); 0 when absent.</param>
/// <param name="Lut">The first VOI LUT of the VOI LUT Sequence (0028,3010), used before any window.</param>
/// <param name="Window">The first Window Center/Width pair (0028,1050/1051) with its VOI LUT Function.</param>
/// <param name="PresentationInverse">Presentation LUT Shape (2050,0020) is INVERSE.</param>
internal sealed record DisplaySettings(double Slope, double Intercept, VoiLut? Lut, VoiWindow? Window, bool PresentationInverse)
{
    public static DisplaySettings Identity { get; } = new(1, 0, null, null, false);
}
