using Fracture.Core.Augmentation;

namespace Fracture.Core.Tests.Augmentation;

public class AugmentationOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_xray_settings()
    {
        var o = AugmentationOptions.Default;

        Assert.Equal(0.5, o.FlipHorizontal);
        Assert.Equal(10, o.Degrees);
        Assert.Equal(0.1, o.Scale);
        Assert.Equal(0.1, o.Translate);
        Assert.Equal(0.2, o.Brightness);
        Assert.Equal(0.2, o.Contrast);
        Assert.Equal(0.2, o.Gamma);
        Assert.Equal(0, o.ClaheProbability);
        Assert.Equal(2.0, o.ClaheClipLimit);
        Assert.Equal(8, o.ClaheTiles);
        Assert.Equal(114, o.PadValue);
        Assert.Equal(new AugmentationOptions(), o);
    }

    [Fact]
    public void None_switches_every_step_off()
    {
        var o = AugmentationOptions.None;

        Assert.True(o.IsGeometricIdentity);
        Assert.True(o.IsPhotometricIdentity);
        Assert.Equal(0, o.ClaheProbability);
        Assert.False(AugmentationOptions.Default.IsGeometricIdentity);
        Assert.False(AugmentationOptions.Default.IsPhotometricIdentity);
    }

    [Theory]
    [InlineData(nameof(AugmentationOptions.FlipHorizontal), 1.5, "[0, 1]")]
    [InlineData(nameof(AugmentationOptions.FlipHorizontal), -0.1, "probability")]
    [InlineData(nameof(AugmentationOptions.Degrees), 181, "[0, 180]")]
    [InlineData(nameof(AugmentationOptions.Degrees), double.NaN, "rotation")]
    [InlineData(nameof(AugmentationOptions.Scale), 1, "[0, 1)")]
    [InlineData(nameof(AugmentationOptions.Translate), -0.5, "fraction")]
    [InlineData(nameof(AugmentationOptions.Brightness), 2, "[0, 1]")]
    [InlineData(nameof(AugmentationOptions.Contrast), 1, "[0, 1)")]
    [InlineData(nameof(AugmentationOptions.Gamma), double.PositiveInfinity, "gamma")]
    [InlineData(nameof(AugmentationOptions.ClaheProbability), 1.01, "probability")]
    [InlineData(nameof(AugmentationOptions.ClaheClipLimit), 0.5, "[1, 256]")]
    public void Out_of_range_values_are_refused_with_the_name_and_the_range(string name, double value, string expected)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Set(AugmentationOptions.Default, name, value));

        Assert.Equal(name, e.ParamName);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tile_count_is_checked_too()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => AugmentationOptions.Default with { ClaheTiles = 0 });

        Assert.Equal(nameof(AugmentationOptions.ClaheTiles), e.ParamName);
        Assert.Contains("[1, 64]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Boundary_values_are_accepted()
    {
        var o = AugmentationOptions.Default with { FlipHorizontal = 1, Degrees = 180, Scale = 0.99, ClaheClipLimit = 1, ClaheTiles = 64 };

        Assert.Equal(180, o.Degrees);
        Assert.Equal(64, o.ClaheTiles);
    }

    private static AugmentationOptions Set(AugmentationOptions o, string name, double value) => name switch
    {
        nameof(AugmentationOptions.FlipHorizontal) => o with { FlipHorizontal = value },
        nameof(AugmentationOptions.Degrees) => o with { Degrees = value },
        nameof(AugmentationOptions.Scale) => o with { Scale = value },
        nameof(AugmentationOptions.Translate) => o with { Translate = value },
        nameof(AugmentationOptions.Brightness) => o with { Brightness = value },
        nameof(AugmentationOptions.Contrast) => o with { Contrast = value },
        nameof(AugmentationOptions.Gamma) => o with { Gamma = value },
        nameof(AugmentationOptions.ClaheProbability) => o with { ClaheProbability = value },
        nameof(AugmentationOptions.ClaheClipLimit) => o with { ClaheClipLimit = value },
        _ => throw new ArgumentException(name, nameof(name)),
    };
}
