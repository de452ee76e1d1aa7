using System.Globalization;

namespace Fracture.Server.Errors;

/// <summary>Sizes in messages, written one way everywhere: binary megabytes to a tenth ("25 MB", "0.5 MB").</summary>
internal static class ByteSize
{
    public static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MB");
}
