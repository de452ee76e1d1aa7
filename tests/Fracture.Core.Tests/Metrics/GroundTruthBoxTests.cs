using Fracture.Core.Datasets;
using Fracture.Core.Geometry;
using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Metrics;

/// <summary>
/// Labels to pixel ground truth, worked by hand on a 200 x 100 image: fractions times the image's width and height.
/// </summary>
public sealed class GroundTruthBoxTests
{
    [Fact]
    public void PolygonLabelKeepsItsPolygonInPixels()
    {
        // Triangle (0.1, 0.2) (0.5, 0.2) (0.1, 0.6): pixels (20, 20) (100, 20) (20, 60); its extent is the box.
        var label = new LabelInstance(3, NormalizedBox.FromCorners(0.1, 0.2, 0.5, 0.6), [new(0.1, 0.2), new(0.5, 0.2), new(0.1, 0.6)]);

        var truth = GroundTruthBox.FromLabel(label, 200, 100);

        Assert.Equal(3, truth.ClassId);
        AssertBox(new PixelBox(20, 20, 100, 60), truth.Box);
        Assert.NotNull(truth.Polygon);
        AssertPoints([new(20, 20), new(100, 20), new(20, 60)], truth.Polygon);
        AssertPoints(truth.Polygon, truth.Outline);
    }

    [Fact]
    public void BoxLabelHasNoPolygonAndItsOutlineIsTheBox()
    {
        // Centre (0.5, 0.5), size 0.2 x 0.4: corners (80, 30) and (120, 70).
        var label = new LabelInstance(0, new NormalizedBox(0.5, 0.5, 0.2, 0.4), null);

        var truth = GroundTruthBox.FromLabel(label, 200, 100);

        Assert.Null(truth.Polygon);
        AssertBox(new PixelBox(80, 30, 120, 70), truth.Box);
        AssertPoints([new(80, 30), new(120, 30), new(120, 70), new(80, 70)], truth.Outline);
    }

    [Fact]
    public void RefusesAnEmptyImage() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GroundTruthBox.FromLabel(new LabelInstance(0, new NormalizedBox(0.5, 0.5, 0.1, 0.1), null), 0, 100));

    private static void AssertBox(PixelBox expected, PixelBox actual)
    {
        Assert.Equal(expected.X1, actual.X1, 9);
        Assert.Equal(expected.Y1, actual.Y1, 9);
        Assert.Equal(expected.X2, actual.X2, 9);
        Assert.Equal(expected.Y2, actual.Y2, 9);
    }

    private static void AssertPoints(IReadOnlyList<PixelPoint> expected, IReadOnlyList<PixelPoint> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].X, actual[i].X, 9);
            Assert.Equal(expected[i].Y, actual[i].Y, 9);
        }
    }
}
