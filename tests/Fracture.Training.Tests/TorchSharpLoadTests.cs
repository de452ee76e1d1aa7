using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tests;

public sealed class TorchSharpLoadTests
{
    [Fact]
    public void Native_library_loads_and_computes()
    {
        // Fails with a type-initialisation error when the GLIBCXX patch (build/TorchSharpGlibcxx.targets) is missing.
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = a * 2;
        Assert.Equal([2f, 4f, 6f], b.data<float>().ToArray());
        Assert.Equal(DeviceType.CPU, b.device_type);
    }
}
