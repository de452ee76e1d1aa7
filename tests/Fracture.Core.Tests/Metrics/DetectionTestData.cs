using Fracture.Core.Geometry;
using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Metrics;

/// <summary>Short builders for detection test cases.</summary>
internal static class DetectionTestData
{
    public static GroundTruthBox Gt(int classId, double x1, double y1, double x2, double y2) =>
        new(classId, new PixelBox(x1, y1, x2, y2));

    public static ImageGroundTruth Image(string name, params GroundTruthBox[] boxes) => new(name, boxes);

    public static DetectionPrediction Pred(string image, int classId, double score, double x1, double y1, double x2, double y2) =>
        new(image, classId, score, new PixelBox(x1, y1, x2, y2));
}
