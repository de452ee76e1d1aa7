namespace Fracture.Cli.Tests.Support;

/// <summary>
/// Compares two figures as a metrics file writes them, rounded to 6 decimals. Two values that differ in float32's
/// last bits (ONNX Runtime and libtorch add up in different orders) can round to neighbouring 6-decimal values when
/// they straddle a rounding boundary, and the difference of two such parsed doubles is a hair over 1e-6 in binary
/// (0.883862 - 0.883861 = 1.0000000000287557e-06), so a plain tolerance of 1e-6 does not say "one step".
/// </summary>
internal static class WrittenDigits
{
    /// <summary>Passes when the two figures are at most one step apart in their 6th decimal.</summary>
    public static void AssertWithinOneStep(double expected, double actual, string name)
    {
        var steps = Math.Abs(Math.Round(expected * 1e6) - Math.Round(actual * 1e6));
        Assert.True(steps <= 1, $"{name}: {expected} vs {actual} differ by {steps} steps of 1e-6");
    }
}
