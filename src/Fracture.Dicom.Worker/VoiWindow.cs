namespace Fracture.Dicom.Worker;

/// <summary>A window (centre and width, in modality units) and its function; maps a modality value to [0, 1].</summary>
internal sealed record VoiWindow(double Center, double Width, VoiFunction Function)
{
    /// <summary>The window, or null when its width is not usable (LINEAR needs at least 1, the others more than 0).</summary>
    public static VoiWindow? Create(double center, double width, VoiFunction function)
    {
        var usable = double.IsFinite(center) && double.IsFinite(width) && (function == VoiFunction.Linear ? width >= 1 : width > 0);
        return usable ? new VoiWindow(center, width, function) : null;
    }

    /// <summary>The formulas of PS3.3 C.11.2.1.2 with the output range taken as [0, 1].</summary>
    public double Map(double x) => Function switch
    {
        VoiFunction.LinearExact => x <= Center - (Width / 2) ? 0 : x > Center + (Width / 2) ? 1 : ((x - Center) / Width) + 0.5,
        VoiFunction.Sigmoid => 1 / (1 + Math.Exp(-4 * (x - Center) / Width)),
        // LINEAR: at width 1 the middle branch is empty, so it never divides by zero.
        _ => x <= Center - 0.5 - ((Width - 1) / 2) ? 0
            : x > Center - 0.5 + ((Width - 1) / 2) ? 1
            : ((x - (Center - 0.5)) / (Width - 1)) + 0.5,
    };
}
