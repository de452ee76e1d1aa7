namespace Fracture.Dicom.Worker;

/// <summary>
/// A VOI LUT (PS3.3 C.11.2.1.1): entry k holds the output for input value FirstMapped + k; inputs below or above the
/// table take its first or last entry. Outputs are <see cref="Bits"/>-bit values, scaled here to [0, 1].
/// </summary>
internal sealed class VoiLut
{
    private readonly ushort[] _entries;
    private readonly double _range;

    public VoiLut(int firstMapped, ushort[] entries, int bits)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfZero(entries.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 16);
        FirstMapped = firstMapped;
        _entries = entries;
        Bits = bits;
        _range = (1 << bits) - 1;
    }

    public int FirstMapped { get; }

    public int Bits { get; }

    public int Count => _entries.Length;

    public double Map(double x)
    {
        var index = Math.Clamp(Math.Round(x, MidpointRounding.AwayFromZero) - FirstMapped, 0, _entries.Length - 1);
        return Math.Min(_entries[(int)index] / _range, 1);
    }
}
