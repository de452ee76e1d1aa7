using Fracture.Training.Tasks.Detect;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Tasks.Detect;

public sealed class BoxCoderTests
{
    [Fact]
    public void DistanceToBox_puts_the_sides_at_the_distances_from_the_point()
    {
        using var points = tensor(new[] { 2.5f, 3.5f }, [1, 2]);
        using var distance = tensor(new[] { 1f, 2f, 3f, 4f }, [1, 4]);

        using var xyxy = BoxCoder.DistanceToBox(distance, points, xywh: false);
        using var xywh = BoxCoder.DistanceToBox(distance, points, xywh: true);

        Assert.Equal([1.5f, 1.5f, 5.5f, 7.5f], xyxy.data<float>().ToArray());
        Assert.Equal([3.5f, 4.5f, 4f, 6f], xywh.data<float>().ToArray());
    }

    [Fact]
    public void DistanceToBox_broadcasts_over_the_batch()
    {
        using var points = tensor(new[] { 0.5f, 0.5f, 1.5f, 0.5f }, [2, 2]);
        using var distance = ones(3, 2, 4);
        using var boxes = BoxCoder.DistanceToBox(distance, points, xywh: false);
        Assert.Equal([3L, 2, 4], boxes.shape);
        Assert.Equal([0.5f, -0.5f, 2.5f, 1.5f], boxes[2, 1].data<float>().ToArray());
    }

    [Fact]
    public void BoxToDistance_inverts_DistanceToBox_and_clamps()
    {
        using var points = tensor(new[] { 2.5f, 3.5f, 10.5f, 0.5f }, [2, 2]);
        using var distance = tensor(new[] { 1f, 2f, 3f, 4f, 0.25f, 0.5f, 6f, 14f }, [2, 4]);
        using var boxes = BoxCoder.DistanceToBox(distance, points, xywh: false);
        using var back = BoxCoder.BoxToDistance(points, boxes, maxDistance: 15);
        Assert.True(allclose(back, distance, rtol: 0, atol: 1e-5));

        // A point outside its box gives negative distances (clamped to 0); a far side is clamped just below the maximum.
        using var far = tensor(new[] { 4f, 4f, 40f, 6f }, [1, 4]);
        using var point = tensor(new[] { 2f, 5f }, [1, 2]);
        using var clamped = BoxCoder.BoxToDistance(point, far, maxDistance: 15);
        Assert.Equal([0f, 1f, 14.99f, 1f], clamped.data<float>().ToArray());
    }
}
