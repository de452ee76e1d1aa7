using Fracture.Server.Errors;

namespace Fracture.Server.Tests;

/// <summary>Sizes in the server's messages (413, /readyz): binary megabytes to a tenth.</summary>
public sealed class ByteSizeTests
{
    [Theory]
    [InlineData(26214400L, "25 MB")]
    [InlineData(524288L, "0.5 MB")]
    [InlineData(1153434L, "1.1 MB")]
    [InlineData(0L, "0 MB")]
    [InlineData(1L, "0 MB")]
    public void Megabytes_are_binary_to_a_tenth(long bytes, string expected) => Assert.Equal(expected, ByteSize.Megabytes(bytes));
}
